import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/weather")
def weather():
    city = request.args.get("city", "berlin")
    # ruleid: ssrf
    reply = requests.get(f"https://{city}.weather.example.com/today", timeout=5)
    return jsonify(reply.json())
