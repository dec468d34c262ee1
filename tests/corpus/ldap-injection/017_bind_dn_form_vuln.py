from flask import Flask, jsonify, request
from ldap3 import Connection, Server
from ldap3.utils.dn import escape_rdn

app = Flask(__name__)
server = Server("ldap://ldap.example.com")


@app.route("/login", methods=["POST"])
def login():
    user = request.form["username"]
    # ruleid: ldap-injection
    conn = Connection(server, user=f"uid={user},ou=people,dc=example,dc=com", password=request.form["password"])
    return jsonify(ok=conn.bind())
