import re

from django.db import connection
from django.http import HttpResponseBadRequest, JsonResponse


def table_stats(request):
    table = request.GET.get("table", "")
    if not re.fullmatch(r"[a-z_]+", table):
        return HttpResponseBadRequest("bad table name")
    with connection.cursor() as cursor:
        # ok: sql-injection
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        (count,) = cursor.fetchone()
    return JsonResponse({"table": table, "rows": count})
