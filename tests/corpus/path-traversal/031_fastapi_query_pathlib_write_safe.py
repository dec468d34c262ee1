from pathlib import Path

from fastapi import FastAPI
from pydantic import BaseModel
from werkzeug.utils import secure_filename

app = FastAPI()
NOTES = Path("/srv/notes")


class Note(BaseModel):
    title: str
    body: str


@app.post("/notes")
def save_note(note: Note):
    target = NOTES / f"{secure_filename(note.title)}.md"
    # ok: path-traversal
    target.write_text(note.body, encoding="utf-8")
    return {"saved": target.name}
