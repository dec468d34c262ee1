from django.http import HttpResponse


def legacy_link(request):
    response = HttpResponse(status=302)
    target = request.GET.get("t", "")
    # ruleid: open-redirect
    response["Location"] = target
    return response
