from django.http import HttpResponse, JsonResponse


def profile(request, username):
    # ok: reflected-xss
    return JsonResponse({"username": username})
