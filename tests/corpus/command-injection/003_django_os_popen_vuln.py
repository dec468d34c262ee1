import os
import shlex

from django.http import JsonResponse


def whois(request):
    domain = request.GET.get("domain", "")
    # ruleid: command-injection
    output = os.popen("whois " + domain).read()
    return JsonResponse({"domain": domain, "whois": output})
