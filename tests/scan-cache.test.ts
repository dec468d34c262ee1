import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { rules as allRules } from "../rules/index.js";
import type { ScanOutput } from "../src/scan.js";
import { ScanSession } from "../src/scan-session.js";
import { attachFixes } from "../src/fix/index.js";
import type { ScanCacheOptions } from "../src/scan-cache.js";
import { planShards } from "../src/taint/shards.js";
import { TaintProject } from "../src/taint/index.js";
import { FILTERS_NUMERIC, FILTERS_PASSTHROUGH } from "./helpers/shop-filters.js";
import { report, scanProject, tempCacheProject, writeSettled, type ScanVariant } from "./helpers/cache-scan.js";

// A small shop: the view builds a query from a value that a helper in another module normalises.
const VIEWS = `"""Order lookup pages of the shop."""
import sqlite3

from flask import Flask, request

from shop.filters import order_reference

app = Flask(__name__)


@app.route("/orders")
def find_order():
    reference = order_reference(request.args.get("ref", ""))
    db = sqlite3.connect("shop.db")
    rows = db.execute("SELECT id, total FROM orders WHERE reference = '%s'" % reference).fetchall()
    return {"orders": rows}
`;

const REPORTS = `"""Nightly export of the order totals."""
import hashlib


def export_digest(payload):
    return hashlib.md5(payload).hexdigest()
`;

let root: string;
let cacheOpts: ScanCacheOptions;

function write(rel: string, text: string): void {
  writeSettled(root, rel, text);
}

function scan(v: ScanVariant = {}): Promise<ScanOutput> {
  return scanProject(root, cacheOpts, v);
}

