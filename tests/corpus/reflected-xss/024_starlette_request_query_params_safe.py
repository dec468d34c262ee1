from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from markupsafe import escape

app = FastAPI()


@app.get("/oauth/error")
async def oauth_error(request: Request):
    reason = escape(request.query_params.get("error_description", ""))
    # ok: reflected-xss
    return HTMLResponse("<h1>Sign-in failed</h1><p>" + reason + "</p>")
