import { symlinkSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTree, runPysast } from "./helpers.js";

const HASHING = `import hashlib


def checksum(data):
    return hashlib.md5(data).hexdigest()
`;

interface JsonReport {
  findings: { ruleId: string; path: string; region: { startLine: number } }[];
  notifications: { kind: string; path?: string; message: string }[];
}

async function scanJson(root: string, extra: string[] = []): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const r = await runPysast(["scan", ".", "--format", "json", ...extra], root);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

const flagged = (report: JsonReport) => report.findings.map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`).sort();
const notices = (report: JsonReport) => report.notifications.map((n) => `${n.kind}:${n.path ?? ""}`).sort();

describe("a scan survives bad input and keeps the other files' findings", () => {
  it("a file with a syntax error is analysed where the tree allows and gets a notice", async () => {
    const root = makeTree({
      "good.py": HASHING,
      "broken.py": `import hashlib\n\ndef f(:\n    pass\n\n\ndef g(data):\n    return hashlib.sha1(data)\n`,
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(flagged(report)).toEqual(["broken.py:8:weak-hash", "good.py:5:weak-hash"]);
    expect(notices(report)).toEqual(["syntax-error:broken.py"]);
    // the grammar may reject what CPython accepts, so the notice does not claim the file is invalid Python
    expect(report.notifications[0]!.message).toContain("the parser could not read part of this file from line 3");
    expect(report.notifications[0]!.message).not.toContain("valid Python");
  });

  it("a binary file is skipped with a notice", async () => {
    const root = makeTree({ "good.py": HASHING, "blob.py": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]) });
    const { report } = await scanJson(root);
    expect(flagged(report)).toEqual(["good.py:5:weak-hash"]);
    expect(notices(report)).toEqual(["binary-file:blob.py"]);
  });

  it("invalid UTF-8 bytes are replaced, the file is still analysed, and a notice says so", async () => {
    const bad = Buffer.concat([Buffer.from("# caf"), Buffer.from([0xe9, 0xff]), Buffer.from(`\n${HASHING}`)]);
    const root = makeTree({ "latin.py": bad, "good.py": HASHING });
    const { report } = await scanJson(root);
    expect(flagged(report)).toEqual(["good.py:5:weak-hash", "latin.py:6:weak-hash"]);
    expect(notices(report)).toEqual(["decode-error:latin.py"]);
  });

  it("an empty file is fine", async () => {
    const root = makeTree({ "empty.py": "", "good.py": HASHING });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(flagged(report)).toEqual(["good.py:5:weak-hash"]);
    expect(report.notifications).toEqual([]);
  });

  it("a symlink cycle does not loop", async () => {
    const root = makeTree({ "pkg/good.py": HASHING });
    symlinkSync("..", join(root, "pkg", "loop"));
    const { report } = await scanJson(root);
    expect(flagged(report)).toEqual(["pkg/good.py:5:weak-hash"]);
    expect(notices(report)).toEqual(["symlink-cycle:pkg/loop"]);
  });

  it("a symlink pointing outside the root is not followed", async () => {
    const outside = makeTree({ "secret.py": HASHING });
    const root = makeTree({ "good.py": HASHING });
    mkdirSync(join(root, "vendor"));
    symlinkSync(outside, join(root, "vendor", "ext"));
    const { report } = await scanJson(root);
    expect(flagged(report)).toEqual(["good.py:5:weak-hash"]);
    expect(notices(report)).toEqual(["symlink-outside-root:vendor/ext"]);
  });

  it("10,000 nested parentheses and 5,000 chained + do not crash the process", async () => {
    const root = makeTree({
      "parens.py": `x = ${"(".repeat(10_000)}1${")".repeat(10_000)}\n`,
      "chain.py": `import hashlib\nname = ${Array.from({ length: 5_000 }, () => '"a"').join(" + ")}\nhashlib.new(name)\n`,
      "calls.py": `y = ${"f(".repeat(3_000)}1${")".repeat(3_000)}\n`,
      "good.py": HASHING,
    });
    const { report, stderr } = await scanJson(root);
    expect(stderr).toBe("");
    expect(flagged(report)).toEqual(["good.py:5:weak-hash"]);
  });
});

describe("exit codes and usage errors", () => {
  it("exits 1 on findings, 0 with --exit-zero, and follows --fail-on", async () => {
    const root = makeTree({ "good.py": HASHING });
    expect((await runPysast(["scan", "."], root)).code).toBe(1);
    expect((await runPysast(["scan", ".", "--exit-zero"], root)).code).toBe(0);
    expect((await runPysast(["scan", ".", "--fail-on", "none"], root)).code).toBe(0);
  });

  it("exits 0 on a clean tree", async () => {
    const root = makeTree({ "ok.py": "import hashlib\n\nhashlib.sha256(b'x')\n" });
    const r = await runPysast(["scan", "."], root);
    expect(r.code).toBe(0);
  });

  it("an unknown option or a missing path is a one-line error with a usage hint and exit 2", async () => {
    const root = makeTree({ "ok.py": "" });
    const unknown = await runPysast(["scan", ".", "--frobnicate"], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--frobnicate'");
    expect(unknown.stderr).toContain("pysast --help");
    const missing = await runPysast(["scan", "nope/"], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe("pysast: path not found: nope/");
  });
});

describe("determinism", () => {
  it("two runs give byte-identical JSON and SARIF apart from the times", async () => {
    const root = makeTree({ "a.py": HASHING, "b/c.py": HASHING, "b/d.py": "import yaml\n\ndef load(s):\n    return yaml.load(s)\n" });
    for (const format of ["json", "sarif"]) {
      const a = await runPysast(["scan", ".", "--format", format], root);
      const b = await runPysast(["scan", ".", "--format", format], root);
      const strip = (s: string) =>
        s.replace(/"(startTimeUtc|endTimeUtc|startTime|endTime)": "[^"]*"/g, '"$1": ""').replace(/"(durationMs|parseMs)": \d+/g, '"$1": 0');
      expect(strip(a.stdout)).toBe(strip(b.stdout));
      expect(a.stdout.length).toBeGreaterThan(100);
    }
  });
});

describe("parallel scanning", () => {
  it("worker threads give exactly the same report as a single thread", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 90; i++) {
      files[`pkg/mod_${String(i).padStart(2, "0")}.py`] =
        i % 3 === 0 ? HASHING : i % 3 === 1 ? `import yaml\n\n\ndef read(stream):\n    return yaml.load(stream)\n` : `def f${i}(x):\n    return x + ${i}\n`;
    }
    files["pkg/broken.py"] = "def broken(:\n";
    files["pkg/views.py"] = `from flask import Flask, request\nimport sqlite3\n\napp = Flask(__name__)\n\n\n@app.route("/u")\ndef user():\n    name = request.args.get("name")\n    db = sqlite3.connect("app.db")\n    db.execute("DELETE FROM sessions WHERE user = '" + name + "'")\n    return {"ok": True}\n`;
    const root = makeTree(files);
    const one = await runPysast(["scan", ".", "--format", "json", "--jobs", "1"], root);
    const two = await runPysast(["scan", ".", "--format", "json", "--jobs", "2"], root);
    const strip = (s: string) => s.replace(/"(startTime|endTime|commandLine)": "[^"]*"/g, "").replace(/"(durationMs|parseMs)": \d+/g, "");
    expect(strip(two.stdout)).toBe(strip(one.stdout));
    const report = JSON.parse(one.stdout) as JsonReport;
    expect(report.findings.filter((f) => f.ruleId === "sql-injection").map((f) => `${f.path}:${f.region.startLine}`)).toEqual(["pkg/views.py:11"]);
    const byRule = report.findings.reduce<Record<string, number>>((acc, f) => ({ ...acc, [f.ruleId]: (acc[f.ruleId] ?? 0) + 1 }), {});
    expect(byRule).toEqual({ "weak-hash": 30, "unsafe-load": 30, "sql-injection": 1 });
    expect(notices(report)).toEqual(["syntax-error:pkg/broken.py"]);
  });

  it("phase 2 spread over worker threads in several shards gives the same report as one thread", async () => {
    // 300 blueprint modules (several phase-2 shards) calling shared helpers; a before_request hook in
    // one module puts request data in flask.g, which views in other modules read
    const files: Record<string, string> = {
      "shop/__init__.py": "",
      "shop/db.py": `import sqlite3\n\n\ndef connect():\n    return sqlite3.connect("shop.db")\n`,
      "shop/hooks.py": `from flask import Blueprint, g, request\n\nbp = Blueprint("hooks", __name__)\n\n\n@bp.before_app_request\ndef remember_tenant():\n    g.tenant = request.headers.get("X-Tenant", "")\n`,
    };
    for (let i = 0; i < 300; i++) {
      const name = `shop/views/page_${String(i).padStart(3, "0")}.py`;
      const query =
        i % 3 === 0
          ? `"SELECT * FROM items WHERE name = '" + request.args.get("q", "") + "'"`
          : i % 3 === 1
            ? `"SELECT * FROM items WHERE tenant = '%s'" % g.tenant`
            : `"SELECT * FROM items WHERE id = %d" % int(request.args.get("id", "0"))`;
      files[name] = `from flask import Blueprint, g, jsonify, request\n\nfrom shop import db\n\nbp = Blueprint("page_${i}", __name__)\n\n\n@bp.route("/page/${i}")\ndef page():\n    conn = db.connect()\n    return jsonify(conn.execute(${query}).fetchall())\n`;
    }
    const root = makeTree(files);
    const one = await runPysast(["scan", ".", "--format", "json", "--jobs", "1"], root);
    const two = await runPysast(["scan", ".", "--format", "json", "--jobs", "2"], root);
    const strip = (s: string) => s.replace(/"(startTime|endTime|commandLine)": "[^"]*"/g, "").replace(/"(durationMs|parseMs)": \d+/g, "");
    expect(strip(two.stdout)).toBe(strip(one.stdout));
    const report = JSON.parse(one.stdout) as JsonReport;
    const sql = report.findings.filter((f) => f.ruleId === "sql-injection");
    const expected = Array.from({ length: 300 }, (_, i) => i)
      .filter((i) => i % 3 !== 2)
      .map((i) => `shop/views/page_${String(i).padStart(3, "0")}.py:11`);
    expect(sql.map((f) => `${f.path}:${f.region.startLine}`)).toEqual(expected);
    expect(report.findings).toHaveLength(200);
  });
});
