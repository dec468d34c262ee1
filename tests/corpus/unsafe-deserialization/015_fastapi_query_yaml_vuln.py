import yaml
from fastapi import FastAPI

app = FastAPI()


@app.get("/render-config")
def render_config(doc: str):
    # ruleid: unsafe-deserialization
    parsed = yaml.load(doc, Loader=yaml.Loader)
    return {"parsed": parsed}
