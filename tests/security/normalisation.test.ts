/**
 * Issue 8, item 7: read the source as CPython does. A lone CR ends a line, and identifiers are
 * NFKC-normalised (`𝔡` is `d`), so neither can hide a command injection.
 */
import { describe, expect, it } from "vitest";
import { callNames, modelOf } from "../model/helpers.js";
import { project, scanIn, userHome, type JsonReport } from "./helpers.js";

const view = (body: string, lineEnd = "\n") =>
  ["import os", "from flask import Flask, request", "", "app = Flask(__name__)", "", "", '@app.route("/run")', "def run():", ...body.split("\n"), '    return "ok"', ""].join(lineEnd);

async function findings(files: Record<string, string>): Promise<string[]> {
  const run = await scanIn(project(files), [".", "--format", "json"], userHome().env);
  const report = JSON.parse(run.stdout) as JsonReport;
  return report.findings.map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`);
}

describe("line endings", () => {
  it("ends a comment at a lone CR, as CPython does, so the call after it is analysed", async () => {
    const text = view('    # run the requested diagnostic\r    os.system("diag " + request.args["name"])');
    expect(await findings({ "app.py": text })).toEqual(["app.py:10:command-injection"]);
  });

  it("reads a file written with old Mac line endings (CR only) line by line", async () => {
    const text = view('    name = request.args["name"]\n    os.system("diag " + name)', "\r");
    expect(await findings({ "app.py": text })).toEqual(["app.py:10:command-injection"]);
  });

  it("keeps CRLF files as they were", async () => {
    const text = view('    name = request.args["name"]\n    os.system("diag " + name)', "\r\n");
    expect(await findings({ "app.py": text })).toEqual(["app.py:10:command-injection"]);
  });
});

describe("identifiers are NFKC-normalised", () => {
  it("treats 𝔡 and d as one variable", async () => {
    const text = view('    \u{1d521} = request.args["name"]\n    os.system("diag " + d)');
    expect(await findings({ "app.py": text })).toEqual(["app.py:10:command-injection"]);
  });

  it("resolves fullwidth and mathematical spellings of modules and attributes", async () => {
    const model = await modelOf("import \u{1d52c}\u{1d530} as shell\nshell.\uff53\uff59\uff53\uff54\uff45\uff4d(cmd)\nfrom hashlib import \u{1d5c6}\u{1d5bd}5\n\u{1d5c6}\u{1d5bd}5(data)\n");
    expect(callNames(model)).toEqual(["shell.system → os.system", "md5 → hashlib.md5"]);
  });

  it("finds a flow through a name written three ways", async () => {
    const text = view('    \uff43\uff4d\uff44 = request.args["name"]\n    full = "diag " + \u{1d41c}\u{1d426}\u{1d41d}\n    os.system(full)');
    expect(await findings({ "app.py": text })).toEqual(["app.py:11:command-injection"]);
  });
});
