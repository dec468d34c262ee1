import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/weather")
def weather():
    city = request.args.get("city", "berlin")
    # ok: ssrf
    reply = requests.get(f"https://weather.example.com/today/{city}", timeout=5)
    return jsonify(reply.json())
