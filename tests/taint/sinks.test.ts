import { describe, expect, it } from "vitest";
import { annotated } from "./harness.js";

async function check(code: string): Promise<void> {
  const { expected, actual } = await annotated({ "app.py": code });
  expect(actual).toEqual(expected);
}

describe("SQL sinks", () => {
  it("SQLAlchemy textual SQL versus the expression language", async () => {
    await check(`
      from flask import Flask, request
      from sqlalchemy import create_engine, select, text, update
      from sqlalchemy.orm import Session
      from models import User
      app = Flask(__name__)
      engine = create_engine("sqlite://")

      @app.route("/sa")
      def sa():
          name = request.args["name"]
          with Session(engine) as session:
              # ok: sql
              session.execute(select(User).where(User.name.like(f"%{name}%")).order_by(User.id))
              # ok: sql
              session.execute(update(User).where(User.id == 1).values(name=name))
              # ok: sql
              session.execute(text("SELECT * FROM users WHERE name = :n"), {"n": name})
              # ruleid: sql
              session.execute(text(f"SELECT * FROM users WHERE name = '{name}'"))
              # ruleid: sql
              session.execute(select(User).where(text("name = '" + name + "'")))
          with engine.connect() as conn:
              # ruleid: sql
              conn.exec_driver_sql("DELETE FROM users WHERE name = '%s'" % name)
          return "ok"
    `);
  });
});

describe("command sinks", () => {
  it("shell strings, argument vectors, exec and spawn", async () => {
    await check(`
      import asyncio
      import os
      import subprocess
      from flask import Flask, request
      app = Flask(__name__)

      @app.route("/c")
      async def c():
          host = request.args["host"]
          # ruleid: command
          subprocess.run("ping -c 1 " + host, shell=True)
          # ok: command
          subprocess.run(["ping", "-c", "1", host])
          # ruleid: command
          subprocess.run([host, "-c", "1"])
          # ruleid: command
          subprocess.Popen(["sh", "-c", "ping " + host])
          # ok: command
          subprocess.run(["echo"] + request.args.getlist("word"))
          # ruleid: command
          subprocess.run(request.args.getlist("argv") + ["--help"])
          # ruleid: command
          subprocess.check_output(host)
          # ok: command
          subprocess.check_output("uptime", shell=True)
          # ruleid: command
          os.popen("nslookup " + host)
          # ruleid: command
          os.execl("/bin/sh", "sh", "-c", "ping " + host)
          # ok: command
          os.execv("/usr/bin/ping", ["ping", host])
          # ruleid: command
          os.spawnlp(os.P_WAIT, host, host)
          # ruleid: command
          await asyncio.create_subprocess_shell("ping " + host)
          # ok: command
          await asyncio.create_subprocess_exec("ping", host)
          return "done"
    `);
  });
});

describe("code sinks", () => {
  it("eval, exec, compile and lower-level imports", async () => {
    await check(`
      import importlib
      from flask import Flask, request
      app = Flask(__name__)

      @app.route("/calc")
      def calc():
          expr = request.args["e"]
          # ruleid: code
          result = eval(expr)
          # ruleid: code
          exec("x = " + expr)
          # ruleid: code
          code = compile(expr, "<input>", "eval")
          # ruleid: code
          mod = importlib.import_module(expr)
          # ok: code
          value = eval("1 + 2")
          return str(result)
    `);
  });
});

describe("deserialization sinks", () => {
  it("pickle, marshal, yaml without a safe loader", async () => {
    await check(`
      import base64
      import marshal
      import pickle
      import yaml
      from flask import Flask, request
      app = Flask(__name__)

      @app.route("/load", methods=["POST"])
      def load():
          blob = base64.b64decode(request.cookies["session"])
          # ruleid: deserialization
          state = pickle.loads(blob)
          # ruleid: deserialization
          code = marshal.loads(request.data)
          # ruleid: deserialization
          conf = yaml.load(request.data, Loader=yaml.Loader)
          # ok: deserialization
          safe = yaml.load(request.data, Loader=yaml.SafeLoader)
          # ok: deserialization
          safer = yaml.safe_load(request.data)
          # ruleid: deserialization
          upload = pickle.load(request.files["f"])
          strict = True
          loader = yaml.SafeLoader if strict else yaml.Loader
          # ok: deserialization
          chosen = yaml.load(request.data, Loader=loader)
          lax = yaml.SafeLoader if not strict else yaml.Loader
          # ruleid: deserialization
          other = yaml.load(request.data, Loader=lax)
          return "ok"
    `);
  });
});

