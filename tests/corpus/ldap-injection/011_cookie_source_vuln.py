import ldap
from flask import Flask, jsonify, request
from ldap.filter import escape_filter_chars

app = Flask(__name__)


@app.route("/me/groups")
def my_groups():
    login = request.cookies.get("login", "")
    conn = ldap.initialize("ldap://ldap.example.org")
    # ruleid: ldap-injection
    entries = conn.search_s("ou=groups,dc=example,dc=org", ldap.SCOPE_SUBTREE, f"(memberUid={login})", ["cn"])
    return jsonify([attrs["cn"][0].decode() for _, attrs in entries])
