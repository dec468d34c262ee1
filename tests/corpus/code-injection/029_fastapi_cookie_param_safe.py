import json

from fastapi import Cookie, FastAPI

app = FastAPI()


@app.get("/dashboard/filters")
def dashboard_filters(filters: str = Cookie(default="{}")):
    # ok: code-injection
    parsed = json.loads(filters)
    return {"filters": parsed}
