import logging

from django.http import JsonResponse

log = logging.getLogger(__name__)


def charge(request):
    order = request.POST.get("order", "")
    try:
        raise RuntimeError("gateway timeout")
    except RuntimeError:
        # ok: log-injection
        log.exception("charge failed for order %r", order)
    return JsonResponse({"charged": False})
