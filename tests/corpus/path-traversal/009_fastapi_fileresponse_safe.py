import os

from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()
EXPORT_DIR = "/srv/exports"


@app.get("/exports")
def get_export(name: str):
    # ok: path-traversal
    return FileResponse(os.path.join(EXPORT_DIR, os.path.basename(name)))
