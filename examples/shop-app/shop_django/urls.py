from django.urls import path

from . import imports, views

urlpatterns = [
    path("products/lookup/", views.product_lookup),
    path("products/category/<str:category>/", views.products_in_category),
    path("products/low-stock/", views.low_stock),
    path("tickets/banner/", views.ticket_banner),
    path("tickets/title/", views.ticket_title),
    path("imports/prices/", imports.import_price_list),
    path("imports/stock/", imports.import_stock_levels),
]
