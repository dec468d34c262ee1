from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
async def health():
    try:
        check_database()
    except Exception as exc:
        # ok: error-disclosure
        return {"status": "error", "reason": type(exc).__name__ == "TimeoutError"}
    return {"status": "ok"}


def check_database():
    raise TimeoutError("db-primary.internal:5432 did not answer within 2s")
