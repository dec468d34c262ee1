import json
import pickle

from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/models/import")
async def import_model(file: UploadFile):
    blob = await file.read()
    # ruleid: unsafe-deserialization
    model = pickle.loads(blob)
    return {"name": model.get("name"), "params": len(model.get("weights", []))}
