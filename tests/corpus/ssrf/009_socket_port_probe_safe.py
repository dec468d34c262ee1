import socket

from flask import Flask, jsonify, request

app = Flask(__name__)
MAIL_HOST = "mail.example.com"


@app.route("/diagnostics/port")
def port_probe():
    port = request.args.get("port", "25")
    address = (MAIL_HOST, int(port))
    # ok: ssrf
    with socket.create_connection(address, timeout=2):
        return jsonify(open=True)
