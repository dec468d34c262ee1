/**
 * Function-level dependencies of kept roots (src/model/parts.ts, `RootOutcome.uses`): a view whose loaded helper
 * module changed only inside definitions the view never analysed keeps its outcome, unless that outcome names a place
 * in the module (a flow through it: its lines may have moved). Anything else it read there — the module's constants,
 * classes, signatures — makes it run again. Every incremental scan must report exactly what a cold scan reports.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { ScanOutput } from "../src/scan.js";
import { cacheShop, type CacheShop, flagged, ORDERS, report } from "./helpers/cache-scan.js";

const HELPERS = `"""Helpers the shop's views share."""

STRICT_NAMES = True


def coupon_code(raw):
    return raw.strip().lower()


def order_reference(raw):
    return raw.strip().upper()


def archive_name(raw):
    if STRICT_NAMES:
        return str(int(raw))
    return raw


def page_size(raw, limit):
    if limit:
        return min(int(raw), limit)
    return int(raw)


class Normaliser:
    def clean(self, raw):
        return int(raw)


class Verbatim:
    def clean(self, raw):
        return raw.strip()


class ReturnReason(Normaliser):
    pass
`;

const ARCHIVE = `"""Archived invoices."""
import subprocess

from flask import request

from shop import app
from shop.helpers import archive_name


@app.route("/invoices/archive")
def archive_invoice():
    name = archive_name(request.args.get("invoice", ""))
    subprocess.run("gzip -k invoices/" + name, shell=True, check=False)
    return "archived"
`;

const CATALOG = `"""The product catalogue, a page at a time."""
import sqlite3

from flask import request

from shop import app
from shop.helpers import page_size


@app.route("/catalog")
def catalog():
    # a constant argument: the view asks for a specialised summary (its key holds the definition's offset)
    size = page_size(request.args.get("size", "20"), 100)
    db = sqlite3.connect("shop.db")
    return {"products": db.execute("SELECT name FROM products LIMIT %s" % size).fetchall()}
`;

const RETURNS = `"""Returns by reason code."""
import sqlite3

from flask import request

from shop import app
from shop.helpers import ReturnReason


@app.route("/returns")
def returns():
    reason = ReturnReason().clean(request.args.get("reason", "0"))
    db = sqlite3.connect("shop.db")
    return {"returns": db.execute("SELECT id FROM returns WHERE reason = %s" % reason).fetchall()}
`;

let root: string;
let write: CacheShop["write"];
let scan: CacheShop["scan"];

/** The lines of the helper module a finding's flow passes through. */
function helperLines(out: ScanOutput, path: string): number[] {
  return out.findings.filter((f) => f.path === path).flatMap((f) => (f.flow ?? []).filter((s) => s.path === "shop/helpers.py").map((s) => s.region.startLine));
}

beforeEach(() => {
  ({ root, write, scan } = cacheShop("pysast-scan-parts-"));
  write("shop/__init__.py", "from flask import Flask\n\napp = Flask(__name__)\n");
  write("shop/helpers.py", HELPERS);
  write("shop/orders.py", ORDERS);
  write("shop/archive.py", ARCHIVE);
  write("shop/catalog.py", CATALOG);
  write("shop/returns.py", RETURNS);
});

