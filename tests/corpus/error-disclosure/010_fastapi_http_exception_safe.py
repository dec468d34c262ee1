from fastapi import FastAPI, HTTPException

app = FastAPI()


@app.get("/reports/{report_id}")
async def report(report_id: int):
    try:
        with open(f"/srv/reports/{report_id}.csv") as fh:
            return {"rows": fh.read().count("\n")}
    except OSError as exc:
        # ok: error-disclosure
        raise HTTPException(status_code=404, detail="report not found")
