import { describe, expect, it } from "vitest";
import type * as Sarif from "sarif";
import {
  automationId,
  escapeMessageLinks,
  relativeUri,
  rootUri,
  ruleTags,
  toSarif,
  truncateText,
} from "../../src/report/sarif.js";
import { publicRepositoryUri } from "../../src/report/json.js";
import type { Finding, FlowStep } from "../../src/types.js";
import { sarifSchemaErrors } from "./sarif-schema.js";
import {
  corsFinding,
  fullScan,
  inlineSuppressedFinding,
  scanResult,
  sqlFinding,
  sqlInjectionRule,
  triageSuppressedFinding,
  weakHashRule,
} from "./scan-fixture.js";

function onlyRun(log: Sarif.Log): Sarif.Run {
  expect(log.runs).toHaveLength(1);
  return log.runs[0]!;
}

describe("toSarif: schema validity", () => {
  it("validates a scan with no findings", () => {
    const log = toSarif(scanResult([]));
    expect(sarifSchemaErrors(log)).toEqual([]);
    const run = onlyRun(log);
    expect(run.results).toEqual([]);
    expect(run.tool.driver.rules).toEqual([]);
    expect(run.invocations).toEqual([
      {
        commandLine: "pysast scan . --format sarif -o pysast.sarif",
        startTimeUtc: "2025-03-14T09:26:53.000Z",
        endTimeUtc: "2025-03-14T09:26:54.240Z",
        executionSuccessful: true,
      },
    ]);
  });

  it("validates flows, related locations, suppressions, triage and notifications", () => {
    expect(sarifSchemaErrors(toSarif(fullScan()))).toEqual([]);
    expect(sarifSchemaErrors(toSarif(fullScan(), { allRules: true }))).toEqual([]);
  });

  it("the validator rejects a broken log (so a pass means something)", () => {
    const log = toSarif(fullScan()) as unknown as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = "fatal";
    expect(sarifSchemaErrors(log)).toContain("/runs/0/results/0/level must be equal to one of the allowed values");
    const badTime = toSarif(scanResult([], { startTime: "14/03/2025 09:26" }));
    expect(sarifSchemaErrors(badTime)).toEqual(['/runs/0/invocations/0/startTimeUtc must match format "date-time"']);
  });
});

