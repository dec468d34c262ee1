from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
server = Server("ldap://ldap.example.com")


@app.route("/contacts")
def contacts():
    clauses = ["(objectClass=person)", "(mail=*)", f"(l={request.args.get('city', '')})"]
    chosen = clauses[:2]
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=people,dc=example,dc=com", "(&" + "".join(chosen) + ")", attributes=["cn", "mail"])
    return jsonify([e.mail.value for e in conn.entries])
