import { beforeAll, describe, expect, it } from "vitest";
import { loadPython } from "../../src/parse/grammar.js";
import { PythonParser } from "../../src/parse/parser.js";
import { buildFindingContext, prepareFile, type PreparedFile } from "../../src/triage/context.js";
import { finding, fixtureText, RULES, step, viewsFindings } from "./helpers.js";

let parser: PythonParser;
let views: PreparedFile;

beforeAll(async () => {
  parser = new PythonParser(await loadPython());
  views = prepareFile("app/views.py", fixtureText("app/views.py"), parser);
});

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe("prepareFile", () => {
  it("detects the framework and lists the module's imports with their lines", () => {
    expect(views.framework).toBe("Flask");
    expect(views.imports).toEqual([
      "L2: import os",
      "L3: import sqlite3",
      "L4: import subprocess",
      "L6: from flask import Flask, abort, jsonify, request, send_file",
    ]);
  });

  it("says so when the source text is not available", () => {
    const f = prepareFile("gone.py", undefined, parser);
    expect(f.framework).toBe("unknown (source not available)");
    expect(f.lines).toEqual([]);
  });
});

describe("buildFindingContext", () => {
  it("shows a short function whole, from its decorator, with the finding line marked", () => {
    const [sql] = viewsFindings();
    const ctx = buildFindingContext(sql!, RULES.get("sql-injection"), views, () => views);
    expect(ctx.excerpt).toEqual({ unitKey: "fn:18", label: "function `search_orders` (lines 18-25)", lines: range(18, 25), endLine: 25 });
    expect(ctx.functionLabel).toBe(", in function `search_orders` (lines 18-25)");
    expect(ctx.code.split("\n")).toEqual([
      ' 18 | @app.route("/orders/search")',
      " 19 | def search_orders():",
      ' 20 |     customer = request.args.get("customer", "")',
      ' 21 |     status = request.args.get("status", "open")',
      " 22 |     db = get_db()",
      ` 23 |     query = f"SELECT id, total FROM orders WHERE customer = '{customer}' AND status = '{status}'"`,
      ">24 |     rows = db.execute(query).fetchall()",
      ' 25 |     return jsonify([{"id": r[0], "total": r[1]} for r in rows])',
    ]);
    expect(ctx.cwe).toBe("CWE-89");
    expect(ctx.ruleKind).toBe("taint");
    expect(ctx.securitySeverity).toBe("9.0");
  });

  it("lists every flow step with its line and code, and the constants the code uses", () => {
    const traversal = viewsFindings()[2]!;
    const ctx = buildFindingContext(traversal, RULES.get("path-traversal"), views, () => views);
    expect(ctx.flow).toEqual([
      { kind: "source", path: "app/views.py", line: 39, code: 'name = request.args.get("name", "")', message: "name comes from request.args" },
      { kind: "step", path: "app/views.py", line: 43, code: 'path = os.path.join(REPORT_DIR, name + "." + fmt)', message: "joined into path" },
      { kind: "sink", path: "app/views.py", line: 44, code: "return send_file(path)", message: "file sent" },
    ]);
    expect(ctx.constants).toEqual(["L8: app = Flask(__name__)", 'L10: REPORT_DIR = "/srv/reports"', 'L11: ALLOWED_FORMATS = {"csv", "pdf"}']);
  });

  it("cuts a long method to its header, the class line and windows around the sink and the flow, with markers", () => {
    const path = "app/ledger.py";
    const ledger = prepareFile(path, fixtureText(path), parser);
    const f = finding(path, {
      ruleId: "sql-injection",
      line: 64,
      at: "cursor.execute(",
      message: "Request data reaches the SQL text of cursor.execute",
      flow: [step(path, 18, 'request.args.get("region", "eu")', "source", "region from request.args"), step(path, 64, "cursor.execute(", "sink", "SQL")],
    });
    const ctx = buildFindingContext(f, RULES.get("sql-injection"), ledger, () => ledger);
    expect(ctx.excerpt.label).toBe("method `LedgerExport.get` (lines 17-108)");
    expect(ctx.excerpt.lines).toEqual([14, ...range(17, 20), ...range(56, 72)]);
    const rendered = ctx.code.split("\n");
    expect(rendered[0]).toBe(" 14 | class LedgerExport(MethodView):");
    expect(rendered[1]).toBe("    ⋮ lines 15-16 omitted");
    expect(rendered[6]).toBe("    ⋮ lines 21-55 omitted");
    expect(rendered[rendered.length - 1]).toBe("    ⋮ lines 73-108 omitted");
    expect(rendered.filter((l) => l.startsWith(">"))).toEqual([
      `>64 |         cursor.execute("SELECT id, region, posted_at, amount, kind FROM " + LEDGER_TABLE + " WHERE region = '" + region + "'")`,
    ]);
    expect(ctx.constants).toEqual(['L11: LEDGER_TABLE = "ledger_entries"']);
    expect(ctx.imports).toEqual([
      "L2: import csv",
      "L3: import io",
      "L5: from flask import Response, request",
      "L6: from flask.views import MethodView",
      "L8: from .db import get_db",
    ]);
  });

  it("falls back to a window of lines for code outside any function", () => {
    const f = finding("app/views.py", { ruleId: "sql-injection", line: 9, at: "os.environ.get", message: "module level" });
    const ctx = buildFindingContext(f, undefined, views, () => views);
    expect(ctx.excerpt.label).toBe("module level");
    expect(ctx.excerpt.lines).toEqual(range(1, 17));
    expect(ctx.functionLabel).toBe("");
    expect(ctx.help).toBe("(rule metadata not available)");
    expect(ctx.cwe).toBe("CWE unknown");
  });

  it("cuts overlong lines with a marker that says how much is missing", () => {
    const text = `def handler(q):\n    return run("${"x".repeat(300)}" + q)\n`;
    const file = prepareFile("long_line.py", text, parser);
    const f = { ...viewsFindings()[0]!, path: "long_line.py", flow: [], region: { startLine: 2, startColumn: 12, endLine: 2, endColumn: 20 } };
    const ctx = buildFindingContext(f, undefined, file, () => file);
    const line2 = ctx.code.split("\n")[1]!;
    expect(line2.startsWith('>2 |     return run("xxxx')).toBe(true);
    expect(line2.endsWith("…[+122 chars]")).toBe(true);
  });
});
