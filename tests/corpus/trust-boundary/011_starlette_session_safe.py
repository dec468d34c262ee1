from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def set_locale(request):
    locale = request.query_params.get("locale", "en")
    locale = locale if locale in ("en", "de", "fr") else "en"
    # ok: trust-boundary
    request.session["locale"] = locale
    return JSONResponse({"locale": locale})


app = Starlette(routes=[Route("/locale", set_locale)])
