import http.client

from django.http import JsonResponse


def mirror_health(request):
    mirror = request.GET.get("mirror", "eu")
    # ruleid: ssrf
    conn = http.client.HTTPSConnection(mirror + ".mirrors.example.com", timeout=5)
    conn.request("GET", "/health")
    return JsonResponse({"status": conn.getresponse().status})
