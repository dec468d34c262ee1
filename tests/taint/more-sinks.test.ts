import { describe, it } from "vitest";
import { expectAnnotated } from "./harness.js";

const check = expectAnnotated;

describe("sinks added for the wider set of entry points", () => {
  it("XPath through elementpath, evaluators called in place and libxml2", async () => {
    await check({
      "app.py": `
        import elementpath
        import libxml2
        from lxml import etree
        from flask import Flask, request

        app = Flask(__name__)
        TREE = etree.parse("catalog.xml")

        @app.route("/books")
        def books():
            author = request.args["author"]
            # ruleid: xpath
            a = elementpath.select(TREE, "//book[author='" + author + "']")
            # ok: xpath
            b = elementpath.select(TREE, "//book[author=$a]", variables={"a": author})
            # ruleid: xpath
            c = etree.XPathEvaluator(TREE)("//book[title='" + author + "']")
            doc = libxml2.parseFile("catalog.xml")
            # ruleid: xpath
            d = doc.xpathEval("//book[@id='" + request.args["id"] + "']")
            return str([a, b, c, d])
      `,
    });
  });

  it("shells and interpreters: event loops, platform.popen, scripts piped to stdin, sub-interpreters", async () => {
    await check({
      "app.py": `
        import asyncio
        import platform
        import subprocess
        import _xxsubinterpreters as interpreters
        from fastapi import FastAPI

        app = FastAPI()

        @app.post("/run")
        async def run(cmd: str, code: str, host: str):
            loop = asyncio.get_running_loop()
            # ruleid: command
            await loop.subprocess_shell(asyncio.SubprocessProtocol, "ping -c1 " + host)
            # ok: command
            await loop.subprocess_shell(asyncio.SubprocessProtocol, "uptime")
            # ruleid: command
            platform.popen("nslookup " + host).read()
            proc = subprocess.Popen(["python3", "-"], stdin=subprocess.PIPE)
            # ruleid: code
            proc.communicate(code.encode())
            shell = subprocess.Popen(["bash"], stdin=subprocess.PIPE)
            # ruleid: command
            shell.stdin.write(cmd.encode())
            # ok: command, code
            subprocess.run(["grep", "-c", "x"], input=code.encode())
            # ruleid: code
            subprocess.run(["python3"], input=code, text=True)
            interp = interpreters.create()
            # ruleid: code
            interpreters.run_string(interp, code)
            return {}
      `,
    });
  });

  it("a command vector whose program differs by branch is a shell when any branch is one", async () => {
    await check({
      "app.py": `
        import subprocess
        import sys
        from flask import Flask, request

        app = Flask(__name__)

        @app.route("/ping")
        def ping():
            host = request.args["host"]
            if sys.platform == "win32":
                cmd = ["cmd.exe", "/c", "ping -n 1 " + host]
            else:
                cmd = ["sh", "-c", "ping -c 1 " + host]
            # ruleid: command
            subprocess.run(cmd)
            if sys.platform == "win32":
                safe = ["ping", "-n", "1", host]
            else:
                safe = ["ping", "-c", "1", host]
            # ok: command
            subprocess.run(safe)
            return "ok"
      `,
    });
  });

  it("paths built from input whatever the base, TextClause and Flask-SQLAlchemy", async () => {
    await check({
      "app.py": `
        import shutil
        from flask import Flask, request
        from flask_sqlalchemy import SQLAlchemy
        from sqlalchemy.sql.expression import TextClause
        import settings

        app = Flask(__name__)
        db = SQLAlchemy(app)

        @app.post("/upload")
        def upload():
            name = request.form["name"]
            # ruleid: path
            settings.MEDIA_ROOT.joinpath(name).write_bytes(request.files["f"].read())
            target = settings.MEDIA_ROOT / name
            # ruleid: path
            target.unlink()
            # ok: path
            (settings.MEDIA_ROOT / "latest.bin").unlink()
            # ruleid: path
            shutil.move(str(target), settings.ARCHIVE)
            store(app.config["UPLOADS"], name, request.form["text"])
            return "ok"

        def store(folder, name, text):
            # ruleid: path
            (folder / name).write_text(text)
            # ruleid: path
            folder.joinpath("drafts", name).read_text()

        @app.route("/users")
        def users():
            q = request.args["q"]
            # ruleid: sql
            db.session.execute("SELECT * FROM users WHERE name = '" + q + "'")
            # ruleid: sql
            db.session.execute(db.text("SELECT * FROM users WHERE name = '%s'" % q))
            # ok: sql
            db.session.execute(db.text("SELECT * FROM users WHERE name = :q"), {"q": q})
            # ruleid: sql
            db.session.execute(TextClause("SELECT 1 WHERE '" + q + "' = ''"))
            return "ok"
      `,
      "settings.py": `
        from pathlib import Path
        MEDIA_ROOT = Path("/srv/media")
        ARCHIVE = "/srv/archive"
      `,
    });
  });

  it("the rest of the list: document evaluators, executors running eval or a shell, popen2, copies and renames", async () => {
    await check({
      "app.py": `
        import asyncio
        import os
        import shutil
        from lxml import etree
        from fastapi import FastAPI

        app = FastAPI()
        CATALOG = etree.parse("catalog.xml")
        UPLOADS = "/srv/uploads"

        @app.get("/books")
        async def books(title: str, expr: str, host: str, name: str):
            find = etree.XPathDocumentEvaluator(CATALOG)
            # ruleid: xpath
            hits = find("//book[title='" + title + "']")
            # ok: xpath
            same = find("//book[title=$t]", t=title)
            loop = asyncio.get_running_loop()
            # ruleid: code
            await loop.run_in_executor(None, eval, expr)
            # ruleid: command
            await loop.run_in_executor(None, os.system, "ping -c1 " + host)
            # ok: command
            await loop.run_in_executor(None, os.system, "uptime")
            # ruleid: command
            os.popen2("nslookup " + host)
            # ruleid: path
            shutil.copy(os.path.join(UPLOADS, name), "/srv/public")
            # ok: path
            shutil.copy(os.path.join(UPLOADS, os.path.basename(name)), "/srv/public")
            # ruleid: path
            os.rename(os.path.join(UPLOADS, "incoming.bin"), os.path.join(UPLOADS, name))
            return {"hits": len(hits) + len(same)}
      `,
    });
  });
});
