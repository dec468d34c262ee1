import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/video/resize", methods=["POST"])
def resize_video():
    data = request.get_json()
    width = int(data["width"])
    # ok: command-injection
    stream = os.popen(f"ffmpeg -y -i /srv/video/in.mp4 -vf scale={width}:-2 /srv/video/out.mp4")
    return jsonify(log=stream.read())
