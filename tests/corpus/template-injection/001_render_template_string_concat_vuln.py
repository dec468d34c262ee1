from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/greet")
def greet():
    visitor = request.args.get("visitor", "friend")
    # ruleid: template-injection
    return render_template_string("<h2>Welcome, " + visitor + "</h2>")
