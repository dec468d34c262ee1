import html

from flask import Flask, jsonify, request
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldap://ldap.example.net")


@app.route("/sso/lookup")
def sso_lookup():
    principal = html.escape(request.headers.get("X-Remote-User", ""))
    conn = Connection(server, auto_bind=True)
    # ruleid: ldap-injection
    conn.search("dc=example,dc=net", "(userPrincipalName=" + principal + ")", attributes=["displayName"])
    return jsonify([e.displayName.value for e in conn.entries])
