import subprocess

from fastapi import FastAPI, HTTPException

app = FastAPI()
RELEASE_BRANCHES = {"main", "release-1.x", "release-2.x"}


@app.get("/changelog/{branch}")
def changelog(branch: str):
    if not branch:
        raise HTTPException(status_code=400, detail="unknown branch")
    # ruleid: command-injection
    log = subprocess.check_output(f"git log --oneline -n 20 {branch}", shell=True, cwd="/srv/repo", text=True)
    return {"branch": branch, "commits": log.splitlines()}
