from flask import Flask, jsonify, request
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)


class DirectoryQuery:
    def __init__(self, surname):
        self.surname = surname

    def run(self, conn):
        # ruleid: ldap-injection
        conn.search("ou=people,dc=example,dc=com", f"(sn={self.surname}*)", attributes=["cn"])
        return [e.cn.value for e in conn.entries]


@app.route("/autocomplete")
def autocomplete():
    conn = Connection(Server("ldap://ldap"), auto_bind=True)
    return jsonify(DirectoryQuery(request.args.get("q", "")).run(conn))
