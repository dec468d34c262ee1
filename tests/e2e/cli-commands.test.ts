import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../../rules/index.js";
import { sarifSchemaErrors } from "../report/sarif-schema.js";
import { CLI, makeTree, REPO, runPysast } from "./helpers.js";

describe("pysast rules / explain / --version", () => {
  it("the built command is executable, so `npx pysast` can run it", () => {
    expect(readFileSync(CLI, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(statSync(CLI).mode & 0o111).toBe(0o111);
  });

  it("--version prints the package version", async () => {
    const version = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;
    const r = await runPysast(["--version"], REPO);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it("rules lists every rule with CWE, level, precision and aliases", async () => {
    const r = await runPysast(["rules"], REPO);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^ID\s+NAME\s+CWE\s+LEVEL\s+PRECISION\s+ALIASES$/);
    // every registered rule, in the registry's (sorted) order
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(rules.map((x) => x.meta.id));
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(expect.arrayContaining(["code-injection", "open-redirect", "ssrf", "weak-hash", "xpath-injection"]));
    expect(lines.find((l) => l.startsWith("weak-hash "))).toMatch(/WeakHash\s+CWE-327,CWE-328\s+warning\s+high\s+B303,B324,S303,S324/);
  });

  it("explain prints a rule's documentation, by id or by alias", async () => {
    const byId = await runPysast(["explain", "weak-hash"], REPO);
    const byAlias = await runPysast(["explain", "S324"], REPO);
    expect(byId.code).toBe(0);
    expect(byAlias.stdout).toBe(byId.stdout);
    for (const section of ["What it does", "Why is this bad?", "Example", "Use instead", "References"]) expect(byId.stdout).toContain(section);
    const unknown = await runPysast(["explain", "nope"], REPO);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('pysast: unknown rule "nope"; run `pysast rules` to list them');
  });
});

describe("the bundled sample application", () => {
  it("yields schema-valid SARIF with codeFlows on every taint finding and security-severity on every rule", async () => {
    const r = await runPysast(["scan", "examples/shop-app", "--format", "sarif"], REPO);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as {
      runs: {
        tool: { driver: { rules: { id: string; properties: Record<string, unknown> }[] } };
        results: { ruleId: string; codeFlows?: unknown[]; partialFingerprints?: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      }[];
    };
    expect(sarifSchemaErrors(log)).toEqual([]);
    const run = log.runs[0]!;
    const taintRules = new Set(rules.filter((x) => x.meta.kind === "taint").map((x) => x.meta.id));
    const taintResults = run.results.filter((x) => taintRules.has(x.ruleId));
    expect(taintResults.length).toBeGreaterThan(5);
    for (const res of taintResults) expect(res.codeFlows?.length).toBe(1);
    for (const res of run.results) {
      expect(res.partialFingerprints?.primaryLocationLineHash).toMatch(/^[0-9a-f]+:\d+$/);
      expect(res.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/^examples\/shop-app\//);
    }
    for (const rule of run.tool.driver.rules) expect(rule.properties["security-severity"]).toMatch(/^\d+\.\d$/);
    // no absolute path of this machine appears in a result
    expect(JSON.stringify(run.results)).not.toContain(REPO);
  });

  it("triage without a key completes the scan, says it was skipped, and keeps the exit code", async () => {
    const root = makeTree({ "app.py": "import hashlib\n\n\ndef etag(b):\n    return hashlib.md5(b).hexdigest()\n" });
    const r = await runPysast(["scan", ".", "--triage"], root, { ANTHROPIC_API_KEY: "" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("LLM triage skipped: ANTHROPIC_API_KEY is not set");
  });
});
