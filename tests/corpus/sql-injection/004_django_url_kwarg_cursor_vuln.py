from django.db import connection
from django.http import JsonResponse


def order_detail(request, order_ref):
    with connection.cursor() as cursor:
        # ruleid: sql-injection
        cursor.execute("SELECT id, status, total FROM shop_order WHERE reference = '" + order_ref + "'")
        row = cursor.fetchone()
    if row is None:
        return JsonResponse({"error": "not found"}, status=404)
    return JsonResponse({"id": row[0], "status": row[1], "total": str(row[2])})
