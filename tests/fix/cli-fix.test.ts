/**
 * `--fix`, `--unsafe-fixes`, `--fix-dry-run`, `--show-fixes` and fixes in SARIF/JSON, as a new user
 * meets them through the built CLI.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, makeTree, REPO, runPysast } from "../e2e/helpers.js";
import { sarifSchemaErrors } from "../report/sarif-schema.js";

function pythonFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".py"))
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(pythonFilesUnder(dir).map((f) => [relative(dir, f), readFileSync(f, "latin1")]));
}

const TAR_APP = [
  "import hashlib",
  "import tarfile",
  "",
  "",
  "def restore(upload, target):",
  "    with tarfile.open(fileobj=upload) as archive:",
  "        archive.extractall(target)",
  "",
  "",
  "def etag(body):",
  "    return hashlib.md5(body).hexdigest()",
  "",
].join("\n");

describe("pysast scan --fix", () => {
  it("on a copy of the sample, --fix --unsafe-fixes removes every finding that has a fix; the result compiles and a second --fix changes nothing", async () => {
    const copy = mkdtempSync(join(tmpdir(), "pysast-fix-sample-"));
    cpSync(join(REPO, "examples", "shop-app"), copy, { recursive: true });
    const before = await runPysast(["scan", ".", "--format", "json", "--exit-zero"], copy);
    const fixable = (JSON.parse(before.stdout) as { findings: { path: string; ruleId: string; region: { startLine: number }; fix: unknown }[] }).findings.filter((f) => f.fix);
    expect(fixable.length).toBeGreaterThan(0);
    const fixed = await runPysast(["scan", ".", "--fix", "--unsafe-fixes", "--format", "json", "--exit-zero"], copy);
    expect(fixed.stderr).toContain(`pysast: fixed ${fixable.length} findings in`);
    const after = (JSON.parse(fixed.stdout) as { findings: { fix: unknown }[] }).findings;
    expect(after.filter((f) => f.fix)).toEqual([]);
    execFileSync("python3", ["-m", "py_compile", ...pythonFilesUnder(copy)]);
    const once = snapshot(copy);
    const again = await runPysast(["scan", ".", "--fix", "--unsafe-fixes", "--exit-zero"], copy);
    expect(again.stderr).toContain("pysast: fixed 0 findings in 0 files");
    expect(snapshot(copy)).toEqual(once);
  });

  it("--fix applies only safe fixes; --unsafe-fixes adds the others; text marks what --fix would fix with [*]", async () => {
    const root = makeTree({ "app.py": TAR_APP });
    const text = await runPysast(["scan", ".", "--no-color"], root);
    expect(text.stdout).toMatch(/app\.py:11:12 {2}note {2}weak-hash {2}\[\*\] {2}MD5 serves as an ETag/);
    expect(text.stdout).toMatch(/app\.py:7:9 {2}warning {2}tar-extraction-traversal {2}Tar/);
    expect(text.stdout).toContain("[*] 1 finding fixable with --fix (1 more with --unsafe-fixes).");
    const safe = await runPysast(["scan", ".", "--fix", "--exit-zero"], root);
    expect(safe.stderr).toContain("pysast: fixed 1 finding in 1 file; 1 finding remain (1 fixable with --unsafe-fixes)");
    expect(readFileSync(join(root, "app.py"), "utf8")).toBe(TAR_APP.replace("md5(body)", "md5(body, usedforsecurity=False)"));
    await runPysast(["scan", ".", "--fix", "--unsafe-fixes", "--exit-zero"], root);
    expect(readFileSync(join(root, "app.py"), "utf8")).toBe(
      TAR_APP.replace("md5(body)", "md5(body, usedforsecurity=False)").replace("extractall(target)", 'extractall(target, filter="data")'),
    );
  });

  it("--no-fixes computes none (no [*], no fix in JSON) and refuses --fix", async () => {
    const root = makeTree({ "app.py": TAR_APP });
    const run = await runPysast(["scan", ".", "--no-fixes", "--format", "json", "--exit-zero"], root);
    const report = JSON.parse(run.stdout) as { summary: { fixable: { safe: number; unsafe: number } }; findings: { ruleId: string; fix: unknown }[] };
    expect(report.findings.map((f) => [f.ruleId, f.fix])).toEqual([
      ["tar-extraction-traversal", null],
      ["weak-hash", null],
    ]);
    expect(report.summary.fixable).toEqual({ safe: 0, unsafe: 0 });
    const refused = await runPysast(["scan", ".", "--no-fixes", "--fix"], root);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--no-fixes cannot be combined with --fix");
    expect(readFileSync(join(root, "app.py"), "utf8")).toBe(TAR_APP);
  });

  it("--fix-dry-run prints a unified diff and writes nothing", async () => {
    const root = makeTree({ "app.py": TAR_APP });
    const run = await runPysast(["scan", ".", "--fix-dry-run", "--unsafe-fixes"], root);
    expect(run.stdout).toBe(
      [
        "--- a/app.py",
        "+++ b/app.py",
        "@@ -4,8 +4,8 @@",
        " ",
        " def restore(upload, target):",
        "     with tarfile.open(fileobj=upload) as archive:",
        "-        archive.extractall(target)",
        '+        archive.extractall(target, filter="data")',
        " ",
        " ",
        " def etag(body):",
        "-    return hashlib.md5(body).hexdigest()",
        "+    return hashlib.md5(body, usedforsecurity=False).hexdigest()",
        "",
      ].join("\n"),
    );
    expect(run.stderr).toContain("--fix would fix 2 findings in 1 file; nothing was written");
    expect(readFileSync(join(root, "app.py"), "utf8")).toBe(TAR_APP);
  });

  it("keeps a latin-1 file's encoding, its CRLF line endings and its coding cookie", async () => {
    const text = ["# -*- coding: latin-1 -*-", "import hashlib", "", "# Prüfsumme für den Cache", "def cache_key(data):", "    return hashlib.sha1(data).hexdigest()", ""].join("\r\n");
    const root = makeTree({ "cache.py": Buffer.from(text, "latin1") });
    await runPysast(["scan", ".", "--fix"], root);
    expect(readFileSync(join(root, "cache.py"))).toEqual(Buffer.from(text.replace("sha1(data)", "sha1(data, usedforsecurity=False)"), "latin1"));
  });

  it("--show-fixes prints the diff under the finding; SARIF carries the fix and stays schema-valid", async () => {
    const root = makeTree({ "app.py": TAR_APP });
    const shown = await runPysast(["scan", ".", "--no-color", "--show-fixes"], root);
    expect(shown.stdout).toContain('  fix: Extract with filter="data" (unsafe fix, applied by --fix --unsafe-fixes; verified by re-scanning)\n    --- a/app.py\n');
    const sarif = await runPysast(["scan", ".", "--format", "sarif"], root);
    const log = JSON.parse(sarif.stdout);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const tar = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "tar-extraction-traversal");
    expect(tar.fixes).toEqual([
      {
        description: { text: 'Extract with filter="data"' },
        artifactChanges: [
          {
            artifactLocation: { uri: "app.py", uriBaseId: "%SRCROOT%" },
            replacements: [{ deletedRegion: { startLine: 7, startColumn: 34, endLine: 7, endColumn: 34 }, insertedContent: { text: ', filter="data"' } }],
          },
        ],
        properties: { fixSafety: "unsafe", verified: true, origin: "rule" },
      },
    ]);
  });

  it("the HTML report shows each verified fix as a diff", async () => {
    const root = makeTree({ "app.py": TAR_APP });
    const html = await runPysast(["scan", ".", "--format", "html"], root);
    expect(html.stdout).toContain('<details class="fix"><summary><strong>Fix:</strong> Extract with filter=');
    expect(html.stdout).toContain('<span class="diff-add">+        archive.extractall(target, filter=');
    expect(html.stdout).toContain('<span class="diff-del">-    return hashlib.md5(body).hexdigest()</span>');
  });

  it("does not write a file that changed after the scan read it", async () => {
    const { planFixes, writeFixedFile } = await import("../../src/fix/apply.js");
    const root = makeTree({ "app.py": TAR_APP });
    const plan = planFixes([], () => undefined);
    expect(plan).toEqual([]);
    const fake = { path: "app.py", fixed: [], deferred: [], before: TAR_APP, after: TAR_APP.replace("md5", "sha256") };
    writeFileSync(join(root, "app.py"), `${TAR_APP}# edited meanwhile\n`);
    expect(writeFixedFile(root, fake)).toBe("changed since pysast read it; scan again");
    expect(readFileSync(join(root, "app.py"), "utf8")).toBe(`${TAR_APP}# edited meanwhile\n`);
    expect(CLI).toBeTruthy();
  });
});
