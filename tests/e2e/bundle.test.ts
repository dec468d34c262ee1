import { execFile } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTree, REPO } from "./helpers.js";

/**
 * `npm run build` bundles each thread's entry point (scripts/bundle.mjs): the command a user runs is the bundled
 * dist/src/cli.js, which loads a few files instead of ~250 modules. These tests hold the bundles to that: what they
 * load, that the installed command (package.json's `bin`) runs as a file and finds what it should, with worker threads.
 */
const DIST = join(REPO, "dist", "src");
const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string; bin: Record<string, string> };
const BIN = join(REPO, pkg.bin.pysast);
const ENTRIES = ["cli.js", "cli-worker.js", "worker.js", "worker-ahead.js"];
/** The packages the bundles load from node_modules (scripts/bundle.mjs says why). */
const EXTERNAL = new Set(["web-tree-sitter", "@anthropic-ai/sdk", "zod"]);

/** The imports of a bundled file: static ones (`import … from "x"`, `import "x"`) and dynamic ones (`import("x")`). */
function importsOf(file: string): { static: string[]; dynamic: string[] } {
  const text = readFileSync(file, "utf8");
  const stat = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)";/gms), ...text.matchAll(/^import\s*"([^"]+)";/gm)].map((m) => m[1]!);
  const dynamic = [...text.matchAll(/\bimport\("([^"]+)"\)/g)].map((m) => m[1]!);
  return { static: stat, dynamic };
}

/** Every file an entry loads before running (its static imports, transitively), and the packages they import. */
function staticClosure(entry: string): { files: Set<string>; packages: Set<string>; dynamic: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const dynamic = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const { static: stat, dynamic: dyn } = importsOf(file);
    for (const spec of stat) {
      if (spec.startsWith("./") || spec.startsWith("../")) visit(resolve(dirname(file), spec));
      else packages.add(spec);
    }
    for (const spec of dyn) if (spec.startsWith("./")) dynamic.add(resolve(dirname(file), spec));
  };
  visit(join(DIST, entry));
  return { files, packages, dynamic };
}

const isBuiltin = (spec: string) => spec.startsWith("node:") || builtinModules.includes(spec);

describe("the bundled command", () => {
  it("is what package.json's bin names: an executable file with a node shebang, reporting the package's version", async () => {
    expect(BIN).toBe(join(DIST, "cli.js"));
    expect(readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    accessSync(BIN, constants.X_OK);
    const version = await new Promise<string>((done, fail) => execFile(BIN, ["--version"], (err, stdout) => (err ? fail(err) : done(stdout.trim()))));
    expect(version).toBe(pkg.version);
  });

  it("loads a few bundled files per thread, only built-in modules and web-tree-sitter from outside, and the triage client only on demand", () => {
    for (const entry of ENTRIES) {
      const { files, packages, dynamic } = staticClosure(entry);
      for (const file of files) {
        expect(existsSync(file), file).toBe(true);
        expect(dirname(file)).toBe(DIST);
        expect(ENTRIES.includes(file.slice(DIST.length + 1)) || /^shared-\w+\.js$/.test(file.slice(DIST.length + 1)), file).toBe(true);
      }
      // tsc's output has one file per module (cli-worker alone would load ~250): a bundle loads a handful
      expect(files.size, entry).toBeLessThanOrEqual(10);
      for (const spec of packages) expect(isBuiltin(spec) || spec === "web-tree-sitter", `${entry} imports ${spec}`).toBe(true);
      // the files loaded only by `--triage` are the ones that import the API client and zod
      if (entry === "cli-worker.js") {
        const later = [...dynamic].flatMap((f) => [...staticClosure(f.slice(DIST.length + 1)).packages]);
        expect(later).toContain("@anthropic-ai/sdk");
        expect(later).toContain("zod");
      }
    }
    for (const spec of EXTERNAL) expect(existsSync(join(REPO, "node_modules", spec, "package.json")), spec).toBe(true);
  });

  it("has source maps that name the TypeScript sources", () => {
    const map = JSON.parse(readFileSync(join(DIST, "cli-worker.js.map"), "utf8")) as { sources: string[] };
    const sources = map.sources.map((s) => resolve(DIST, s));
    expect(sources).toContain(join(REPO, "src", "cli-main.ts"));
    for (const s of sources.filter((f) => f.startsWith(join(REPO, "src")))) expect(existsSync(s), s).toBe(true);
  });

  it("scans a project big enough for worker threads when run as the installed file, and reports the flow", async () => {
    const files: Record<string, string> = {
      "shop/views.py": `import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/orders/export")
def export_orders():
    fmt = request.args.get("format", "csv")
    subprocess.run("export-orders --format " + fmt, shell=True, check=True)
    return "export started"
`,
    };
    // enough modules for the scan to start its phase-1 workers (the bundled worker.js)
    for (let i = 0; i < 80; i++) files[`shop/catalog/item_${i}.py`] = `def price_${i}(amount, rate=0.2):\n    return round(amount * (1 + rate), 2)\n`;
    const root = makeTree(files);
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(BIN, ["scan", ".", "--no-cache", "--format", "json", "--jobs", "2"], { cwd: root, env: { ...process.env, XDG_CACHE_HOME: join(root, ".cache-home"), NO_COLOR: "1" }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
        done({ code: err ? Number((err as { code?: unknown }).code) : 0, stdout, stderr }),
      ),
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { stats: { files: number }; findings: { ruleId: string; path: string; region: { startLine: number } }[] };
    expect(report.stats.files).toBe(81);
    expect(report.findings.map((f) => `${f.ruleId} ${f.path}:${f.region.startLine}`)).toEqual(["command-injection shop/views.py:10"]);
  });
});
