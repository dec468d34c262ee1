import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/proxy/status")
async def proxy_status(target: str):
    async with httpx.AsyncClient(timeout=5) as client:
        # ok: ssrf
        reply = await client.request("HEAD", "https://status.example.com/components/" + target)
    return {"code": reply.status_code}
