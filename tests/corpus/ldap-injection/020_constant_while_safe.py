from flask import Flask, jsonify, request
from ldap3 import ALL, Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldaps://ldap.corp.example.com", get_info=ALL)


@app.route("/mailing-lists")
def mailing_lists():
    wanted = request.args.get("list", "")
    list_name = "announce"
    tries = 0
    while tries > 1:
        list_name = wanted
        tries += 1
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=lists,dc=corp,dc=example,dc=com", f"(cn={list_name})", attributes=["mail"])
    return jsonify([e.mail.value for e in conn.entries])
