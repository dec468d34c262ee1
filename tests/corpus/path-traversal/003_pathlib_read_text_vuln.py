from pathlib import Path

from flask import Flask, jsonify, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
REPORTS = Path("/srv/reports")


@app.route("/reports/view")
def view_report():
    report = request.args.get("report", "")
    # ruleid: path-traversal
    text = (REPORTS / report).read_text(encoding="utf-8")
    return jsonify(report=text)