describe("toSarif: run and driver", () => {
  const run = onlyRun(toSarif(fullScan()));

  it("names the tool and lists only the rules that fired, sorted by id", () => {
    expect(run.tool.driver.name).toBe("pysast");
    expect(run.tool.driver.semanticVersion).toBe("0.1.0");
    expect(run.tool.driver.informationUri).toBe("https://github.com/pysast/pysast");
    expect(run.tool.driver.rules!.map((r) => r.id)).toEqual(["cors-wildcard", "sql-injection", "weak-hash"]);
  });

  it("points each result at its rule by index", () => {
    const rules = run.tool.driver.rules!;
    for (const result of run.results!) expect(rules[result.ruleIndex!]!.id).toBe(result.ruleId);
    expect(run.results!.map((r) => [r.ruleId, r.ruleIndex])).toEqual([
      ["cors-wildcard", 0],
      ["weak-hash", 2],
      ["sql-injection", 1],
      ["weak-hash", 2],
    ]);
  });

  it("describes a rule with help, helpUri, level and GitHub's properties", () => {
    const rule = run.tool.driver.rules![1]!;
    expect(Object.keys(rule)).toEqual([
      "id",
      "name",
      "shortDescription",
      "fullDescription",
      "defaultConfiguration",
      "help",
      "helpUri",
      "properties",
    ]);
    expect(rule.name).toBe("SqlInjection");
    expect(rule.shortDescription).toEqual({ text: "User input reaches a SQL query built as a string" });
    expect(rule.defaultConfiguration).toEqual({ level: "error" });
    expect(rule.helpUri).toBe("https://github.com/pysast/pysast/blob/main/docs/rules/sql-injection.md");
    expect(rule.help!.markdown).toContain("## Why is this bad?");
    expect(rule.help!.text).toContain("Why is this bad?\nAn attacker can change the query");
    expect(rule.properties).toEqual({
      tags: ["security", "external/cwe/cwe-089", "injection", "flask", "django"],
      precision: "high",
      "problem.severity": "error",
      "security-severity": "8.8",
    });
    const cors = run.tool.driver.rules![0]!;
    expect(cors.properties!["problem.severity"]).toBe("recommendation");
  });

  it("lists every enabled rule with allRules", () => {
    const all = onlyRun(toSarif(scanResult([sqlFinding()]), { allRules: true }));
    expect(all.tool.driver.rules!.map((r) => r.id)).toEqual(["cors-wildcard", "sql-injection", "weak-hash"]);
    expect(all.results![0]!.ruleIndex).toBe(1);
    const fired = onlyRun(toSarif(scanResult([sqlFinding()])));
    expect(fired.tool.driver.rules!.map((r) => r.id)).toEqual(["sql-injection"]);
    expect(fired.results![0]!.ruleIndex).toBe(0);
  });

  it("still gives a finding of an unknown rule a valid descriptor and index", () => {
    const log = toSarif(scanResult([{ ...sqlFinding(), ruleId: "plugin-rule", triage: undefined }]));
    expect(sarifSchemaErrors(log)).toEqual([]);
    const only = onlyRun(log);
    expect(only.tool.driver.rules).toEqual([
      {
        id: "plugin-rule",
        shortDescription: { text: "plugin-rule" },
        helpUri: "https://github.com/pysast/pysast/blob/main/docs/rules/plugin-rule.md",
        properties: { tags: ["security"] },
      },
    ]);
    expect(only.results![0]!.ruleIndex).toBe(0);
  });

  it("sets the source root, automation id, provenance without credentials, and column kind", () => {
    expect(run.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///home/ci/work/shop-api/" } });
    expect(run.automationDetails).toEqual({ id: "pysast/" });
    expect(run.versionControlProvenance).toEqual([
      {
        repositoryUri: "https://github.com/acme/shop-api.git",
        mappedTo: { uriBaseId: "%SRCROOT%" },
        revisionId: "3f2c9e1b7a4d6e8f0a1b2c3d4e5f60718293a4b5",
        branch: "main",
      },
    ]);
    expect(run.tool.driver.fullName).toBe("pysast security scanner for Python");
    expect(JSON.stringify(run)).not.toContain("ghs_secret123");
    expect(run.columnKind).toBe("utf16CodeUnits");
  });

  it("reports notifications with their kind, level and location", () => {
    expect(run.invocations![0]!.toolExecutionNotifications).toEqual([
      {
        descriptor: { id: "syntax-error", index: 0 },
        level: "warning",
        message: { text: "legacy/py2_report.py has syntax errors from line 3; findings there may be incomplete" },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: "legacy/py2_report.py", uriBaseId: "%SRCROOT%" },
              region: { startLine: 3 },
            },
          },
        ],
      },
      {
        descriptor: { id: "too-large", index: 1 },
        level: "note",
        message: { text: "skipped: larger than the 2 MB limit" },
        locations: [
          { physicalLocation: { artifactLocation: { uri: "vendor/generated_pb2.py", uriBaseId: "%SRCROOT%" } } },
        ],
      },
    ]);
  });

  it("declares every notification kind it uses in tool.driver.notifications", () => {
    expect(run.tool.driver.notifications!.map((d) => d.id)).toEqual(["syntax-error", "too-large"]);
    expect(run.tool.driver.notifications![0]!.shortDescription!.text).toBe("Part of a file could not be parsed; findings there may be missed.");
  });

  it("puts scan statistics and the triage summary in run properties", () => {
    expect(run.properties!.stats).toEqual({
      files: 42,
      lines: 3120,
      skipped: 1,
      suppressed: 1,
      baselined: 2,
      durationMs: 1240,
      parseMs: 310,
    });
    expect(run.properties!.triage).toMatchObject({ enabled: true, action: "suppress", triaged: 2, suppressed: 1 });
  });
});

