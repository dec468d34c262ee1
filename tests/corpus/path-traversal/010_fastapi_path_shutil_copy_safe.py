import shutil

from fastapi import FastAPI
from werkzeug.utils import secure_filename

app = FastAPI()


@app.post("/templates/{template:path}/clone")
def clone_template(template: str):
    # ok: path-traversal
    shutil.copy(f"/srv/templates/{secure_filename(template)}", "/srv/workspace/current.tpl")
    return {"cloned": template}
