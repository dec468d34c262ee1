"""Admin area: export and import of the shop's data as tar archives."""
import io
import tarfile
import time

from flask import Blueprint, jsonify, request, send_file

admin_bp = Blueprint("admin", __name__)
DATA_DIR = "/srv/shop/data"
RESTORE_DIR = "/srv/shop/restore"
THEMES_DIR = "/srv/shop/themes"


@admin_bp.route("/export")
def export_data():
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(DATA_DIR, arcname="shop-data")
    buffer.seek(0)
    name = time.strftime("shop-export-%Y%m%d.tar.gz")
    return send_file(buffer, mimetype="application/gzip", as_attachment=True, download_name=name)


@admin_bp.route("/import", methods=["POST"])
def import_data():
    upload = request.files["archive"]
    with tarfile.open(fileobj=upload.stream, mode="r:gz") as archive:
        archive.extractall(RESTORE_DIR)
    return jsonify(restored=True)


@admin_bp.route("/themes", methods=["POST"])
def install_theme():
    upload = request.files["theme"]
    with tarfile.open(fileobj=upload.stream, mode="r:*") as archive:
        archive.extractall(THEMES_DIR, filter="data")
    return jsonify(installed=True)
