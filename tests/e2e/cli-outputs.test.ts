/**
 * Several reports from one scan, each checked against its published schema or a parser: SARIF (the 2.1.0 schema),
 * JUnit XML (Jenkins' junit-10.xsd, vendored in tests/schemas with its MIT notice, through xmllint), GitLab SAST
 * (the constraints of security-report-schemas 15.2.1, written out below), Code Climate (its spec's required
 * fields), GitHub workflow commands and the Markdown summary.
 */
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { validateXML } from "xmllint-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { sarifSchemaErrors } from "../report/sarif-schema.js";
import { makeTree, REPO, runPysast, type RunResult } from "./helpers.js";

const SHOP = join(REPO, "examples", "shop-app");
const out = makeTree({});
let run: RunResult;
let json: {
  findings: { ruleId: string; level: string; path: string; region: { startLine: number; endLine: number }; flow: unknown[]; fix: { description: string; safety: string; diff: string } | null; fixNote: string | null }[];
};

const count = (level: string) => json.findings.filter((f) => f.level === level).length;

beforeAll(async () => {
  run = await runPysast(
    [
      "scan",
      ".",
      "--format",
      "sarif",
      "-o",
      join(out, "pysast.sarif"),
      "--format",
      "text",
      "--output",
      `junit:${join(out, "junit.xml")}`,
      "--output",
      `gitlab:${join(out, "gl-sast-report.json")}`,
      "--output",
      `codeclimate:${join(out, "codequality.json")}`,
      "--output",
      `markdown:${join(out, "summary.md")}`,
      "-o",
      join(out, "report.json"),
      "--format",
      "json",
    ],
    SHOP,
  );
  json = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as typeof json;
});

describe("several outputs in one run", () => {
  it("writes every file and keeps the text report on standard output", () => {
    expect(run.code).toBe(1);
    expect(json.findings.length).toBeGreaterThan(10);
    expect(run.stdout).toContain(`${json.findings.length} findings: ${count("error")} errors, ${count("warning")} warnings.`);
    expect(run.stdout).toContain("taint path:");
  });

  it("prints the summary to the terminal when every report goes to a file, and -q silences it", async () => {
    const dir = makeTree({});
    const r = await runPysast(["scan", ".", "-o", join(dir, "a.sarif"), "--select", "weak-hash"], SHOP);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("2 findings: 2 warnings.");
    expect(r.stderr).toContain(`Wrote the sarif report to ${join(dir, "a.sarif")}.`);
    expect(sarifSchemaErrors(JSON.parse(readFileSync(join(dir, "a.sarif"), "utf8")))).toEqual([]);
    const quiet = await runPysast(["scan", ".", "-q", "-o", join(dir, "b.sarif"), "--select", "weak-hash"], SHOP);
    expect(quiet.stderr).toBe("");
  });

  it("refuses an unknown format and a file named twice", async () => {
    const bad = await runPysast(["scan", ".", "--format", "pdf"], SHOP);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"pdf" is not a format');
    const twice = await runPysast(["scan", ".", "--output", "sarif:x.out", "--output", "json:x.out"], SHOP);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("x.out is named twice");
  });
});

