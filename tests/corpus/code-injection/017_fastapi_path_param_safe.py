from fastapi import FastAPI

app = FastAPI()


@app.get("/convert/{amount}")
def convert(amount: float):
    # ok: code-injection
    value = eval(f"{amount} * 1.08")
    return {"usd": value}
