import logging

from django.http import JsonResponse

logger = logging.getLogger(__name__)


def password_reset(request):
    email = request.POST.get("email", "")
    # ruleid: log-injection
    logger.info("password reset requested for " + email)
    return JsonResponse({"sent": True})
