import { describe, expect, it } from "vitest";
import { computeLineHashes, computeLineHashesForBytes, fingerprintFor, lineHashesAt } from "../../src/report/fingerprint.js";

/**
 * An independent reference: normalise with regular expressions, split into lines, and evaluate each
 * line's polynomial directly with BigInt (no rolling window, no 32-bit halves).
 */
function referenceHashes(text: string): string[] {
  const normalised = text.replace(/\r\n/g, "\n").replace(/\r/g, "\n").replace(/[ \t]/g, "");
  const codes = [...normalised].flatMap((ch) =>
    ch.length === 2 ? [ch.charCodeAt(0), ch.charCodeAt(1)] : [ch.charCodeAt(0)],
  );
  codes.push(0xffff);
  const starts = [0];
  codes.forEach((code, i) => {
    if (code === 10) starts.push(i + 1);
  });
  const mask = (1n << 64n) - 1n;
  const counts: Record<string, number> = {};
  return starts.map((start) => {
    let sum = 0n;
    for (let i = 0; i < 100; i++) {
      const code = BigInt(codes[start + i] ?? 0);
      sum = (sum + code * 37n ** BigInt(99 - i)) & mask;
    }
    const hex = sum.toString(16);
    counts[hex] = (counts[hex] ?? 0) + 1;
    return `${hex}:${counts[hex]}`;
  });
}

const VIEW = [
  "from flask import Flask, request",
  "import sqlite3",
  "",
  "app = Flask(__name__)",
  "",
  "",
  '@app.route("/search")',
  "def search():",
  '    term = request.args.get("q", "")',
  "    conn = sqlite3.connect(\"shop.db\")",
  "    rows = conn.execute(f\"SELECT id, name FROM items WHERE name LIKE '%{term}%'\").fetchall()",
  "    return {\"items\": [dict(id=r[0], name=r[1]) for r in rows]}",
  "",
].join("\n");

const SINK_LINE = 11;

