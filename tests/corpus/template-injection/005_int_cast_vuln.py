from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/progress")
def progress():
    done = request.args.get("done", "0")
    # ruleid: template-injection
    return render_template_string("<progress value='" + str(done) + "' max='100'></progress>")
