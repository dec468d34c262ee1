from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/region")
def choose_region():
    region = request.cookies.get("region", "eu")
    # ruleid: open-redirect
    return redirect(f"https://{region}.shop.example.com/start")
