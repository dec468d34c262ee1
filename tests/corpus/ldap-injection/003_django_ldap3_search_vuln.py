from django.http import JsonResponse
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

LDAP_SERVER = Server("ldap://directory.local")


def group_members(request):
    group = request.GET.get("group", "")
    conn = Connection(LDAP_SERVER, auto_bind=True)
    # ruleid: ldap-injection
    conn.search("ou=groups,dc=local", "(&(objectClass=groupOfNames)(cn=" + group + "))", attributes=["member"])
    return JsonResponse({"members": [str(m) for e in conn.entries for m in e.member]})
