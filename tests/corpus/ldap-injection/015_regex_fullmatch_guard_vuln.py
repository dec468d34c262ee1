import re

from django.http import HttpResponseBadRequest, JsonResponse
from ldap3 import Connection, Server

server = Server("ldap://ldap.local")


def find_user(request):
    uid = request.GET.get("uid", "")
    if not re.match(r"[a-z0-9._-]+", uid):
        return HttpResponseBadRequest("invalid uid")
    conn = Connection(server, auto_bind=True)
    # ruleid: ldap-injection
    conn.search("ou=people,dc=local", f"(uid={uid})", attributes=["cn"])
    return JsonResponse({"found": len(conn.entries)})
