import json
import logging

from fastapi import FastAPI

app = FastAPI()
log = logging.getLogger("api")


@app.get("/lookup")
async def lookup(sku: str):
    value = sku.strip()
    # ruleid: log-injection
    log.info("lookup %s", value)
    return {"sku": sku}
