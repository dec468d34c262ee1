from litestar import Request, get
from litestar.response import Template


@get("/banner")
async def banner(request: Request) -> Template:
    text = request.query_params.get("text", "")
    # ruleid: template-injection
    return Template(template_str="<div class='banner'>" + text + "</div>")
