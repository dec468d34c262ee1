import xml.etree.ElementTree as ET

from django.http import JsonResponse

ROUTES = ET.parse("/srv/data/routes.xml").getroot()


def stops(request, line):
    # ok: xpath-injection
    names = [s.get("name") for s in ROUTES.iterfind(f"./line[@id='{int(line)}']/stop")]
    return JsonResponse({"stops": names})
