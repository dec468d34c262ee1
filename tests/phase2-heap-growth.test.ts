/** The scan thread lets its heap grow more while it analyses shards alone, and bounds it again afterwards. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

const flags: string[] = [];
vi.mock("node:v8", async (importOriginal) => {
  const v8 = await importOriginal<typeof import("node:v8")>();
  return {
    ...v8,
    setFlagsFromString: (flag: string) => {
      flags.push(flag);
      v8.setFlagsFromString(flag);
    },
  };
});

const { rules } = await import("../rules/index.js");
const { MODELS } = await import("../rules/models/index.js");
const { runScan } = await import("../src/scan.js");
const { HEAP_GROWING_PERCENT, HERE_GROWING_PERCENT, INTERRUPT_BUDGET, tuneTiering } = await import("../src/phase2.js");

describe("heap growth while phase 2 runs on the scan thread", () => {
  const root = mkdtempSync(path.join(tmpdir(), "pysast-growth-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(
    path.join(root, "views.py"),
    'from flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route("/hello")\ndef hello():\n    name = request.args.get("name", "")\n    return "<p>Hello " + name + "</p>"\n',
  );

  it("is raised for the shard and bounded again once it ends; the findings are unchanged", async () => {
    const result = await runScan({
      root,
      paths: [root],
      rules: rules.filter((r) => r.meta.id === "reflected-xss"),
      discover: { exclude: [], defaultExcludes: true, maxFileSize: 5 * 1024 * 1024, gitignore: false },
      inlineSuppressions: true,
      includeLocalSources: false,
      models: MODELS,
      jobs: 1,
    });
    expect(flags).toEqual([`--interrupt-budget=${INTERRUPT_BUDGET}`, `--heap-growing-percent=${HEAP_GROWING_PERCENT}`, `--heap-growing-percent=${HERE_GROWING_PERCENT}`, `--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
    expect(HERE_GROWING_PERCENT).toBeGreaterThan(HEAP_GROWING_PERCENT);
    expect(result.findings.map((f) => `${f.ruleId}:${f.region.startLine}`)).toEqual(["reflected-xss:9"]);
  });

  it("sets V8's interrupt budget for the scan unless the user set one (NODE_OPTIONS or the command line)", () => {
    const before = process.env.NODE_OPTIONS;
    flags.length = 0;
    try {
      process.env.NODE_OPTIONS = "--interrupt-budget=100000";
      tuneTiering();
      expect(flags).toEqual([]);
      process.env.NODE_OPTIONS = "--max-old-space-size=4096";
      tuneTiering();
      expect(flags).toEqual([`--interrupt-budget=${INTERRUPT_BUDGET}`]);
      expect(INTERRUPT_BUDGET).toBeGreaterThan(67_584);
    } finally {
      if (before === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = before;
    }
  });
});
