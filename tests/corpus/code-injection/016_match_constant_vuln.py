from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/scoring")
def scoring():
    user_formula = request.args.get("formula", "")
    profile = "custom"
    match profile:
        case "default":
            formula = "wins * 3 + draws"
        case "custom":
            formula = user_formula
        case _:
            formula = "wins"
    # ruleid: code-injection
    points = eval(formula, {"__builtins__": {}}, {"wins": 10, "draws": 4})
    return jsonify(points=points)
