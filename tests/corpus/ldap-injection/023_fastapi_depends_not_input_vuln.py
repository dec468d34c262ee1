from fastapi import Depends, FastAPI
from ldap3 import Connection, Server

app = FastAPI()
server = Server("ldap://ldap")


def service_account() -> str:
    return "svc-reporting"


@app.get("/account/groups")
def account_groups(account: str):
    conn = Connection(server, auto_bind=True)
    # ruleid: ldap-injection
    conn.search("ou=groups,dc=example,dc=com", f"(memberUid={account})", attributes=["cn"])
    return {"groups": [e.cn.value for e in conn.entries]}
