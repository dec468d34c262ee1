from fastapi import Depends, FastAPI

app = FastAPI()


def tenant_formula() -> str:
    return "base * 1.1"


@app.get("/price")
def price(formula: str = Depends(tenant_formula), base: float = 10.0):
    # ok: code-injection
    return {"price": eval(formula, {"__builtins__": {}}, {"base": base})}
