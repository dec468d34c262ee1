/**
 * Summaries compared after an edit (taint/prints.ts, `RootOutcome.via`): a view that read a helper of another module
 * only through the helper's summaries keeps its outcome when the edited helper's summaries, computed again for the new
 * text, print the same — a logging line added, a local renamed — and runs again when they do not (a sanitiser removed).
 * Every incremental report must be exactly what a cold scan reports.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { cacheShop, type CacheShop, flagged, report } from "./helpers/cache-scan.js";

const LOOKUP = `"""Lookups the shop's views share."""
import logging

logger = logging.getLogger(__name__)

DEFAULT_PAGE = 20


def order_number(raw):
    number = raw.strip()
    return int(number)


def page_number(raw):
    if not raw:
        return DEFAULT_PAGE
    return int(raw)


def search_terms(raw):
    terms = [t for t in raw.split(",") if t]
    return terms


def customer_email(raw):
    return raw.strip().lower()
`;

const view = (name: string, table: string) => `"""${table} by order."""
import sqlite3

from flask import request

from shop import app
from shop.lookup import order_number, page_number


@app.route("/${name}")
def ${name}():
    number = order_number(request.args.get("order", ""))
    page = page_number(request.args.get("page", ""))
    db = sqlite3.connect("shop.db")
    rows = db.execute("SELECT * FROM ${table} WHERE order_id = %s LIMIT %s" % (number, page)).fetchall()
    return {"${name}": rows}
`;

const NEWSLETTER = `"""Newsletter sign-up."""
import sqlite3

from flask import request

from shop import app
from shop.lookup import customer_email


@app.route("/newsletter", methods=["POST"])
def newsletter():
    email = customer_email(request.form.get("email", ""))
    db = sqlite3.connect("shop.db")
    db.execute("INSERT INTO subscribers (email) VALUES (?)", (email,))
    return {"subscribed": email}
`;

let write: CacheShop["write"];
let scan: CacheShop["scan"];

beforeEach(() => {
  ({ write, scan } = cacheShop("pysast-scan-prints-"));
  write("shop/__init__.py", "from flask import Flask\n\napp = Flask(__name__)\n");
  write("shop/lookup.py", LOOKUP);
  write("shop/invoices.py", view("invoices", "invoices"));
  write("shop/parcels.py", view("parcels", "parcels"));
  write("shop/refunds.py", view("refunds", "refunds"));
  write("shop/newsletter.py", NEWSLETTER);
});

describe("the analysis cache, summaries compared after an edit", () => {
  it("keeps the views when a logging line is added to the helper they call, and runs them when its sanitiser goes", async () => {
    const cold = await scan();
    expect(flagged(cold)).toEqual([]);

    // the same behaviour: a log line with a constant message, above the conversion
    const logged = LOOKUP.replace("    number = raw.strip()\n", '    logger.debug("looking up an order")\n    number = raw.strip()\n');
    write("shop/lookup.py", logged);
    const same = await scan();
    // the three order views read `order_number` only through its summary, which prints the same: kept, nothing analysed;
    // the newsletter view read another definition (kept as before)
    expect(same.cache?.roots).toMatchObject({ verified: 3, unusedChanges: 1, analysed: 0, whole: 0 });
    expect(flagged(same)).toEqual([]);
    expect(report(same)).toBe(report(await scan(false)));

    // the twin edit: the conversion removed, the order number reaches the query as typed
    write("shop/lookup.py", logged.replace("    return int(number)", "    return number"));
    const opened = await scan();
    expect(opened.cache?.roots).toMatchObject({ verified: 0, unusedChanges: 1, analysed: 3, whole: 0 });
    expect(flagged(opened)).toEqual(["shop/invoices.py:15:sql-injection", "shop/parcels.py:15:sql-injection", "shop/refunds.py:15:sql-injection"]);
    expect(report(opened)).toBe(report(await scan(false)));

    // and back: the findings go, exactly as on a cold scan
    write("shop/lookup.py", logged);
    const closed = await scan();
    expect(flagged(closed)).toEqual([]);
    expect(report(closed)).toBe(report(await scan(false)));
  });

  it("keeps the views when a helper's local is renamed, and a later real edit of the same helper still runs them", async () => {
    await scan();
    write("shop/lookup.py", LOOKUP.replace("    number = raw.strip()\n    return int(number)", "    cleaned = raw.strip()\n    return int(cleaned)"));
    const renamed = await scan();
    expect(renamed.cache?.roots).toMatchObject({ verified: 3, analysed: 0, whole: 0 });
    expect(report(renamed)).toBe(report(await scan(false)));

    // the entry written after the comparison holds the new text's digests and prints: the next edit is compared with it
    write("shop/lookup.py", LOOKUP.replace("    number = raw.strip()\n    return int(number)", "    cleaned = raw.strip()\n    return cleaned"));
    const opened = await scan();
    expect(opened.cache?.roots).toMatchObject({ verified: 0, analysed: 3, whole: 0 });
    expect(flagged(opened)).toEqual(["shop/invoices.py:15:sql-injection", "shop/parcels.py:15:sql-injection", "shop/refunds.py:15:sql-injection"]);
    expect(report(opened)).toBe(report(await scan(false)));
  });

  it("keeps the views when a helper's default changes but not its summary (a number either way)", async () => {
    await scan();
    write("shop/lookup.py", LOOKUP.replace("        return DEFAULT_PAGE", "        return 50"));
    const out = await scan();
    expect(out.cache?.roots).toMatchObject({ verified: 3, analysed: 0, whole: 0 });
    expect(report(out)).toBe(report(await scan(false)));
  });

  it("compares two edited helpers of one module on its old text rebuilt below new comments, and opens a flow through the second", async () => {
    await scan();
    // comments above the helpers (every offset below moves, the outline digests the same), `order_number` gains a log
    // line, `page_number` a default of another length: the old text is the new one with both definitions put back
    // (scan.ts), and both print the same
    const moved = LOOKUP.replace("\n\ndef order_number(raw):", "\n\n# Each lookup takes a raw request value\n# and returns what the views query with.\n\n\ndef order_number(raw):")
      .replace("    number = raw.strip()\n", '    logger.debug("looking up an order")\n    number = raw.strip()\n')
      .replace("        return DEFAULT_PAGE", "        return 50");
    write("shop/lookup.py", moved);
    const same = await scan();
    expect(same.cache?.roots).toMatchObject({ verified: 3, analysed: 0, whole: 0 });
    expect(flagged(same)).toEqual([]);
    expect(report(same)).toBe(report(await scan(false)));

    // the twin: `page_number` returns the raw value, which reaches the three views' queries; `order_number` as before
    write("shop/lookup.py", moved.replace("    return int(raw)", "    return raw"));
    const opened = await scan();
    expect(opened.cache?.roots).toMatchObject({ verified: 0, analysed: 3, whole: 0 });
    expect(flagged(opened)).toEqual(["shop/invoices.py:15:sql-injection", "shop/parcels.py:15:sql-injection", "shop/refunds.py:15:sql-injection"]);
    expect(report(opened)).toBe(report(await scan(false)));
  });

  it("keeps a view whose helper returns a new list built the same way, and reports as a cold scan does", async () => {
    write("shop/search.py", `"""Product search."""
import sqlite3

from flask import request

from shop import app
from shop.lookup import search_terms


@app.route("/search")
def search():
    terms = search_terms(request.args.get("q", ""))
    db = sqlite3.connect("shop.db")
    return {"rows": db.execute("SELECT name FROM products WHERE name IN (%s)" % ",".join(terms)).fetchall()}
`);
    const cold = await scan();
    expect(flagged(cold)).toEqual(["shop/search.py:14:sql-injection"]);
    // a statement above the list: the list's allocation site moves, the summary holds it renamed (taint/prints.ts)
    write("shop/lookup.py", LOOKUP.replace('    terms = [t for t in raw.split(",") if t]', '    logger.debug("splitting search terms")\n    terms = [t for t in raw.split(",") if t]'));
    const out = await scan();
    // the search view's report names the module (its flow passes through the helper): it runs again whatever the print
    expect(out.cache?.roots).toMatchObject({ whole: 0 });
    expect(flagged(out)).toEqual(["shop/search.py:14:sql-injection"]);
    expect(report(out)).toBe(report(await scan(false)));
  });
});

const ARCHIVE = `"""Names the export jobs give their archives."""
import logging
import shlex

logger = logging.getLogger(__name__)


def archive_label(raw):
    label = raw.strip()
    return shlex.quote(label)


def retention_days(raw):
    return int(raw or 30)
`;

const exportView = (name: string, folder: string) => `"""${name} of a customer's data."""
import subprocess

from flask import request

from shop import app
from shop.archive import archive_label


@app.route("/${name}", methods=["POST"])
def ${name}():
    label = archive_label(request.form.get("label", ""))
    subprocess.run("tar czf /srv/${folder}/%s.tgz /srv/data" % label, shell=True, check=True)
    return {"${name}": label}
`;

describe("the analysis cache, a helper of another module edited under the views that call it", () => {
  it("opens and closes the views' command injection on each rescan exactly as a cold scan, keeping them while the helper's summary prints the same", async () => {
    write("shop/archive.py", ARCHIVE);
    write("shop/exports.py", exportView("exports", "exports"));
    write("shop/backups.py", exportView("backups", "backups"));
    const cold = await scan();
    expect(flagged(cold)).toEqual([]);

    // the quoting goes: both views read `archive_label` only through its summary, which no longer prints the same
    const bare = ARCHIVE.replace("    return shlex.quote(label)", "    return label");
    write("shop/archive.py", bare);
    const opened = await scan();
    expect(opened.cache?.roots).toMatchObject({ verified: 0, analysed: 2, whole: 0 });
    expect(flagged(opened)).toEqual(["shop/backups.py:13:command-injection", "shop/exports.py:13:command-injection"]);
    expect(report(opened)).toBe(report(await scan(false)));

    // quoted again, written another way: compared with the entry the last rescan wrote (the bare helper), so both run
    // again and their findings go
    const quoted = ARCHIVE.replace("    label = raw.strip()\n    return shlex.quote(label)", "    quoted = shlex.quote(raw.strip())\n    return quoted");
    write("shop/archive.py", quoted);
    const closed = await scan();
    expect(closed.cache?.roots).toMatchObject({ verified: 0, analysed: 2, whole: 0 });
    expect(flagged(closed)).toEqual([]);
    expect(report(closed)).toBe(report(await scan(false)));

    // a log line in the quoting helper: its summary prints as before, the views are kept without analysis
    const logged = quoted.replace("    quoted = shlex.quote", '    logger.info("naming an archive")\n    quoted = shlex.quote');
    write("shop/archive.py", logged);
    const kept = await scan();
    expect(kept.cache?.roots).toMatchObject({ verified: 2, analysed: 0, whole: 0 });
    expect(flagged(kept)).toEqual([]);
    expect(report(kept)).toBe(report(await scan(false)));

    // and the quoting removed from the logged helper: the views' findings come back, at the same lines as a cold scan's
    write("shop/archive.py", logged.replace("    quoted = shlex.quote(raw.strip())", "    quoted = raw.strip()"));
    const reopened = await scan();
    expect(reopened.cache?.roots).toMatchObject({ verified: 0, analysed: 2, whole: 0 });
    expect(flagged(reopened)).toEqual(["shop/backups.py:13:command-injection", "shop/exports.py:13:command-injection"]);
    expect(report(reopened)).toBe(report(await scan(false)));
  });
});
