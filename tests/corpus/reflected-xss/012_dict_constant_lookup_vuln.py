from flask import Flask, request

app = Flask(__name__)
GREETINGS = {"en": "Hello", "de": "Hallo", "fr": "Bonjour"}


@app.route("/greeting")
def greeting():
    lang = request.args.get("lang", "en")
    word = GREETINGS.get(lang, lang)
    # ruleid: reflected-xss
    return f"<p lang='en'>{word}!</p>"
