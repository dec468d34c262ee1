from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
PRICING_RULES = {"bulk": "qty * unit * 0.9", "standard": "qty * unit"}


class Quote(BaseModel):
    rule: str
    qty: int
    unit: float


@app.post("/quotes")
def make_quote(quote: Quote):
    expression = quote.rule
    # ruleid: code-injection
    code = compile(expression, "<pricing>", "eval")
    return {"total": eval(code, {"__builtins__": {}}, {"qty": quote.qty, "unit": quote.unit})}
