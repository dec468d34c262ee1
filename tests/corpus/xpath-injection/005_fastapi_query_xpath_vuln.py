from fastapi import FastAPI
from lxml import etree

app = FastAPI()
feeds = etree.parse("/srv/feeds/channels.xml")


@app.get("/channels")
def channels(category: str):
    # ruleid: xpath-injection
    nodes = feeds.xpath(f"/rss/channel[category='{category}']/title")
    return {"channels": [n.text for n in nodes]}
