from fastapi import Depends, FastAPI
from lxml import etree

app = FastAPI()
tenants = etree.parse("/srv/data/tenants.xml")


def tenant_from_token() -> str:
    return "acme"


@app.get("/tenant/plan")
def tenant_plan(tenant: str = Depends(tenant_from_token)):
    # ok: xpath-injection
    plan = tenants.xpath(f"string(//tenant[@id='{tenant}']/plan)")
    return {"plan": plan}
