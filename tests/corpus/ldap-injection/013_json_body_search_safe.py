from flask import Flask, jsonify, request
from ldap3 import ALL, Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldaps://ldap.corp.example.com", get_info=ALL)


@app.route("/directory/query", methods=["POST"])
def directory_query():
    body = request.get_json()
    title = escape_filter_chars(body.get("title", ""))
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=people,dc=corp,dc=example,dc=com", "(title=%s)" % title, attributes=["cn"])
    return jsonify([e.cn.value for e in conn.entries])
