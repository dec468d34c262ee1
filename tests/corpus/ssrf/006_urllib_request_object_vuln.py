import urllib.request

from django.http import JsonResponse


def fetch_feed(request):
    feed = request.GET["feed"]
    req = urllib.request.Request(feed, headers={"User-Agent": "reader"})
    # ruleid: ssrf
    with urllib.request.urlopen(req, timeout=5) as resp:
        return JsonResponse({"bytes": len(resp.read())})
