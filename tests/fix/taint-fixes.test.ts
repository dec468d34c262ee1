/**
 * Exact rewritten text of each data-flow rule's fix: parameterised SQL per driver, argument lists
 * instead of shells, escaping per framework, contained paths, and CORS origins from configuration —
 * CRLF files, tabs, non-ASCII text, decorators and multi-line calls included. `fixedText` fails when
 * the verifier withheld a fix, so a fix that leaves its finding behind fails here.
 */
import { describe, expect, it } from "vitest";
import { fixedText, scanWithFixes } from "./helpers.js";

const lines = (...l: string[]) => `${l.join("\n")}\n`;
const FLASK = ["from flask import Flask, request", "", "app = Flask(__name__)", ""];

describe("sql-injection", () => {
  it("sqlite3: a quoted LIKE pattern becomes one ? parameter holding the pattern, in a CRLF file", async () => {
    const before = [
      "import sqlite3",
      "",
      "from flask import Flask, request",
      "",
      "app = Flask(__name__)",
      "",
      "",
      '@app.route("/search")',
      "def search():",
      '    term = request.args.get("q", "")',
      '    db = sqlite3.connect("shop.db")',
      "    rows = db.execute(f\"SELECT id FROM products WHERE name LIKE '%{term}%'\").fetchall()",
      "    return {\"ids\": [r[0] for r in rows]}",
      "",
    ].join("\r\n");
    const { text, finding } = await fixedText({ "shop.py": before }, "shop.py", "sql-injection");
    expect(text).toBe(before.replace(`db.execute(f"SELECT id FROM products WHERE name LIKE '%{term}%'")`, `db.execute("SELECT id FROM products WHERE name LIKE ?", (f"%{term}%",))`));
    expect(finding.fix!.safety).toBe("safe");
  });

  it("psycopg2: %-formatting becomes %s placeholders, a literal % is doubled, a bare number is an unsafe parameter", async () => {
    const before = lines(
      ...FLASK,
      "import psycopg2",
      "",
      "",
      '@app.route("/orders")',
      "def orders():",
      '    conn = psycopg2.connect("dbname=shop")',
      "    cur = conn.cursor()",
      "    cur.execute(",
      "        \"SELECT id FROM orders WHERE note LIKE 'rush%%' AND customer = '%s' AND total > %s\"",
      '        % (request.args["customer"], request.args["min"])',
      "    )",
      "    return {\"orders\": cur.fetchall()}",
    );
    const { text, finding } = await fixedText({ "orders.py": before }, "orders.py", "sql-injection");
    expect(text).toBe(
      before.replace(
        "        \"SELECT id FROM orders WHERE note LIKE 'rush%%' AND customer = '%s' AND total > %s\"\n        % (request.args[\"customer\"], request.args[\"min\"])\n",
        "        \"SELECT id FROM orders WHERE note LIKE 'rush%%' AND customer = %s AND total > %s\", (request.args[\"customer\"], request.args[\"min\"])\n",
      ),
    );
    expect(finding.fix!.safety).toBe("unsafe");
  });

  it("asyncpg: $1 placeholders and the values as further arguments; a query built in a variable is rewritten where it is built", async () => {
    const before = lines(
      "import asyncpg",
      "from fastapi import FastAPI",
      "",
      "app = FastAPI()",
      "",
      "",
      '@app.get("/users")',
      "async def users(email: str):",
      '    conn = await asyncpg.connect("postgresql://localhost/app")',
      "    query = \"SELECT id, name FROM users WHERE email = '\" + email + \"'\"",
      "    return await conn.fetch(query)",
    );
    const { text } = await fixedText({ "users.py": before }, "users.py", "sql-injection");
    expect(text).toBe(before.replace("    query = \"SELECT id, name FROM users WHERE email = '\" + email + \"'\"", '    query = "SELECT id, name FROM users WHERE email = $1"').replace("conn.fetch(query)", "conn.fetch(query, email)"));
  });

  it("SQLAlchemy text(): a :name placeholder and a dict of bound parameters; non-ASCII text kept", async () => {
    const before = lines(
      "from flask import Flask, request",
      "from sqlalchemy import create_engine, text",
      "",
      "app = Flask(__name__)",
      'engine = create_engine("sqlite:///catalogue.db")',
      "",
      "",
      '@app.route("/catégorie")',
      "def categorie():",
      '    nom = request.args.get("nom", "")',
      "    with engine.connect() as conn:",
      "        rows = conn.execute(text(\"SELECT titre FROM livres WHERE catégorie = '{}'\".format(nom))).all()",
      "    return {\"livres\": [r[0] for r in rows]}",
    );
    const { text } = await fixedText({ "livres.py": before }, "livres.py", "sql-injection");
    expect(text).toBe(before.replace(`conn.execute(text("SELECT titre FROM livres WHERE catégorie = '{}'".format(nom)))`, `conn.execute(text("SELECT titre FROM livres WHERE catégorie = :nom"), {"nom": nom})`));
  });

  it("Django raw(): a query concatenated before the call, with a quote glued to the next keyword", async () => {
    const before = lines(
      "from django.http import JsonResponse",
      "",
      "from .models import Account",
      "",
      "",
      "def login(request):",
      '    name = request.POST["name"]',
      "    query = \"SELECT * FROM accounts WHERE user='\" + name + \"'AND active = 1\"",
      "    return JsonResponse({\"ids\": [a.id for a in Account.objects.raw(query)]})",
    );
    const { text } = await fixedText({ "shop/views.py": before, "shop/__init__.py": "", "shop/models.py": "from django.db import models\n\n\nclass Account(models.Model):\n    user = models.TextField()\n" }, "shop/views.py", "sql-injection");
    expect(text).toBe(before.replace("\"SELECT * FROM accounts WHERE user='\" + name + \"'AND active = 1\"", '"SELECT * FROM accounts WHERE user=%s AND active = 1"').replace("Account.objects.raw(query)", "Account.objects.raw(query, [name])"));
  });

  it("an ORDER BY column from the request gets no fix, and a note about an allow-list", async () => {
    const scan = await scanWithFixes({
      "report.py": lines(...FLASK, "import sqlite3", "", "", '@app.route("/report")', "def report():", '    column = request.args.get("sort", "id")', '    db = sqlite3.connect("shop.db")', '    return {"rows": db.execute(f"SELECT id, total FROM orders ORDER BY {column}").fetchall()}'),
    });
    const finding = scan.findings.find((f) => f.ruleId === "sql-injection")!;
    expect(finding.fix).toBeUndefined();
    expect(finding.fixNote).toBe("column is used as the name after ORDER BY in the SQL, which a query parameter cannot carry; check it against an allow-list of known names before building the query");
  });
});

