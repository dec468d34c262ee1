import requests
from django.http import JsonResponse


def shipment_status(request):
    carrier = request.GET.get("carrier", "dhl")
    number = request.GET.get("number", "")
    # ok: ssrf
    reply = requests.get("https://track.example.com/%s/%s" % (carrier, number), timeout=5)
    return JsonResponse(reply.json())
