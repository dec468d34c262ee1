from flask import Flask, jsonify, request

from .directory import find_people

app = Flask(__name__)


@app.route("/people/by-surname")
def by_surname():
    return jsonify(find_people(request.args.get("surname", "")))
