from pathlib import Path

from flask import Flask, jsonify, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
CACHE = Path("/srv/cache/previews")


@app.route("/previews/delete", methods=["POST"])
def delete_preview():
    target = CACHE / secure_filename(request.form.get("name", ""))
    # ok: path-traversal
    target.unlink(missing_ok=True)
    return jsonify(deleted=target.name)
