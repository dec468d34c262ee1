/**
 * Issue 8, items 5 and 6: no input may silently erase findings. A constant that cannot be folded, a
 * rule or index that throws, or a crash of tree-sitter's wasm on one file must leave every other
 * finding in place, name the file, and mark the scan as not successful when analysis was lost.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { rules as registry } from "../../rules/index.js";
import { MODELS } from "../../rules/models/index.js";
import { Parser } from "web-tree-sitter";
import { isolatedParser } from "../../src/analyze-file.js";
import { loadPython } from "../../src/parse/grammar.js";
import { indentationDepth } from "../../src/parse/normalize.js";
import { ParserCorrupted, PythonParser } from "../../src/parse/parser.js";
import type { PatternRule, Rule } from "../../src/rule.js";
import { runScan } from "../../src/scan.js";
import { TaintProject } from "../../src/taint/index.js";
import { folded, modelOf } from "../model/helpers.js";
import { project, scanIn, userHome, VULNERABLE_VIEW, type JsonReport } from "./helpers.js";

/** A Flask view file whose module constants try to blow up constant folding, plus real findings. */
function viewWith(constant: string): string {
  return `import hashlib
import os

from flask import Flask, request

app = Flask(__name__)
PAD = ${constant}


@app.route("/run")
def run():
    os.system("echo " + request.args["msg"] + PAD)
    return hashlib.md5(b"etag").hexdigest()
`;
}

const HOSTILE_CONSTANTS = [
  "f'{1:>999999999}'",
  "'%0999999999d' % 1",
  "'{:>999999999}'.format(1)",
  "'{0:.999f}'.format(1.5)",
  "('ab' * 50000).replace('a', 'aaaaaaaaaa').replace('a', 'aaaaaaaaaa').replace('a', 'aaaaaaaaaa')",
  "'-'.join(['x' * 90000] * 5000)",
];

