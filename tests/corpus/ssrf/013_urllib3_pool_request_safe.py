import urllib3
from flask import Flask, request

app = Flask(__name__)
pool = urllib3.PoolManager()


@app.route("/thumb")
def thumbnail():
    image = request.args["image"]
    # ok: ssrf
    reply = pool.request("GET", "https://images.example.com/thumbs/" + image, timeout=5.0)
    return reply.data, 200, {"Content-Type": "image/jpeg"}
