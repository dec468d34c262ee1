from django.http import JsonResponse
from lxml import etree


def import_sitemap(request):
    upload = request.FILES["sitemap"]
    urls = 0
    # ruleid: xxe
    for _, element in etree.iterparse(upload, tag="url"):
        urls += 1
        element.clear()
    return JsonResponse({"urls": urls})
