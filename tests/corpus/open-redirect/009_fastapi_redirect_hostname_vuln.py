from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/sso/return")
async def sso_return(url: str):
    if urlsplit(url).scheme != "https":
        raise HTTPException(status_code=400)
    # ruleid: open-redirect
    return RedirectResponse(url)
