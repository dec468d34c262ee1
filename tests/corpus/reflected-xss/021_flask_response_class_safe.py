from flask import Flask, Response, request

app = Flask(__name__)


@app.route("/unsubscribe")
def unsubscribe():
    list_name = request.values.get("list", "")
    # ok: reflected-xss
    return Response(f"You have left the {list_name} mailing list.", mimetype="text/plain")
