import { describe, expect, it } from "vitest";
import { rules } from "../../rules/index.js";
import { MODELS } from "../../rules/models/index.js";
import { isPatternRule } from "../../src/rule.js";
import { constantSinkKinds, TaintProject } from "../../src/taint/index.js";
import { dedent, KIND_RULES, parseFile } from "./harness.js";

/**
 * A shard's outcome says, per evaluated sink site, whether its dangerous data was constant every time; the scan
 * thread holds every shard's outcome until phase 2 ends, and only the kinds a pattern rule gives way on
 * (`quietWhereConstant`) are read. With `constantSinkKinds` the outcome lists those kinds only; the findings do not
 * depend on it.
 */
const JOBS = dedent(`
  import base64
  import pickle
  import sqlite3

  from flask import Flask, request

  app = Flask(__name__)
  DEFAULTS = b"gASVDQAAAAAAAAB9lIwEcGFnZZRLAXMu"


  @app.route("/jobs")
  def jobs():
      prefs = pickle.loads(base64.b64decode(DEFAULTS))
      db = sqlite3.connect("jobs.db")
      rows = db.execute("SELECT id FROM jobs WHERE page = 1").fetchall()
      name = request.args.get("name", "")
      found = db.execute("SELECT id FROM jobs WHERE name = '" + name + "'").fetchall()
      return {"prefs": prefs, "rows": rows, "found": found}
`);

async function outcome(kinds?: string[]) {
  const project = new TaintProject(KIND_RULES, { includeLocalSources: false, models: MODELS, ...(kinds ? { constantSinkKinds: kinds } : {}) });
  project.addFile(await parseFile("jobs/views.py", JOBS));
  const model = await parseFile("jobs/views.py", JOBS);
  const [shard] = project.plan();
  return project.runShard({ shard: shard!, round: 1 }, (p) => (p === "jobs/views.py" ? model : null));
}

const site = ([key, constant]: [string, boolean]) => `${key.split("\0").slice(1).join(" ")} ${constant}`;

describe("constant-only sink sites in a shard's outcome", () => {
  it("lists every kind by default, and only the kinds asked for otherwise, with the same findings", async () => {
    const all = await outcome();
    expect(all.sinkConstancy.map(site).sort()).toEqual(["deserialization 13:13 true", "sql 15:12 true", "sql 17:13 false"]);
    const kept = await outcome(["deserialization"]);
    expect(kept.sinkConstancy.map(site)).toEqual(["deserialization 13:13 true"]);
    expect(JSON.stringify(kept.findings)).toBe(JSON.stringify(all.findings));
    expect(kept.findings.flatMap(([, list]) => list.map((f) => `${f.ruleId}:${f.region.startLine}`))).toEqual(["sql:17"]);
  });

  it("asks for the kinds the registry's pattern rules give way on", () => {
    expect(constantSinkKinds(rules.filter(isPatternRule))).toEqual(["deserialization"]);
    expect(constantSinkKinds(KIND_RULES)).toEqual([]);
  });
});
