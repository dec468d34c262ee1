import ldap
from django.http import JsonResponse
from ldap.filter import escape_filter_chars


def check_username(request):
    username = request.POST.get("username", "")
    conn = ldap.initialize("ldap://ldap.local")
    # ok: ldap-injection
    taken = conn.search_s("ou=people,dc=local", ldap.SCOPE_ONELEVEL, "(uid=" + escape_filter_chars(username) + ")", ["uid"])
    return JsonResponse({"available": not taken})
