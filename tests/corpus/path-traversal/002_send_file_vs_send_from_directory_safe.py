import os

from flask import Flask, request, send_file, send_from_directory

app = Flask(__name__)
INVOICE_DIR = "/srv/invoices"


@app.route("/invoices/download")
def download_invoice():
    filename = request.args.get("file", "")
    # ok: path-traversal
    return send_from_directory(INVOICE_DIR, filename, as_attachment=True)
