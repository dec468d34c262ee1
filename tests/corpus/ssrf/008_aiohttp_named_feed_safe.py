import aiohttp
from fastapi import FastAPI

app = FastAPI()
FEEDS = {"releases": "https://example.com/releases.xml", "blog": "https://example.com/blog.xml"}


@app.get("/feeds")
async def read_feed(name: str):
    url = FEEDS.get(name, FEEDS["blog"])
    async with aiohttp.ClientSession() as session:
        # ok: ssrf
        async with session.get(url) as resp:
            return {"body": await resp.text()}
