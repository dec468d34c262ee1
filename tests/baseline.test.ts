import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BaselineError, baselineKey, filterByBaseline, filterByChangedLines, readBaseline } from "../src/baseline.js";
import { fingerprintFor } from "../src/report/fingerprint.js";
import type { Region } from "../src/types.js";

const dir = mkdtempSync(join(tmpdir(), "pysast-baseline-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeJson(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return file;
}

const key = (ruleId: string, hash: string) => `${ruleId}\u0000${hash}`;

const region = (startLine: number, endLine = startLine): Region => ({ startLine, startColumn: 1, endLine, endColumn: 10 });

describe("readBaseline", () => {
  it("collects rule + primaryLocationLineHash from every run, however the rule is named", async () => {
    const file = writeJson("mixed.sarif", {
      version: "2.1.0",
      runs: [
        {
          tool: { driver: { name: "pysast", rules: [{ id: "weak-hash" }, { id: "sql-injection" }] } },
          results: [
            { ruleId: "weak-hash", partialFingerprints: { primaryLocationLineHash: "5e1f0c2a9b7d3e41:1" } },
            { ruleIndex: 1, partialFingerprints: { primaryLocationLineHash: "a0b1c2d3e4f5a6b7:2" } },
            { rule: { id: "wildcard-cors" }, partialFingerprints: { primaryLocationLineHash: "1234abcd:1" } },
            { rule: { index: 0 }, partialFingerprints: { primaryLocationLineHash: "ffff0000:3" } },
            { ruleId: "weak-hash", message: { text: "no fingerprints at all" } },
            { ruleId: "weak-hash", partialFingerprints: { primaryLocationLineHash: 42 } },
            { ruleIndex: 7, partialFingerprints: { primaryLocationLineHash: "dangling:1" } },
            "not a result",
          ],
        },
        { tool: { driver: { name: "other-tool" } }, results: [{ ruleId: "B324", partialFingerprints: { primaryLocationLineHash: "9999:1", other: "x" } }] },
        { tool: { driver: { name: "empty" } } },
        { results: null },
      ],
    });
    expect(await readBaseline(file)).toEqual(
      new Set([
        key("weak-hash", "5e1f0c2a9b7d3e41:1"),
        key("sql-injection", "a0b1c2d3e4f5a6b7:2"),
        key("wildcard-cors", "1234abcd:1"),
        key("weak-hash", "ffff0000:3"),
        key("B324", "9999:1"),
      ]),
    );
  });

  it("accepts a SARIF log with no runs or results", async () => {
    expect(await readBaseline(writeJson("empty.sarif", { version: "2.1.0", runs: [] }))).toEqual(new Set());
  });

  it("names the file when it is not JSON", async () => {
    const file = writeJson("broken.sarif", '{"version": "2.1.0", "runs": [');
    await expect(readBaseline(file)).rejects.toThrow(BaselineError);
    await expect(readBaseline(file)).rejects.toThrow(new RegExp(`^--baseline: ${escape(file)} is not valid JSON \\(.+\\); expected a SARIF file$`));
  });

  it("names the file when it is JSON but not SARIF", async () => {
    const file = writeJson("findings.json", [{ ruleId: "weak-hash" }]);
    await expect(readBaseline(file)).rejects.toThrow(new BaselineError(`--baseline: ${file} is not a SARIF log (it has no "runs" list)`));
  });

  it("says how to create a missing baseline", async () => {
    const file = join(dir, "missing.sarif");
    await expect(readBaseline(file)).rejects.toThrow(
      new BaselineError(`--baseline: cannot read ${file} (ENOENT); create one with --write-baseline ${file}`),
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("filterByBaseline", () => {
  it("keys a finding by rule id and fingerprint, and has no key without a fingerprint", () => {
    expect(baselineKey({ ruleId: "weak-hash", fingerprint: "abc:1" })).toBe("weak-hash\u0000abc:1");
    expect(baselineKey({ ruleId: "weak-hash" })).toBeUndefined();
  });

  it("hides findings whose rule and fingerprint are both in the baseline", () => {
    const keys = new Set([key("weak-hash", "aaaa:1"), key("sql-injection", "bbbb:1")]);
    const findings = [
      { ruleId: "weak-hash", fingerprint: "aaaa:1", path: "app/a.py" },
      { ruleId: "weak-hash", fingerprint: "aaaa:2", path: "app/a.py" },
      { ruleId: "command-injection", fingerprint: "bbbb:1", path: "app/b.py" },
      { ruleId: "sql-injection", fingerprint: "bbbb:1", path: "app/c.py" },
      { ruleId: "sql-injection", path: "app/d.py" },
    ];
    const { kept, baselined } = filterByBaseline(findings, keys);
    expect(kept.map((f) => `${f.ruleId}@${f.path}`)).toEqual(["weak-hash@app/a.py", "command-injection@app/b.py", "sql-injection@app/d.py"]);
    expect(baselined).toBe(2);
  });

  it("still hides a baselined finding after blank lines and a function are inserted above it, but not a new one", async () => {
    const before = [
      "import hashlib",
      "",
      "def checksum(blob):",
      "    return hashlib.md5(blob).hexdigest()",
      "",
    ].join("\n");
    const file = writeJson("moved.sarif", {
      version: "2.1.0",
      runs: [{ tool: { driver: { name: "pysast" } }, results: [{ ruleId: "weak-hash", partialFingerprints: { primaryLocationLineHash: fingerprintFor(before, 4) } }] }],
    });
    const after = [
      "import hashlib",
      "",
      "",
      "",
      "def etag(body):",
      "    return hashlib.sha1(body).hexdigest()",
      "",
      "def checksum(blob):",
      "    return hashlib.md5(blob).hexdigest()",
      "",
    ].join("\n");
    const findings = [
      { ruleId: "weak-hash", fingerprint: fingerprintFor(after, 6), region: region(6) },
      { ruleId: "weak-hash", fingerprint: fingerprintFor(after, 9), region: region(9) },
    ];
    const { kept, baselined } = filterByBaseline(findings, await readBaseline(file));
    expect(kept.map((f) => f.region.startLine)).toEqual([6]);
    expect(baselined).toBe(1);
  });
});

describe("filterByChangedLines", () => {
  it("keeps findings whose region touches a changed line of their file", () => {
    const changed = new Map([
      ["app/views.py", new Set([2, 6, 7])],
      ["app/new.py", new Set([1, 2, 3])],
      ["app/only_deleted.py", new Set<number>()],
    ]);
    const findings = [
      { path: "app/views.py", region: region(2), id: "on-changed-line" },
      { path: "app/views.py", region: region(4, 6), id: "multi-line-call-ending-on-changed-line" },
      { path: "app/views.py", region: region(3, 5), id: "untouched-multi-line" },
      { path: "app/views.py", region: region(8), id: "below-the-change" },
      { path: "app/new.py", region: region(3), id: "new-file" },
      { path: "app/only_deleted.py", region: region(1), id: "file-with-deletions-only" },
      { path: "lib/util.py", region: region(2), id: "unchanged-file" },
    ];
    const { kept, dropped } = filterByChangedLines(findings, changed);
    expect(kept.map((f) => f.id)).toEqual(["on-changed-line", "multi-line-call-ending-on-changed-line", "new-file"]);
    expect(dropped).toBe(4);
  });
});
