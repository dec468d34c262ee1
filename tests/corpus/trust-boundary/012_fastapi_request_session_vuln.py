from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/basket/{item}")
async def add_item(request: Request, item: str, quantity: str = "1"):
    basket = request.session.get("basket", {})
    basket[item] = quantity
    # ruleid: trust-boundary
    request.session["basket"] = basket
    return {"items": len(basket)}
