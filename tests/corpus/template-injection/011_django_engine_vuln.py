from django.http import HttpResponse
from django.template import engines


def preview(request):
    text = request.POST.get("template", "")
    # ruleid: template-injection
    compiled = engines["django"].from_string(text)
    return HttpResponse(compiled.render({"request": request}), content_type="text/plain")
