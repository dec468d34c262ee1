from django.http import JsonResponse

CAMPAIGNS = {"spring": "spring-sale", "newsletter": "newsletter"}


def remember_source(request):
    campaign = request.GET.get("utm_campaign", "")
    # ruleid: trust-boundary
    request.session["campaign"] = campaign
    return JsonResponse({"ok": True})
