from fastapi import Depends, FastAPI

app = FastAPI()


def tenant_formula() -> str:
    return "base * 1.1"


@app.get("/price")
def price(formula: str, base: float = 10.0):
    # ruleid: code-injection
    return {"price": eval(formula, {"__builtins__": {}}, {"base": base})}
