import { describe, expect, it } from "vitest";
import { annotated } from "./harness.js";

async function check(files: Record<string, string>, options: { local?: boolean } = {}): Promise<void> {
  const { expected, actual } = await annotated(files, options);
  expect(actual).toEqual(expected);
}

describe("views wherever they are defined", () => {
  it("routes registered inside an application factory, with its locals", async () => {
    await check({
      "shop/__init__.py": `
        import sqlite3
        from flask import Flask, request

        def create_app(config=None):
            app = Flask(__name__)
            db = sqlite3.connect("shop.db")

            @app.route("/products")
            def products():
                term = request.args.get("q", "")
                # ruleid: sql
                rows = db.execute("SELECT * FROM products WHERE name LIKE '%" + term + "%'").fetchall()
                # ok: sql
                db.execute("SELECT * FROM products WHERE name LIKE ?", ("%" + term + "%",))
                # ruleid: xss
                return "<h1>" + term + "</h1>"

            @app.route("/products/<int:pid>/<slug>")
            def product(pid, slug):
                # ok: sql
                db.execute("SELECT * FROM products WHERE id = %d" % pid)
                # ruleid: sql
                db.execute("SELECT * FROM products WHERE slug = '%s'" % slug)
                return "ok"

            def helper(name):
                # ok: sql
                return db.execute("SELECT 1 WHERE '%s'" % name)

            return app
      `,
    });
  });

  it("init(app) and register(bp) functions, nested functions, routes under if", async () => {
    await check({
      "admin.py": `
        import os
        import subprocess
        from flask import request
        import settings

        def init(app):
            @app.route("/admin/run")
            def run():
                # ruleid: command
                subprocess.call(request.args["cmd"], shell=True)
                return "done"

        def register(bp):
            def add(bp):
                @bp.post("/admin/purge/<path:folder>")
                def purge(folder):
                    # ruleid: command
                    os.system("rm -rf /srv/cache/" + folder)
                    # ok: command
                    os.system("rm -rf /srv/cache/tmp")
                    return "purged"
            add(bp)

        if settings.DEBUG:
            from flask import Blueprint
            debug = Blueprint("debug", __name__)

            @debug.route("/debug/eval")
            def debug_eval():
                # ruleid: code
                return str(eval(request.args["expr"]))
      `,
      "settings.py": `
        DEBUG = True
      `,
    });
  });

  it("add_url_rule and add_api_route with functions defined in the factory or imported", async () => {
    await check({
      "views.py": `
        import os
        from flask import request

        def show(name):
            # ruleid: command
            os.system("cat /srv/docs/" + name)
            # ruleid: xss
            return "<pre>" + request.args.get("h", "") + "</pre>"
      `,
      "api_views.py": `
        import os

        async def download(path: str):
            # ruleid: command
            os.system("cat " + path)
            return {"ok": True}
      `,
      "app.py": `
        import os
        from fastapi import FastAPI
        from flask import Flask, request
        from views import show
        from api_views import download

        def create_app():
            app = Flask(__name__)

            def index():
                # ruleid: command
                os.system("echo " + request.args["x"])
                # ruleid: xss
                return "<p>" + request.args["x"] + "</p>"

            def not_registered(x):
                # ok: command
                os.system("echo " + x)

            app.add_url_rule("/", view_func=index)
            app.add_url_rule("/docs/<name>", "show", show)
            return app

        def create_api():
            api = FastAPI()
            api.add_api_route("/download", download)
            return api
      `,
    });
  });

  it("a nested function that is not registered is not a view", async () => {
    await check({
      "jobs.py": `
        import os
        from flask import Flask

        def make_worker():
            def work(request, name):
                # ok: command
                os.system("echo " + name)
            return work
      `,
    });
  });
});
