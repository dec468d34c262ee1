import json
import pickle

from django.http import JsonResponse


def saved_search(request):
    raw = request.COOKIES.get("saved_search", "")
    # ok: unsafe-deserialization
    search = json.loads(bytes.fromhex(raw))
    return JsonResponse({"query": search.get("q", "")})
