from flask import Flask, jsonify, request
from ldap3 import ALL, Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldaps://ldap.corp.example.com", get_info=ALL)


@app.route("/lookup/phone")
def lookup_phone():
    terms = ["*", request.args.get("name", ""), "unknown"]
    terms.pop(0)
    name = terms[1]
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=people,dc=corp,dc=example,dc=com", f"(cn={name})", attributes=["telephoneNumber"])
    return jsonify([e.telephoneNumber.value for e in conn.entries])
