import aiohttp
from fastapi import FastAPI

app = FastAPI()
FEEDS = {"releases": "https://example.com/releases.xml", "blog": "https://example.com/blog.xml"}


@app.get("/feeds")
async def read_feed(name: str):
    url = FEEDS.get(name, name)
    async with aiohttp.ClientSession() as session:
        # ruleid: ssrf
        async with session.get(url) as resp:
            return {"body": await resp.text()}
