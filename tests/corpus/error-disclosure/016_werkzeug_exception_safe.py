from flask import Flask
from werkzeug.exceptions import InternalServerError

app = Flask(__name__)


@app.route("/invoice/pdf")
def invoice_pdf():
    try:
        return render_pdf()
    except OSError as exc:
        # ok: error-disclosure
        raise InternalServerError(description="PDF rendering failed")


def render_pdf():
    raise OSError("wkhtmltopdf not found in /usr/local/bin")