describe("toSarif: results", () => {
  const results = onlyRun(toSarif(fullScan())).results!;
  const [cors, md5, sql, sha1] = results as [Sarif.Result, Sarif.Result, Sarif.Result, Sarif.Result];

  it("gives the taint finding its exact location, snippet, fingerprint and ordered code flow", () => {
    expect(sql.level).toBe("error");
    expect(sql.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: "app/views/search.py", uriBaseId: "%SRCROOT%" },
          region: { startLine: 18, startColumn: 5, endLine: 18, endColumn: 26, snippet: { text: "cursor.execute(query)" } },
          contextRegion: { startLine: 18, endLine: 18, snippet: { text: "    cursor.execute(query)" } },
        },
      },
    ]);
    expect(sql.partialFingerprints).toEqual({ primaryLocationLineHash: "8d3bb2e6c5a11f40:1" });
    const steps = sql.codeFlows![0]!.threadFlows[0]!.locations;
    expect(
      steps.map((s) => [
        s.location!.physicalLocation!.artifactLocation!.uri,
        s.location!.physicalLocation!.region!.startLine,
        s.location!.message!.text,
        s.kinds,
      ]),
    ).toEqual([
      ["app/views/search.py", 15, 'request.args.get("q") is user input', ["source"]],
      ["app/db/queries.py", 4, "build_search(term) returns it inside an f-string", ["call"]],
      ["app/views/search.py", 18, "query reaches cursor.execute", ["sink"]],
    ]);
  });

  it("records the triage verdict in result properties", () => {
    expect(sql.properties).toEqual({
      triage: {
        status: "triaged",
        verdict: "true_positive",
        confidence: 0.93,
        reasoning: "Line 15 reads `q` from the query string and line 18 executes it unescaped.",
        remediation: "Pass the term as a parameter: cursor.execute(SQL, (term,)).",
        model: "claude-sonnet-4-5",
        promptVersion: "2",
      },
    });
  });

  it("marks inline suppressions inSource and triage suppressions external, with justification", () => {
    expect(md5.suppressions).toEqual([{ kind: "inSource", justification: "# nosec B324" }]);
    expect(sha1.suppressions).toEqual([
      {
        kind: "external",
        justification:
          "LLM triage: false positive (confidence 0.88): the digest is an HTTP ETag, not a security control.",
      },
    ]);
    expect(sql.suppressions).toBeUndefined();
    expect(sha1.properties!.triage).toMatchObject({ verdict: "false_positive", cached: true });
  });

  it("percent-encodes paths and keeps them relative to %SRCROOT%", () => {
    expect(sha1.locations![0]!.physicalLocation!.artifactLocation).toEqual({
      uri: "services/report%20builder/export.py",
      uriBaseId: "%SRCROOT%",
    });
  });

  it("links related locations from the message and escapes bracket pairs that are not links", () => {
    expect(cors.message.text).toBe(
      "CORSMiddleware allows every origin through [allow_origins](1); handlers\\[name\\](request) is unaffected.",
    );
    expect(cors.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: "app/main.py", uriBaseId: "%SRCROOT%" },
          region: { startLine: 32, startColumn: 5, endLine: 32, endColumn: 24 },
        },
        message: { text: 'allow_origins=["*"]' },
      },
    ]);
  });

  it("gives a multi-line span no snippet (the finding knows only its first line)", () => {
    expect(cors.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: "app/main.py", uriBaseId: "%SRCROOT%" },
      region: { startLine: 30, startColumn: 1, endLine: 34, endColumn: 2 },
    });
    expect(cors.partialFingerprints).toBeUndefined();
  });

  it("keeps a per-finding security-severity that differs from the rule's", () => {
    const finding = { ...sqlFinding(), securitySeverity: "9.8", triage: undefined };
    const [result] = onlyRun(toSarif(scanResult([finding]))).results!;
    expect(result!.properties).toEqual({ "security-severity": "9.8" });
  });

  it("is deterministic", () => {
    expect(JSON.stringify(toSarif(fullScan()))).toBe(JSON.stringify(toSarif(fullScan())));
  });
});

