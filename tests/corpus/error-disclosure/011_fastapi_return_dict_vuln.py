from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
async def health():
    try:
        check_database()
    except Exception as exc:
        # ruleid: error-disclosure
        return {"status": "error", "reason": repr(exc)}
    return {"status": "ok"}


def check_database():
    raise TimeoutError("db-primary.internal:5432 did not answer within 2s")