describe("LDAP sinks", () => {
  it("filters and DNs, with escaping", async () => {
    await check(`
      import ldap
      import ldap3
      from ldap3.utils.conv import escape_filter_chars
      from flask import Flask, request
      app = Flask(__name__)

      @app.route("/who")
      def who():
          user = request.args["user"]
          conn = ldap.initialize("ldap://directory")
          # ruleid: ldap
          conn.search_s("dc=example,dc=org", ldap.SCOPE_SUBTREE, "(uid=" + user + ")")
          server = ldap3.Server("directory")
          c3 = ldap3.Connection(server)
          # ruleid: ldap
          c3.search("dc=example,dc=org", f"(cn={user})")
          # ok: ldap
          c3.search("dc=example,dc=org", f"(cn={escape_filter_chars(user)})")
          # ruleid: ldap
          c3.search("ou=" + user + ",dc=example,dc=org", "(objectClass=person)")
          # ruleid: ldap
          bound = ldap3.Connection(server, user="uid=" + user + ",dc=example,dc=org", password="x")
          # ruleid: ldap
          conn.simple_bind_s("uid=%s,dc=example,dc=org" % user, "secret")
          return "ok"
    `);
  });
});

describe("XPath sinks", () => {
  it("lxml xpath with variables is safe; ElementTree find with input is not", async () => {
    await check(`
      import xml.etree.ElementTree as ET
      from lxml import etree
      from flask import Flask, request
      app = Flask(__name__)

      @app.route("/x")
      def x():
          name = request.args["name"]
          tree = etree.parse("users.xml")
          # ruleid: xpath
          tree.xpath("//user[@name='" + name + "']")
          # ok: xpath
          tree.xpath("//user[@name=$n]", n=name)
          # ruleid: xpath
          finder = etree.XPath("//user[@name='%s']" % name)
          root = ET.parse("users.xml").getroot()
          # ruleid: xpath
          root.findall(".//user[@name='" + name + "']")
          # ok: xpath
          root.findall(".//user")
          # ok: xpath
          "abc".find(name)
          evaluator = etree.XPathEvaluator(tree)
          # ruleid: xpath
          evaluator("//user[@name='" + name + "']")
          return "ok"
    `);
  });
});

