/**
 * The fix verifier's data-flow re-analysis builds the models of unchanged files from the compact trees phase 2
 * ended with (`ScanSession.trees`) instead of parsing them again: what it analyses is the project as the scan
 * read it. A helper edited on disk after the scan shows which of the two a re-scan used.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { FileAnalyzer } from "../../src/analyze-file.js";
import { scanWithFixes } from "./helpers.js";

const VIEWS = [
  "import hashlib",
  "",
  "from flask import Flask, request",
  "",
  "from reports.archive import bundle",
  "",
  "app = Flask(__name__)",
  "",
  "",
  '@app.get("/reports/export")',
  "def export_report():",
  '    period = request.args.get("period", "monthly")',
  "    etag = hashlib.md5(period.encode()).hexdigest()",
  '    return {"path": bundle(period), "etag": etag}',
  "",
].join("\n");

const SAFE = ["import subprocess", "", "", "def bundle(period):", '    subprocess.run(["tar", "czf", "/tmp/report.tgz", "/srv/reports"], check=True)', '    return "/tmp/report.tgz"', ""].join("\n");
const SHELL = ["import subprocess", "", "", "def bundle(period):", '    subprocess.run(f"tar czf /tmp/report-{period}.tgz /srv/reports", shell=True, check=True)', '    return "/tmp/report.tgz"', ""].join("\n");

describe("the fix verifier's re-analysis of data flows", () => {
  it("builds unchanged files from the trees the scan kept, not from what is on disk now", async () => {
    const scan = await scanWithFixes({ "reports/__init__.py": "", "reports/views.py": VIEWS, "reports/archive.py": SAFE });
    const session = scan.out.session;
    expect(scan.findings.map((f) => `${f.ruleId}:${f.path}:${f.region.startLine}`)).toEqual(["weak-hash:reports/views.py:13"]);
    expect([...(session.trees?.keys() ?? [])].sort()).toEqual(["reports/archive.py", "reports/views.py"]);
    // a new default period changes a call's positional argument: not flow-neutral (fix/flow-neutral.ts), so the view is analysed again
    const patched = new Map([["reports/views.py", VIEWS.replace("hashlib.md5(", "hashlib.sha256(").replace('"monthly"', '"weekly"')]]);
    const parsed = vi.spyOn(FileAnalyzer.prototype, "model");
    try {
      // the helper turns into a shell command on disk after the scan
      writeFileSync(join(scan.root, "reports/archive.py"), SHELL);
      const kept = await session.rescan(patched, ["reports/views.py"]);
      expect(kept.dataFlowFiles).toEqual(new Set(["reports/views.py"]));
      expect([...kept.findings].flatMap(([, list]) => list.map((f) => `${f.ruleId}:${f.path}:${f.region.startLine}`))).toEqual([]);
      // only the patched file was parsed: the helper came from its tree, which the next re-scan has too
      expect(parsed.mock.calls.map(([rel]) => rel)).toEqual(["reports/views.py"]);
      expect([...(session.trees?.keys() ?? [])].sort()).toEqual(["reports/archive.py", "reports/views.py"]);
      // without the trees, the re-scan parses the helper from disk and meets the shell command
      session.trees = undefined;
      const reread = await session.rescan(patched, ["reports/views.py"]);
      expect([...reread.findings].flatMap(([, list]) => list.map((f) => `${f.ruleId}:${f.path}:${f.region.startLine}`))).toEqual(["command-injection:reports/archive.py:5"]);
    } finally {
      parsed.mockRestore();
    }
  });

  it("keeps no copy of a patched file's tree in the re-scan's phase-1 result: the re-analysis parses the patched text again", async () => {
    const scan = await scanWithFixes({ "reports/__init__.py": "", "reports/views.py": VIEWS, "reports/archive.py": SHELL });
    const session = scan.out.session;
    const patched = new Map([["reports/views.py", VIEWS.replace("hashlib.md5(", "hashlib.sha256(").replace('"monthly"', '"weekly"')]]);
    const analysed = vi.spyOn(FileAnalyzer.prototype, "analyzeText");
    const parsed = vi.spyOn(FileAnalyzer.prototype, "model");
    try {
      const again = await session.rescan(patched, ["reports/views.py"]);
      // the view is a file phase 2 analyses (a scan's result would carry its tree), but the re-scan's result holds none
      const results = analysed.mock.results.map((r) => r.value as { rel: string; compact?: unknown; taint?: { relevant: boolean } });
      expect(results.map((r) => [r.rel, r.taint?.relevant, r.compact])).toEqual([["reports/views.py", true, undefined]]);
      // its model comes from parsing the patched text, and the flow through the helper is still found from it
      expect(parsed.mock.calls.map(([rel, text]) => [rel, text === patched.get("reports/views.py")])).toEqual([["reports/views.py", true]]);
      expect([...again.findings].flatMap(([, list]) => list.map((f) => `${f.ruleId}:${f.path}:${f.region.startLine}`))).toEqual(["command-injection:reports/archive.py:5"]);
    } finally {
      analysed.mockRestore();
      parsed.mockRestore();
    }
  });
});
