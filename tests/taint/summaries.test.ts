import { describe, expect, it } from "vitest";
import { runTaint, expectAnnotated } from "./harness.js";

const check = expectAnnotated;

describe("function summaries", () => {
  it("module-level lambdas are summarised like defs, also when imported from another file", async () => {
    await check({
      "helpers.py": `
        import html
        wrap = lambda v: "<em>" + html.escape(v) + "</em>"
        first = lambda v: "constant"
        keep = lambda v: v.strip()
      `,
      "app.py": `
        from flask import Flask, request
        from helpers import wrap, first, keep
        app = Flask(__name__)
        local_first = lambda v, w="x": w

        @app.route("/wrap")
        def wrapped():
            # ok: xss
            return wrap(request.args["uid"])

        @app.route("/first")
        def constant():
            # ok: xss
            return first(request.args["uid"])

        @app.route("/local")
        def defaulted():
            # ok: xss
            return local_first(request.args["uid"])

        @app.route("/keep")
        def kept():
            # ruleid: xss
            return keep(request.args["uid"])
      `,
    });
  });

  it("parameters to return values, with sanitisation recorded", async () => {
    await check({
      "app.py": `
        import html
        import os
        from flask import Flask, request
        app = Flask(__name__)

        def passthrough(value):
            return value.strip()

        def escaped(value):
            return html.escape(value)

        def constant(value):
            return "fixed"

        def pick(values, index):
            return values[index]

        @app.route("/a")
        def a():
            p = request.args["p"]
            # ruleid: command
            os.system(passthrough(p))
            # ok: command
            os.system(constant(p))
            # ruleid: command
            os.system(escaped(p))
            # ok: command
            os.system(pick(["ls", p], 0))
            # ruleid: command
            os.system(pick(["ls", p], 1))
            return escaped(p)

        @app.route("/b")
        def b():
            # ok: xss
            return escaped(request.args["p"])

        @app.route("/c")
        def c():
            # ruleid: xss
            return passthrough(request.args["p"])
      `,
    });
  });

  it("functions returning a source are sources; parameters reaching sinks inside are reported at the sink", async () => {
    await check({
      "app.py": `
        import os
        from flask import Flask, request
        app = Flask(__name__)

        def get_param(name):
            return request.args.get(name)

        def run(cmd):
            # ruleid: command
            os.system("sh -c " + cmd)

        def run_safe(cmd):
            # ok: command
            os.system("echo hello")

        @app.route("/d")
        def d():
            value = get_param("x")
            run(value)
            run_safe(value)
            run("uptime")
      `,
    });
  });

  it("works across files with relative and aliased imports", async () => {
    await check({
      "pkg/__init__.py": "",
      "pkg/helpers.py": `
        from flask import request

        def get_param(name):
            return request.form[name]

        def build_query(table, value):
            return "SELECT * FROM " + table + " WHERE v = '" + value + "'"

        def sanitize(value):
            return int(value)
      `,
      "pkg/db.py": `
        import sqlite3

        def run_query(sql):
            conn = sqlite3.connect("app.db")
            # ruleid: sql
            return conn.execute(sql).fetchall()
      `,
      "pkg/views.py": `
        from flask import Flask
        from .helpers import get_param, sanitize
        import pkg.helpers as h
        from pkg import db
        app = Flask(__name__)

        @app.route("/e")
        def e():
            v = get_param("v")
            db.run_query(h.build_query("users", v))
            db.run_query(h.build_query("users", str(sanitize(v))))
      `,
    });
  });

  it("class attributes set in __init__ and read through self", async () => {
    await check({
      "app.py": `
        import subprocess
        from flask import Flask, request
        app = Flask(__name__)

        class Runner:
            def __init__(self, command, label="job"):
                self.command = command
                self.label = label

            def run(self):
                # ruleid: command
                subprocess.call(self.command, shell=True)

            def describe(self):
                # ok: command
                subprocess.call("echo " + self.label, shell=True)

        class Holder:
            def __init__(self):
                self.value = "fixed"

            def set(self, value):
                self.value = value

            def get(self):
                return self.value

        @app.route("/f")
        def f():
            r = Runner(request.args["cmd"])
            r.run()
            r.describe()
            holder = Holder()
            holder.set(request.args["v"])
            # ruleid: command
            subprocess.call(holder.get(), shell=True)
            clean = Holder()
            # ok: command
            subprocess.call(clean.get(), shell=True)
      `,
    });
  });

  it("typed objects passed to helpers keep their type; classmethod factories and class aliases instantiate", async () => {
    await check({
      "app.py": `
        import os
        from flask import Flask, request
        app = Flask(__name__)

        def requested(req, name):
            return req.args.get(name)

        def upload_name(req):
            return req.files["f"].filename

        class Job:
            def __init__(self, cmd):
                self.cmd = cmd

            @classmethod
            def from_request(cls, req):
                return cls(req.form["cmd"])

            @classmethod
            def default(cls):
                return cls("uptime")

            def run(self):
                # ruleid: command
                os.system(self.cmd)

        @app.route("/t")
        def t():
            # ruleid: command
            os.system(requested(request, "x"))
            # ruleid: command
            os.system("ls " + upload_name(request))
            Job.from_request(request).run()
            factory = Job
            factory(request.args["c"]).run()

        @app.route("/u")
        def u():
            Job.default().run()
      `,
    });
  });

  it("default arguments, *args and **kwargs", async () => {
    await check({
      "app.py": `
        import os
        from flask import Flask, request
        app = Flask(__name__)

        def with_default(cmd, prefix="ls "):
            return prefix + cmd

        def first(*args):
            return args[0]

        def keyword(**kwargs):
            return kwargs["cmd"]

        @app.route("/g")
        def g():
            p = request.args["p"]
            # ruleid: command
            os.system(with_default(p))
            # ok: command
            os.system(with_default("x"))
            # ruleid: command
            os.system(first(p, "x"))
            # ok: command
            os.system(first("x", p))
            # ruleid: command
            os.system(keyword(cmd=p))
            # ok: command
            os.system(keyword(cmd="ls", other=p))
      `,
    });
  });

  it("validators and functions that never return act as guards", async () => {
    await check({
      "app.py": `
        import os
        from flask import Flask, abort, request
        app = Flask(__name__)
        ALLOWED = ["start", "stop"]

        def is_allowed(action):
            return action in ALLOWED

        def deny():
            abort(403)

        @app.route("/h")
        def h():
            action = request.args["a"]
            if not is_allowed(action):
                deny()
            # ok: command
            os.system("service app " + action)
            other = request.args["o"]
            if is_allowed(other):
                pass
            # ruleid: command
            os.system("service app " + other)
      `,
    });
  });

  it("constant arguments specialise a function with branches", async () => {
    await check({
      "app.py": `
        import os
        from flask import Flask, request
        app = Flask(__name__)

        def choose(flag, value):
            if flag:
                return value
            return "safe"

        @app.route("/i")
        def i():
            p = request.args["p"]
            # ok: command
            os.system(choose(False, p))
            # ruleid: command
            os.system(choose(True, p))
      `,
    });
  });

  it("methods are specialised for the receiver's constant settings", async () => {
    await check({
      "app.py": `
        import os
        from flask import Flask, request
        app = Flask(__name__)

        class Cleaner:
            def __init__(self, strict):
                self.strict = strict

            def clean(self, value):
                if self.strict:
                    return str(int(value))
                return value

        @app.route("/k2")
        def k2():
            # ok: command
            os.system("kill " + Cleaner(True).clean(request.args["pid"]))
            # ruleid: command
            os.system("kill " + Cleaner(False).clean(request.args["pid"]))
      `,
    });
  });

  it("runtime-chosen callables propagate their arguments", async () => {
    await check({
      "app.py": `
        import os
        from flask import Flask, request
        app = Flask(__name__)
        HANDLERS = {"a": str.upper}

        @app.route("/j")
        def j():
            p = request.args["p"]
            fn = HANDLERS.get(request.args["h"])
            # ruleid: command
            os.system(fn(p))
      `,
    });
  });

  it("functions, library calls and properties reached through variables, getattr, map and locals()", async () => {
    await check({
      "app.py": `
        import os
        import sqlite3
        from flask import Flask, request
        app = Flask(__name__)

        def run_query(sql):
            # ruleid: sql
            sqlite3.connect("x").execute(sql)

        class Account:
            def __init__(self, name):
                self._name = name

            @property
            def name(self):
                return self._name

            @property
            def kind(self):
                return "user"

        @app.route("/v")
        def v():
            p = request.args["p"]
            run = os.system
            # ruleid: command
            run(p)
            # ruleid: command
            getattr(os, "system")(p)
            handler = run_query
            handler(p)
            ids = list(map(int, request.args.getlist("id")))
            # ok: command
            os.system("kill " + " ".join(map(str, ids)))
            # ruleid: command
            os.system("echo {p}".format(**locals()))
            account = Account(p)
            # ruleid: command
            os.system("id " + account.name)
            # ok: command
            os.system("id " + account.kind)
      `,
    });
  });

  it("functions handed to unknown library calls run with the other arguments", async () => {
    await check({
      "app.py": `
        import os
        import threading
        from concurrent.futures import ThreadPoolExecutor
        from flask import Flask, request
        app = Flask(__name__)
        pool = ThreadPoolExecutor(2)

        def convert(path):
            # ruleid: command
            os.system("convert " + path)

        def archive(path):
            # ruleid: command
            os.system("tar czf out.tgz " + path)

        def cleanup():
            # ok: command
            os.system("rm -rf /tmp/cache")

        @app.route("/w")
        def w():
            threading.Thread(target=convert, args=(request.args["p"],)).start()
            pool.submit(archive, request.form["q"])
            # ruleid: command
            pool.submit(lambda: os.system("ping " + request.args["h"]))
            threading.Thread(target=cleanup).start()
      `,
    });
  });

  it("module globals assigned by one function are seen by the others, whatever their order", async () => {
    await check({
      "app.py": `
        import os
        from flask import Flask, request
        app = Flask(__name__)
        LAST = "uptime"
        FIXED = "uptime"

        @app.route("/replay")
        def replay():
            # ruleid: command
            os.system(LAST)
            # ok: command
            os.system(FIXED)

        @app.route("/remember")
        def remember():
            global LAST, FIXED
            LAST = request.args["cmd"]
            FIXED = "date"
      `,
    });
  });

  it("the second pass recomputes the helpers that read a global, an instance attribute or flask.g written later, and what calls them", async () => {
    await check({
      "app.py": `
        import os
        import sqlite3
        from flask import Flask, g, request
        app = Flask(__name__)
        TARGET = "/srv/data"
        GREETING = "hello"

        def backup_command():
            return "tar czf /tmp/backup.tgz " + TARGET

        def greeting():
            return "echo " + GREETING

        @app.route("/backup")
        def backup():
            # ruleid: command
            os.system(backup_command())
            # ok: command
            os.system(greeting())

        class Report:
            def render(self):
                return self.footer()

            def footer(self):
                return "SELECT * FROM reports WHERE title = '%s'" % self.title

            def header(self):
                return "SELECT * FROM reports WHERE kind = '%s'" % self.kind

            def load(self, db):
                # ruleid: sql
                db.execute(self.render())
                # ok: sql
                db.execute(self.header())

            def update(self):
                self.title = request.args["title"]
                self.kind = "monthly"

        def audit_query():
            return "SELECT * FROM audit WHERE account = '%s'" % g.account

        def region_query():
            return "SELECT * FROM audit WHERE region = '%s'" % g.region

        @app.route("/audit")
        def audit():
            db = sqlite3.connect("app.db")
            # ruleid: sql
            db.execute(audit_query())
            # ok: sql
            db.execute(region_query())

        @app.route("/settings")
        def settings():
            global TARGET
            TARGET = request.args["target"]
            g.account = request.headers.get("X-Account", "")
            g.region = "eu-west"
      `,
    });
  });

  it("recursion terminates", async () => {
    const run = await runTaint({
      "app.py": `
        import os
        from flask import Flask, request
        app = Flask(__name__)

        def walk(value, n):
            if n == 0:
                return value
            return walk(value + "x", n - 1)

        def ping(v):
            return pong(v)

        def pong(v):
            return ping(v)

        @app.route("/k")
        def k():
            os.system(walk(request.args["p"], 3))
            os.system(ping(request.args["q"]))
      `,
    });
    expect(run.hits).toEqual(["app.py:18:command", "app.py:19:command"]);
  });
});
