/**
 * Patches from the triage reviewer, offline against the mock Messages API: asked for only where
 * pysast has no fix of its own (with the rule's "use instead" guidance), offered only when the same
 * re-scan that checks the rules' fixes passes, and otherwise dropped with `patch-rejected: …`.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rules } from "../../rules/index.js";
import { applyEdits } from "../../src/fix/edits.js";
import { verifyTriagePatches } from "../../src/fix/patch.js";
import { runTriage, type TriageOptions } from "../../src/triage/index.js";
import { answering, sentFindings, startMockAnthropic, type Decision, type MockAnthropic, type SentFinding } from "../triage/mock-anthropic.js";
import { scanWithFixes, type FixedScan } from "./helpers.js";

const KEY = "sk-ant-api03-TEST-ONLY-patch-tests";

const CART = [
  "import base64",
  "import pickle",
  "",
  "from flask import Flask, jsonify, request",
  "",
  "app = Flask(__name__)",
  "",
  "",
  '@app.route("/cart")',
  "def cart():",
  '    raw = request.cookies.get("cart", "")',
  "    items = pickle.loads(base64.b64decode(raw))",
  "    return jsonify(items=items)",
  "",
  "",
  '@app.route("/calc")',
  "def calc():",
  '    expression = request.args["expr"]',
  "    return jsonify(result=eval(expression))",
  "",
  "",
  '@app.route("/tag")',
  "def tag():",
  '    code = request.args["code"]',
  "    return jsonify(value=eval(code))",
  "",
  "",
  '@app.route("/product")',
  "def product():",
  "    import sqlite3",
  '    db = sqlite3.connect("shop.db")',
  "    return jsonify(rows=db.execute(f\"SELECT * FROM products WHERE sku = '{request.args['sku']}'\").fetchall())",
  "",
].join("\n");

/** json instead of pickle: the finding goes away. */
const GOOD_PATCH = [
  "--- a/shop.py",
  "+++ b/shop.py",
  "@@ -1,3 +1,4 @@",
  " import base64",
  "+import json",
  " import pickle",
  " ",
  "@@ -11,3 +12,3 @@",
  '     raw = request.cookies.get("cart", "")',
  "-    items = pickle.loads(base64.b64decode(raw))",
  "+    items = json.loads(base64.b64decode(raw))",
  "     return jsonify(items=items)",
].join("\n");

/** Only renames the variable: eval still runs request data. */
const COSMETIC_PATCH = ["@@ -18,2 +18,2 @@", '-    expression = request.args["expr"]', '-    return jsonify(result=eval(expression))', '+    user_expression = request.args["expr"]', "+    return jsonify(result=eval(user_expression))"].join("\n");

/** Context that is not in the file. */
const STALE_PATCH = ["@@ -24,2 +24,2 @@", '     code = request.form["code"]', "-    return jsonify(value=eval(code))", "+    return jsonify(value=int(code))"].join("\n");

function decide(f: SentFinding): Decision {
  if (f.ruleId === "unsafe-deserialization") return { verdict: "true_positive", confidence: 0.95, patch: GOOD_PATCH };
  if (f.line === 19) return { verdict: "true_positive", confidence: 0.9, patch: COSMETIC_PATCH };
  if (f.line === 25) return { verdict: "true_positive", confidence: 0.9, patch: STALE_PATCH };
  return { verdict: "true_positive", confidence: 0.9, patch: "@@ -32,1 +32,1 @@\n-x\n+y" };
}

let mock: MockAnthropic;
let scan: FixedScan;

beforeAll(async () => {
  mock = await startMockAnthropic(answering(decide), KEY);
  scan = await scanWithFixes({ "shop.py": CART });
  const options: TriageOptions = {
    enabled: true,
    apiKey: KEY,
    baseUrl: mock.url,
    model: "claude-sonnet-5-5",
    action: "annotate",
    threshold: 0.8,
    concurrency: 1,
    timeoutMs: 5000,
    maxRetries: 0,
    cacheDir: null,
    cacheRoot: join(mkdtempSync(join(tmpdir(), "pysast-patch-")), "cache"),
    progress: false,
  };
  const metas = new Map(rules.map((r) => [r.meta.id, r.meta]));
  await runTriage(scan.findings, scan.out.sources, metas, options, scan.root, { retry: { baseDelayMs: 1, maxDelayMs: 2 } });
  await verifyTriagePatches(scan.findings, scan.out.session);
});
afterAll(async () => {
  await mock.close();
});

const at = (line: number) => scan.findings.find((f) => f.region.startLine === line)!;

describe("triage patches", () => {
  it("asks for a patch only where pysast has no fix, with the rule's guidance", () => {
    const sent = mock.requests.flatMap((r) => sentFindings(r.body));
    const patchLine = (line: number) => /- patch: (.*)/.exec(sent.find((f) => f.line === line)!.text)![1]!;
    expect(patchLine(32)).toBe("not wanted: pysast already offers a verified fix for this finding; leave `patch` out.");
    expect(patchLine(12)).toMatch(/^wanted when the verdict is true_positive: a unified diff against this file .*What the rule recommends instead: .*JSON/);
  });

  it("offers a patch that passes the re-scan as the finding's fix (origin triage, unsafe)", () => {
    const cart = at(12);
    expect(cart.ruleId).toBe("unsafe-deserialization");
    expect(cart.fix).toMatchObject({ origin: "triage", safety: "unsafe", verified: true, description: "Apply the triage reviewer's patch" });
    const fixed = applyEdits(scan.out.session.text("shop.py")!, cart.fix!.edits);
    expect(fixed).toBe(CART.replace("import base64\n", "import base64\nimport json\n").replace("pickle.loads(base64", "json.loads(base64"));
    expect(cart.triage!.patchRejected).toBeUndefined();
  });

  it("drops a patch that leaves the finding behind, one that does not apply, and one pysast does not need", () => {
    expect(at(19).fix).toBeUndefined();
    expect(at(19).triage).toMatchObject({ patchRejected: "patch-rejected: still reported" });
    expect(at(19).triage!.patch).toBeUndefined();
    expect(at(25).triage).toMatchObject({ patchRejected: "patch-rejected: does not apply to the file" });
    expect(at(32).fix?.origin).toBe("rule");
    expect(at(32).triage).toMatchObject({ patchRejected: "patch-rejected: pysast offers its own verified fix" });
  });
});
