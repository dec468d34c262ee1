import html

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/welcome", response_class=HTMLResponse)
def welcome(name: str):
    # ok: reflected-xss
    return HTMLResponse(f"<html><body><h1>Welcome {html.escape(name)}</h1></body></html>")
