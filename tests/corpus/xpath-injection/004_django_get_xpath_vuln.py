from django.http import JsonResponse
from lxml import etree

STAFF = etree.parse("/srv/hr/staff.xml")


def staff_phone(request):
    name = request.GET.get("name", "")
    # ruleid: xpath-injection
    phones = STAFF.xpath("//employee[name='" + name + "']/phone/text()")
    return JsonResponse({"phones": [str(p) for p in phones]})
