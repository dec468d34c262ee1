from django.http import HttpResponse
from django.template import Context, Template


def signature(request):
    sig = request.POST.get("signature", "")
    # ok: template-injection
    rendered = Template("<div class='sig'>{{ sig }}</div>").render(Context({"sig": sig}))
    return HttpResponse(rendered)
