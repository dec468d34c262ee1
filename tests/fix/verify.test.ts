/**
 * The verifier rejects what must not be offered: a fix that leaves its finding behind, one that
 * brings a new finding, one that breaks the parse. Each is a real rule with a deliberately wrong fix.
 */
import { describe, expect, it } from "vitest";
import { rule as weakHash } from "../../rules/weak-hash.js";
import type { FixFunction, PatternRule } from "../../src/rule.js";
import { scanWithFixes } from "./helpers.js";

const source = ["import hashlib", "", "", "def token(secret: bytes) -> str:", "    return hashlib.md5(secret).hexdigest()", ""].join("\n");

function withFix(fix: FixFunction): PatternRule {
  return { ...weakHash, fix };
}

describe("fix verification", () => {
  it("withholds a fix that leaves its finding behind", async () => {
    const rule = withFix((finding, b) => {
      const call = b.nodeAt(finding.region, "call")!;
      return { description: "Add a comment", safety: "safe", edits: [{ start: call.end, end: call.end, text: "  # reviewed" }] };
    });
    const scan = await scanWithFixes({ "t.py": source }, [rule]);
    expect(scan.findings.map((f) => [f.ruleId, f.fix])).toEqual([["weak-hash", undefined]]);
    expect(scan.stats).toEqual({ proposed: 1, verified: 0 });
    expect(scan.notifications.map((n) => n.message)).toEqual([expect.stringContaining("withheld because the re-scan rejected it (still reported)")]);
  });

  it("withholds a fix that brings a new finding", async () => {
    const rule = withFix((finding, b) => {
      const call = b.nodeAt(finding.region, "call")!;
      return { description: "Move the weak hash", safety: "safe", edits: [{ start: call.start, end: call.end, text: "hashlib.sha256(secret)" }, { start: 0, end: 0, text: "CHECK = hashlib.sha1(b'x')\n" }] };
    });
    const scan = await scanWithFixes({ "t.py": source }, [rule]);
    expect(scan.findings[0]!.fix).toBeUndefined();
    expect(scan.notifications.map((n) => n.message)).toEqual([expect.stringContaining("(new finding: weak-hash at t.py:1)")]);
  });

  it("withholds a fix that breaks the parse", async () => {
    const rule = withFix((finding, b) => {
      const call = b.nodeAt(finding.region, "call")!;
      return { description: "Broken", safety: "safe", edits: [{ start: call.start, end: call.end, text: "hashlib.sha256(secret" }] };
    });
    const scan = await scanWithFixes({ "t.py": source }, [rule]);
    expect(scan.findings[0]!.fix).toBeUndefined();
    expect(scan.notifications.map((n) => n.message)).toEqual([expect.stringContaining("(the patched file does not parse)")]);
  });

  it("keeps the good fix when another fix in the same file is bad", async () => {
    const two = ["import hashlib", "", "", "def a(x):", "    return hashlib.md5(x).hexdigest()", "", "", "def b(y):", "    return hashlib.sha1(y).hexdigest()", ""].join("\n");
    const rule = withFix((finding, b) => {
      const call = b.nodeAt(finding.region, "call")!;
      if (call.text.includes("md5")) return { description: "SHA-256", safety: "unsafe", edits: [{ start: call.start, end: call.end, text: "hashlib.sha256(x)" }] };
      return { description: "Worse", safety: "unsafe", edits: [{ start: call.start, end: call.end, text: "hashlib.md5(y)" }] };
    });
    const scan = await scanWithFixes({ "t.py": two }, [rule]);
    expect(scan.findings.map((f) => [f.region.startLine, f.fix?.description])).toEqual([
      [5, "SHA-256"],
      [9, undefined],
    ]);
    expect(scan.stats).toEqual({ proposed: 2, verified: 1 });
  });

  it("verifies a data-flow finding's fix across files: the source in one file, the sink in another", async () => {
    const scan = await scanWithFixes({
      "app/views.py": ["from flask import Flask, request", "", "from .store import load_settings", "", "app = Flask(__name__)", "", "", '@app.post("/settings")', "def settings():", "    return load_settings(request.get_data())", ""].join("\n"),
      "app/store.py": ["import yaml", "", "", "def load_settings(raw):", "    return yaml.load(raw, Loader=yaml.Loader)", ""].join("\n"),
      "app/__init__.py": "",
    });
    const finding = scan.findings.find((f) => f.ruleId === "unsafe-deserialization")!;
    expect(finding.path).toBe("app/store.py");
    expect(finding.fix?.edits.map((e) => e.text)).toEqual(["yaml.SafeLoader"]);
  });
});
