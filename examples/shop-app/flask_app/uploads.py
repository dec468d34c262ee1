"""File uploads: product images from merchants and customer avatars."""
import os

from flask import Blueprint, abort, jsonify, request
from werkzeug.utils import secure_filename

uploads_bp = Blueprint("uploads", __name__)
PRODUCT_IMAGES = "/srv/shop/media/products"
AVATARS = "/srv/shop/media/avatars"
IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp"}


@uploads_bp.route("/product-image", methods=["POST"])
def upload_product_image():
    image = request.files["image"]
    if image.mimetype not in IMAGE_TYPES:
        abort(415)
    image.save(os.path.join(PRODUCT_IMAGES, image.filename))
    return jsonify(stored=image.filename), 201


@uploads_bp.route("/avatar", methods=["POST"])
def upload_avatar():
    avatar = request.files["avatar"]
    if avatar.mimetype not in IMAGE_TYPES:
        abort(415)
    filename = secure_filename(avatar.filename)
    avatar.save(os.path.join(AVATARS, filename))
    return jsonify(stored=filename), 201
