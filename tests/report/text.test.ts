import { describe, expect, it } from "vitest";
import { toText } from "../../src/report/text.js";
import type { Finding } from "../../src/types.js";
import { fullScan, inlineSuppressedFinding, scanResult, sqlFinding } from "./scan-fixture.js";

const lines = (text: string) => text.split("\n");

describe("toText", () => {
  it("prints unsuppressed findings with frames, taint path, triage, notices and a summary", () => {
    expect(lines(toText(fullScan(), { color: false }))).toEqual([
      "app/main.py:30:1  note  cors-wildcard  CORSMiddleware allows every origin through allow_origins (line 32); handlers[name](request) is unaffected.",
      "  30 | app.add_middleware(",
      "     | ^^^^^^^^^^^^^^^^^^^ … through line 34",
      "",
      "app/views/search.py:18:5  error  sql-injection  User input from `request.args` reaches `cursor.execute` as part of the query text.",
      "  18 |     cursor.execute(query)",
      "     |     ^^^^^^^^^^^^^^^^^^^^^",
      "  taint path:",
      '    1. source  app/views/search.py:15  request.args.get("q") is user input',
      "    2. call    app/db/queries.py:4     build_search(term) returns it inside an f-string",
      "    3. sink    app/views/search.py:18  query reaches cursor.execute",
      "  triage: true positive · confidence 0.93 · claude-sonnet-4-5",
      "    Line 15 reads `q` from the query string and line 18 executes it unescaped.",
      "    fix: Pass the term as a parameter: cursor.execute(SQL, (term,)).",
      "",
      "Notices:",
      "  warning  legacy/py2_report.py has syntax errors from line 3; findings there may be incomplete",
      "  note     vendor/generated_pb2.py: skipped: larger than the 2 MB limit",
      "",
      "Scanned 42 files (3,120 lines) with 3 rules in 1.24s.",
      "2 findings: 1 error, 1 note.",
      "Not counted: 1 suppressed inline, 1 suppressed by triage, 2 in the baseline (--show-suppressed lists the suppressed ones).",
      "Triage (claude-sonnet-4-5): 2 triaged, 1 false positive suppressed; 1 request, 1 cache hit, 5,210 input / 388 output tokens, ≈ $0.0215.",
      "Skipped 1 file; see the notices above.",
      "",
    ]);
  });

  it("shows suppressed findings, marked, when asked; tabs expand under the caret", () => {
    const out = lines(toText(fullScan(), { color: false, showSuppressed: true }));
    const md5 = out.indexOf("app/utils/cache.py:7:11  warning  weak-hash  hashlib.md5 is a broken hash function.");
    expect(out.slice(md5, md5 + 4)).toEqual([
      "app/utils/cache.py:7:11  warning  weak-hash  hashlib.md5 is a broken hash function.",
      "  suppressed inline: # nosec B324",
      "  7 |     key = hashlib.md5(raw).hexdigest()  # nosec B324",
      "    |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
    ]);
    const sha1 = out.indexOf("services/report builder/export.py:22:9  warning  weak-hash  hashlib.sha1 is a broken hash function.");
    expect(out.slice(sha1 + 1, sha1 + 6)).toEqual([
      "  suppressed by triage: LLM triage: false positive (confidence 0.88): the digest is an HTTP ETag, not a security control.",
      "  22 |     etag = hashlib.sha1(body).hexdigest()",
      "     |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
      "  triage: false positive · confidence 0.88 · claude-sonnet-4-5 (cached)",
      "    The SHA-1 digest is only used as an ETag header value.",
    ]);
    expect(out).toContain("Not counted: 1 suppressed inline, 1 suppressed by triage, 2 in the baseline.");
  });

  it("colours levels and dims the frame only when asked", () => {
    const plain = toText(fullScan(), { color: false });
    const coloured = toText(fullScan(), { color: true });
    expect(plain).not.toContain("\u001b[");
    expect(coloured).toContain("\u001b[31merror\u001b[39m");
    expect(coloured).toContain("\u001b[2m18 |\u001b[22m");
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(plain);
  });

  it("says so plainly when nothing was found", () => {
    const result = scanResult([], { stats: { files: 1, lines: 12, skipped: 0, suppressed: 0, baselined: 0, durationMs: 85, parseMs: 20 } });
    expect(toText(result, { color: false })).toBe("Scanned 1 file (12 lines) with 3 rules in 85ms.\nNo findings.\n");
  });

  it("counts only suppressed findings as hidden when all findings are suppressed", () => {
    const result = scanResult([inlineSuppressedFinding()], {
      stats: { files: 3, lines: 90, skipped: 0, suppressed: 1, baselined: 0, durationMs: 120, parseMs: 30 },
    });
    expect(lines(toText(result, { color: false }))).toEqual([
      "Scanned 3 files (90 lines) with 3 rules in 120ms.",
      "No findings.",
      "Not counted: 1 suppressed inline (--show-suppressed lists the suppressed ones).",
      "",
    ]);
  });

  it("reports why triage was skipped, or where a dry run wrote its requests", () => {
    const triageBase = fullScan().triage!;
    const skipped = scanResult([], { triage: { ...triageBase, enabled: false, skippedReason: "ANTHROPIC_API_KEY is not set" } });
    expect(toText(skipped, { color: false })).toContain("\nTriage skipped: ANTHROPIC_API_KEY is not set.\n");
    const dryRun = scanResult([], { triage: { ...triageBase, dryRunFile: ".pysast/triage-dry-run.jsonl" } });
    expect(toText(dryRun, { color: false })).toContain(
      "\nTriage dry run: the requests that would be sent are in .pysast/triage-dry-run.jsonl.\n",
    );
  });

  it("shows a failed triage and its error", () => {
    const finding: Finding = { ...sqlFinding(), triage: { status: "error", error: "API returned 529 (overloaded) after 3 retries" } };
    expect(lines(toText(scanResult([finding]), { color: false }))).toContain(
      "  triage: failed — API returned 529 (overloaded) after 3 retries",
    );
  });
});

