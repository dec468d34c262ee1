from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
staff = etree.parse("/srv/hr/staff.xml")
DEPARTMENTS = ["sales", "support", "engineering"]


@app.route("/staff/department")
def department():
    dept = request.args.get("dept", "")
    if dept.strip() == "":
        return jsonify(error="missing department"), 400
    # ruleid: xpath-injection
    names = staff.xpath("//employee[department='" + dept + "']/name/text()")
    return jsonify([str(n) for n in names])
