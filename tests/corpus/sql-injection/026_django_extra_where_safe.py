from django.http import JsonResponse

from .models import Product


def products_in_stock(request):
    warehouse = request.POST.get("warehouse", "")
    # ok: sql-injection
    qs = Product.objects.extra(where=["warehouse_code = %s"], params=[warehouse])
    return JsonResponse({"products": list(qs.values_list("name", flat=True))})
