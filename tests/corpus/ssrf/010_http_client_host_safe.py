import http.client

from django.http import JsonResponse


def mirror_health(request):
    mirror = request.GET.get("mirror", "eu")
    # ok: ssrf
    conn = http.client.HTTPSConnection("mirrors.example.com", timeout=5)
    conn.request("GET", "/health")
    return JsonResponse({"status": conn.getresponse().status})
