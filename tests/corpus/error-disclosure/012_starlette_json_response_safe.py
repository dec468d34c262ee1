from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def publish(request):
    try:
        await send_to_queue(await request.json())
    except Exception as exc:
        # ok: error-disclosure
        return JSONResponse({"error": "publishing failed"}, status_code=502)
    return JSONResponse({"published": True})


async def send_to_queue(payload):
    raise ConnectionError("amqp://broker.internal:5672 unreachable")


app = Starlette(routes=[Route("/publish", publish, methods=["POST"])])
