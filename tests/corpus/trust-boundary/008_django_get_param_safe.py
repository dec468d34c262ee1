from django.http import JsonResponse

CAMPAIGNS = {"spring": "spring-sale", "newsletter": "newsletter"}


def remember_source(request):
    campaign = CAMPAIGNS.get(request.GET.get("utm_campaign", ""), "direct")
    # ok: trust-boundary
    request.session["campaign"] = campaign
    return JsonResponse({"ok": True})
