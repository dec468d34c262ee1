import pickle

from fastapi import Depends, FastAPI

app = FastAPI()


def cached_profile() -> bytes:
    with open("/srv/cache/profile.pkl", "rb") as fh:
        return fh.read()


@app.post("/profile/load")
def load_profile(blob: bytes):
    # ruleid: unsafe-deserialization
    profile = pickle.loads(blob)
    return {"name": profile["name"]}
