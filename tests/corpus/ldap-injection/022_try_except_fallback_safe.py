from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
server = Server("ldap://ldap.example.com")


@app.route("/employees/by-number")
def by_employee_number():
    raw = request.args.get("number", "")
    try:
        number = int(raw)
    except ValueError:
        number = 0
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=people,dc=example,dc=com", f"(employeeNumber={number})", attributes=["cn"])
    return jsonify([e.cn.value for e in conn.entries])
