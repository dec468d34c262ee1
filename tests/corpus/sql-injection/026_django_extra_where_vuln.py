from django.http import JsonResponse

from .models import Product


def products_in_stock(request):
    warehouse = request.POST.get("warehouse", "")
    # ruleid: sql-injection
    qs = Product.objects.extra(where=[f"warehouse_code = '{warehouse}'"])
    return JsonResponse({"products": list(qs.values_list("name", flat=True))})
