import json
import pickle

from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/sync")
async def sync(request: Request):
    body = await request.body()
    # ok: unsafe-deserialization
    snapshot = json.loads(body)
    return {"records": len(snapshot)}
