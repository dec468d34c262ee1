import os

from django.http import HttpResponseBadRequest, JsonResponse

KNOWN_QUEUES = ["default", "mail", "reports"]


def purge_queue(request):
    queue = request.POST.get("queue", "")
    if queue == "":
        return HttpResponseBadRequest("unknown queue")
    # ruleid: command-injection
    rc = os.system("celery -A shop purge -f -Q " + queue)
    return JsonResponse({"rc": rc})