describe("code frames", () => {
  const frameOf = (finding: Finding) => lines(toText(scanResult([finding]), { color: false })).slice(1, 3);

  it("windows a very long line around the span", () => {
    const payload = `${"a".repeat(200)}`;
    const snippet = `    query = "SELECT * FROM logs WHERE message = '${payload}'" + user_filter`;
    const start = snippet.indexOf("user_filter") + 1;
    const finding: Finding = {
      ...sqlFinding(),
      flow: undefined,
      triage: undefined,
      snippet,
      region: { startLine: 3, startColumn: start, endLine: 3, endColumn: start + 11 },
    };
    const [code, underline] = frameOf(finding);
    expect(code).toBe(`  3 | …${snippet.slice(snippet.length - 120)}`);
    expect(underline).toBe(`    | ${" ".repeat(1 + 120 - 11)}${"^".repeat(11)}`);
  });

  it("draws one caret for an empty span", () => {
    const finding: Finding = {
      ...sqlFinding(),
      flow: undefined,
      triage: undefined,
      snippet: "exec(code)",
      region: { startLine: 9, startColumn: 6, endLine: 9, endColumn: 6 },
    };
    expect(frameOf(finding)).toEqual(["  9 | exec(code)", "    |      ^"]);
  });

  it("renders a related location in another file with its path", () => {
    const finding: Finding = {
      ...sqlFinding(),
      flow: undefined,
      triage: undefined,
      message: "Query text comes from [build_query](1).",
      related: [{ path: "app/db/queries.py", region: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 9 } }],
    };
    expect(lines(toText(scanResult([finding]), { color: false }))[0]).toBe(
      "app/views/search.py:18:5  error  sql-injection  Query text comes from build_query (app/db/queries.py:4).",
    );
  });

  it("lists related locations the message does not link to", () => {
    const finding: Finding = {
      ...sqlFinding(),
      flow: undefined,
      triage: undefined,
      related: [
        { path: "app/views/search.py", region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 9 }, message: "cursor opened here" },
      ],
    };
    expect(lines(toText(scanResult([finding]), { color: false })).slice(0, 4)).toEqual([
      "app/views/search.py:18:5  error  sql-injection  User input from `request.args` reaches `cursor.execute` as part of the query text.",
      "  18 |     cursor.execute(query)",
      "     |     ^^^^^^^^^^^^^^^^^^^^^",
      "  see app/views/search.py:12  cursor opened here",
    ]);
  });
});
