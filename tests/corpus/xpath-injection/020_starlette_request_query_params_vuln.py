from fastapi import FastAPI, Request
from lxml import etree

app = FastAPI()
schedule = etree.parse("/srv/data/schedule.xml")


@app.get("/sessions")
async def sessions(request: Request):
    room = request.query_params.get("room", "")
    # ruleid: xpath-injection
    talks = schedule.xpath(f"//session[@room='{room}']/title/text()")
    return {"talks": [str(t) for t in talks]}
