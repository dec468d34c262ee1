import asyncio

from fastapi import FastAPI

app = FastAPI()


@app.get("/trace")
async def trace(target: str):
    # ok: command-injection
    proc = await asyncio.create_subprocess_exec("traceroute", "-m", "10", target, stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    return {"hops": out.decode().splitlines()}
