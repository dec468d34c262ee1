import { describe, expect, it } from "vitest";
import { runTaint } from "./harness.js";

describe("traces and messages", () => {
  it("a finding names source and sink, and its flow runs source → steps → sink with exact regions", async () => {
    const run = await runTaint({
      "app.py": `
        import sqlite3
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/user")
        def user():
            name = request.args.get("name")
            query = "SELECT * FROM users WHERE name = '" + name + "'"
            cur = sqlite3.connect("app.db").cursor()
            cur.execute(query)
      `,
    });
    const [f] = run.findings.get("app.py")!;
    expect(f!.ruleId).toBe("sql");
    expect(f!.message).toBe("request.args (line 7) reaches cur.execute (line 10)");
    expect(f!.region).toEqual({ startLine: 10, startColumn: 5, endLine: 10, endColumn: 23 });
    expect(f!.flow!.map((s) => [s.kind, s.region.startLine, s.region.startColumn, s.message])).toEqual([
      ["source", 7, 12, "request.args"],
      ["step", 7, 5, "assigned to name"],
      ["step", 8, 5, "assigned to query"],
      ["sink", 10, 5, "reaches cur.execute"],
    ]);
    expect(f!.flow!.every((s) => s.path === "app.py")).toBe(true);
  });

  it("cross-file steps carry their own path, with call and return steps", async () => {
    const run = await runTaint({
      "helpers.py": `
        def quoted(value):
            wrapped = "'" + value + "'"
            return wrapped
      `,
      "views.py": `
        import os
        from flask import Flask, request
        from helpers import quoted
        app = Flask(__name__)

        @app.route("/run")
        def run():
            arg = request.form["arg"]
            os.system("echo " + quoted(arg))
      `,
    });
    const [f] = run.findings.get("views.py")!;
    expect(f!.message).toBe("request.form (line 8) reaches os.system (line 9)");
    expect(f!.flow!.map((s) => [s.path, s.kind, s.region.startLine, s.message])).toEqual([
      ["views.py", "source", 8, "request.form"],
      ["views.py", "step", 8, "assigned to arg"],
      ["views.py", "call", 9, "passed to quoted() as value"],
      ["helpers.py", "step", 2, "assigned to wrapped"],
      ["helpers.py", "return", 3, "returned"],
      ["views.py", "sink", 9, "reaches os.system"],
    ]);
  });

  it("a sink inside a helper is reported in the helper's file, its message naming the source's file", async () => {
    const run = await runTaint({
      "db.py": `
        import sqlite3

        def find(name):
            sqlite3.connect("x").execute("SELECT * FROM t WHERE n = '%s'" % name)
      `,
      "views.py": `
        from flask import Flask, request
        from db import find
        app = Flask(__name__)

        @app.route("/find")
        def view():
            find(request.args["n"])
      `,
    });
    expect(run.hits).toEqual(["db.py:4:sql"]);
    const [f] = run.findings.get("db.py")!;
    expect(f!.message).toBe("request.args (views.py:7) reaches sqlite3.connect(\"x\").execute (line 4)");
    expect(f!.flow![0]!.path).toBe("views.py");
    expect(f!.flow![f!.flow!.length - 1]!.path).toBe("db.py");
  });

  it("keeps one finding per sink, with the shortest trace", async () => {
    const run = await runTaint({
      "app.py": `
        import os
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/x")
        def x():
            a = request.args["a"]
            b = a
            c = b
            cmd = c + request.args["d"]
            os.system(cmd)
      `,
    });
    const list = run.findings.get("app.py")!;
    expect(list).toHaveLength(1);
    expect(list[0]!.flow!.map((s) => s.message)).toEqual(["request.args", "assigned to cmd", "reaches os.system"]);
  });
});

describe("robustness", () => {
  it("deeply nested expressions neither overflow the stack nor lose taint", async () => {
    const deep = "(".repeat(3000) + "request.args['q']" + ")".repeat(3000);
    const sum = Array.from({ length: 3000 }, (_, i) => `'p${i}'`).join(" + ") + " + request.args['q']";
    const run = await runTaint({
      "app.py": `import os\nfrom flask import request\n\ndef view():\n    os.system(${deep})\n    os.system(${sum})\n`,
    });
    expect(run.hits).toEqual(["app.py:5:command", "app.py:6:command"]);
  });

  it("long call chains through deeply nested code stop with notices instead of overflowing the stack", async () => {
    const n = 60;
    const fns = Array.from({ length: n }, (_, i) => {
      const ifs = Array.from({ length: 25 }, (_, d) => `${"    ".repeat(d + 1)}if v:`).join("\n");
      const expr = "(".repeat(110) + (i === n - 1 ? "v" : `f${i + 1}(v)`) + ")".repeat(110);
      return `def f${i}(v):\n${ifs}\n${"    ".repeat(26)}return ${expr}\n    return v\n`;
    });
    const code = `import os\nfrom flask import request\n\n${fns.join("\n")}\ndef view():\n    os.system(f0(request.args["x"]))\n`;
    const run = await runTaint({ "app.py": code });
    const viewLine = code.split("\n").findIndex((l) => l.includes("os.system(f0")) + 1;
    expect(run.hits).toEqual([`app.py:${viewLine}:command`]);
    expect(run.notifications.every((x) => x.kind === "analysis-budget")).toBe(true);
  });

  it("a function over its work budget stops with a notice, and the rest of the file is still analysed", async () => {
    const big = Array.from({ length: 400 }, (_, i) => `    v${i} = request.args["k${i}"] + "x"`).join("\n");
    const run = await runTaint(
      {
        "app.py": `import os\nfrom flask import request\n\ndef big():\n${big}\n    os.system(v0)\n\ndef small():\n    os.system(request.args["c"])\n`,
      },
      { budget: 2000 },
    );
    expect(run.notifications.map((n) => [n.kind, n.path, n.line])).toEqual([["analysis-budget", "app.py", 4]]);
    expect(run.notifications[0]!.message).toContain("big()");
    expect(run.hits).toEqual(["app.py:408:command"]);
  });
});
