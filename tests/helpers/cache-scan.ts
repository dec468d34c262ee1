/**
 * What the analysis-cache tests share: files written with a settled modification time, the real scan pipeline
 * over a project folder with or without the cache, and what a report is made of.
 */
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { rules as allRules } from "../../rules/index.js";
import { MODELS } from "../../rules/models/index.js";
import type { Rule } from "../../src/rule.js";
import type { ScanCacheOptions } from "../../src/scan-cache.js";
import { runScan, type ScanOutput } from "../../src/scan.js";

/** A modification time in whole seconds, long ago: restoring it after an edit is exact. */
export const LONG_AGO = 1_700_000_000;

/** Writes `rel` under `root` (folders made as needed), stamped LONG_AGO. */
export function writeSettled(root: string, rel: string, text: string): void {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
  utimesSync(p, LONG_AGO, LONG_AGO);
}

export interface ScanVariant {
  cache?: boolean;
  rules?: readonly Rule[];
  includeLocalSources?: boolean;
  codeFingerprint?: string;
  wholeTree?: boolean;
  fixes?: boolean;
  onlyFiles?: Set<string>;
  inlineSuppressions?: boolean;
}

/** Scans the whole of `root`, with the cache at `cacheOpts` unless `v.cache` is false. */
export function scanProject(root: string, cacheOpts: ScanCacheOptions, v: ScanVariant = {}): Promise<ScanOutput> {
  return runScan({
    root,
    paths: [root],
    rules: v.rules ?? allRules,
    discover: { exclude: [], defaultExcludes: true, maxFileSize: 5 * 1024 * 1024, gitignore: true },
    inlineSuppressions: v.inlineSuppressions ?? true,
    includeLocalSources: v.includeLocalSources ?? false,
    models: MODELS,
    fixes: v.fixes ?? false,
    ...(v.onlyFiles ? { onlyFiles: v.onlyFiles } : {}),
    ...(v.cache === false ? {} : { cache: { ...cacheOpts, ...(v.codeFingerprint ? { codeFingerprint: v.codeFingerprint } : {}), ...(v.wholeTree === false ? { wholeTree: false } : {}) } }),
  });
}

/** What a report is made of: a cached scan must give exactly what a scan without the cache gives. */
export function report(out: ScanOutput): string {
  return JSON.stringify({ findings: out.findings, notifications: out.notifications, files: out.files, lines: out.lines });
}

/** A new temporary project folder (`shop-project`) and the cache options of a test: its own cache and key folders beside it. */
export function tempCacheProject(prefix: string): { root: string; cacheOpts: ScanCacheOptions } {
  const base = mkdtempSync(join(tmpdir(), prefix));
  return { root: join(base, "shop-project"), cacheOpts: { dir: join(base, "cache"), secretDir: join(base, "cache-key"), codeFingerprint: "pysast-code-1", settleMs: 0 } };
}

/** A temporary shop project with its own cache: `write` a settled file into it, `scan` it (with or without the cache). */
export interface CacheShop {
  root: string;
  write(rel: string, text: string): void;
  scan(cache?: boolean): Promise<ScanOutput>;
}

/** A new `CacheShop` (see `tempCacheProject`), scanned as a whole project whose findings are reported for every file. */
export function cacheShop(prefix: string): CacheShop {
  const { root, cacheOpts } = tempCacheProject(prefix);
  return {
    root,
    write: (rel, text) => writeSettled(root, rel, text),
    scan: (cache = true) => scanProject(root, cacheOpts, { cache, wholeTree: false }),
  };
}

/** The injection findings of a scan, as `path:line:ruleId`, sorted. */
export function flagged(out: ScanOutput): string[] {
  return out.findings.filter((f) => f.ruleId === "sql-injection" || f.ruleId === "command-injection").map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`).sort();
}

/** `shop/orders.py` of the cache tests' shop: a view that formats what a helper of `shop.helpers` returns into SQL. */
export const ORDERS = `"""Order lookup."""
import sqlite3

from flask import request

from shop import app
from shop.helpers import order_reference


@app.route("/orders")
def find_order():
    reference = order_reference(request.args.get("ref", ""))
    db = sqlite3.connect("shop.db")
    return {"orders": db.execute("SELECT id FROM orders WHERE reference = '%s'" % reference).fetchall()}
`;
