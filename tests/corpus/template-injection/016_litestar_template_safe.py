from litestar import Request, get
from litestar.response import Template


@get("/banner")
async def banner(request: Request) -> Template:
    text = request.query_params.get("text", "")
    # ok: template-injection
    return Template(template_name="banner.html", context={"text": text})
