from ldap3 import Connection, Server

from .naming import normalise

server = Server("ldap://ldap.example.com")


def find_people(surname):
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=people,dc=example,dc=com", f"(sn={normalise(surname)})", attributes=["cn"])
    return [e.cn.value for e in conn.entries]
