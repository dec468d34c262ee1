from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse

app = FastAPI()


@app.get("/tags/{tag}")
def tag_page(tag: str):
    # ok: reflected-xss
    return JSONResponse(content={"tag": tag, "posts": []})
