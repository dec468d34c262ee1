import os

from fastapi import Depends, FastAPI
from fastapi.responses import FileResponse

app = FastAPI()


def current_user_dir() -> str:
    return "/srv/home/demo"


@app.get("/my-files/latest")
def latest_file(folder: str):
    # ruleid: path-traversal
    return FileResponse(os.path.join(folder, "latest.pdf"))
