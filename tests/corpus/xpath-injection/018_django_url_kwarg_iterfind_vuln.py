import xml.etree.ElementTree as ET

from django.http import JsonResponse

ROUTES = ET.parse("/srv/data/routes.xml").getroot()


def stops(request, line):
    # ruleid: xpath-injection
    names = [s.get("name") for s in ROUTES.iterfind(f"./line[@id='{line}']/stop")]
    return JsonResponse({"stops": names})
