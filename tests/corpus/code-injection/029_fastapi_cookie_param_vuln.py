import json

from fastapi import Cookie, FastAPI

app = FastAPI()


@app.get("/dashboard/filters")
def dashboard_filters(filters: str = Cookie(default="{}")):
    # ruleid: code-injection
    parsed = eval(filters)
    return {"filters": parsed}
