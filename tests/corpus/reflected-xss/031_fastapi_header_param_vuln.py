from fastapi import FastAPI, Header
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/whoami")
def whoami(x_forwarded_user: str = Header(default="anonymous")):
    # ruleid: reflected-xss
    return HTMLResponse("<p>Signed in as " + x_forwarded_user + "</p>")
