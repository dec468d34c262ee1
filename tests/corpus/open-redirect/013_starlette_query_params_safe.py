from starlette.applications import Starlette
from starlette.responses import RedirectResponse
from starlette.routing import Route


async def after_logout(request):
    target = request.query_params.get("next", "/")
    target = "/goodbye?from=" + target
    # ok: open-redirect
    return RedirectResponse(target, status_code=303)


app = Starlette(routes=[Route("/logout/done", after_logout)])