function flagged(out: ScanOutput): string[] {
  return out.findings.map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`).sort();
}

beforeEach(() => {
  // files count as settled at once (by default a file changed in the last seconds is always hashed)
  ({ root, cacheOpts } = tempCacheProject("pysast-scan-cache-"));
  write("shop/__init__.py", "");
  write("shop/views.py", VIEWS);
  write("shop/filters.py", FILTERS_PASSTHROUGH);
  write("shop/reports.py", REPORTS);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the analysis cache", () => {
  it("answers a rescan of an unchanged tree from the cache, with the same report as a scan without it", async () => {
    const uncached = await scan({ cache: false });
    expect(flagged(uncached)).toEqual(["shop/reports.py:6:weak-hash", "shop/views.py:15:sql-injection"]);
    expect(uncached.cache).toBeUndefined();

    const cold = await scan();
    expect(cold.cache).toMatchObject({ files: { hits: 0, misses: 4 }, shards: { hits: 0, misses: 1 } });
    expect(report(cold)).toBe(report(uncached));

    // answered whole: nothing parsed, no shard looked up
    const warm = await scan();
    expect(warm.cache).toMatchObject({ files: { hits: 4, misses: 0 }, shards: { hits: 0, misses: 0 }, tree: true });
    expect(report(warm)).toBe(report(uncached));
    expect(warm.sources.get("shop/views.py")).toBe(uncached.sources.get("shop/views.py"));
    expect([...warm.sources.keys()].sort()).toEqual([...uncached.sources.keys()].sort());

    // without the whole-tree entry, the files' and the shards' entries answer
    const parts = await scan({ wholeTree: false });
    expect(parts.cache).toMatchObject({ files: { hits: 4, misses: 0 }, shards: { hits: 1, misses: 0 }, tree: false });
    expect(report(parts)).toBe(report(uncached));
  });

  it("re-analyses the view when a helper it calls in another module changes, exactly as a cold scan does", async () => {
    await scan();
    write("shop/filters.py", FILTERS_NUMERIC);
    const incremental = await scan();
    // only the helper is read again, and only the shard that called into it runs again
    expect(incremental.cache).toMatchObject({ files: { hits: 3, misses: 1 }, shards: { hits: 0, misses: 1 } });
    expect(flagged(incremental)).toEqual(["shop/reports.py:6:weak-hash"]);
    expect(report(incremental)).toBe(report(await scan({ cache: false })));

    write("shop/filters.py", FILTERS_PASSTHROUGH);
    const reverted = await scan();
    expect(flagged(reverted)).toEqual(["shop/reports.py:6:weak-hash", "shop/views.py:15:sql-injection"]);
    expect(report(reverted)).toBe(report(await scan({ cache: false })));
  });

  it("analyses a changed file again and leaves the shards that never loaded it alone", async () => {
    await scan();
    write("shop/reports.py", REPORTS.replace("hashlib.md5(payload)", "hashlib.sha256(payload)"));
    const out = await scan();
    expect(out.cache).toMatchObject({ files: { hits: 3, misses: 1 }, shards: { hits: 1, misses: 0 } });
    expect(flagged(out)).toEqual(["shop/views.py:15:sql-injection"]);
    expect(report(out)).toBe(report(await scan({ cache: false })));
  });

  it("writes only the entries of the files an incremental scan analysed, and reads them back over the others'", async () => {
    await scan();
    const entries = () => readdirSync(cacheOpts.dir!, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => statSync(join(e.parentPath, e.name)).size).sort((a, b) => a - b);
    const cold = entries();
    // one file edited: the files entry of the first scan stays, a small delta holds the edited file's result
    write("shop/reports.py", REPORTS.replace("hashlib.md5(payload)", "hashlib.sha256(payload)"));
    const first = await scan();
    expect(first.cache?.files).toEqual({ hits: 3, misses: 1 });
    expect(entries().length).toBe(cold.length + 1);
    // another file edited: the first edit's result comes from the delta, which now holds both
    write("shop/filters.py", FILTERS_NUMERIC);
    const second = await scan();
    expect(second.cache?.files).toEqual({ hits: 3, misses: 1 });
    expect(flagged(second)).toEqual([]);
    expect(report(second)).toBe(report(await scan({ cache: false })));
    // both edits undone, then an unchanged rescan that is not answered whole: nothing is analysed again
    write("shop/reports.py", REPORTS);
    write("shop/filters.py", FILTERS_PASSTHROUGH);
    const undone = await scan();
    expect(undone.cache?.files).toEqual({ hits: 2, misses: 2 });
    expect(report(undone)).toBe(report(await scan({ cache: false })));
    const again = await scan({ wholeTree: false });
    expect(again.cache?.files).toEqual({ hits: 4, misses: 0 });
    expect(report(again)).toBe(report(await scan({ cache: false })));
    // a file deleted: the entries are written whole again, and what the delta held is still found
    rmSync(join(root, "shop/reports.py"));
    const gone = await scan();
    expect(gone.cache?.files).toEqual({ hits: 3, misses: 0 });
    expect(report(gone)).toBe(report(await scan({ cache: false })));
    const after = await scan({ wholeTree: false });
    expect(after.cache?.files).toEqual({ hits: 3, misses: 0 });
    expect(report(after)).toBe(report(await scan({ cache: false })));
  });

  it("keeps the view's finding when a helper's body changes but not what it does with its argument, as a cold scan does", async () => {
    await scan();
    // the same summary (the argument reaches the result, unsanitised), other statements and lines
    write("shop/filters.py", FILTERS_PASSTHROUGH.replace("    return raw.strip().upper()", "    cleaned = raw.strip()\n    # references are compared upper-case\n    return cleaned.upper()"));
    const out = await scan();
    // the view's shard loaded the helper: it runs again, and finds the same flow through the new lines
    expect(out.cache).toMatchObject({ files: { hits: 3, misses: 1 }, shards: { hits: 0, misses: 1 } });
    expect(flagged(out)).toEqual(["shop/reports.py:6:weak-hash", "shop/views.py:15:sql-injection"]);
    expect(report(out)).toBe(report(await scan({ cache: false })));
  });

  it("drops and restores a view's finding when the view's own query is fixed and unfixed, as a cold scan does", async () => {
    await scan();
    const bound = VIEWS.replace(`"SELECT id, total FROM orders WHERE reference = '%s'" % reference`, `"SELECT id, total FROM orders WHERE reference = ?", (reference,)`);
    expect(bound).not.toBe(VIEWS);
    write("shop/views.py", bound);
    const fixed = await scan();
    expect(fixed.cache).toMatchObject({ files: { hits: 3, misses: 1 }, shards: { hits: 0, misses: 1 } });
    expect(flagged(fixed)).toEqual(["shop/reports.py:6:weak-hash"]);
    expect(report(fixed)).toBe(report(await scan({ cache: false })));
    write("shop/views.py", VIEWS);
    const unfixed = await scan();
    expect(flagged(unfixed)).toEqual(["shop/reports.py:6:weak-hash", "shop/views.py:15:sql-injection"]);
    expect(report(unfixed)).toBe(report(await scan({ cache: false })));
  });

  it("re-analyses every shard when a module's names change, even one no shard loaded, as a cold scan does", async () => {
    await scan();
    // a new function is a new name in the project index, which any shard may resolve a call against
    write("shop/reports.py", `${REPORTS}\n\ndef export_name(day):\n    return f"orders-{day}.csv"\n`);
    const out = await scan();
    expect(out.cache).toMatchObject({ files: { hits: 3, misses: 1 }, shards: { hits: 0, misses: 1 } });
    expect(flagged(out)).toEqual(["shop/reports.py:6:weak-hash", "shop/views.py:15:sql-injection"]);
    expect(report(out)).toBe(report(await scan({ cache: false })));
  });

  it("reads no unchanged file, and notices a same-size rewrite that kept the old modification time", async () => {
    await new Promise((r) => setTimeout(r, 20));
    await scan();
    const warm = await scan();
    expect(warm.cache).toEqual({ files: { hits: 4, misses: 0 }, shards: { hits: 0, misses: 0 }, roots: { kept: 0, analysed: 0, whole: 0, unusedChanges: 0, verified: 0 }, hashed: 0, tree: true });
    const helper = join(root, "shop/filters.py");
    const before = statSync(helper);
    const fixed = FILTERS_PASSTHROUGH.replace("raw.strip().upper()", "int(raw.strip())   ");
    expect(fixed.length).toBe(FILTERS_PASSTHROUGH.length);
    write("shop/filters.py", fixed);
    // size, modification time, inode: all as before; only the change time tells
    const after = statSync(helper);
    expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    const out = await scan();
    // hashed once: by the whole-tree check, whose hash the file's lookup reuses
    expect(out.cache).toMatchObject({ files: { hits: 3, misses: 1 }, shards: { hits: 0, misses: 1 }, hashed: 1, tree: false });
    expect(flagged(out)).toEqual(["shop/reports.py:6:weak-hash"]);
  });

  it("finds the flows of a view module added since the last scan, as a cold scan does", async () => {
    await scan();
    write("shop/admin.py", VIEWS.replace("find_order", "admin_find_order").replace('"/orders"', '"/admin/orders"').replace("app = Flask(__name__)", "app = Flask('admin')"));
    const out = await scan();
    expect(out.cache?.files).toEqual({ hits: 4, misses: 1 });
    expect(flagged(out)).toEqual(["shop/admin.py:15:sql-injection", "shop/reports.py:6:weak-hash", "shop/views.py:15:sql-injection"]);
    expect(report(out)).toBe(report(await scan({ cache: false })));
  });

  it("forgets a deleted helper module and a deleted view module, as a cold scan does", async () => {
    write("shop/filters.py", FILTERS_NUMERIC);
    const before = await scan();
    expect(flagged(before)).toEqual(["shop/reports.py:6:weak-hash"]);
    // the helper that made the reference a number is gone: the view's call no longer resolves into the project
    rmSync(join(root, "shop/filters.py"));
    const helperGone = await scan();
    expect(helperGone.cache?.files).toEqual({ hits: 3, misses: 0 });
    expect(helperGone.cache?.tree).toBe(false);
    expect(flagged(helperGone)).toEqual(["shop/reports.py:6:weak-hash", "shop/views.py:15:sql-injection"]);
    expect(report(helperGone)).toBe(report(await scan({ cache: false })));
    // the view itself is gone: none of its findings may be replayed from its shard's entry
    rmSync(join(root, "shop/views.py"));
    const viewGone = await scan();
    expect(viewGone.cache?.files).toEqual({ hits: 2, misses: 0 });
    expect(flagged(viewGone)).toEqual(["shop/reports.py:6:weak-hash"]);
    expect(report(viewGone)).toBe(report(await scan({ cache: false })));
  });

  it("re-analyses everything when the configuration, the rule set or pysast's code changes", async () => {
    await scan();
    const local = await scan({ includeLocalSources: true });
    expect(local.cache?.files).toEqual({ hits: 0, misses: 4 });
    const fewer = await scan({ rules: allRules.filter((r) => r.meta.id !== "weak-hash") });
    expect(fewer.cache?.files).toEqual({ hits: 0, misses: 4 });
    expect(flagged(fewer)).toEqual(["shop/views.py:15:sql-injection"]);
    const upgraded = await scan({ codeFingerprint: "pysast-code-2" });
    expect(upgraded.cache).toMatchObject({ files: { hits: 0, misses: 4 }, shards: { hits: 0, misses: 1 } });
    // each configuration keeps its own entries: switching back costs nothing
    expect((await scan()).cache).toMatchObject({ files: { hits: 4, misses: 0 }, tree: true });
  });

  it("ignores entries that pysast did not write, says so, and reports what a scan without the cache reports", async () => {
    await scan();
    const entries: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name !== ".gitignore") entries.push(p);
      }
    };
    walk(cacheOpts.dir!);
    // the files' results, the shard plan, the one shard and the whole tree's result
    expect(entries.length).toBe(4);
    // someone with write access to the cache folder rewrites each payload, keeping the header
    for (const p of entries) {
      const bytes = readFileSync(p);
      const nl = bytes.indexOf(10);
      writeFileSync(p, Buffer.concat([bytes.subarray(0, nl + 1), Buffer.from(bytes.subarray(nl + 1).toString("latin1").replace(/sql-injection/g, "sql-injectioX"), "latin1"), Buffer.from([0])]));
    }
    const out = await scan();
    expect(out.cache).toMatchObject({ files: { hits: 0, misses: 4 }, shards: { hits: 0, misses: 1 } });
    expect(out.notifications.filter((n) => n.kind === "cache").map((n) => n.message)).toEqual([
      expect.stringMatching(/^analysis cache: ignored 4 cache entries under .* that pysast did not write on this machine/),
    ]);
    expect(JSON.stringify(out.findings)).toBe(JSON.stringify((await scan({ cache: false })).findings));
  });

  it("answers an unchanged tree whole only under the same report options", async () => {
    await scan();
    const noInline = await scan({ inlineSuppressions: false });
    expect(noInline.cache?.tree).toBe(false);
    expect(report(noInline)).toBe(report(await scan({ cache: false, inlineSuppressions: false })));
    const onlyViews = await scan({ onlyFiles: new Set(["shop/views.py"]) });
    expect(onlyViews.cache?.tree).toBe(false);
    expect(flagged(onlyViews)).toEqual(["shop/views.py:15:sql-injection"]);
    expect((await scan({ onlyFiles: new Set(["shop/views.py"]) })).cache?.tree).toBe(true);
  });

  it("keeps the fix verifier's verdicts for an unchanged tree, and re-scans from a rebuilt session when asked", async () => {
    const fixed = async (out: ScanOutput) => {
      const stats = await attachFixes(out.findings, out.session);
      return JSON.stringify({ stats, findings: out.findings });
    };
    const uncached = await scan({ cache: false, fixes: true });
    const expected = await fixed(uncached);
    expect(uncached.findings.filter((f) => f.fix).map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`)).toEqual(["shop/reports.py:6:weak-hash", "shop/views.py:15:sql-injection"]);
    expect(await fixed(await scan({ fixes: true }))).toBe(expected);

    const rescans = vi.spyOn(ScanSession.prototype, "rescan");
    const warm = await scan({ fixes: true });
    expect(warm.cache?.tree).toBe(true);
    expect(await fixed(warm)).toBe(expected);
    // every verdict came from the cache: nothing was re-scanned
    expect(rescans).not.toHaveBeenCalled();

    // the session of a scan answered whole is rebuilt (from the per-file and per-shard entries) for a re-scan
    const patched = new Map([["shop/filters.py", FILTERS_NUMERIC]]);
    const fromWhole = await (await scan({ fixes: true })).session.rescan(patched, ["shop/views.py"]);
    const fromScratch = await (await scan({ cache: false, fixes: true })).session.rescan(patched, ["shop/views.py"]);
    expect(JSON.stringify([...fromWhole.findings])).toBe(JSON.stringify([...fromScratch.findings]));
    expect([...fromWhole.findings.keys()].sort()).toEqual(["shop/filters.py"]);
  });

  it("answers whole only while the deployment descriptors name the same entry points", async () => {
    // a job runner whose parameters are not called event/context: an entry point only once a descriptor names it
    write("jobs/tasks.py", `import os


def run_job(evt, ctx):
    os.system("run-job " + evt["name"])
`);
    const before = await scan();
    expect(flagged(before)).not.toContain("jobs/tasks.py:5:command-injection");
    expect((await scan()).cache?.tree).toBe(true);
    write("serverless.yml", `service: jobs
provider:
  name: aws
  runtime: python3.11
functions:
  nightly:
    handler: jobs/tasks.run_job
`);
    const declared = await scan();
    expect(declared.cache?.tree).toBe(false);
    expect(flagged(declared)).toContain("jobs/tasks.py:5:command-injection");
    expect(report(declared)).toBe(report(await scan({ cache: false })));
  });

  it("reuses the fix verifier's re-scans after a change they did not read, and re-scans after one they did", async () => {
    const fixed = async (out: ScanOutput) => {
      const stats = await attachFixes(out.findings, out.session);
      return JSON.stringify({ stats, findings: out.findings });
    };
    write("shop/about.py", `"""The about page."""\n\n\ndef about_text():\n    return "A small shop."\n`);
    await fixed(await scan({ fixes: true }));
    const rescans = vi.spyOn(ScanSession.prototype, "rescan");

    // inside a function of a module no re-scan read: every verdict comes from the cache
    write("shop/about.py", `"""The about page."""\n\n\ndef about_text():\n    return "A small shop, since 1990."\n`);
    const unrelated = await scan({ fixes: true });
    expect(unrelated.cache?.tree).toBe(false);
    const reused = await fixed(unrelated);
    expect(rescans).not.toHaveBeenCalled();
    expect(reused).toBe(await fixed(await scan({ cache: false, fixes: true })));

    // the helper the view's flow goes through: the re-scans that read it run again
    write("shop/filters.py", FILTERS_PASSTHROUGH.replace("    return raw", "    # customers paste references with spaces\n    return raw"));
    rescans.mockClear();
    const again = await fixed(await scan({ fixes: true }));
    expect(rescans).toHaveBeenCalled();
    expect(again).toBe(await fixed(await scan({ cache: false, fixes: true })));
  });

  it("keeps a fix verifier re-scan while the same shards see its patched file, whatever else changed in them", async () => {
    const fixed = async (out: ScanOutput) => {
      const stats = await attachFixes(out.findings, out.session);
      return JSON.stringify({ stats, findings: out.findings });
    };
    // the order pages, with the query in a function of their own
    write("shop/views.py", `"""Order lookup pages of the shop."""
import sqlite3

from flask import Flask, request

from shop.filters import order_reference

app = Flask(__name__)


def order_rows(reference):
    db = sqlite3.connect("shop.db")
    return db.execute("SELECT id, total FROM orders WHERE reference = '%s'" % reference).fetchall()


@app.route("/orders")
def find_order():
    reference = order_reference(request.args.get("ref", ""))
    return {"orders": order_rows(reference)}
`);
    const accounts = (body: string) => `"""Account pages of the shop."""
from flask import Blueprint, request

from shop.views import order_rows

bp = Blueprint("accounts", __name__)
DEMO_REFERENCE = "DEMO-0001"


@bp.route("/account")
def account():
${body}
`;
    write("shop/pages/accounts.py", accounts(`    name = request.args.get("name", "")
    return {"greeting": "Hello " + name}`));
    // the account pages and the order pages fall in two shards (see taint/shards.ts)
    expect(planShards(["shop/pages/accounts.py", "shop/views.py"]).map((s) => s.paths)).toEqual([["shop/pages/accounts.py"], ["shop/views.py"]]);
    const first = await scan({ fixes: true });
    await fixed(first);
    expect(first.findings.filter((f) => f.fix).map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`)).toEqual(["shop/reports.py:6:weak-hash", "shop/views.py:13:sql-injection"]);
    const rescans = vi.spyOn(ScanSession.prototype, "rescan");

    // an edit in a view of a shard that never saw the patched files: the re-scans are kept
    write("shop/pages/accounts.py", accounts(`    name = request.args.get("name", "").strip()
    return {"greeting": "Hello " + name}`));
    const elsewhere = await scan({ fixes: true });
    expect(elsewhere.cache?.shards).toMatchObject({ hits: 1, misses: 1 });
    const kept = await fixed(elsewhere);
    expect(rescans).not.toHaveBeenCalled();
    expect(kept).toBe(await fixed(await scan({ cache: false, fixes: true })));

    // the account page now lists the demo account's orders through the order pages' query (no new flow, the same
    // index, no file the re-scans read changed): its shard sees the patched module now, so the re-scan runs again
    write("shop/pages/accounts.py", accounts(`    name = request.args.get("name", "").strip()\n    return {"greeting": "Hello " + name, "orders": order_rows(DEMO_REFERENCE)}`));
    const seeing = await scan({ fixes: true });
    expect(flagged(seeing)).toEqual(flagged(first));
    rescans.mockClear();
    const verdicts = await fixed(seeing);
    expect(rescans).toHaveBeenCalled();
    expect(verdicts).toBe(await fixed(await scan({ cache: false, fixes: true })));
  });

  it("re-analyses, in a fix verifier re-scan that must run again, only the shards that loaded a changed file", async () => {
    const fixed = async (out: ScanOutput) => {
      const stats = await attachFixes(out.findings, out.session);
      return JSON.stringify({ stats, findings: out.findings });
    };
    const accounts = (filter: string) => `"""Account pages of the shop."""
import sqlite3

from flask import Blueprint, request

bp = Blueprint("accounts", __name__)


@bp.route("/account")
def account():
    name = request.args.get("name", "")${filter}
    db = sqlite3.connect("shop.db")
    rows = db.execute("SELECT email FROM customers WHERE name = '%s'" % name).fetchall()
    return {"accounts": rows}
`;
    write("shop/pages/accounts.py", accounts(""));
    // the account pages and the order pages fall in two shards (see taint/shards.ts)
    expect(planShards(["shop/pages/accounts.py", "shop/views.py"]).length).toBe(2);
    const first = await scan({ fixes: true });
    await fixed(first);
    expect(first.findings.filter((f) => f.fix).map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`)).toEqual(["shop/pages/accounts.py:13:sql-injection", "shop/reports.py:6:weak-hash", "shop/views.py:15:sql-injection"]);

    // the account page changes: the re-scan of all three fixes read it and runs again, but of its data-flow
    // re-analysis only the account pages' shard runs; the order pages' outcome is the last verification's
    write("shop/pages/accounts.py", accounts(`.strip()`));
    const edited = await scan({ fixes: true });
    const rescans = vi.spyOn(ScanSession.prototype, "rescan");
    const shards = vi.spyOn(TaintProject.prototype, "runShard");
    const verdicts = await fixed(edited);
    expect(rescans).toHaveBeenCalled();
    expect(shards.mock.calls.map(([task]) => task.shard.paths)).toEqual([["shop/pages/accounts.py"]]);
    expect(verdicts).toBe(await fixed(await scan({ cache: false, fixes: true })));
  });
});
