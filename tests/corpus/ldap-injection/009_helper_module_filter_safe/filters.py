from ldap3.utils.conv import escape_filter_chars


def user_filter(uid):
    return f"(&(objectClass=inetOrgPerson)(uid={escape_filter_chars(uid)}))"
