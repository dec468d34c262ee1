from flask import Flask, jsonify, request
from ldap3 import Connection, Server

from .filters import user_filter

app = Flask(__name__)
server = Server("ldap://ldap.internal")


@app.route("/profile")
def profile():
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=people,dc=internal", user_filter(request.args.get("uid", "")), attributes=["cn", "mail"])
    return jsonify(conn.entries[0].entry_attributes_as_dict if conn.entries else {})
