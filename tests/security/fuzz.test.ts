/**
 * Issue 8, "done when": property-based fuzzing of whole scans. fast-check generates Python-ish files —
 * random nesting of blocks and expressions, identifiers from several scripts (NFKC variants,
 * look-alikes), string literals of every kind, all line endings, several encodings, damaged bytes and
 * pathological depth — and drops them next to two files whose findings are known. For every scan:
 * nothing throws, the exit code is 0, 1 or 2, the JSON report parses, every generated file is either
 * analysed or named in a notification, and the known files' findings are exactly what they are without
 * the generated ones. Fixed seed and bounded runs, so CI is reproducible; FUZZ_RUNS raises the count.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { project, scanIn, userHome, VULNERABLE_VIEW, type JsonReport } from "./helpers.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_805);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const { env } = userHome();
const ENV = { ...env, NO_COLOR: "1" };

// ---- the known files -------------------------------------------------------------------------

const HASHING = `import hashlib


def fingerprint(blob):
    return hashlib.md5(blob).hexdigest()
`;
const KNOWN: Record<string, string> = { "app.py": VULNERABLE_VIEW, "lib/hashing.py": HASHING };

// ---- Python-ish source -----------------------------------------------------------------------

/** Identifiers as CPython accepts them, and spellings pysast must treat as CPython does. */
const identifier = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_]{0,7}$/) },
  { weight: 2, arbitrary: fc.constantFrom("request", "os", "cmd", "data", "path", "self", "cls", "args", "kwargs", "subprocess", "query", "cursor") },
  { weight: 1, arbitrary: fc.constantFrom("𝔡ata", "ｄａｔａ", "ｏｓ", "рath", "λ", "日本", "_𝟙", "ﬁle", "é", "\u0065\u0301") },
);

const stringBody = fc.string({ maxLength: 12, unit: fc.oneof(fc.constantFrom("a", " ", "{", "}", "%", "\\", "'", '"', "\\n", "é", "\u202e", "\x1b"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })) });

const stringLiteral = fc.oneof(
  stringBody.map((s) => JSON.stringify(s)),
  stringBody.map((s) => `'${s.replace(/['\\\n\r]/g, "")}'`),
  stringBody.map((s) => `f"{${s.length % 3 === 0 ? "x" : "1"}}${s.replace(/["\\\n\r{}]/g, "")}"`),
  stringBody.map((s) => `"""${s.replace(/"/g, "")}\n${s.replace(/"/g, "")}"""`),
  stringBody.map((s) => `rb'${s.replace(/['\n\r]/g, "").replace(/[^\x20-\x7e]/g, "")}'`),
  fc.constantFrom(`f'{1:>99999999}'`, `'%0999999999d' % 1`, `'{:>999999999}'.format(1)`, `"a" * 10**12`, `"x".replace("x", "xx" * 99999)`),
);

const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    identifier,
    fc.integer().map(String),
    stringLiteral,
    fc.tuple(tie("expr"), fc.constantFrom(" + ", " % ", " * ", " and ", " == ", " if x else "), tie("expr")).map(([a, op, b]) => `${a}${op}${b}`),
    fc.tuple(identifier, fc.array(tie("expr"), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(", ")})`),
    fc.tuple(tie("expr"), identifier).map(([e, a]) => `${e}.${a}`),
    fc.tuple(tie("expr"), tie("expr")).map(([e, i]) => `${e}[${i}]`),
    fc.array(tie("expr"), { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
    tie("expr").map((e) => `lambda: ${e}`),
  ),
})).expr;

const simpleStatement = fc.oneof(
  fc.tuple(identifier, expression).map(([n, e]) => `${n} = ${e}`),
  expression,
  expression.map((e) => `return ${e}`),
  identifier.map((n) => `import ${n}`),
  fc.tuple(identifier, identifier).map(([m, n]) => `from ${m} import ${n}`),
  expression.map((e) => `os.system(${e})`),
  expression.map((e) => `cursor.execute("SELECT " + ${e})`),
  fc.constantFrom("pass", "break", "global x", "x: int = 1", "del x", "raise", "yield x", "await x", "..."),
  stringBody.map((s) => `# ${s.replace(/[\r\n]/g, "")}`),
);

const header = fc.oneof(
  fc.tuple(identifier, fc.array(identifier, { maxLength: 3 })).map(([n, ps]) => `def ${n}(${ps.join(", ")}):`),
  fc.tuple(identifier, identifier).map(([n, base]) => `class ${n}(${base}):`),
  expression.map((e) => `if ${e}:`),
  fc.constant("else:"),
  fc.constant("try:"),
  fc.constant("except Exception as e:"),
  fc.constant("finally:"),
  fc.tuple(expression, identifier).map(([e, n]) => `with ${e} as ${n}:`),
  fc.tuple(identifier, expression).map(([n, e]) => `for ${n} in ${e}:`),
  expression.map((e) => `while ${e}:`),
  identifier.map((n) => `@${n}`),
  expression.map((e) => `match ${e}:`),
);

