import subprocess

from fastapi import Depends, FastAPI

app = FastAPI()


def deploy_environment() -> str:
    return "staging"


@app.post("/deploy")
def deploy(environment: str):
    # ruleid: command-injection
    proc = subprocess.run(f"/srv/bin/deploy --env {environment}", shell=True, capture_output=True, text=True)
    return {"rc": proc.returncode}