describe("computeLineHashes", () => {
  it("gives GitHub's published hash for an empty file (the end-of-file marker alone)", () => {
    expect(computeLineHashes("")).toEqual(["c129715d7a2bc9a3:1"]);
  });

  it("agrees with the BigInt reference on Python sources of every shape", () => {
    const samples = [
      VIEW,
      VIEW.replace(/\n/g, "\r\n"),
      "def f():\n\treturn 1\n",
      "x = 1",
      "\n\n\n",
      "a\r \nb\r\r\nc",
      `password = "${"x".repeat(250)}"\nprint(password)\n`,
      'name = "café 😀 日本"\nprint(name)\n',
      "   \n\t\n  x = 2  \n",
      "import os\n".repeat(12),
    ];
    for (const text of samples) expect(computeLineHashes(text), JSON.stringify(text)).toEqual(referenceHashes(text));
  });

  it("gives the same value for chosen lines as for the whole file, repeated lines counted", () => {
    const text = `${"import os\n".repeat(30)}${VIEW}`;
    const all = computeLineHashes(text);
    const wanted = [0, 10, 35, all.length - 1, all.length + 3];
    const some = lineHashesAt(text, wanted);
    expect([...some.keys()].sort((a, b) => a - b)).toEqual([0, 10, 35, all.length - 1]);
    for (const [line, hash] of some) expect(hash, `line ${line}`).toBe(all[line]);
    // the eleventh "import os" whose 100-unit window holds only more of them
    expect(some.get(10)).toMatch(/:11$/);
  });

  it("pins a hand-derived value for a one-line file", () => {
    // "x" then the end marker: 120·37^99 + 65535·37^98 mod 2^64, computed here in BigInt.
    const expected = (120n * 37n ** 99n + 65535n * 37n ** 98n) & ((1n << 64n) - 1n);
    expect(computeLineHashes("x")).toEqual([`${expected.toString(16)}:1`]);
    expect(computeLineHashes("x")).toEqual(["638816509450efbf:1"]);
  });

  it("has one hash per line, counting the empty line after a final newline", () => {
    expect(computeLineHashes(VIEW)).toHaveLength(13);
    expect(computeLineHashes("a\nb")).toHaveLength(2);
    expect(computeLineHashes("a\nb\n")).toHaveLength(3);
    expect(computeLineHashes("a\nb\n")[2]).toBe("c129715d7a2bc9a3:1");
  });

  it("ignores spaces, tabs and the line-ending style", () => {
    const crlf = VIEW.replace(/\n/g, "\r\n");
    const cr = VIEW.replace(/\n/g, "\r");
    const reindented = VIEW.replace(/^ {4}/gm, "\t");
    expect(computeLineHashes(crlf)).toEqual(computeLineHashes(VIEW));
    expect(computeLineHashes(cr)).toEqual(computeLineHashes(VIEW));
    expect(computeLineHashes(reindented)).toEqual(computeLineHashes(VIEW));
  });

  it("keeps a finding's hash when blank lines or a whole function are inserted above it", () => {
    const original = fingerprintFor(VIEW, SINK_LINE);
    const lines = VIEW.split("\n");
    const withBlanks = [...lines.slice(0, 2), "", "", "", ...lines.slice(2)].join("\n");
    const helper = ["def healthcheck():", '    return {"status": "ok"}', "", ""];
    const withFunction = [...lines.slice(0, 5), ...helper, ...lines.slice(5)].join("\n");
    expect(fingerprintFor(withBlanks, SINK_LINE + 3)).toBe(original);
    expect(fingerprintFor(withFunction, SINK_LINE + helper.length)).toBe(original);
  });

  it("changes the hash when the line itself changes", () => {
    const fixed = VIEW.replace("LIKE '%{term}%'\")", 'LIKE ?", (f"%{term}%",))');
    const before = fingerprintFor(VIEW, SINK_LINE);
    const after = fingerprintFor(fixed, SINK_LINE);
    expect(after).not.toBe(before);
    expect(after.endsWith(":1")).toBe(true);
  });

  it("numbers identical windows in file order", () => {
    // Each line is 17 kept units, so the windows of lines 1–3 see the same 100 units; later ones reach the end.
    const repeated = "log.info('tick')\n".repeat(8);
    const counts = computeLineHashes(repeated).map((h) => h.split(":")[1]);
    expect(counts).toEqual(["1", "2", "3", "1", "1", "1", "1", "1", "1"]);
  });

  it("writes the hash as unpadded lowercase hex", () => {
    for (const hash of computeLineHashes(VIEW)) expect(hash).toMatch(/^[0-9a-f]{1,16}:[1-9]\d*$/);
  });
});

describe("fingerprintFor", () => {
  it("returns the hash of a 1-based line", () => {
    expect(fingerprintFor(VIEW, 1)).toBe(computeLineHashes(VIEW)[0]);
    expect(fingerprintFor(VIEW, SINK_LINE)).toBe(computeLineHashes(VIEW)[SINK_LINE - 1]);
  });

  it("rejects a line outside the text", () => {
    expect(() => fingerprintFor("x = 1\n", 3)).toThrow(RangeError);
    expect(() => fingerprintFor("x = 1\n", 0)).toThrow("line 0 is outside the text (it has 2 lines)");
  });
});

describe("computeLineHashesForBytes", () => {
  it("keeps a UTF-8 BOM as GitHub's reader does, which changes only the first line's hash", () => {
    const body = new TextEncoder().encode(VIEW);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...body]);
    const plain = computeLineHashes(VIEW);
    const hashed = computeLineHashesForBytes(withBom);
    expect(hashed).toEqual(computeLineHashes(`\ufeff${VIEW}`));
    expect(hashed[0]).not.toBe(plain[0]);
    expect(hashed.slice(1)).toEqual(plain.slice(1));
  });

  it("reads malformed UTF-8 as replacement characters", () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode("name = '"), 0xe9, ...new TextEncoder().encode("'\n")]);
    expect(computeLineHashesForBytes(latin1)).toEqual(computeLineHashes("name = '\ufffd'\n"));
  });
});
