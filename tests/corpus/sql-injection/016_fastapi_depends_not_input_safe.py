import sqlite3

from fastapi import Depends, FastAPI

app = FastAPI()


def default_category() -> str:
    return "books"


@app.get("/bestsellers")
def bestsellers(category: str = Depends(default_category)):
    conn = sqlite3.connect("shop.db")
    # ok: sql-injection
    rows = conn.execute(f"SELECT title FROM products WHERE category = '{category}' ORDER BY sold DESC LIMIT 10").fetchall()
    return {"titles": [r[0] for r in rows]}
