/**
 * Findings in test code are notes, and views defined there (test doubles) are not where data flows start,
 * unless the scan is told to treat tests as code.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rules } from "../rules/index.js";
import { MODELS } from "../rules/models/index.js";
import { runScan } from "../src/scan.js";
import { isTestPath } from "../src/test-code.js";

describe("isTestPath", () => {
  it("recognises test folders and test file names, not look-alikes", () => {
    expect(["tests/test_api.py", "tests/helpers.py", "app/tests/factories.py", "test/util.py", "app/test_views.py", "app/views_test.py", "app/tests.py", "conftest.py", "app/conftest.py", "unittests/scans/devskim/sample.py", "unit_tests/helpers.py", "app/integration_tests/base.py"].filter(isTestPath)).toHaveLength(12);
    expect(["app/testing.py", "contest.py", "app/latest/views.py", "app/mytests.py", "attestation/test_data_loader/app.py", "unittests.py", "community_tests_ui/views.py"].map(isTestPath)).toEqual([false, false, false, false, false, false, false]);
  });
});

describe("test code in a scan", () => {
  const root = mkdtempSync(path.join(tmpdir(), "pysast-tests-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, "app"));
  mkdirSync(path.join(root, "tests"));
  const code = "import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).digest()\n";
  writeFileSync(path.join(root, "app", "digests.py"), code);
  writeFileSync(path.join(root, "tests", "test_digests.py"), code);
  // a test that builds a small app echoing its input, as web frameworks' own suites do
  const echo = 'from flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route("/")\ndef index():\n    return request.args["name"]\n';
  writeFileSync(path.join(root, "app", "echo.py"), echo);
  writeFileSync(path.join(root, "tests", "test_echo.py"), echo);
  const scan = (testsAsCode: boolean, cacheDir?: string) =>
    runScan({
      root,
      paths: [root],
      rules: rules.filter((r) => r.meta.id === "weak-hash" || r.meta.id === "reflected-xss"),
      discover: { exclude: [], defaultExcludes: true, maxFileSize: 5 * 1024 * 1024, gitignore: false },
      inlineSuppressions: true,
      includeLocalSources: false,
      testsAsCode,
      models: MODELS,
      ...(cacheDir ? { cache: { dir: path.join(cacheDir, "c"), secretDir: path.join(cacheDir, "k"), codeFingerprint: "pysast-test", settleMs: 0 } } : {}),
    });

  it("reports pattern findings in tests as notes that say why", async () => {
    const out = await scan(false);
    const byPath = new Map(out.findings.map((f) => [f.path, f]));
    expect(byPath.get("app/digests.py")?.level).toBe("warning");
    const inTest = byPath.get("tests/test_digests.py");
    expect(inTest?.level).toBe("note");
    expect(inTest?.message).toMatch(/Test code: reported as a note; use --tests-as-code/);
    expect(inTest?.properties?.testCode).toBe(true);
  });

  it("does not start data flows at views defined in test code: they are test doubles", async () => {
    const out = await scan(false);
    const xss = out.findings.filter((f) => f.ruleId === "reflected-xss").map((f) => `${f.path}:${f.level}`).sort();
    expect(xss).toEqual(["app/echo.py:error"]);
  });

  it("reports them at the rule's level with testsAsCode", async () => {
    const out = await scan(true);
    expect(out.findings.map((f) => `${f.path}:${f.level}`).sort()).toEqual(["app/digests.py:warning", "app/echo.py:error", "tests/test_digests.py:warning", "tests/test_echo.py:error"]);
  });

  it("does not reuse a cached plan across --tests-as-code", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pysast-tests-cache-"));
    try {
      const flows = (out: Awaited<ReturnType<typeof scan>>) => out.findings.filter((f) => f.ruleId === "reflected-xss").map((f) => `${f.path}:${f.level}`).sort();
      expect(flows(await scan(false, dir))).toEqual(["app/echo.py:error"]);
      expect(flows(await scan(true, dir))).toEqual(["app/echo.py:error", "tests/test_echo.py:error"]);
      expect(flows(await scan(false, dir))).toEqual(["app/echo.py:error"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
