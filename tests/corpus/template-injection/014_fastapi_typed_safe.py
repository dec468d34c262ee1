from fastapi import FastAPI
from jinja2 import Template

app = FastAPI()


@app.get("/progress")
def progress(percent: int):
    # ok: template-injection
    return {"html": Template("<meter value='" + str(percent) + "'></meter>").render()}