describe("the analysis cache, definition by definition", () => {
  it("keeps the views that did not call an edited helper function, and runs again those whose flows pass below the edit", async () => {
    const cold = await scan();
    expect(flagged(cold)).toEqual(["shop/orders.py:14:sql-injection"]);
    const before = helperLines(cold, "shop/orders.py");
    expect(before.length).toBeGreaterThan(0);

    // a line added to a function no view calls, above the one the order view's flow passes through
    write("shop/helpers.py", HELPERS.replace("    return raw.strip().lower()", "    code = raw.strip()\n    return code.lower()"));
    const out = await scan();
    expect(out.cache?.shards).toEqual({ hits: 0, misses: 1 });
    // the archive, catalogue and returns views read other definitions: kept; the order view's finding names lines
    // of the module below the edit: analysed again, and its flow's lines there moved down by one
    expect(out.cache?.roots).toMatchObject({ analysed: 1, unusedChanges: 3, whole: 0 });
    expect(flagged(out)).toEqual(["shop/orders.py:14:sql-injection"]);
    expect(helperLines(out, "shop/orders.py")).toEqual(before.map((line) => line + 1));
    expect(report(out)).toBe(report(await scan(false)));
  });

  it("analyses nothing when no view read the edited function", async () => {
    rmSync(join(root, "shop/orders.py"));
    const cold = await scan();
    expect(flagged(cold)).toEqual([]);
    write("shop/helpers.py", HELPERS.replace("    return raw.strip().lower()", "    code = raw.strip()\n    return code.lower()"));
    const out = await scan();
    expect(out.cache?.shards).toEqual({ hits: 0, misses: 1 });
    // the three views and the package module, which does not load the helpers
    expect(out.cache?.roots).toMatchObject({ kept: 4, analysed: 0, unusedChanges: 3, whole: 0 });
    expect(report(out)).toBe(report(await scan(false)));
    // the entry written for the edited text keeps the views: the next edit, below the one before, keeps them again
    write("shop/helpers.py", HELPERS.replace("    return raw.strip().lower()", "    code = raw.strip()\n    return code.lower()").replace("class Verbatim:\n    def clean(self, raw):\n        return raw.strip()", "class Verbatim:\n    def clean(self, raw):\n        raw = raw.strip()\n        return raw"));
    const again = await scan();
    expect(again.cache?.roots).toMatchObject({ kept: 4, analysed: 0, unusedChanges: 3, whole: 0 });
    expect(report(again)).toBe(report(await scan(false)));
  });

  it("runs a view again when the helper function it called changes, finding what a cold scan finds", async () => {
    await scan();
    // the page size is no longer a number: the catalogue's query becomes injectable
    write("shop/helpers.py", HELPERS.replace("        return min(int(raw), limit)", "        return raw.strip()"));
    const opened = await scan();
    expect(opened.cache?.roots).toMatchObject({ analysed: 2, unusedChanges: 2, whole: 0 });
    expect(flagged(opened)).toEqual(["shop/catalog.py:15:sql-injection", "shop/orders.py:14:sql-injection"]);
    expect(report(opened)).toBe(report(await scan(false)));

    // and closed again
    write("shop/helpers.py", HELPERS);
    const closed = await scan();
    expect(flagged(closed)).toEqual(["shop/orders.py:14:sql-injection"]);
    expect(report(closed)).toBe(report(await scan(false)));
  });

  it("runs every view that loaded the module again when a module-level constant changes", async () => {
    await scan();
    // the archive's helper checks invoice names only while the module's constant says so
    write("shop/helpers.py", HELPERS.replace("STRICT_NAMES = True", "STRICT_NAMES = False"));
    const out = await scan();
    expect(out.cache?.roots.unusedChanges).toBe(0);
    expect(flagged(out)).toEqual(["shop/archive.py:13:command-injection", "shop/orders.py:14:sql-injection"]);
    expect(report(out)).toBe(report(await scan(false)));
  });

  it("runs a view again when the class it uses gets another base, or a method of its own", async () => {
    await scan();
    // the reason code's class now inherits the verbatim cleaner: the returns query becomes injectable
    write("shop/helpers.py", HELPERS.replace("class ReturnReason(Normaliser):", "class ReturnReason(Verbatim):"));
    const rebased = await scan();
    expect(flagged(rebased)).toEqual(["shop/orders.py:14:sql-injection", "shop/returns.py:14:sql-injection"]);
    expect(report(rebased)).toBe(report(await scan(false)));

    write("shop/helpers.py", HELPERS.replace("class ReturnReason(Normaliser):\n    pass", "class ReturnReason(Normaliser):\n    def clean(self, raw):\n        return raw.strip()"));
    const overridden = await scan();
    expect(flagged(overridden)).toEqual(["shop/orders.py:14:sql-injection", "shop/returns.py:14:sql-injection"]);
    expect(report(overridden)).toBe(report(await scan(false)));

    // a body edit of the method the class now resolves to: only that view runs again
    write("shop/helpers.py", HELPERS.replace("class ReturnReason(Normaliser):\n    pass", "class ReturnReason(Normaliser):\n    def clean(self, raw):\n        return int(raw.strip())"));
    const fixed = await scan();
    expect(fixed.cache?.roots).toMatchObject({ whole: 0 });
    expect(flagged(fixed)).toEqual(["shop/orders.py:14:sql-injection"]);
    expect(report(fixed)).toBe(report(await scan(false)));
  });
});
