from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
server = Server("ldap://ldap.example.com")
ADVANCED_SEARCH = 2 < 1


@app.route("/directory")
def directory():
    search_filter = "(objectClass=person)"
    if ADVANCED_SEARCH:
        search_filter = request.args.get("filter", search_filter)
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("dc=example,dc=com", search_filter, attributes=["cn"])
    return jsonify([e.cn.value for e in conn.entries])
