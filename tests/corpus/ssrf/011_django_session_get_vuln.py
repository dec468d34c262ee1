import requests
from django.http import JsonResponse

http = requests.Session()


def import_calendar(request):
    source = request.POST["calendar_url"]
    source = source.strip()
    # ruleid: ssrf
    reply = http.get(source, timeout=10)
    return JsonResponse({"events": reply.text.count("BEGIN:VEVENT")})
