from fastapi import FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("postgresql+psycopg2://shop:shop@db/shop")


@app.get("/products")
def list_products(sku: str):
    with engine.connect() as conn:
        # ruleid: sql-injection
        rows = conn.execute(text(f"SELECT sku, title, price FROM products WHERE sku = '{sku}'")).fetchall()
    return [{"sku": r.sku, "title": r.title, "price": float(r.price)} for r in rows]
