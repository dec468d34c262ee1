from flask import Flask, jsonify, request

app = Flask(__name__)


class AlertRule:
    def __init__(self, condition):
        self.condition = condition

    def matches(self, reading):
        # ruleid: code-injection
        return eval(self.condition, {"__builtins__": {}}, {"value": reading})


@app.route("/alerts/test", methods=["POST"])
def test_alert():
    rule = AlertRule(f"value > {request.form.get('threshold', '100')}")
    return jsonify(fired=rule.matches(120.5))
