/**
 * Pattern findings that give way where phase 2 saw constant data (`quietWhereConstant`, the `unsafe-load`
 * rule) depend on every evaluation phase 2 makes of the call, not only on those under functions that hold
 * request data: a load is quieted only when every evaluation was constant, and a value a function stores in
 * a module global is seen by the functions analysed after it. A function that holds no source and that
 * nobody calls can decide it, so any filter on the definitions phase 2 analyses must keep the
 * evaluations such functions make (see docs/architecture.md, "Where phase 2's time goes").
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanFolder } from "../helpers/annotations.js";
import { tempProjects } from "../helpers/temp-project.js";
import { dedent } from "./harness.js";

const project = tempProjects("pysast-roots-quieting");

/** `path:line:rule` of the `# ruleid:` / `# ok:` annotations (on the line above) and of the findings, for the annotated rules. */
async function check(files: Record<string, string>): Promise<void> {
  const texts = Object.fromEntries(Object.entries(files).map(([p, t]) => [p, dedent(t)]));
  const root = project(texts);
  const expected: string[] = [];
  const annotatedRules = new Set<string>();
  for (const [p, text] of Object.entries(texts)) {
    text.split("\n").forEach((line, i) => {
      const m = /#\s*(ruleid|ok):\s*([\w-]+)/.exec(line);
      if (!m) return;
      annotatedRules.add(m[2]!);
      if (m[1] === "ruleid") expected.push(`${p}:${i + 2}:${m[2]}`);
    });
  }
  const out = await scanFolder(root);
  const actual = out.findings.filter((f) => annotatedRules.has(f.ruleId)).map((f) => `${f.path.split(path.sep).join("/")}:${f.region.startLine}:${f.ruleId}`);
  expect(actual.sort()).toEqual(expected.sort());
}

describe("loads quieted where phase 2 saw constant data", () => {
  it("a load of a module global stays reported when a function that holds no source stores a file's bytes in it", async () => {
    await check({
      "shop/snapshots.py": `
        import base64
        import pickle

        current_snapshot = b"gARdlC4="
        shipped_snapshot = b"gARdlC4="

        def replace_snapshot(path):
            global current_snapshot
            with open(path, "rb") as fh:
                current_snapshot = fh.read()

        def restore():
            # ruleid: unsafe-load
            return pickle.loads(base64.b64decode(current_snapshot))

        def restore_shipped():
            # ok: unsafe-load
            return pickle.loads(base64.b64decode(shipped_snapshot))
      `,
      "shop/views.py": `
        from flask import Flask, jsonify
        from shop.snapshots import replace_snapshot, restore, restore_shipped

        app = Flask(__name__)

        def import_snapshot(path):
            replace_snapshot(path)

        @app.route("/reset")
        def reset():
            return jsonify(restore())

        @app.route("/reset-shipped")
        def reset_shipped():
            return jsonify(restore_shipped())
      `,
    });
  });
});
