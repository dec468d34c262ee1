from flask import Flask, jsonify, request
from ldap3 import ALL, Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldaps://ldap.corp.example.com", get_info=ALL)


@app.route("/devices")
def devices():
    requested = request.args.get("type", "")
    listing = "all"
    match listing:
        case "all":
            device_filter = "(objectClass=device)"
        case "custom":
            device_filter = f"(&(objectClass=device)(deviceType={requested}))"
        case _:
            device_filter = "(objectClass=ieee802Device)"
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=devices,dc=corp,dc=example,dc=com", device_filter, attributes=["cn"])
    return jsonify([e.cn.value for e in conn.entries])
