from fastapi import Depends, FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


def site_title() -> str:
    return "Example Shop"


@app.get("/header", response_class=HTMLResponse)
def header(title: str = Depends(site_title)):
    # ok: reflected-xss
    return HTMLResponse(f"<header><h1>{title}</h1></header>")
