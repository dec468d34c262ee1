/**
 * Layout edits under kept roots (src/model/parts.ts digests parts without their layout): a comment or blank line in
 * a helper module changes no part's digest, so views that read the module keep their outcomes, unless their reports
 * name a place in it (a flow through it, a sink in it: its lines moved) — those run again and report the new lines.
 * A later edit that changes what a helper returns runs its readers again. Every incremental report must be exactly a
 * cold scan's.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ScanOutput } from "../src/scan.js";
import { cacheShop, type CacheShop, flagged, ORDERS, report } from "./helpers/cache-scan.js";

const HELPERS = `"""Helpers the shop's views share."""
import subprocess


def coupon_code(raw):
    return raw.strip().lower()


def order_reference(raw):
    return raw.strip().upper()


def page_size(raw, limit):
    if limit:
        return min(int(raw), limit)
    return int(raw)


def export_report(name):
    subprocess.run("make-report --customer " + name, shell=True, check=False)
    return "reports/" + name
`;

const CATALOG = `"""The product catalogue, a page at a time."""
import sqlite3

from flask import request

from shop import app
from shop.helpers import page_size


@app.route("/catalog")
def catalog():
    size = page_size(request.args.get("size", "20"), 100)
    db = sqlite3.connect("shop.db")
    return {"products": db.execute("SELECT name FROM products LIMIT %s" % size).fetchall()}
`;

const COUPONS = `"""Coupon checks."""
from flask import request

from shop import app
from shop.helpers import coupon_code

KNOWN = {"welcome10", "spring"}


@app.route("/coupons/check")
def check_coupon():
    return {"valid": coupon_code(request.args.get("code", "")) in KNOWN}
`;

const REPORTS = `"""Customer reports."""
from flask import request

from shop import app
from shop.helpers import export_report


@app.route("/reports")
def customer_report():
    return {"file": export_report(request.args.get("customer", ""))}
`;

/** The helper module with comments and blank lines added: above every definition, inside two of them, at the end. */
const HELPERS_COMMENTED = HELPERS.replace('import subprocess\n', "import subprocess\n\n# Reviewed for the spring release.\n")
  .replace("    return raw.strip().lower()", "    # codes are case-insensitive\n\n    return raw.strip().lower()")
  .replace("    if limit:", "    # the catalogue caps its pages\n    if limit:")
  .concat("\n\n# end of helpers\n");

let write: CacheShop["write"];
let scan: CacheShop["scan"];

/** Every place of the helper module a report names: findings there and their flows' steps there, as `rule@line`. */
function helperPlaces(out: ScanOutput): string[] {
  return out.findings.flatMap((f) => [...(f.path === "shop/helpers.py" ? [`${f.ruleId}@${f.region.startLine}`] : []), ...(f.flow ?? []).filter((s) => s.path === "shop/helpers.py").map((s) => `${f.ruleId} step@${s.region.startLine}`)]).sort();
}

beforeEach(() => {
  ({ write, scan } = cacheShop("pysast-scan-layout-"));
  write("shop/__init__.py", "from flask import Flask\n\napp = Flask(__name__)\n");
  write("shop/helpers.py", HELPERS);
  write("shop/orders.py", ORDERS);
  write("shop/catalog.py", CATALOG);
  write("shop/coupons.py", COUPONS);
  write("shop/reports.py", REPORTS);
});

