from fastapi import FastAPI
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = FastAPI()
server = Server("ldap://ldap:389")


@app.get("/employees")
def employees(department: str):
    conn = Connection(server, auto_bind=True)
    search_filter = f"(&(objectClass=person)(departmentNumber={escape_filter_chars(department)}))"
    # ok: ldap-injection
    conn.search("dc=example,dc=com", search_filter, attributes=["cn", "title"])
    return {"employees": [e.cn.value for e in conn.entries]}
