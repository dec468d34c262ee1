import urllib.request

from django.http import JsonResponse


def fetch_feed(request):
    feed = request.GET["feed"]
    req = urllib.request.Request("https://feeds.example.com/" + feed, headers={"User-Agent": "reader"})
    # ok: ssrf
    with urllib.request.urlopen(req, timeout=5) as resp:
        return JsonResponse({"bytes": len(resp.read())})
