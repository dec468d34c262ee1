"""Back-office imports: supplier price lists arrive as XML uploads."""
from django.http import JsonResponse
from lxml import etree

from .models import Product


def import_price_list(request):
    parser = etree.XMLParser(resolve_entities=True, remove_blank_text=True)
    root = etree.fromstring(request.FILES["price_list"].read(), parser)
    return JsonResponse({"items": _update_prices(root)})


def import_stock_levels(request):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    root = etree.fromstring(request.FILES["stock"].read(), parser)
    return JsonResponse({"items": len(root.findall("item"))})


def _update_prices(root):
    updated = 0
    for item in root.iter("item"):
        updated += Product.objects.filter(sku=item.get("sku")).update(price=item.findtext("price"))
    return updated
