from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Environment, select_autoescape

app = FastAPI()
env = Environment(autoescape=select_autoescape())
LAYOUTS = {"plain": "<h1>{{ title }}</h1>", "boxed": "<div class='box'>{{ title }}</div>"}


@app.post("/cards/preview", response_class=HTMLResponse)
def preview_card(layout: str, title: str):
    # ruleid: template-injection
    return env.from_string(layout).render(title=title)
