from django.http import HttpResponse
from django.utils.html import escape


def browser_info(request):
    agent = request.META.get("HTTP_USER_AGENT", "")
    # ruleid: reflected-xss
    return HttpResponse("<p>Your browser: " + agent + "</p>")
