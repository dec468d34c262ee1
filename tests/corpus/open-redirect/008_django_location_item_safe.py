from django.http import HttpResponse


def legacy_link(request):
    response = HttpResponse(status=302)
    target = request.GET.get("t", "")
    # ok: open-redirect
    response["Location"] = "/legacy/" + target
    return response