describe("toSarif: GitHub limits", () => {
  it("keeps the 25,000 most severe results, in scan order, and says how many were cut", () => {
    const findings: Finding[] = [];
    for (let i = 0; i < 25_003; i++) {
      const base = i % 2 === 0 ? { ...inlineSuppressedFinding(), suppression: undefined } : sqlFinding();
      findings.push({ ...base, path: `app/generated/module_${String(i).padStart(5, "0")}.py`, triage: undefined });
    }
    // Three notes that must be the ones dropped: a note loses to every warning and error.
    findings[5] = { ...corsFinding(), path: "app/a.py" };
    findings[100] = { ...corsFinding(), path: "app/b.py" };
    findings[20_000] = { ...corsFinding(), path: "app/c.py" };
    const log = toSarif(scanResult(findings));
    expect(sarifSchemaErrors(log)).toEqual([]);
    const run = onlyRun(log);
    expect(run.results).toHaveLength(25_000);
    const paths = run.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri!);
    expect(paths.filter((p) => /^app\/[abc]\.py$/.test(p))).toEqual([]);
    expect(paths.slice(0, 3)).toEqual([
      "app/generated/module_00000.py",
      "app/generated/module_00001.py",
      "app/generated/module_00002.py",
    ]);
    expect(run.invocations![0]!.toolExecutionNotifications).toEqual([
      {
        descriptor: { id: "sarif-result-limit", index: 0 },
        level: "warning",
        message: {
          text:
            "3 of 25003 results were left out of this SARIF file because GitHub accepts at most 25000 per run; " +
            "the most severe were kept. Use the text or JSON output for the full list.",
        },
      },
    ]);
  });

  it("drops suppressed results before unsuppressed ones of the same level", () => {
    const findings: Finding[] = [];
    for (let i = 0; i < 25_001; i++) {
      findings.push({ ...triageSuppressedFinding(), path: `lib/m${i}.py`, triage: undefined });
    }
    findings.push({ ...triageSuppressedFinding(), path: "lib/live.py", suppression: undefined, triage: undefined });
    const run = onlyRun(toSarif(scanResult(findings)));
    const uris = run.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri);
    expect(uris).toContain("lib/live.py");
    expect(uris).not.toContain("lib/m25000.py");
    expect(uris).not.toContain("lib/m24999.py");
  });

  it("shortens a flow longer than 10,000 steps to its first steps and the sink", () => {
    const step = (line: number, kind: FlowStep["kind"]): FlowStep => ({
      kind,
      path: "app/pipeline.py",
      region: { startLine: line, startColumn: 5, endLine: line, endColumn: 10 },
      message: `step on line ${line}`,
    });
    const flow = [step(1, "source"), ...Array.from({ length: 10_500 }, (_, i) => step(i + 2, "step")), step(10_600, "sink")];
    const run = onlyRun(toSarif(scanResult([{ ...sqlFinding(), flow, triage: undefined }])));
    const locations = run.results![0]!.codeFlows![0]!.threadFlows[0]!.locations;
    expect(locations).toHaveLength(10_000);
    expect(locations[0]!.kinds).toEqual(["source"]);
    expect(locations[9_998]!.location!.physicalLocation!.region!.startLine).toBe(9_999);
    expect(locations[9_999]!.location!.message!.text).toBe("step on line 10600");
    expect(run.invocations![0]!.toolExecutionNotifications!.map((n) => n.descriptor!.id)).toEqual(["sarif-flow-limit"]);
  });

  it("caps tags at 20 and always leads with security and the CWE tags", () => {
    const crowded = { ...weakHashRule, tags: Array.from({ length: 30 }, (_, i) => `topic-${i}`) };
    const tags = ruleTags(crowded);
    expect(tags).toHaveLength(20);
    expect(tags.slice(0, 4)).toEqual(["security", "external/cwe/cwe-327", "external/cwe/cwe-328", "topic-0"]);
  });

  it("truncates a long fullDescription to 1,024 characters with an ellipsis", () => {
    const verbose = { ...sqlInjectionRule, fullDescription: "Untrusted data. ".repeat(100) };
    const run = onlyRun(toSarif({ ...scanResult([sqlFinding()]), rules: [verbose] }));
    const text = run.tool.driver.rules![0]!.fullDescription!.text;
    expect(text.length).toBeLessThanOrEqual(1024);
    expect(text.endsWith("Untrusted data.…")).toBe(true);
  });
});

describe("SARIF helpers", () => {
  it("relativeUri escapes each path segment but keeps the slashes", () => {
    expect(relativeUri("app/views/search.py")).toBe("app/views/search.py");
    expect(relativeUri("docs/my notes/100%#1.py")).toBe("docs/my%20notes/100%25%231.py");
    expect(relativeUri("src/café.py")).toBe("src/caf%C3%A9.py");
  });

  it("rootUri is a file URI ending in a slash", () => {
    expect(rootUri("/home/ci/work/shop api")).toBe("file:///home/ci/work/shop%20api/");
    expect(rootUri("/")).toBe("file:///");
  });

  it("automationId adds the trailing slash GitHub expects to a bare category", () => {
    expect(automationId("pysast")).toBe("pysast/");
    expect(automationId("pysast/")).toBe("pysast/");
    expect(automationId("backend/nightly-42")).toBe("backend/nightly-42");
  });

  it("publicRepositoryUri strips credentials and turns scp-style remotes into URIs", () => {
    expect(publicRepositoryUri("https://user:pa55@github.com/acme/shop.git")).toBe("https://github.com/acme/shop.git");
    expect(publicRepositoryUri("https://ghp_token@github.com/acme/shop")).toBe("https://github.com/acme/shop");
    expect(publicRepositoryUri("git@github.com:acme/shop.git")).toBe("ssh://github.com/acme/shop.git");
    expect(publicRepositoryUri("/srv/git/shop.git")).toBeUndefined();
    expect(publicRepositoryUri("file:///srv/git/shop.git")).toBeUndefined();
  });

  it("escapeMessageLinks leaves real links and escapes look-alikes", () => {
    const ids = new Set([1, 2]);
    expect(escapeMessageLinks("from [here](1) to [there](2)", ids)).toBe("from [here](1) to [there](2)");
    expect(escapeMessageLinks("calls table[key](arg) and [x](3)", ids)).toBe("calls table\\[key\\](arg) and \\[x\\](3)");
    expect(escapeMessageLinks("data[0] is tainted", ids)).toBe("data[0] is tainted");
  });

  it("truncateText never splits a surrogate pair", () => {
    expect(truncateText("abcdef", 10)).toBe("abcdef");
    expect(truncateText("abcdef", 4)).toBe("abc…");
    expect(truncateText("ab😀cd", 4)).toBe("ab…");
  });
});
