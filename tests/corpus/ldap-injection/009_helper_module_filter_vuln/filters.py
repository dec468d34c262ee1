def user_filter(uid):
    return f"(&(objectClass=inetOrgPerson)(uid={uid}))"
