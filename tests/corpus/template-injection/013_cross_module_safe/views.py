from flask import Flask, request

from .rendering import render_snippet

app = Flask(__name__)


@app.route("/snippet")
def snippet():
    return render_snippet(request.args.get("markup", ""))
