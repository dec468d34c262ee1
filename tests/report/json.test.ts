import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { jsonReportPieces, toJson } from "../../src/report/json.js";
import { fullScan, scanResult, sqlFinding } from "./scan-fixture.js";

describe("toJson", () => {
  const report = toJson(fullScan());

  it("has the documented top-level keys in order", () => {
    expect(Object.keys(report)).toEqual([
      "version",
      "tool",
      "root",
      "invocation",
      "category",
      "vcs",
      "summary",
      "stats",
      "triage",
      "rules",
      "findings",
      "notifications",
    ]);
    expect(report.version).toBe("pysast-json/1");
    expect(report.tool).toEqual({ name: "pysast", version: "0.1.0" });
  });

  it("summarises findings by level, counting suppressed ones apart", () => {
    expect(report.summary).toEqual({
      findings: 2,
      byLevel: { error: 1, warning: 0, note: 1 },
      suppressedInline: 1,
      suppressedExternal: 1,
      baselined: 2,
      rulesEnabled: 3,
      fixable: { safe: 0, unsafe: 0 },
    });
  });

  it("lists the rules that fired with id, name, level and CWE", () => {
    expect(report.rules.map((r) => [r.id, r.name, r.level, r.cwe])).toEqual([
      ["cors-wildcard", "CorsWildcard", "note", [942]],
      ["sql-injection", "SqlInjection", "error", [89]],
      ["weak-hash", "WeakHash", "warning", [327, 328]],
    ]);
  });

  it("writes every finding field, null or empty when absent", () => {
    expect(report.findings[0]).toEqual({
      ruleId: "cors-wildcard",
      level: "note",
      securitySeverity: null,
      message: "CORSMiddleware allows every origin through [allow_origins](1); handlers[name](request) is unaffected.",
      path: "app/main.py",
      region: { startLine: 30, startColumn: 1, endLine: 34, endColumn: 2 },
      snippet: "app.add_middleware(",
      statementLine: 30,
      fingerprint: null,
      flow: [],
      related: [
        {
          id: 1,
          path: "app/main.py",
          region: { startLine: 32, startColumn: 5, endLine: 32, endColumn: 24 },
          message: 'allow_origins=["*"]',
        },
      ],
      suppression: null,
      triage: null,
      fix: null,
      fixNote: null,
      properties: {},
    });
  });

  it("keeps flow steps, suppressions and triage verdicts", () => {
    const sql = report.findings[2]!;
    expect(sql.flow.map((step) => `${step.kind} ${step.path}:${step.region.startLine}`)).toEqual([
      "source app/views/search.py:15",
      "call app/db/queries.py:4",
      "sink app/views/search.py:18",
    ]);
    expect(sql.fingerprint).toBe("8d3bb2e6c5a11f40:1");
    expect(sql.triage).toMatchObject({ verdict: "true_positive", confidence: 0.93 });
    expect(report.findings[1]!.suppression).toEqual({ kind: "inline", justification: "# nosec B324" });
    expect(report.findings[3]!.suppression!.kind).toBe("external");
  });

  it("writes notifications with null for a missing line", () => {
    expect(report.notifications).toEqual([
      {
        kind: "syntax-error",
        level: "warning",
        message: "legacy/py2_report.py has syntax errors from line 3; findings there may be incomplete",
        path: "legacy/py2_report.py",
        line: 3,
      },
      {
        kind: "too-large",
        level: "note",
        message: "skipped: larger than the 2 MB limit",
        path: "vendor/generated_pb2.py",
        line: null,
      },
    ]);
  });

  it("never writes credentials from the remote URL", () => {
    expect(report.vcs).toEqual({
      repositoryUri: "https://github.com/acme/shop-api.git",
      revisionId: "3f2c9e1b7a4d6e8f0a1b2c3d4e5f60718293a4b5",
      branch: "main",
    });
    expect(JSON.stringify(report)).not.toContain("ghs_secret123");
  });

  it("uses null for absent triage, category and vcs", () => {
    const plain = toJson(scanResult([sqlFinding()]));
    expect([plain.triage, plain.category, plain.vcs]).toEqual([null, null, null]);
    expect(plain.rules.map((r) => r.id)).toEqual(["sql-injection"]);
  });

  it("sorts finding properties by key so output is byte-stable", () => {
    const finding = { ...sqlFinding(), properties: { sinkKind: "sql", confirmedBy: "taint" } };
    const out = toJson(scanResult([finding]));
    expect(Object.keys(out.findings[0]!.properties)).toEqual(["confirmedBy", "sinkKind"]);
  });
});

describe("jsonReportPieces (the report file written a finding at a time)", () => {
  it("gives exactly the text of the whole report serialised at once, with findings, with none, and with texts that look like its marker", () => {
    const marker = '"findings": "\u0000findings\u0000"\nand a second line';
    const tricky = { ...sqlFinding(), message: `SQL built from ${marker}` };
    const notice = { kind: "syntax-error" as const, level: "warning" as const, message: `cannot parse ${marker}`, path: "app/views.py" };
    for (const result of [fullScan(), scanResult([]), scanResult([tricky, sqlFinding()], { notifications: [notice] })]) {
      const pieces = [...jsonReportPieces(result)];
      expect(pieces.join("")).toBe(`${JSON.stringify(toJson(result), null, 2)}\n`);
      // the findings come one piece each, never the whole list in one string
      if (result.findings.length > 1) expect(pieces.length).toBeGreaterThanOrEqual(result.findings.length + 3);
    }
  });
});

describe("docs/json-format.md", () => {
  it("documents every field the reporter writes", () => {
    const doc = readFileSync(new URL("../../docs/json-format.md", import.meta.url), "utf8");
    const documented = new Set([...doc.matchAll(/^\| `([^`]+)`(?:, `([^`]+)`)? \|/gm)].flatMap((m) => [m[1], m[2]]));
    const full = fullScan();
    full.triage = { ...full.triage!, skippedReason: "no key", dryRunFile: "dry.jsonl" };
    full.findings[2]!.triage = { ...full.findings[2]!.triage!, severity: "error", patch: "-a\n+b", flags: [], error: "", cached: false };
    const report = toJson(full);
    const finding = report.findings[2]!;
    const fields = [
      ...Object.keys(report),
      ...Object.keys(report.invocation),
      ...Object.keys(report.vcs!),
      ...Object.keys(report.summary),
      ...Object.keys(report.stats),
      ...Object.keys(report.triage!),
      ...Object.keys(report.rules[0]!),
      ...Object.keys(finding),
      ...Object.keys(finding.triage!),
      ...Object.keys(report.notifications[0]!),
    ];
    expect(fields.filter((field) => !documented.has(field))).toEqual([]);
  });
});