/** Statements nested up to `depth` more levels, as lines without their indentation. */
function block(depth: number, indent: string): fc.Arbitrary<string[]> {
  const simple = simpleStatement.map((s) => [s]);
  if (depth === 0) return fc.array(simple, { minLength: 1, maxLength: 3 }).map((a) => a.flat());
  const compound = fc.tuple(header, block(depth - 1, indent)).map(([h, body]) => [h, ...body.map((l) => indent + l)]);
  return fc.array(fc.oneof({ weight: 3, arbitrary: simple }, { weight: 2, arbitrary: compound }), { minLength: 1, maxLength: 4 }).map((a) => a.flat());
}

const INDENTS = ["    ", "  ", "\t", " \t"];
const ordinaryLines = fc.constantFrom(...INDENTS).chain((indent) => block(6, indent));

/** Depth pysast must survive: calls, brackets, operators and blocks nested hundreds or thousands deep. */
const pathologicalLines = fc.oneof(
  fc.integer({ min: 50, max: 5000 }).map((n) => [`x = ${"f(".repeat(n)}1${")".repeat(n)}`]),
  fc.integer({ min: 50, max: 5000 }).map((n) => [`x = ${"[".repeat(n)}${"]".repeat(n)}`]),
  fc.integer({ min: 50, max: 5000 }).map((n) => [`x = 1${" + 1".repeat(n)}`]),
  fc.integer({ min: 50, max: 400 }).map((n) => Array.from({ length: n }, (_, i) => `${" ".repeat(i)}if x:`).concat(`${" ".repeat(n)}pass`)),
  fc.integer({ min: 20, max: 300 }).map((n) => Array.from({ length: n }, (_, i) => `class C${i}(C${i + 1}): pass`)),
);

const lines = fc.oneof({ weight: 5, arbitrary: ordinaryLines }, { weight: 1, arbitrary: pathologicalLines });

const ENDINGS = ["\n", "\r\n", "\r", "mixed"] as const;

/** Source text to bytes, in one of the encodings found in the wild (and some that are wrong). */
function encode(text: string, encoding: string, damage: number): Buffer {
  let bytes: Buffer;
  switch (encoding) {
    case "utf-8-bom":
      bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
      break;
    case "latin-1":
      bytes = Buffer.from(`# -*- coding: latin-1 -*-\n${text}`, "latin1");
      break;
    case "utf-16":
      bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
      break;
    case "cp1252-undeclared":
      bytes = Buffer.from(text, "latin1");
      break;
    default:
      bytes = Buffer.from(text, "utf8");
  }
  if (damage > 0 && bytes.length > 0) {
    // flip some bytes into invalid UTF-8 (0xff) or NUL
    const copy = Buffer.from(bytes);
    for (let i = 0; i < damage; i++) copy[(i * 7919) % copy.length] = i % 2 === 0 ? 0xff : 0x00;
    return copy;
  }
  return bytes;
}

const generatedFile = fc.record({
  lines,
  ending: fc.constantFrom(...ENDINGS),
  encoding: fc.constantFrom("utf-8", "utf-8", "utf-8", "utf-8-bom", "latin-1", "utf-16", "cp1252-undeclared"),
  damage: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  truncate: fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }),
});

interface GeneratedFile {
  lines: string[];
  ending: string;
  encoding: string;
  damage: number;
  truncate: number;
}

function render(file: GeneratedFile): Buffer {
  const text = file.lines
    .map((line, i) => line + (file.ending === "mixed" ? ["\n", "\r\n", "\r"][i % 3]! : file.ending))
    .join("");
  return encode(text.slice(0, Math.floor(text.length * file.truncate)), file.encoding, file.damage);
}

// ---- the property ----------------------------------------------------------------------------

function knownFindings(report: JsonReport): string[] {
  return report.findings.filter((f) => f.path in KNOWN).map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`);
}

describe("fuzzed repositories (issue 8)", () => {
  it(`never crash a scan, never hide a file, never change unrelated findings (${RUNS} runs, seed ${SEED})`, async () => {
    const baseline = JSON.parse((await scanIn(project(KNOWN), [".", "--format", "json", "-j", "1"], ENV)).stdout) as JsonReport;
    const expected = knownFindings(baseline);
    expect(expected).toEqual(["app.py:11:command-injection", "lib/hashing.py:5:weak-hash"]);

    await fc.assert(
      fc.asyncProperty(fc.array(generatedFile, { minLength: 1, maxLength: 3 }), async (files) => {
        const generated: Record<string, Buffer> = {};
        files.forEach((f, i) => (generated[`gen/mod_${i}.py`] = render(f)));
        const root = project({ ...KNOWN, ...generated });
        const run = await scanIn(root, [".", "--format", "json", "-j", "1"], ENV);
        expect([0, 1, 2]).toContain(run.code);
        const report = JSON.parse(run.stdout) as JsonReport & { stats: { files: number }; invocation: { executionSuccessful: boolean } };
        // the known files' findings do not depend on their neighbours
        expect(knownFindings(report)).toEqual(expected);
        // every generated file is analysed or named: files no notification names were all analysed
        const named = new Set(report.notifications.map((n) => n.path));
        const unnamed = Object.keys(generated).filter((p) => !named.has(p));
        expect(report.stats.files).toBeGreaterThanOrEqual(Object.keys(KNOWN).length + unnamed.length);
        // an incomplete analysis is never reported as a success
        if (report.notifications.some((n) => (n.kind === "analysis-error" || n.kind === "analysis-budget") && n.level === "error")) {
          expect(report.invocation.executionSuccessful).toBe(false);
          expect(run.code).toBe(2);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 600_000);
});
