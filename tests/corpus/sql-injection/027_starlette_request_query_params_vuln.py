import asyncpg
from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/users/lookup")
async def lookup_user(request: Request):
    username = request.query_params.get("username", "")
    conn = await asyncpg.connect("postgresql://app@db/app")
    # ruleid: sql-injection
    row = await conn.fetchrow(f"SELECT id, email FROM users WHERE username = '{username}'")
    await conn.close()
    return {"id": row["id"], "email": row["email"]} if row else {}
