from django.http import HttpResponse
from django.utils.html import escape


def browser_info(request):
    agent = escape(request.META.get("HTTP_USER_AGENT", ""))
    # ok: reflected-xss
    return HttpResponse("<p>Your browser: " + agent + "</p>")