describe("constant folding gives up instead of throwing (item 5)", () => {
  it.each(HOSTILE_CONSTANTS)("folds %s to 'not constant'", async (constant) => {
    const model = await modelOf(`PAD = ${constant}\n`);
    expect(folded(model, "PAD")).toBeUndefined();
  });

  it("still folds ordinary padding and formatting", async () => {
    const model = await modelOf(`A = f'{7:>4}'\nB = '%05d|%-3s|%4d' % (42, 'a', -7)\nC = '{:<3}|'.format('x')\nD = 'ab'.replace('a', 'xy')\nE = '%05d' % -42\n`);
    expect(["A", "B", "C", "D", "E"].map((n) => folded(model, n))).toEqual(["'   7'", "'00042|a  |  -7'", "'x  |'", "'xyb'", "'-0042'"]);
  });

  it.each(HOSTILE_CONSTANTS)("keeps the file's findings and reports success with PAD = %s", async (constant) => {
    const root = project({ "app.py": viewWith(constant), "other.py": VULNERABLE_VIEW });
    const run = await scanIn(root, [".", "--format", "json"], userHome().env);
    const report = JSON.parse(run.stdout) as JsonReport & { invocation: { executionSuccessful: boolean } };
    expect(report.findings.map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`)).toEqual([
      "app.py:12:command-injection",
      "app.py:13:weak-hash",
      "other.py:11:command-injection",
    ]);
    expect(report.notifications.filter((n) => n.kind === "analysis-error")).toEqual([]);
    expect(report.invocation.executionSuccessful).toBe(true);
    expect(run.code).toBe(1);
  });
});

/** A pattern rule with a bug that shows on one kind of node (a stand-in for any rule defect). */
const crashingRule: PatternRule = {
  meta: { ...registry.find((r) => r.meta.id === "weak-hash")!.meta, id: "crashing-rule", name: "CrashingRule" },
  create: () => ({
    return_statement(node) {
      if (node.text.includes("hexdigest")) throw new RangeError("Invalid string length");
    },
  }),
} as PatternRule;

describe("a failing rule or index is a visible error, never an empty file (item 5)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("keeps the other rules' findings in that file and counts the loss", async () => {
    const root = project({ "app.py": viewWith("'-'"), "other.py": VULNERABLE_VIEW });
    const rules: Rule[] = [...registry.filter((r) => r.meta.id === "weak-hash" || r.meta.id === "command-injection"), crashingRule];
    const out = await runScan({
      root,
      paths: [root],
      rules,
      discover: { exclude: [], defaultExcludes: true, maxFileSize: 0, gitignore: true },
      inlineSuppressions: true,
      includeLocalSources: false,
      models: MODELS,
      jobs: 1,
    });
    expect(out.findings.map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`)).toEqual([
      "app.py:12:command-injection",
      "app.py:13:weak-hash",
      "other.py:11:command-injection",
    ]);
    expect(out.analysisLost).toBe(1);
    expect(out.notifications.filter((n) => n.kind === "analysis-error").map((n) => [n.level, n.path, n.line, n.message])).toEqual([
      ["warning", "app.py", 13, expect.stringMatching(/^app\.py:13: rule crashing-rule failed here \(Invalid string length\) and was stopped for this file/)],
    ]);
  });

  it("reports executionSuccessful false and exits 2 when a file's data-flow index fails, keeping its pattern findings", async () => {
    const original = TaintProject.prototype.indexFile;
    vi.spyOn(TaintProject.prototype, "indexFile").mockImplementation(function (this: TaintProject, model) {
      if (model.path === "app.py") throw new Error("Maximum call stack size exceeded");
      return original.call(this, model);
    });
    const root = project({ "app.py": viewWith("'-'"), "other.py": VULNERABLE_VIEW });
    const run = await scanIn(root, [".", "--format", "json", "--exit-zero"], userHome().env);
    const report = JSON.parse(run.stdout) as JsonReport & { invocation: { executionSuccessful: boolean } };
    expect(report.findings.map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`)).toEqual(["app.py:13:weak-hash", "other.py:11:command-injection"]);
    expect(report.invocation.executionSuccessful).toBe(false);
    expect(report.notifications).toContainEqual(expect.objectContaining({ kind: "analysis-error", level: "warning", path: "app.py" }));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the analysis of one file failed in part, so the report is incomplete/);
  });
});

describe("tree-sitter's wasm cannot be crashed or corrupted by one file (item 6)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /**
   * 700 nested functions with a string literal at the bottom. tree-sitter-python's scanner then writes
   * past its 1024-byte state buffer: depending on what lies there the parser traps ("memory access out
   * of bounds") or silently corrupts its memory, and before the fix every later file came back empty.
   * (CPython itself refuses more than 100 levels of indentation.)
   */
  const deep = `import os\n${Array.from({ length: 700 }, (_, k) => `${" ".repeat(k)}def handler():`).join("\n")}\n${" ".repeat(700)}command = "ls"\n`;
  const others = { "b.py": VULNERABLE_VIEW, "c.py": viewWith("'-'"), "d.py": VULNERABLE_VIEW.replace("ping", "trace") };
  const places = (r: JsonReport) => r.findings.map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`);

  it("refuses a file nested deeper than the parser can take, names it, and keeps every other file's findings", async () => {
    const clean = JSON.parse((await scanIn(project(others), [".", "--format", "json"], userHome().env)).stdout) as JsonReport;
    const run = await scanIn(project({ "a_deep.py": deep, ...others }), [".", "--format", "json"], userHome().env);
    const after = JSON.parse(run.stdout) as JsonReport & { invocation: { executionSuccessful: boolean } };
    expect(places(clean)).toHaveLength(4);
    expect(places(after)).toEqual(places(clean));
    expect(after.notifications.filter((n) => n.kind === "analysis-error").map((n) => [n.level, n.path, n.message])).toEqual([
      ["error", "a_deep.py", expect.stringMatching(/^a_deep\.py: could not be parsed \(it nests more than 300 levels of indentation \(CPython itself refuses more than 100\)/)],
    ]);
    expect(after.invocation.executionSuccessful).toBe(false);
    expect(run.code).toBe(2);
  });

  /**
   * Any other trap: the first wasm instance's parser traps on `trigger` and, like a real trap (which
   * leaves the instance's stack pointer and heap corrupted), returns empty trees from then on.
   */
  function trapOn(trigger: string): { traps: number } {
    const state = { traps: 0 };
    const poisoned = new WeakSet<object>();
    const parse = Parser.prototype.parse;
    vi.spyOn(Parser.prototype, "parse").mockImplementation(function (this: Parser, input, old, options) {
      if (typeof input === "string" && input.includes(trigger)) {
        state.traps++;
        poisoned.add(this);
        throw new (globalThis as unknown as { WebAssembly: { RuntimeError: new (m: string) => Error } }).WebAssembly.RuntimeError("memory access out of bounds");
      }
      return parse.call(this, poisoned.has(this) ? "" : input, old, options);
    });
    return state;
  }

  it("after a trap, reports the file, restarts the parser in a fresh wasm instance, and keeps every other file's findings", async () => {
    const clean = JSON.parse((await scanIn(project(others), [".", "--format", "json"], userHome().env)).stdout) as JsonReport;
    const state = trapOn("TRAP-ME");
    const run = await scanIn(project({ "a_trap.py": "# TRAP-ME\nimport os\n", ...others }), [".", "--format", "json"], userHome().env);
    const after = JSON.parse(run.stdout) as JsonReport & { invocation: { executionSuccessful: boolean } };
    expect(state.traps).toBe(1);
    expect(places(after)).toEqual(places(clean));
    expect(after.notifications.filter((n) => n.kind === "analysis-error").map((n) => [n.level, n.path, n.message])).toEqual([
      ["error", "a_trap.py", expect.stringMatching(/^a_trap\.py: the tree-sitter parser crashed on this file \(memory access out of bounds\); the file was not analysed, the parser was restarted/)],
    ]);
    expect(after.invocation.executionSuccessful).toBe(false);
  });

  it("checks itself after a suspicious file and asks for a new parser when a known snippet parses wrong", async () => {
    const parser = new PythonParser(await loadPython());
    try {
      expect(parser.selfCheck()).toBe(true);
      const parse = Parser.prototype.parse;
      vi.spyOn(Parser.prototype, "parse").mockImplementation(function (this: Parser, input, old, options) {
        return parse.call(this, typeof input === "string" && input.startsWith("def handler(request)") ? "" : input, old, options);
      });
      expect(() => parser.parse("import os\nos.system(\n")).toThrow(ParserCorrupted);
      expect(parser.parse("import os\n").root.children.map((c) => c.type)).toEqual(["import_statement"]);
    } finally {
      parser.delete();
    }
  });

  it("counts indentation levels as CPython does, overestimating rather than under", () => {
    expect(indentationDepth("def f():\n    if x:\n        pass\n    return 1\n")).toBe(2);
    expect(indentationDepth("def f():\n\tif x:\n\t\tpass\n")).toBe(2);
    expect(indentationDepth("x = (\n      1,\n  2)\n# comment\n          \n")).toBe(1);
    expect(indentationDepth("if a:\n  if b:\n    pass\nelse:\n  pass\n")).toBe(2);
    expect(indentationDepth("a\r b\r  c\r")).toBe(2);
    expect(indentationDepth(deep)).toBe(301);
  });

  it("makes a replacement parser from a separate wasm instance that parses correctly", async () => {
    const parser = await isolatedParser();
    try {
      const parsed = parser.parse("import os\nos.system(cmd)\n");
      expect(parsed.root.children.map((c) => c.type)).toEqual(["import_statement", "expression_statement"]);
    } finally {
      parser.delete();
    }
  });
});
