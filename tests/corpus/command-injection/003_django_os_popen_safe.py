import os
import shlex

from django.http import JsonResponse


def whois(request):
    domain = request.GET.get("domain", "")
    # ok: command-injection
    output = os.popen("whois " + shlex.quote(domain)).read()
    return JsonResponse({"domain": domain, "whois": output})
