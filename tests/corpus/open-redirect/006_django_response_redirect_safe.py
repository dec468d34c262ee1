from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def set_currency(request):
    request.session["currency"] = "EUR"
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    # ok: open-redirect
    return HttpResponseRedirect(next_url)
