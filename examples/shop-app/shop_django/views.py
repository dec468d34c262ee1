"""Back-office views: product lookup and customer-service pages."""
import html

from django.db import connection
from django.http import HttpResponse, JsonResponse

from .models import Product


def product_lookup(request):
    name = request.GET.get("name", "")
    products = Product.objects.raw("SELECT * FROM shop_django_product WHERE name = '%s'" % name)
    return JsonResponse({"products": [{"id": p.id, "name": p.name} for p in products]})


def products_in_category(request, category):
    products = Product.objects.raw("SELECT * FROM shop_django_product WHERE category = %s", [category])
    return JsonResponse({"products": [{"id": p.id, "name": p.name} for p in products]})


def low_stock(request):
    threshold = int(request.GET.get("below", "5"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, name, stock FROM shop_django_product WHERE stock < {threshold}")
        rows = cursor.fetchall()
    return JsonResponse({"products": [{"id": r[0], "name": r[1], "stock": r[2]} for r in rows]})


def ticket_banner(request):
    customer = request.GET.get("customer", "")
    return HttpResponse(f"<div class='banner'>Open tickets for {customer}</div>")


def ticket_title(request):
    subject = request.GET.get("subject", "")
    return HttpResponse(f"<h2>{html.escape(subject)}</h2>")
