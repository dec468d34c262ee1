from flask import Flask, jsonify, request
from ldap3 import ALL, Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldaps://ldap.corp.example.com", get_info=ALL)

ROLE_GROUPS = {"admin": "cn=admins", "dev": "cn=developers", "ops": "cn=operations"}


@app.route("/roles/members")
def role_members():
    role = request.args.get("role", "dev")
    group_rdn = ROLE_GROUPS.get(role, "cn=developers")
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=people,dc=corp,dc=example,dc=com", f"(memberOf={group_rdn},ou=groups,dc=corp,dc=example,dc=com)")
    return jsonify([e.entry_dn for e in conn.entries])
