from fastapi import FastAPI, Query
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = FastAPI()
server = Server("ldap://ldap")


@app.get("/rooms")
def rooms(building: str = Query(alias="b")):
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=rooms,dc=example,dc=com", "(&(objectClass=room)(buildingName=%s))" % escape_filter_chars(building), attributes=["cn"])
    return {"rooms": [e.cn.value for e in conn.entries]}
