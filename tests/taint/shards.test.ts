import { describe, expect, it } from "vitest";
import { planShards } from "../../src/taint/shards.js";
import { runTaint } from "./harness.js";

/**
 * Phase 2 is cut into shards that are analysed independently (in worker threads, and cached). These
 * projects pass request data from one file to another through shared state — flask.g, a module global,
 * attributes a base class sets on `self` — so that with every file in a shard of its own the flow
 * crosses shards and needs a second round. The findings must be those of a single shard.
 */
const FLASK_G = {
  "shop/hooks.py": `
    from flask import g, request

    from shop import app


    @app.before_request
    def remember_caller():
        g.account = request.headers.get("X-Account", "")
        g.region = "eu-west"
  `,
  "shop/__init__.py": `
    from flask import Flask

    app = Flask(__name__)
  `,
  "shop/reports.py": `
    import sqlite3

    from flask import g, jsonify

    from shop import app


    @app.route("/reports")
    def reports():
        db = sqlite3.connect("shop.db")
        # ruleid: sql
        rows = db.execute("SELECT * FROM reports WHERE account = '%s'" % g.account).fetchall()
        return jsonify(rows)


    @app.route("/regions")
    def regions():
        db = sqlite3.connect("shop.db")
        # ok: sql
        rows = db.execute("SELECT * FROM reports WHERE region = '%s'" % g.region).fetchall()
        return jsonify(rows)
  `,
};

const MODULE_GLOBAL = {
  "tools/history.py": `
    from flask import request

    LAST_PATTERN = "*.log"


    def record_search():
        global LAST_PATTERN
        LAST_PATTERN = request.args.get("pattern", "*.log")


    def latest():
        return LAST_PATTERN


    def default_pattern():
        return "*.log"
  `,
  "tools/search.py": `
    from flask import Blueprint

    from tools import history

    bp = Blueprint("search", __name__)


    @bp.route("/search")
    def search():
        history.record_search()
        return "ok"
  `,
  "tools/archive.py": `
    import subprocess

    from flask import Blueprint

    from tools import history

    bp = Blueprint("archive", __name__)


    @bp.route("/archive")
    def archive():
        # ruleid: command
        subprocess.run("tar czf logs.tgz " + history.latest(), shell=True)
        return "archived"


    @bp.route("/archive-default")
    def archive_default():
        # ok: command
        subprocess.run("tar czf logs.tgz " + history.default_pattern(), shell=True)
        return "archived"
  `,
};

function annotatedHits(files: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    const lines = text.replace(/^\n/, "").split("\n");
    lines.forEach((line, i) => {
      const m = /#\s*ruleid:\s*([\w-]+)/.exec(line);
      if (m) out.push(`${path}:${i + 2}:${m[1]}`);
    });
  }
  return out.sort();
}

describe("phase 2 shards", () => {
  for (const [name, files] of Object.entries({ "flask.g set in another file": FLASK_G, "a module global written through another module": MODULE_GLOBAL })) {
    it(`finds a flow through ${name} whether the files share a shard or not`, async () => {
      const together = await runTaint(files, { shardTarget: 1000 });
      const apart = await runTaint(files, { shardTarget: 1 });
      expect(together.hits).toEqual(annotatedHits(files));
      expect(apart.hits).toEqual(together.hits);
      expect(JSON.stringify([...apart.findings])).toBe(JSON.stringify([...together.findings]));
    });
  }

  it("cuts sorted paths by their own hashes, so adding a file moves only the boundary next to it", () => {
    const paths = Array.from({ length: 2000 }, (_, i) => `app/module_${String(i).padStart(4, "0")}.py`);
    const before = planShards(paths, 32);
    expect(before.length).toBeGreaterThan(20);
    expect(before.flatMap((s) => s.paths)).toEqual(paths);
    const added = [...paths, "app/module_0999_extra.py"].sort();
    const after = planShards(added, 32);
    const key = (s: { paths: string[] }) => s.paths.join(",");
    const unchanged = after.filter((s) => before.some((b) => key(b) === key(s)));
    expect(unchanged.length).toBeGreaterThanOrEqual(before.length - 1);
  });
});
