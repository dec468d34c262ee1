from fastapi import FastAPI, Request
from lxml import etree

app = FastAPI()
schedule = etree.parse("/srv/data/schedule.xml")


@app.get("/sessions")
async def sessions(request: Request):
    room = request.query_params.get("room", "")
    # ok: xpath-injection
    talks = schedule.xpath("//session[@room=$room]/title/text()", room=room)
    return {"talks": [str(t) for t in talks]}
