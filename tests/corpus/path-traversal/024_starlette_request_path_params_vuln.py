import os

from fastapi import FastAPI, Request
from starlette.responses import FileResponse

app = FastAPI()


@app.get("/media/{filename:path}")
async def media(request: Request):
    filename = request.path_params["filename"]
    # ruleid: path-traversal
    return FileResponse(os.path.join("/srv/media", filename))
