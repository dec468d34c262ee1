import re

from django.http import HttpResponseBadRequest, JsonResponse


def evaluate_number(request):
    text = request.GET.get("n", "0")
    if not re.match(r"[0-9]+", text):
        return HttpResponseBadRequest("digits only")
    # ruleid: code-injection
    value = eval(text)
    return JsonResponse({"value": value})
