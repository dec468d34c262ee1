from django.http import HttpResponse
from django.utils.html import escape


def search_results(request):
    term = request.GET.get("q", "")
    # ok: reflected-xss
    return HttpResponse(f"<p>You searched for: {escape(term)}</p>")
