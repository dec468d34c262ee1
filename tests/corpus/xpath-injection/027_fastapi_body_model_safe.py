from fastapi import FastAPI
from lxml import etree
from pydantic import BaseModel

app = FastAPI()
products = etree.parse("/srv/data/products.xml")


class Lookup(BaseModel):
    vendor: str
    limit: int = 10


@app.post("/products/lookup")
def lookup(body: Lookup):
    # ok: xpath-injection
    nodes = products.xpath("//product[vendor=$v]/name/text()", v=body.vendor)
    return {"names": [str(n) for n in nodes][: body.limit]}
