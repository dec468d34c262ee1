from flask import Flask, abort, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
server = Server("ldap://ldap")
KNOWN_TEAMS = {"payments", "search", "platform"}


@app.route("/teams/members")
def team_members():
    team = request.args.get("team", "")
    if not team:
        abort(404)
    conn = Connection(server, auto_bind=True)
    # ruleid: ldap-injection
    conn.search("ou=teams,dc=example,dc=com", f"(&(objectClass=groupOfNames)(cn={team}))", attributes=["member"])
    return jsonify([str(m) for e in conn.entries for m in e.member])
