/**
 * Phase 1 of the fix verifier's first re-scan runs ahead on the phase-1 workers: the files whose pattern
 * findings carry a fix are patched in memory and analysed again there (src/fix/prepare.ts). The re-scan takes
 * a prepared result only for the very text it is asked about, so verdicts are those of the scan thread: a
 * fix that brings a new finding is withheld whichever thread analysed it, and worker threads, one thread
 * and the analysis cache give the same report.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { rules as registry } from "../../rules/index.js";
import { MODELS } from "../../rules/models/index.js";
import { FileAnalyzer } from "../../src/analyze-file.js";
import { prepareRescan, type PatchedFile } from "../../src/fix/prepare.js";
import { firstRoundTexts, verifyFixes, type FixCandidate } from "../../src/fix/verify.js";
import type { ScanSession } from "../../src/scan-session.js";
import type { WorkerInit } from "../../src/worker.js";
import { WorkerPool } from "../../src/worker-pool.js";
import { makeTree, REPO, runPysast } from "../e2e/helpers.js";
import { candidate, scanWithFixes } from "./helpers.js";

// the compiled worker (`npm test` builds first): tests run from the TypeScript sources, which have no worker script
const SCRIPT = join(REPO, "dist", "src", "worker.js");
// the scan's phase-1 workers: fixes on, content hashed for the cache
const INIT: WorkerInit = {
  ruleIds: registry.map((r) => r.meta.id),
  includeLocalSources: false,
  includeParameterSources: false,
  fixes: true,
  models: MODELS,
  hashContent: true,
  naming: [],
};

const VIEWS = [
  "from flask import Flask, request, send_file",
  "",
  "from reports.archive import bundle",
  "",
  "app = Flask(__name__)",
  "",
  "",
  '@app.get("/reports/export")',
  "def export_report():",
  '    return send_file(bundle(request.args.get("period", "monthly")))',
  "",
].join("\n");

const ARCHIVE = [
  "import hashlib",
  "import subprocess",
  "",
  "",
  "def bundle(period):",
  "    tag = hashlib.md5(period.encode()).hexdigest()",
  '    subprocess.run(["tar", "czf", f"/tmp/report-{tag}.tgz", "/srv/reports"], check=True)',
  '    return f"/tmp/report-{tag}.tgz"',
  "",
].join("\n");

const PROJECT = { "reports/__init__.py": "", "reports/views.py": VIEWS, "reports/archive.py": ARCHIVE };

let pool: WorkerPool | undefined;

/** Prepares the first re-scan of `candidates` on two workers, as the scan does after phase 1. */
function prepare(session: ScanSession, root: string, candidates: FixCandidate[]): void {
  const files: PatchedFile[] = [...firstRoundTexts(candidates, (rel) => session.text(rel))].map(([rel, text]) => ({ rel, abs: join(root, rel), text }));
  pool ??= new WorkerPool(SCRIPT, 2, INIT);
  session.prepared = prepareRescan(files, pool);
}

const SHELL: [string, string] = ['subprocess.run(["tar", "czf", f"/tmp/report-{tag}.tgz", "/srv/reports"], check=True)', 'subprocess.run(f"tar czf /tmp/report-{period}.tgz /srv/reports", shell=True, check=True)'];

describe("the fix verifier's first re-scan prepared on the worker threads", () => {
  afterEach(async () => {
    vi.restoreAllMocks();
    await pool?.close();
    pool = undefined;
  });

  it("withholds a fix whose patched text the worker analysed when it opens a flow, without analysing it again", async () => {
    const scan = await scanWithFixes(PROJECT);
    const session = scan.out.session;
    const finding = scan.findings.find((f) => f.path === "reports/archive.py" && f.ruleId === "weak-hash")!;
    const text = session.text("reports/archive.py")!;
    const bad = candidate(text, finding, [["hashlib.md5(", "hashlib.sha256("], SHELL]);
    prepare(session, scan.root, [bad]);
    const analysed = vi.spyOn(FileAnalyzer.prototype, "analyzeText");
    expect((await verifyFixes(session, [bad])).get(bad)).toBe("new finding: command-injection at reports/archive.py:7");
    // the patched file's phase 1 came from the worker: the scan thread parsed only what the data flow loaded
    expect(analysed).not.toHaveBeenCalled();
  });

  it("gives the same verdicts as the scan thread, which analyses any text the worker was not given", async () => {
    const scan = await scanWithFixes(PROJECT);
    const session = scan.out.session;
    const finding = scan.findings.find((f) => f.path === "reports/archive.py" && f.ruleId === "weak-hash")!;
    const text = session.text("reports/archive.py")!;
    const good = candidate(text, finding, [["hashlib.md5(", "hashlib.sha256("]]);
    const bad = candidate(text, finding, [["hashlib.md5(", "hashlib.sha256("], SHELL]);
    // the worker analysed the good fix's text; the bad one's is analysed here, and is still withheld
    prepare(session, scan.root, [good]);
    const analysed = vi.spyOn(FileAnalyzer.prototype, "analyzeText");
    expect((await verifyFixes(session, [bad])).get(bad)).toBe("new finding: command-injection at reports/archive.py:7");
    expect(analysed.mock.calls.map(([file]) => file.rel)).toEqual(["reports/archive.py"]);
    analysed.mockClear();
    expect((await verifyFixes(session, [good])).get(good)).toBeNull();
    expect(analysed).not.toHaveBeenCalled();

    // the worker's result is the scan thread's, field for field
    const fresh = (await scanWithFixes(PROJECT)).out.session;
    const patched = new Map([["reports/archive.py", text.replace(SHELL[0], SHELL[1])]]);
    prepare(session, scan.root, [candidate(text, finding, [SHELL])]);
    expect(JSON.stringify([...(await session.rescan(patched)).findings])).toBe(JSON.stringify([...(await fresh.rescan(patched)).findings]));
  });
});

