import json
import pickle

from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/sync")
async def sync(request: Request):
    body = await request.body()
    # ruleid: unsafe-deserialization
    snapshot = pickle.loads(body)
    return {"records": len(snapshot)}
