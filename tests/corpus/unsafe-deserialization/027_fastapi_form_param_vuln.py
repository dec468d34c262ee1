import base64
import json
import pickle

from fastapi import FastAPI, Form

app = FastAPI()


@app.post("/import/session")
def import_session(payload: str = Form()):
    # ruleid: unsafe-deserialization
    data = pickle.loads(base64.b64decode(payload))
    return {"keys": sorted(data)}
