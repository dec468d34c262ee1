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
        # ruleid: sql-injection
        cursor = await db.execute(f"SELECT id, name FROM products WHERE brand = '{filters.brand}' AND price <= {filters.max_price}")
        rows = await cursor.fetchall()
    return {"items": [{"id": r[0], "name": r[1]} for r in rows]}