describe("command-injection", () => {
  it("shell=True with an f-string becomes an argument list without a shell (multi-line call)", async () => {
    const before = lines(
      ...FLASK,
      "import subprocess",
      "",
      "",
      '@app.route("/ping")',
      "def ping():",
      '    host = request.args.get("host", "localhost")',
      "    result = subprocess.run(",
      "        f\"ping -c 1 -W '{host}'\",",
      "        shell=True,",
      "        capture_output=True,",
      "    )",
      "    return {\"ok\": result.returncode == 0}",
    );
    const { text } = await fixedText({ "tools.py": before }, "tools.py", "command-injection");
    expect(text).toBe(before.replace("        f\"ping -c 1 -W '{host}'\",\n        shell=True,\n", '        ["ping", "-c", "1", "-W", host],\n'));
  });

  it("os.system becomes subprocess.run(..., check=False), imported after the file's stdlib imports, tab-indented", async () => {
    const before = lines(
      "import os",
      "",
      "from flask import Flask, request",
      "",
      "app = Flask(__name__)",
      "",
      "",
      '@app.route("/archive")',
      "def archive():",
      '\tname = request.args["name"]',
      '\tos.system("tar czf /tmp/out.tgz " + name)',
      '\treturn "ok"',
    );
    const { text } = await fixedText({ "archive.py": before }, "archive.py", "command-injection");
    expect(text).toBe(before.replace("import os\n", "import os\nimport subprocess\n").replace('\tos.system("tar czf /tmp/out.tgz " + name)', '\tsubprocess.run(["tar", "czf", "/tmp/out.tgz", name], check=False)'));
  });

  it("a command with a pipe gets no fix, and says why", async () => {
    const scan = await scanWithFixes({
      "logs.py": lines(...FLASK, "import subprocess", "", "", '@app.route("/grep")', "def grep():", '    word = request.args["w"]', '    return subprocess.check_output(f"grep {word} /var/log/app.log | tail -5", shell=True)'),
    });
    const finding = scan.findings.find((f) => f.ruleId === "command-injection")!;
    expect(finding.fix).toBeUndefined();
    expect(finding.fixNote).toContain("the command uses shell syntax");
  });
});

describe("reflected-xss", () => {
  it("Django: escape() imported from django.utils.html, inside a decorated view", async () => {
    const before = lines(
      "from django.http import HttpResponse",
      "from django.views.decorators.http import require_GET",
      "",
      "",
      "@require_GET",
      "def greet(request):",
      '    name = request.GET.get("name", "")',
      '    return HttpResponse(f"<p>Hello {name}</p>")',
    );
    const { text, finding } = await fixedText({ "views.py": before }, "views.py", "reflected-xss");
    expect(text).toBe(
      before.replace("from django.http import HttpResponse\n", "from django.http import HttpResponse\nfrom django.utils.html import escape\n").replace("{name}", "{escape(name)}"),
    );
    expect(finding.fix!.safety).toBe("safe");
  });

  it("FastAPI: html.escape through the existing import html", async () => {
    const before = lines(
      "import html",
      "",
      "from fastapi import FastAPI",
      "from fastapi.responses import HTMLResponse",
      "",
      "app = FastAPI()",
      "",
      "",
      '@app.get("/hello", response_class=HTMLResponse)',
      "def hello(who: str):",
      '    return HTMLResponse("<h1>Hi " + who + "</h1>")',
    );
    const { text } = await fixedText({ "hello.py": before }, "hello.py", "reflected-xss");
    expect(text).toBe(before.replace('"<h1>Hi " + who + "</h1>"', '"<h1>Hi " + html.escape(who) + "</h1>"'));
  });
});

