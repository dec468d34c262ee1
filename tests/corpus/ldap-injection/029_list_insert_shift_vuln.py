from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
server = Server("ldap://ldap.example.com")


@app.route("/groups/lookup")
def lookup_group():
    parts = [f"(cn={request.args.get('group', '')})", "(objectClass=groupOfNames)"]
    parts.insert(0, "(!(cn=disabled))")
    clause = parts[1]
    conn = Connection(server, auto_bind=True)
    # ruleid: ldap-injection
    conn.search("ou=groups,dc=example,dc=com", "(&" + clause + "(member=*))", attributes=["cn"])
    return jsonify([e.cn.value for e in conn.entries])
