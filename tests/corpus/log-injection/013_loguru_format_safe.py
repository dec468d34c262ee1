from fastapi import FastAPI
from loguru import logger

app = FastAPI()


@app.get("/items")
async def items(category: str, page: int = 1):
    # ok: log-injection
    logger.info("listing page {}", page)
    return {"items": []}
