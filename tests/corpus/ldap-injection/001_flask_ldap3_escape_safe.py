from flask import Flask, jsonify, request
from ldap3 import ALL, Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldaps://ldap.corp.example.com", get_info=ALL)


@app.route("/directory/search")
def directory_search():
    username = request.args.get("user", "")
    conn = Connection(server, "cn=reader,dc=corp,dc=example,dc=com", "reader-pw", auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=people,dc=corp,dc=example,dc=com", f"(uid={escape_filter_chars(username)})", attributes=["cn", "mail"])
    return jsonify([e.entry_to_json() for e in conn.entries])
