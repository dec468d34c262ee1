from fastapi import Depends, FastAPI
from ldap3 import Connection, Server

app = FastAPI()
server = Server("ldap://ldap")


def service_account() -> str:
    return "svc-reporting"


@app.get("/account/groups")
def account_groups(account: str = Depends(service_account)):
    conn = Connection(server, auto_bind=True)
    # ok: ldap-injection
    conn.search("ou=groups,dc=example,dc=com", f"(memberUid={account})", attributes=["cn"])
    return {"groups": [e.cn.value for e in conn.entries]}
