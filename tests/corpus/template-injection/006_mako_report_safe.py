from django.http import HttpResponse
from mako.template import Template


def report(request):
    title = request.GET.get("title", "Report")
    # ok: template-injection
    text = Template("<h1>${title | h}</h1>").render(title=title)
    return HttpResponse(text, content_type="text/plain")
