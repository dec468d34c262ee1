from fastapi import FastAPI, UploadFile
from lxml import etree

app = FastAPI()


@app.post("/shipments/manifest")
async def manifest(file: UploadFile):
    data = await file.read()
    parser = etree.XMLParser(load_dtd=False, resolve_entities=False)
    # ok: xxe
    root = etree.fromstring(data, parser)
    return {"parcels": len(root.findall("parcel"))}
