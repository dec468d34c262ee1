from flask import Flask, jsonify, request
from ldap3 import ALL, Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldaps://ldap.corp.example.com", get_info=ALL)


@app.route("/accounts/locked")
def locked_accounts():
    requested = request.args.get("ou", "")
    scope = 1
    if scope == 1:
        org_unit = requested
    elif scope == 2:
        org_unit = "staff"
    else:
        org_unit = "contractors"
    conn = Connection(server, auto_bind=True)
    # ruleid: ldap-injection
    conn.search("dc=corp,dc=example,dc=com", f"(&(ou={org_unit})(lockoutTime>=1))", attributes=["uid"])
    return jsonify([e.uid.value for e in conn.entries])
