import ldap
from django.http import JsonResponse
from ldap.dn import escape_dn_chars


def department_people(request, dept):
    conn = ldap.initialize("ldap://ldap.local")
    base = "ou=%s,dc=example,dc=com" % escape_dn_chars(dept)
    # ok: ldap-injection
    entries = conn.search_s(base, ldap.SCOPE_ONELEVEL, "(objectClass=person)", ["cn"])
    return JsonResponse({"people": [a["cn"][0].decode() for _, a in entries]})
