from django.http import HttpResponse
from django.template import Context, Template


def signature(request):
    sig = request.POST.get("signature", "")
    # ruleid: template-injection
    rendered = Template("<div class='sig'>" + sig + "</div>").render(Context({"user": request.user}))
    return HttpResponse(rendered)