describe("each format against its schema or a parser", () => {
  it("SARIF validates against the 2.1.0 schema", () => {
    const log = JSON.parse(readFileSync(join(out, "pysast.sarif"), "utf8")) as { runs: { results: unknown[] }[] };
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]!.results).toHaveLength(json.findings.length);
  });

  it("JUnit XML validates against Jenkins' junit-10.xsd, one failing testcase per finding", async () => {
    const xml = readFileSync(join(out, "junit.xml"), "utf8");
    const result = await validateXML({
      xml: [{ fileName: "junit.xml", contents: xml }],
      schema: [{ fileName: "junit-10.xsd", contents: readFileSync(join(REPO, "tests", "schemas", "junit-10.xsd"), "utf8") }],
    });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(xml.match(/<failure /g)).toHaveLength(json.findings.length);
    expect(new RegExp(`<testsuites name="pysast" tests="\\d+" failures="${json.findings.length}"`).test(xml)).toBe(true);
  });

  it("JUnit XML escapes markup and drops characters XML cannot hold", async () => {
    const root = makeTree({ "app.py": 'import hashlib\n\n\ndef f(b):\n    return hashlib.md5(b"<\u0001&]]>")\n' });
    const r = await runPysast(["scan", ".", "--format", "junit"], root);
    const result = await validateXML({
      xml: [{ fileName: "junit.xml", contents: r.stdout }],
      schema: [{ fileName: "junit-10.xsd", contents: readFileSync(join(REPO, "tests", "schemas", "junit-10.xsd"), "utf8") }],
    });
    expect(result.errors).toEqual([]);
    expect(r.stdout).toContain("&lt;\ufffd&amp;]]&gt;");
  });

  it("GitLab SAST report meets the constraints of security-report-schemas 15.2.1", () => {
    const report = JSON.parse(readFileSync(join(out, "gl-sast-report.json"), "utf8")) as { vulnerabilities: { id: string; identifiers: { type: string; value: string }[]; location: { file: string; start_line: number } }[] };
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(GITLAB_SAST_15_2_1);
    validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(report.vulnerabilities).toHaveLength(json.findings.length);
    expect(new Set(report.vulnerabilities.map((v) => v.id)).size).toBe(json.findings.length);
    const sql = report.vulnerabilities.find((v) => v.identifiers[0]!.value === "sql-injection")!;
    expect(sql.identifiers.map((i) => `${i.type}:${i.value}`)).toEqual(["pysast_rule_id:sql-injection", "cwe:89"]);
    expect(json.findings.some((f) => f.path === sql.location.file && f.region.startLine === sql.location.start_line)).toBe(true);
  });

  it("GitLab remediations carry every verified fix as a base64 diff that git apply accepts on the scanned tree", () => {
    const report = JSON.parse(readFileSync(join(out, "gl-sast-report.json"), "utf8")) as {
      vulnerabilities: { id: string; solution?: string; location: { file: string; start_line: number } }[];
      remediations: { fixes: { id: string }[]; summary: string; diff: string }[];
    };
    const fixed = json.findings.filter((f) => f.fix);
    expect(fixed.length).toBeGreaterThan(5);
    expect(report.remediations).toHaveLength(fixed.length);
    const byId = new Map(report.vulnerabilities.map((v) => [v.id, v]));
    const tree = makeTree({});
    cpSync(SHOP, tree, { recursive: true });
    for (const [i, r] of report.remediations.entries()) {
      expect(r.fixes).toHaveLength(1);
      const vulnerability = byId.get(r.fixes[0]!.id)!;
      const finding = fixed.find((f) => f.path === vulnerability.location.file && f.region.startLine === vulnerability.location.start_line && r.summary.startsWith(f.fix!.description))!;
      expect(finding).toBeDefined();
      expect(r.summary).toBe(`${finding.fix!.description} (${finding.fix!.safety} fix, verified by pysast)`);
      expect(vulnerability.solution).toMatch(/^Automatic fix \((safe|unsafe), applied by `pysast scan --fix/);
      const diff = Buffer.from(r.diff, "base64").toString("utf8");
      expect(diff.startsWith(`${finding.fix!.diff}`)).toBe(true);
      const patch = join(out, `remediation-${i}.diff`);
      writeFileSync(patch, diff);
      // throws (and fails the test) when git cannot apply the diff to the files as scanned
      execFileSync("git", ["apply", "--check", patch], { cwd: tree, stdio: "pipe" });
    }
    const unfixable = json.findings.find((f) => !f.fix && f.fixNote)!;
    const v = report.vulnerabilities.find((x) => x.location.file === unfixable.path && x.location.start_line === unfixable.region.startLine)!;
    expect(v.solution).toContain(`No automatic fix: ${unfixable.fixNote}`);
  });

  it("Code Climate issues show a verified fix (description, class, diff) in their Markdown content", () => {
    const issues = JSON.parse(readFileSync(join(out, "codequality.json"), "utf8")) as { check_name: string; location: { path: string; lines: { begin: number } }; content?: { body: string } }[];
    const fixed = json.findings.filter((f) => f.fix);
    for (const f of fixed) {
      const issue = issues.find((i) => i.check_name === f.ruleId && i.location.path === f.path && i.location.lines.begin === f.region.startLine)!;
      const how = f.fix!.safety === "safe" ? "safe, applied by `pysast scan --fix`" : "unsafe, applied by `pysast scan --fix --unsafe-fixes`";
      expect(issue.content!.body).toContain(`Fix (${how}; verified by re-scanning): ${f.fix!.description}.\n\n\`\`\`diff\n${f.fix!.diff.replace(/\n$/, "")}\n\`\`\`\n`);
    }
    const plain = issues.filter((i) => !i.content?.body.includes("```diff"));
    expect(plain).toHaveLength(json.findings.length - fixed.length);
  });

  it("Code Climate issues have the fields GitLab Code Quality reads, with unique fingerprints", () => {
    const issues = JSON.parse(readFileSync(join(out, "codequality.json"), "utf8")) as Record<string, unknown>[];
    expect(issues).toHaveLength(json.findings.length);
    for (const issue of issues) {
      expect(issue).toMatchObject({ type: "issue", categories: ["Security"] });
      expect(typeof issue.check_name).toBe("string");
      expect(typeof issue.description).toBe("string");
      expect(["info", "minor", "major", "critical", "blocker"]).toContain(issue.severity);
      expect(issue.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      const location = issue.location as { path: string; lines: { begin: number; end: number } };
      expect(location.lines.begin).toBeGreaterThan(0);
      expect(location.lines.end).toBeGreaterThanOrEqual(location.lines.begin);
      expect(location.path).not.toMatch(/^\//);
    }
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(json.findings.length);
  });

  it("the Markdown summary counts findings by rule and lists them", () => {
    const md = readFileSync(join(out, "summary.md"), "utf8");
    expect(md).toContain(`**${json.findings.length} findings** (${count("error")} error, ${count("warning")} warning, ${count("note")} note).`);
    const sql = json.findings.filter((f) => f.ruleId === "sql-injection").length;
    expect(md).toMatch(new RegExp(`\\| \\[sql-injection\\]\\(https://[^)]+\\) \\| ${sql} \\| 0 \\| 0 \\|`));
    expect(md.split("\n").filter((l) => /^\| (error|warning|note) \|/.test(l))).toHaveLength(json.findings.length);
  });
});

describe("--format github", () => {
  it("annotates each finding with file, lines and title, escapes the message, and lists all findings in a log group", async () => {
    const r = await runPysast(["scan", ".", "--format", "github"], SHOP, { GITHUB_WORKSPACE: REPO });
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^::group::pysast: ${json.findings.length} findings in \\d+ files$`));
    const annotations = lines.filter((l) => /^::(error|warning|notice) /.test(l));
    // at most 10 per level, and a notice about the rest
    const errors = count("error");
    expect(errors).toBeGreaterThan(10);
    expect(annotations.filter((l) => l.startsWith("::error ")).length).toBe(10);
    expect(annotations.filter((l) => l.startsWith("::warning ")).length).toBe(Math.min(10, count("warning")));
    const left = (["error", "warning", "note"] as const).reduce((n, level) => n + Math.max(0, count(level) - 10), 0);
    expect(lines[lines.length - 1]).toContain(`${left} more finding`);
    const sql = annotations.find((l) => l.includes("flask_app/routes.py,line=20,"))!;
    expect(sql).toMatch(/^::error file=examples\/shop-app\/flask_app\/routes.py,line=20,endLine=20,col=\d+,endColumn=\d+,title=pysast sql-injection::/);
    expect(sql).toContain("%0A%0AData flow:%0A1. source");
    expect(sql).not.toMatch(/\n/);
  });

  it("--statistics prints counts per rule", async () => {
    const r = await runPysast(["scan", ".", "--statistics"], SHOP);
    const lines = r.stdout.split("\n");
    const sql = json.findings.filter((f) => f.ruleId === "sql-injection").length;
    expect(lines.find((l) => l.includes(" sql-injection "))).toMatch(new RegExp(`^\\s*${sql}  sql-injection +SqlInjection \\(${sql} error\\)$`));
    const counts = lines.filter((l) => /^\s*\d+  /.test(l)).map((l) => Number(l.trim().split(" ")[0]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(json.findings.length);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
  });
});

/**
 * The constraints of GitLab's SAST report schema 15.2.1 (security-report-schemas, `dist/sast-report-format.json`)
 * that a report must meet: required fields, enums, patterns and lengths, restated here for ajv.
 */
const GITLAB_SAST_15_2_1 = {
  type: "object",
  required: ["scan", "version", "vulnerabilities"],
  properties: {
    remediations: { type: "array", items: { $ref: "#/definitions/remediation" } },
    schema: { type: "string", pattern: "^https?://.+" },
    version: { type: "string", pattern: "^[0-9]+\\.[0-9]+\\.[0-9]+$" },
    scan: {
      type: "object",
      required: ["analyzer", "end_time", "scanner", "start_time", "status", "type"],
      properties: {
        start_time: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$" },
        end_time: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$" },
        status: { enum: ["success", "failure"] },
        type: { enum: ["sast"] },
        messages: { type: "array", items: { type: "object", required: ["level", "value"], properties: { level: { enum: ["info", "warn", "fatal"] }, value: { type: "string", minLength: 1 } } } },
        analyzer: { $ref: "#/definitions/tool" },
        scanner: { $ref: "#/definitions/tool" },
      },
    },
    vulnerabilities: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "identifiers", "location"],
        properties: {
          id: { type: "string", minLength: 1 },
          name: { type: "string", maxLength: 255 },
          description: { type: "string", maxLength: 1048576 },
          severity: { enum: ["Info", "Unknown", "Low", "Medium", "High", "Critical"] },
          solution: { type: "string", maxLength: 7000 },
          identifiers: {
            type: "array",
            minItems: 1,
            items: {
              type: "object",
              required: ["type", "name", "value"],
              properties: { type: { type: "string", minLength: 1 }, name: { type: "string", minLength: 1 }, url: { type: "string", pattern: "^(https?|ftp)://.+" }, value: { type: "string", minLength: 1 } },
            },
          },
          links: { type: "array", items: { type: "object", required: ["url"], properties: { name: { type: "string" }, url: { type: "string", pattern: "^(https?|ftp)://.+" } } } },
          flags: {
            type: "array",
            items: { type: "object", required: ["type", "origin", "description"], properties: { type: { enum: ["flagged-as-likely-false-positive"] }, origin: { type: "string", minLength: 1 }, description: { type: "string", minLength: 1 } } },
          },
          location: { type: "object", properties: { file: { type: "string" }, start_line: { type: "number" }, end_line: { type: "number" }, class: { type: "string" }, method: { type: "string" } } },
        },
      },
    },
  },
  definitions: {
    remediation: {
      type: "object",
      required: ["fixes", "summary", "diff"],
      properties: {
        fixes: { type: "array", items: { type: "object", required: ["id"], properties: { id: { type: "string", minLength: 1 } } } },
        summary: { type: "string", minLength: 1 },
        diff: { type: "string", minLength: 1 },
      },
    },
    tool: {
      type: "object",
      required: ["id", "name", "version", "vendor"],
      properties: {
        id: { type: "string", minLength: 1 },
        name: { type: "string", minLength: 1 },
        url: { type: "string", pattern: "^https?://.+" },
        version: { type: "string", minLength: 1 },
        vendor: { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 1 } } },
      },
    },
  },
};
