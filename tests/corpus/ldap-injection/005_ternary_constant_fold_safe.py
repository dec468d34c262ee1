from flask import Flask, jsonify, request
from ldap3 import ALL, Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldaps://ldap.corp.example.com", get_info=ALL)


@app.route("/printers")
def printers():
    param = request.args.get("site", "")
    num = 106
    bar = "hq" if (7 * 42) - num < 200 else param
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=devices,dc=corp,dc=example,dc=com", "(&(objectClass=printer)(location=" + bar + "))")
    return jsonify([e.entry_dn for e in conn.entries])
