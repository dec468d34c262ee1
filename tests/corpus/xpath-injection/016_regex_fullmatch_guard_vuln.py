import re

from django.http import HttpResponseBadRequest, JsonResponse
from lxml import etree

DOC = etree.parse("/srv/data/parts.xml")


def part(request):
    number = request.GET.get("number", "")
    if not re.match(r"[A-Z0-9-]+", number):
        return HttpResponseBadRequest("bad part number")
    # ruleid: xpath-injection
    names = DOC.xpath("//part[@number='" + number + "']/name/text()")
    return JsonResponse({"names": [str(n) for n in names]})
