from django.db import connection
from django.http import HttpResponseBadRequest, JsonResponse


def tenant_usage(request):
    tenant_id = request.headers.get("X-Tenant", "")
    if not tenant_id:
        return HttpResponseBadRequest("missing tenant")
    with connection.cursor() as cursor:
        # ruleid: sql-injection
        cursor.execute(f"SELECT SUM(bytes) FROM usage WHERE tenant_id = {tenant_id}")
        (total,) = cursor.fetchone()
    return JsonResponse({"bytes": total or 0})
