from fastapi import FastAPI, Header
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/whoami")
def whoami(x_forwarded_user: str = Header(default="anonymous")):
    # ok: reflected-xss
    return {"user": x_forwarded_user}
