from fastapi import FastAPI
from lxml import etree

app = FastAPI()
feeds = etree.parse("/srv/feeds/channels.xml")


@app.get("/channels")
def channels(category: str):
    # ok: xpath-injection
    nodes = feeds.xpath("/rss/channel[category=$category]/title", category=category)
    return {"channels": [n.text for n in nodes]}
