import re

from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
server = Server("ldap://ldap.example.com")


class BadRequest(Exception):
    pass


@app.route("/hosts/owner")
def host_owner():
    host = request.args.get("host", "")
    if len(host) > 64:
        raise BadRequest("host name too long")
    conn = Connection(server, auto_bind=True)
    # ruleid: ldap-injection
    conn.search("ou=hosts,dc=example,dc=com", f"(cn={host})", attributes=["owner"])
    return jsonify([str(e.owner) for e in conn.entries])
