import requests
from django.http import JsonResponse


def shipment_status(request):
    carrier = request.GET.get("carrier", "dhl")
    number = request.GET.get("number", "")
    # ruleid: ssrf
    reply = requests.get("https://%s/track/%s" % (carrier, number), timeout=5)
    return JsonResponse(reply.json())