describe("path-traversal", () => {
  it("Flask: send_file(os.path.join(...)) becomes send_from_directory, added to the flask import", async () => {
    const before = lines("import os", "", "from flask import Flask, request, send_file", "", "app = Flask(__name__)", "", "", '@app.route("/invoice")', "def invoice():", '    name = request.args["file"]', '    return send_file(os.path.join("/srv/invoices", name), as_attachment=True)');
    const { text } = await fixedText({ "invoices.py": before }, "invoices.py", "path-traversal");
    expect(text).toBe(
      before.replace("from flask import Flask, request, send_file", "from flask import Flask, request, send_file, send_from_directory").replace('send_file(os.path.join("/srv/invoices", name), as_attachment=True)', 'send_from_directory("/srv/invoices", name, as_attachment=True)'),
    );
  });

  it("elsewhere: a resolve() + is_relative_to() guard before the statement, with the file's tabs", async () => {
    const before = lines("import os", "", "from fastapi import FastAPI", "from fastapi.responses import FileResponse", "", "app = FastAPI()", "", "", '@app.get("/reports")', "def report(name: str):", '\treturn FileResponse(os.path.join("/srv/reports", name))');
    const { text } = await fixedText({ "reports.py": before }, "reports.py", "path-traversal");
    expect(text).toBe(
      lines(
        "import os",
        "from pathlib import Path",
        "",
        "from fastapi import FastAPI",
        "from fastapi.responses import FileResponse",
        "",
        "app = FastAPI()",
        "",
        "",
        '@app.get("/reports")',
        "def report(name: str):",
        '\tsafe_path = (Path("/srv/reports") / name).resolve()',
        '\tif not safe_path.is_relative_to(Path("/srv/reports").resolve()):',
        '\t\traise PermissionError("path outside the allowed folder")',
        "\treturn FileResponse(safe_path)",
      ),
    );
  });
});

describe("path-traversal from a constant folder", () => {
  it("an f-string path under a folder gets the guard with the folder as its base", async () => {
    const before = lines(...FLASK, "", '@app.route("/draft")', "def draft():", '    name = request.cookies.get("draft", "")', '    with open(f"/srv/drafts/{name}.md", encoding="utf-8") as fh:', "        return fh.read()");
    const { text } = await fixedText({ "drafts.py": before }, "drafts.py", "path-traversal");
    expect(text).toBe(
      lines(
        "from pathlib import Path",
        "",
        ...FLASK,
        "",
        '@app.route("/draft")',
        "def draft():",
        '    name = request.cookies.get("draft", "")',
        '    safe_path = (Path("/srv/drafts") / f"{name}.md").resolve()',
        '    if not safe_path.is_relative_to(Path("/srv/drafts").resolve()):',
        '        raise PermissionError("path outside the allowed folder")',
        '    with open(safe_path, encoding="utf-8") as fh:',
        "        return fh.read()",
      ),
    );
  });
});

describe("wildcard-cors", () => {
  it('FastAPI: allow_origins=["*"] reads the origins from the environment, import os added after the docstring', async () => {
    const before = lines('"""Partner API."""', "from fastapi import FastAPI", "from fastapi.middleware.cors import CORSMiddleware", "", "app = FastAPI()", 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])');
    const { text } = await fixedText({ "api.py": before }, "api.py", "wildcard-cors");
    expect(text).toBe(
      lines('"""Partner API."""', "import os", "", "from fastapi import FastAPI", "from fastapi.middleware.cors import CORSMiddleware", "", "app = FastAPI()", 'app.add_middleware(CORSMiddleware, allow_origins=os.environ.get("CORS_ALLOWED_ORIGINS", "").split(), allow_methods=["GET"])'),
    );
  });

  it("Django settings: CORS_ALLOW_ALL_ORIGINS = True becomes CORS_ALLOWED_ORIGINS from the environment", async () => {
    const before = lines("import os", "", 'SECRET_KEY = os.environ["SECRET_KEY"]', 'INSTALLED_APPS = ["corsheaders"]', "CORS_ALLOW_ALL_ORIGINS = True");
    const { text } = await fixedText({ "settings.py": before }, "settings.py", "wildcard-cors");
    expect(text).toBe(before.replace("CORS_ALLOW_ALL_ORIGINS = True", 'CORS_ALLOWED_ORIGINS = os.environ.get("CORS_ALLOWED_ORIGINS", "").split()'));
  });
});