/** A storefront of ~70 modules (enough for worker threads), with fixable pattern findings in several of them. */
function storefront(): Record<string, string> {
  const files: Record<string, string> = {
    "shop/__init__.py": "",
    "shop/views.py": [
      "from flask import Flask, request",
      "",
      "from shop.tokens import reset_token",
      "",
      "app = Flask(__name__)",
      "",
      "",
      '@app.post("/password/reset")',
      "def reset_password():",
      '    return {"token": reset_token(request.form["email"])}',
      "",
    ].join("\n"),
    "shop/tokens.py": ["import hashlib", "import random", "", "", "def reset_token(email):", "    salt = str(random.random())", "    return hashlib.md5((email + salt).encode()).hexdigest()", ""].join("\n"),
    "shop/mail.py": [
      "import smtplib",
      "import ssl",
      "",
      "",
      "def send_receipt(host, sender, to, body):",
      "    context = ssl._create_unverified_context()",
      "    with smtplib.SMTP_SSL(host, 465, context=context) as server:",
      "        server.sendmail(sender, [to], body)",
      "",
    ].join("\n"),
    "shop/checksums.py": ["import hashlib", "", "", "def file_digest(path):", '    with open(path, "rb") as fh:', "        return hashlib.sha1(fh.read()).hexdigest()", ""].join("\n"),
  };
  for (let i = 0; i < 66; i++) {
    files[`shop/catalog/category_${String(i).padStart(2, "0")}.py`] = [
      "from decimal import Decimal",
      "",
      "",
      `def price_with_tax(price, rate=Decimal("0.${String(10 + i).padStart(2, "0")}")):`,
      "    return (Decimal(price) * (1 + rate)).quantize(Decimal('0.01'))",
      "",
    ].join("\n");
  }
  return files;
}

describe("fix verification with worker threads, one thread and the cache", () => {
  it("reports the same fixes and verdicts in every output", async () => {
    const root = makeTree(storefront());
    const strip = (s: string) => s.replace(/"(startTime|endTime|startTimeUtc|endTimeUtc|commandLine)": "[^"]*"/g, "").replace(/"(durationMs|parseMs)": \d+/g, "").replace(/^(Scanned .*) in .*$/m, "$1");
    for (const format of ["json", "sarif", "text"]) {
      const one = await runPysast(["scan", ".", "--format", format, "--jobs", "1", "--no-cache", "--exit-zero"], root);
      const two = await runPysast(["scan", ".", "--format", format, "--jobs", "2", "--no-cache", "--exit-zero"], root);
      expect(one.code).toBe(0);
      expect(strip(two.stdout), format).toBe(strip(one.stdout));
      if (format === "json") {
        // the cache: a cold scan with the worker threads, then the same tree answered from the cache
        for (let run = 0; run < 2; run++) expect(strip((await runPysast(["scan", ".", "--format", format, "--jobs", "2", "--exit-zero"], root)).stdout)).toBe(strip(one.stdout));
      }
      if (format === "text") expect(one.stdout).toContain("[*] 1 finding fixable with --fix (3 more with --unsafe-fixes).");
      if (format === "json") {
        const report = JSON.parse(one.stdout) as { findings: { path: string; ruleId: string; region: { startLine: number }; fix?: { verified: boolean } }[] };
        expect(report.findings.filter((f) => f.fix?.verified).map((f) => `${f.ruleId}:${f.path}:${f.region.startLine}`)).toEqual([
          "weak-hash:shop/checksums.py:6",
          "tls-verification-disabled:shop/mail.py:6",
          "weak-random:shop/tokens.py:6",
          "weak-hash:shop/tokens.py:7",
        ]);
      }
    }
    // eight scans in separate processes: about 20 s on a quiet machine, past the 60 s default when the machine is shared
  }, 240_000);
});
