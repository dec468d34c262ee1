import os

from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()
EXPORT_DIR = "/srv/exports"


@app.get("/exports")
def get_export(name: str):
    # ruleid: path-traversal
    return FileResponse(os.path.join(EXPORT_DIR, name))
