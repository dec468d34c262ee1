import subprocess

from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/hooks/deploy")
async def deploy_hook(request: Request):
    ref = request.headers.get("x-deploy-ref", "main")
    # ruleid: command-injection
    subprocess.Popen("/srv/bin/deploy.sh " + ref, shell=True)
    return {"queued": ref}
