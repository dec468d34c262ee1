from django.http import HttpResponse
from django.template import engines


def preview(request):
    text = request.POST.get("template", "")
    # ok: template-injection
    compiled = engines["django"].get_template("preview.html")
    return HttpResponse(compiled.render({"request": request}), content_type="text/plain")
