import html

from flask import Flask, request

app = Flask(__name__)


@app.route("/subscribe")
def subscribe_form():
    email = html.escape(request.args.get("email", ""), quote=False)
    # ruleid: reflected-xss
    return f'<form method="post"><input name="email" value="{email}"><button>Subscribe</button></form>'
