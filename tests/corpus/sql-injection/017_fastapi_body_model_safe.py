import aiosqlite
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Filters(BaseModel):
    brand: str
    max_price: float


@app.post("/search")
async def search(filters: Filters):
    async with aiosqlite.connect("shop.db") as db:
        # ok: sql-injection
        cursor = await db.execute("SELECT id, name FROM products WHERE brand = ? AND price <= ?", (filters.brand, filters.max_price))
        rows = await cursor.fetchall()
    return {"items": [{"id": r[0], "name": r[1]} for r in rows]}
