from flask import Flask, jsonify, request
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldap://ldap.example.com")


@app.route("/users/batch")
def users_batch():
    uids = [f"(uid={escape_filter_chars(u)})" for u in request.args.getlist("uid")]
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=people,dc=example,dc=com", "(|" + "".join(uids) + ")", attributes=["cn"])
    return jsonify([e.cn.value for e in conn.entries])
