import subprocess

from fastapi import FastAPI, Form

app = FastAPI()


@app.post("/archive")
def archive(folder: str = Form()):
    # ok: command-injection
    proc = subprocess.run(["zip", "-r", "/srv/archives/latest.zip", folder], cwd="/srv/shared")
    return {"rc": proc.returncode}
