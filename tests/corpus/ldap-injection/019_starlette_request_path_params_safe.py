from fastapi import FastAPI, Request
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = FastAPI()
server = Server("ldap://ldap")


@app.get("/hosts/{hostname}")
async def host_record(request: Request):
    hostname = escape_filter_chars(request.path_params["hostname"])
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=hosts,dc=example,dc=com", "(cn=" + hostname + ")", attributes=["ipHostNumber"])
    return {"addresses": [e.ipHostNumber.value for e in conn.entries]}
