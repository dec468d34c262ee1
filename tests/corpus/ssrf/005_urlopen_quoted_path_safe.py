from urllib.parse import quote
from urllib.request import urlopen

from flask import Flask, request

app = Flask(__name__)


@app.route("/wiki")
def wiki():
    title = request.args.get("title", "Main_Page")
    url = "https://en.wikipedia.org/wiki/" + quote(title)
    # ok: ssrf
    with urlopen(url, timeout=5) as resp:
        return {"size": len(resp.read())}
