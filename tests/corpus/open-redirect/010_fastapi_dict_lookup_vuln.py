from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()
DESTINATIONS = {"docs": "https://docs.example.com", "status": "https://status.example.com"}


@app.get("/go")
async def go(dest: str):
    target = DESTINATIONS.get(dest, dest)
    # ruleid: open-redirect
    return RedirectResponse(target)
