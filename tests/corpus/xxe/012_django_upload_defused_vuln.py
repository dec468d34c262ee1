import defusedxml.ElementTree as DET
from django.http import JsonResponse
from lxml import etree

LOADER = etree.XMLParser(resolve_entities=True, huge_tree=True)


def import_products(request):
    raw = request.FILES["products"].read()
    # ruleid: xxe
    root = etree.fromstring(raw, LOADER)
    return JsonResponse({"products": len(root)})