describe("XSS sinks", () => {
  it("returned strings, responses, markup and templates", async () => {
    await check(`
      import html
      import bleach
      from flask import Flask, Response, jsonify, make_response, render_template, render_template_string, request
      from jinja2 import Environment, Template, select_autoescape
      from markupsafe import Markup, escape
      app = Flask(__name__)

      @app.route("/a")
      def a():
          name = request.args["name"]
          # ruleid: xss
          return "<h1>Hello " + name + "</h1>"

      @app.route("/b")
      def b():
          name = request.args["name"]
          # ok: xss
          return "<h1>Hello " + html.escape(name) + "</h1>"

      @app.route("/c")
      def c():
          name = request.args["name"]
          # ok: xss
          return jsonify(greeting=name)

      @app.route("/d")
      def d():
          name = request.args["name"]
          # ruleid: xss
          resp = make_response("<b>" + name + "</b>")
          return resp

      @app.route("/e")
      def e():
          name = request.args["name"]
          # ok: xss
          return Response(name, mimetype="text/plain")

      @app.route("/f")
      def f():
          name = request.args["name"]
          # ruleid: xss
          return Response("<p>" + name + "</p>")

      @app.route("/g")
      def g():
          name = request.args["name"]
          # ok: xss
          return render_template("hello.html", name=name)

      @app.route("/h")
      def h():
          name = request.args["name"]
          # the template text is code: reported once, as template injection
          # ruleid: template
          # ok: xss
          return render_template_string("<p>" + name + "</p>")

      @app.route("/i")
      def i():
          name = request.args["name"]
          # ruleid: xss
          return Markup("<p>" + name + "</p>")

      @app.route("/j")
      def j():
          name = request.args["name"]
          # ok: xss
          return Markup("<p>%s</p>") % name

      @app.route("/k")
      def k():
          name = request.args["name"]
          # ruleid: xss
          return Template("<p>{{ n }}</p>").render(n=name)

      @app.route("/l")
      def l():
          name = request.args["name"]
          env = Environment(autoescape=select_autoescape())
          # ok: xss
          return env.from_string("<p>{{ n }}</p>").render(n=name)

      @app.route("/m")
      def m():
          name = request.args["name"]
          # ok: xss
          return "<p>" + escape(name) + "</p>", 200

      @app.route("/quote")
      def quote():
          name = html.escape(request.args["name"], quote=False)
          # ruleid: xss
          return "<input value='" + name + "'>"

      @app.route("/clean")
      def cleaned():
          # ok: xss
          return "<p>" + bleach.clean(request.args["bio"]) + "</p>"

      @app.route("/n")
      def n():
          # ruleid: xss
          return "<p>" + request.args["name"] + "</p>", 404

      @app.route("/o")
      def o():
          # ok: xss
          return request.args["name"], 200, {"Content-Type": "text/plain"}

      @app.route("/p")
      def p():
          # ruleid: xss
          return request.args["name"], 200, {"Content-Type": "text/html; charset=utf-8"}
    `);
  });
});

describe("path sinks", () => {
  it("open, os and shutil calls, pathlib, send_file, uploads; sanitizers and containment checks", async () => {
    await check(`
      import io
      import os
      import shutil
      from pathlib import Path
      from flask import Flask, abort, request, send_file, send_from_directory
      from werkzeug.utils import secure_filename
      from werkzeug.security import safe_join
      app = Flask(__name__)
      BASE = "/srv/files"

      @app.route("/read")
      def read():
          name = request.args["name"]
          # ruleid: path
          with open(os.path.join(BASE, name)) as fh:
              data = fh.read()
          # ok: path
          with open(os.path.join(BASE, os.path.basename(name))) as fh:
              data = fh.read()
          # ok: path
          open(os.path.join(BASE, secure_filename(name)))
          # ok: path
          open(safe_join(BASE, name))
          # ruleid: path
          os.remove(BASE + "/" + name)
          # ruleid: path
          shutil.rmtree(os.path.join(BASE, name))
          # ruleid: path
          text = (Path(BASE) / name).read_text()
          # ruleid: path
          return send_file(os.path.join(BASE, name))

      @app.route("/safe")
      def safe():
          name = request.args["name"]
          full = os.path.realpath(os.path.join(BASE, name))
          if not full.startswith(BASE + os.sep):
              abort(403)
          # ok: path
          return send_file(full)

      @app.route("/unsafe")
      def unsafe():
          name = request.args["name"]
          full = os.path.join(BASE, name)
          if not full.startswith(BASE):
              abort(403)
          # ruleid: path
          return send_file(full)

      @app.route("/dir")
      def directory():
          # ok: path
          return send_from_directory(BASE, request.args["name"])

      @app.route("/export")
      def export():
          data = request.args["csv"].encode()
          # ok: path
          return send_file(io.BytesIO(data), download_name="export.csv")

      @app.route("/dir2")
      def directory2():
          # ruleid: path
          return send_from_directory(request.args["dir"], "index.html")

      @app.route("/upload", methods=["POST"])
      def upload():
          f = request.files["file"]
          # ruleid: path
          f.save(os.path.join(BASE, f.filename))
          # ok: path
          f.save(os.path.join(BASE, secure_filename(f.filename)))
          return "ok"
    `);
  });
});
