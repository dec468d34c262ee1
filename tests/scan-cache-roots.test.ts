/**
 * The analysis cache keeps, for each file a phase-2 shard analyses (a root), what analysing it did — its
 * summaries' effects included, wherever they were computed first — and the files it loaded. After an edit, a
 * shard runs again only for the roots that loaded the edited file; the other roots' outcomes are kept. These
 * projects put several views in one shard, some sharing helpers, and every incremental scan must report exactly
 * what a scan without the cache reports.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { FILTERS_NUMERIC, FILTERS_PASSTHROUGH } from "./helpers/shop-filters.js";
import { cacheShop, type CacheShop, flagged, report } from "./helpers/cache-scan.js";

const ORDERS = `"""Order lookup pages of the shop."""
import sqlite3

from flask import request

from shop import app
from shop.filters import order_reference


@app.route("/orders")
def find_order():
    reference = order_reference(request.args.get("ref", ""))
    db = sqlite3.connect("shop.db")
    rows = db.execute("SELECT id, total FROM orders WHERE reference = '%s'" % reference).fetchall()
    return {"orders": rows}
`;

const RETURNS = `"""Returns: the customer names an order, the clerk looks it up."""
import sqlite3

from flask import request

from shop import app
from shop.filters import order_reference


@app.route("/returns")
def find_return():
    reference = order_reference(request.form.get("order", ""))
    db = sqlite3.connect("shop.db")
    rows = db.execute("SELECT id FROM returns WHERE reference = '%s'" % reference).fetchall()
    return {"returns": rows}
`;

const ARCHIVE = `"""Archived invoices, served as files."""
import os
import subprocess

from flask import request, send_file

from shop import app
from shop.paths import invoice_name


@app.route("/invoices/archive")
def archive_invoice():
    name = invoice_name(request.args.get("invoice", ""))
    subprocess.run("gzip -k invoices/" + name, shell=True, check=False)
    return send_file(os.path.join("invoices", name + ".gz"))
`;

const PATHS = `"""Invoice file names."""


def invoice_name(raw):
    return raw.strip()
`;

// the helper passes the value on through a pair of functions that call each other (recursion)
const FILTERS_RECURSIVE = `"""Normalisation of values typed by customers."""


def order_reference(raw):
    return _collapse(raw.strip(), 3)


def _collapse(text, rounds):
    if rounds <= 0 or "  " not in text:
        return text
    return _again(text.replace("  ", " "), rounds)


def _again(text, rounds):
    return _collapse(text, rounds - 1)
`;

// one view keeps the last search in a module global, another replays it (shared state between roots)
const STATE = `"""What the last request asked for."""
from flask import request

LAST_PATTERN = "*.log"


def record_search():
    global LAST_PATTERN
    LAST_PATTERN = request.args.get("pattern", "*.log")


def latest():
    return LAST_PATTERN
`;

const RECALL = `"""Replays the last search."""
import subprocess

from flask import request

from shop import app, state


@app.route("/recall")
def recall():
    lines = int(request.args.get("lines", "20"))
    subprocess.run("grep -m %d " % lines + state.latest() + " shop.log", shell=True, check=False)
    return "done"


@app.route("/search")
def search():
    state.record_search()
    return "ok"
`;

// the back office notes when it last cleared the order caches, and reports how long ago that was: a module global that
// only the back office's own view writes and reads
const CLOCK = `"""When the order caches were last cleared."""
import time

LAST_CLEARED = 0.0


def mark_cleared():
    global LAST_CLEARED
    LAST_CLEARED = time.time()


def seconds_since_cleared():
    return time.time() - LAST_CLEARED
`;

const BACKOFFICE = `"""Back-office maintenance pages."""
from flask import request

from shop import app, clock


@app.route("/backoffice/clear-caches", methods=["POST"])
def clear_caches():
    clock.mark_cleared()
    return {"cleared": True, "age": clock.seconds_since_cleared(), "reason": request.form.get("reason", "")}
`;

// the shop's status page: its uptime, and (STATUS_READING) how long ago the back office cleared the caches, which
// reads the module global the back-office view writes
const STATUS = `"""The shop's status page."""
import time

from flask import request

from shop import app, clock

STARTED = time.time()


@app.route("/status")
def status():
    return {"up": time.time() - STARTED, "probe": request.args.get("probe", "")}
`;
const STATUS_READING = STATUS.replace('"probe": request.args.get("probe", "")}', '"probe": request.args.get("probe", ""), "cleared": clock.seconds_since_cleared()}');

// saved log searches: one view keeps the pattern a clerk typed in a module global, another view of the same module
// replays it in a shell (request data in the shared state: a second pass, but within one root)
const SAVED_SEARCH = `"""Saved log searches: the last pattern a clerk searched the logs for, replayed on demand."""
import subprocess

from flask import request

from shop import app

LAST_PATTERN = "*.log"


@app.route("/log/search")
def search_log():
    global LAST_PATTERN
    LAST_PATTERN = request.args.get("pattern", "*.log")
    return "saved"


@app.route("/log/replay")
def replay_search():
    return subprocess.run("grep -r " + LAST_PATTERN + " logs/", shell=True, capture_output=True, check=False).stdout
`;

let write: CacheShop["write"];
let scan: CacheShop["scan"];

beforeEach(() => {
  ({ write, scan } = cacheShop("pysast-scan-roots-"));
  write("shop/__init__.py", "from flask import Flask\n\napp = Flask(__name__)\n");
  write("shop/orders.py", ORDERS);
  write("shop/returns.py", RETURNS);
  write("shop/archive.py", ARCHIVE);
  write("shop/paths.py", PATHS);
  write("shop/filters.py", FILTERS_PASSTHROUGH);
});

describe("the analysis cache, root by root", () => {
  it("re-analyses only the views that loaded an edited helper, and reports what a cold scan reports", async () => {
    const cold = await scan();
    expect(flagged(cold)).toEqual(["shop/archive.py:14:command-injection", "shop/orders.py:14:sql-injection", "shop/returns.py:14:sql-injection"]);
    expect(report(cold)).toBe(report(await scan(false)));

    // the helper of the two order views is fixed: their findings go, the archive's stays (kept, not analysed)
    write("shop/filters.py", FILTERS_NUMERIC);
    const fixed = await scan();
    expect(fixed.cache?.shards).toEqual({ hits: 0, misses: 1 });
    expect(fixed.cache?.roots.whole).toBe(0);
    expect(fixed.cache?.roots.analysed).toBe(2);
    expect(fixed.cache?.roots.kept).toBeGreaterThanOrEqual(1);
    expect(flagged(fixed)).toEqual(["shop/archive.py:14:command-injection"]);
    expect(report(fixed)).toBe(report(await scan(false)));

    // and unfixed: they come back, from the kept outcome of the archive and a fresh analysis of the two views
    write("shop/filters.py", FILTERS_PASSTHROUGH);
    const unfixed = await scan();
    expect(unfixed.cache?.roots).toMatchObject({ analysed: 2, whole: 0 });
    expect(flagged(unfixed)).toEqual(["shop/archive.py:14:command-injection", "shop/orders.py:14:sql-injection", "shop/returns.py:14:sql-injection"]);
    expect(report(unfixed)).toBe(report(await scan(false)));
  });

  it("finds a flow a view gains when its own code changes, keeping the other views' outcomes", async () => {
    write("shop/archive.py", ARCHIVE.replace(`"gzip -k invoices/" + name, shell=True`, `["gzip", "-k", "invoices/" + name], shell=False`));
    const cold = await scan();
    expect(flagged(cold)).toEqual(["shop/orders.py:14:sql-injection", "shop/returns.py:14:sql-injection"]);
    write("shop/archive.py", ARCHIVE);
    const out = await scan();
    expect(out.cache?.roots).toMatchObject({ analysed: 1, whole: 0 });
    expect(flagged(out)).toEqual(["shop/archive.py:14:command-injection", "shop/orders.py:14:sql-injection", "shop/returns.py:14:sql-injection"]);
    expect(report(out)).toBe(report(await scan(false)));
  });

  it("keeps a view's outcome whose helper recursion was met first by another view, as a cold scan does", async () => {
    // recursion in the shared helper: in the shard, the first view to call it decided where the cycle was cut; the
    // edited view, analysed alone, cuts it where it enters it — and finds what the whole shard finds
    write("shop/filters.py", FILTERS_RECURSIVE);
    const cold = await scan();
    expect(report(cold)).toBe(report(await scan(false)));
    write("shop/returns.py", RETURNS.replace(`request.form.get("order", "")`, `request.form.get("order_id", "")`));
    const out = await scan();
    expect(out.cache?.roots).toMatchObject({ analysed: 1, whole: 0 });
    expect(flagged(out)).toEqual(["shop/archive.py:14:command-injection", "shop/orders.py:14:sql-injection", "shop/returns.py:14:sql-injection"]);
    expect(report(out)).toBe(report(await scan(false)));
    // and the helper edited under both order views
    write("shop/filters.py", FILTERS_RECURSIVE.replace("    return _collapse(raw.strip(), 3)", "    return int(_collapse(raw.strip(), 3))"));
    const fixed = await scan();
    expect(fixed.cache?.roots).toMatchObject({ analysed: 2, whole: 0 });
    expect(flagged(fixed)).toEqual(["shop/archive.py:14:command-injection"]);
    expect(report(fixed)).toBe(report(await scan(false)));
  });

  it("analyses a shard whole when one of its views writes a module global another reads", async () => {
    write("shop/state.py", STATE);
    write("shop/recall.py", RECALL);
    const cold = await scan();
    // the pattern the state module's view stored reaches the recall view's shell (found in the shard's second pass)
    expect(flagged(cold)).toContain("shop/recall.py:12:command-injection");
    expect(report(cold)).toBe(report(await scan(false)));
    write("shop/filters.py", FILTERS_NUMERIC);
    const out = await scan();
    // the roots were not kept apart (one wrote what another read): the shard ran whole, by the shards' rule
    expect(out.cache?.roots).toEqual({ kept: 0, analysed: 0, whole: 0, unusedChanges: 0, verified: 0 });
    expect(report(out)).toBe(report(await scan(false)));
  });

  it("keeps the views' outcomes apart when a module global is written and read by one view alone", async () => {
    write("shop/clock.py", CLOCK);
    write("shop/backoffice.py", BACKOFFICE);
    const cold = await scan();
    expect(report(cold)).toBe(report(await scan(false)));
    // the helper under the two order views: the back office's outcome (with its write) is kept
    write("shop/filters.py", FILTERS_NUMERIC);
    const fixed = await scan();
    expect(fixed.cache?.shards).toEqual({ hits: 0, misses: 1 });
    expect(fixed.cache?.roots).toMatchObject({ analysed: 2, whole: 0 });
    expect(fixed.cache?.roots.kept).toBeGreaterThanOrEqual(2);
    expect(flagged(fixed)).toEqual(["shop/archive.py:14:command-injection"]);
    expect(report(fixed)).toBe(report(await scan(false)));
    // the writer itself edited: analysed alone, its fresh write joins the kept outcomes
    write("shop/backoffice.py", BACKOFFICE.replace('request.form.get("reason", "")}', 'request.form.get("reason", ""), "by": "staff"}'));
    const edited = await scan();
    expect(edited.cache?.roots).toMatchObject({ analysed: 1, whole: 0 });
    expect(report(edited)).toBe(report(await scan(false)));
  });

  it("analyses a shard whole when a module global one view writes is read by another view", async () => {
    write("shop/clock.py", CLOCK);
    write("shop/backoffice.py", BACKOFFICE);
    write("shop/status.py", STATUS_READING);
    const cold = await scan();
    expect(report(cold)).toBe(report(await scan(false)));
    // the status page read what the back office wrote (in the shard's order): its outcome depends on that view's,
    // so no root's outcome was kept apart, and the shard runs whole
    write("shop/status.py", STATUS_READING.replace('"cleared": clock', '"since": clock'));
    const out = await scan();
    expect(out.cache?.shards).toEqual({ hits: 0, misses: 1 });
    expect(out.cache?.roots).toEqual({ kept: 0, analysed: 0, whole: 0, unusedChanges: 0, verified: 0 });
    expect(report(out)).toBe(report(await scan(false)));
  });

  it("analyses a shard whole after all when an edited view starts reading a module global a kept view writes", async () => {
    write("shop/clock.py", CLOCK);
    write("shop/backoffice.py", BACKOFFICE);
    write("shop/status.py", STATUS);
    const cold = await scan();
    expect(report(cold)).toBe(report(await scan(false)));
    // the status page alone loaded its file: analysed again alone, it now reads the back office's (kept) write
    write("shop/status.py", STATUS_READING);
    const out = await scan();
    expect(out.cache?.roots).toMatchObject({ analysed: 0, whole: 1 });
    expect(report(out)).toBe(report(await scan(false)));
  });

  it("keeps the views' outcomes apart when request data one view module stores in its own global makes a second pass", async () => {
    write("shop/saved.py", SAVED_SEARCH);
    const cold = await scan();
    expect(flagged(cold)).toEqual(["shop/archive.py:14:command-injection", "shop/orders.py:14:sql-injection", "shop/returns.py:14:sql-injection", "shop/saved.py:20:command-injection"]);
    expect(report(cold)).toBe(report(await scan(false)));
    // the helper under the two order views: the saved searches' outcome (both passes) is kept
    write("shop/filters.py", FILTERS_NUMERIC);
    const fixed = await scan();
    expect(fixed.cache?.roots).toMatchObject({ analysed: 2, whole: 0 });
    expect(flagged(fixed)).toEqual(["shop/archive.py:14:command-injection", "shop/saved.py:20:command-injection"]);
    expect(report(fixed)).toBe(report(await scan(false)));
    // the module with the global edited: analysed alone, it makes its own second pass and finds the replay again
    write("shop/saved.py", SAVED_SEARCH.replace('"grep -r " + LAST_PATTERN + " logs/"', '"grep -rn " + LAST_PATTERN + " logs/"'));
    const edited = await scan();
    expect(edited.cache?.roots).toMatchObject({ analysed: 1, whole: 0 });
    expect(flagged(edited)).toEqual(["shop/archive.py:14:command-injection", "shop/saved.py:20:command-injection"]);
    expect(report(edited)).toBe(report(await scan(false)));
  });

  it("analyses the roots of a second-pass shard apart, making the second pass the shard made, or whole when that changes", async () => {
    // the back office writes a clean global and reads it back; the saved searches store request data, which makes the
    // shard's second pass (over the readers of what changed: the back office's own reader counts)
    const constant = SAVED_SEARCH.replace('LAST_PATTERN = request.args.get("pattern", "*.log")', 'LAST_PATTERN = "*.log" if request.args.get("all") else "*.err"');
    write("shop/clock.py", CLOCK);
    write("shop/backoffice.py", BACKOFFICE);
    write("shop/saved.py", SAVED_SEARCH);
    const cold = await scan();
    expect(report(cold)).toBe(report(await scan(false)));
    // the order views analysed again apart from the saved searches, with the second pass the shard made
    write("shop/filters.py", FILTERS_NUMERIC);
    const fixed = await scan();
    expect(fixed.cache?.roots).toMatchObject({ analysed: 2, whole: 0 });
    expect(report(fixed)).toBe(report(await scan(false)));
    // the back office itself edited: analysed alone, it makes the second pass the kept saved searches made the shard's
    write("shop/backoffice.py", BACKOFFICE.replace('request.form.get("reason", "")}', 'request.form.get("reason", ""), "by": "staff"}'));
    const edited = await scan();
    expect(edited.cache?.roots).toMatchObject({ analysed: 1, whole: 0 });
    expect(report(edited)).toBe(report(await scan(false)));
    // the saved searches no longer store request data: no second pass now, but the back office's kept outcome had one
    write("shop/saved.py", constant);
    const quiet = await scan();
    expect(quiet.cache?.roots).toMatchObject({ analysed: 0, whole: 1 });
    expect(flagged(quiet)).toEqual(["shop/archive.py:14:command-injection"]);
    expect(report(quiet)).toBe(report(await scan(false)));
    // and back: a second pass again, which the back office's kept outcome (analysed without one) did not have
    write("shop/saved.py", SAVED_SEARCH);
    const loud = await scan();
    expect(loud.cache?.roots).toMatchObject({ analysed: 0, whole: 1 });
    expect(flagged(loud)).toEqual(["shop/archive.py:14:command-injection", "shop/saved.py:20:command-injection"]);
    expect(report(loud)).toBe(report(await scan(false)));
  });
});