describe("the analysis cache after layout edits", () => {
  it("keeps the views whose reports do not name the commented module, and runs again those whose do, at the new lines", async () => {
    const cold = await scan();
    expect(flagged(cold)).toEqual(["shop/helpers.py:20:command-injection", "shop/orders.py:14:sql-injection"]);
    const before = helperPlaces(cold);
    expect(before.some((p) => p.startsWith("sql-injection step@"))).toBe(true);

    write("shop/helpers.py", HELPERS_COMMENTED);
    const out = await scan();
    // the catalogue and coupon views read `page_size` and `coupon_code`, whose trees are the same: kept; the order
    // view's flow and the report view's sink are in the module, below a new comment: analysed again (the package
    // module, which does not load the helpers, is kept too)
    expect(out.cache?.roots).toMatchObject({ kept: 3, analysed: 2, unusedChanges: 2, whole: 0 });
    expect(flagged(out)).toEqual(["shop/helpers.py:25:command-injection", "shop/orders.py:14:sql-injection"]);
    const cold2 = await scan(false);
    expect(helperPlaces(out)).toEqual(helperPlaces(cold2));
    expect(helperPlaces(out)).not.toEqual(before);
    expect(report(out)).toBe(report(cold2));
  });

  it("runs a kept view again when the helper it read later changes what it returns, as a cold scan finds", async () => {
    await scan();
    write("shop/helpers.py", HELPERS_COMMENTED);
    expect((await scan()).cache?.roots.unusedChanges).toBe(2);

    // the page size is no longer a number: the catalogue's query becomes injectable
    write("shop/helpers.py", HELPERS_COMMENTED.replace("        return min(int(raw), limit)", "        return raw.strip()"));
    const opened = await scan();
    expect(flagged(opened)).toEqual(["shop/catalog.py:14:sql-injection", "shop/helpers.py:25:command-injection", "shop/orders.py:14:sql-injection"]);
    expect(report(opened)).toBe(report(await scan(false)));

    // a number again, with another comment: closed, exactly as a cold scan reports it
    write("shop/helpers.py", HELPERS_COMMENTED.replace("        return min(int(raw), limit)", "        # never more than the cap\n        return min(int(raw), limit)"));
    const closed = await scan();
    expect(flagged(closed)).toEqual(["shop/helpers.py:26:command-injection", "shop/orders.py:14:sql-injection"]);
    expect(report(closed)).toBe(report(await scan(false)));
  });

  it("runs a view again when a comment lands inside an expression of the helper it read (a statement is digested as written)", async () => {
    await scan();
    write("shop/helpers.py", HELPERS.replace("        return min(int(raw), limit)", "        return min(\n            int(raw),  # the shopper's choice\n            limit,\n        )"));
    const out = await scan();
    // the catalogue (read `page_size`, which no other view reads: its summary is not printed, see taint/prints.ts),
    // orders and reports (name the module) run again; the coupon view is kept
    expect(out.cache?.roots).toMatchObject({ analysed: 3, unusedChanges: 1, verified: 0, whole: 0 });
    expect(report(out)).toBe(report(await scan(false)));
  });

  it("reports a view's own finding at its new line after a comment above it", async () => {
    await scan();
    write("shop/orders.py", ORDERS.replace("    db = sqlite3.connect", "    # read-only replica\n    db = sqlite3.connect"));
    const out = await scan();
    expect(flagged(out)).toEqual(["shop/helpers.py:20:command-injection", "shop/orders.py:15:sql-injection"]);
    expect(report(out)).toBe(report(await scan(false)));
  });

  it("keeps a view whose own module changed only in its layout while its report names no place there", async () => {
    await scan();
    write("shop/coupons.py", COUPONS.replace("KNOWN = {", "# the codes of this season\nKNOWN = {").replace("    return {", "    # no database: the codes are few\n\n    return {"));
    const commented = await scan();
    expect(commented.cache?.roots).toMatchObject({ analysed: 0, unusedChanges: 1, whole: 0 });
    expect(report(commented)).toBe(report(await scan(false)));

    // a statement added there: its module is read whole, so it runs again
    write("shop/coupons.py", COUPONS.replace("    return {", "    code = request.args.get('code', '')\n    return {"));
    const edited = await scan();
    expect(edited.cache?.roots).toMatchObject({ analysed: 1, unusedChanges: 0, whole: 0 });
    expect(report(edited)).toBe(report(await scan(false)));
  });
});
