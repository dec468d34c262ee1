from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/welcome", response_class=HTMLResponse)
def welcome(name: str):
    # ruleid: reflected-xss
    return HTMLResponse(f"<html><body><h1>Welcome {name}</h1></body></html>")
