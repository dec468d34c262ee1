from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/rules/evaluate")
async def evaluate_rule(request: Request):
    payload = await request.json()
    condition = "amount > 1000"
    # ok: code-injection
    matched = eval(condition, {"__builtins__": {}}, {"amount": payload.get("amount", 0)})
    return {"matched": bool(matched)}
