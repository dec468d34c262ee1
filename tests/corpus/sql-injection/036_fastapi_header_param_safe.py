import sqlite3

from fastapi import FastAPI, Header

app = FastAPI()


@app.get("/me/addresses")
def addresses(x_customer: str = Header()):
    conn = sqlite3.connect("shop.db")
    # ok: sql-injection
    rows = conn.execute("SELECT street, city FROM addresses WHERE customer = ?", (x_customer,)).fetchall()
    return [{"street": r[0], "city": r[1]} for r in rows]
