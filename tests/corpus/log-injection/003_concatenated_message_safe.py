import logging

from django.http import JsonResponse

logger = logging.getLogger(__name__)


def password_reset(request):
    email = request.POST.get("email", "")
    # ok: log-injection
    logger.info("password reset requested for an address of %d characters", len(email))
    return JsonResponse({"sent": True})
