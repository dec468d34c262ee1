import yaml
from fastapi import FastAPI

app = FastAPI()


@app.get("/render-config")
def render_config(doc: str):
    # ok: unsafe-deserialization
    parsed = yaml.load(doc, Loader=yaml.SafeLoader)
    return {"parsed": parsed}
