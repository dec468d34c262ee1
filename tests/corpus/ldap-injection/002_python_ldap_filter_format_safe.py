import ldap
import ldap.filter
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/people")
def people():
    email = request.args.get("email", "")
    conn = ldap.initialize("ldap://ldap.internal:389")
    conn.simple_bind_s("cn=svc,dc=example,dc=org", "svc-password")
    # ok: ldap-injection
    results = conn.search_s("ou=users,dc=example,dc=org", ldap.SCOPE_SUBTREE, ldap.filter.filter_format("(mail=%s)", [email]), ["cn"])
    return jsonify([dn for dn, _ in results])
