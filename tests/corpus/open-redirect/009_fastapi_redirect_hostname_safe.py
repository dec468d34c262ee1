from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/sso/return")
async def sso_return(url: str):
    if urlsplit(url).hostname != "sso.example.com":
        raise HTTPException(status_code=400)
    # ok: open-redirect
    return RedirectResponse(url)
