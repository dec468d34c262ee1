from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse

app = FastAPI()


@app.get("/tags/{tag}")
def tag_page(tag: str):
    # ruleid: reflected-xss
    return HTMLResponse(content=f"<h1>Posts tagged {tag}</h1>")
