import os

from fastapi import FastAPI, Request

app = FastAPI()
SPOOL = "/srv/spool"


@app.post("/spool/clear")
async def clear_spool(request: Request):
    form = await request.form()
    job = os.path.basename(str(form.get("job", "")))
    # ok: path-traversal
    os.remove(os.path.join(SPOOL, job))
    return {"removed": job}
