from django.http import HttpResponse
from mako.template import Template


def report(request):
    title = request.GET.get("title", "Report")
    # ruleid: template-injection
    text = Template("<h1>" + title + "</h1>").render()
    return HttpResponse(text, content_type="text/plain")
