import { copyFileSync, mkdtempSync, readdirSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GrammarError, grammarManifest, grammarsDir, loadPython, wasmBinding } from "../../src/parse/grammar.js";
import type { PyNode } from "../../src/parse/ast.js";
import { PythonParser, type ParsedFile } from "../../src/parse/parser.js";

function grammarCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "pysast-grammar-"));
  const src = grammarsDir();
  copyFileSync(join(src, "manifest.json"), join(dir, "manifest.json"));
  return dir;
}

describe("the pinned grammar", () => {
  it("loads when the checksum matches", async () => {
    const dir = grammarCopy();
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { file: string };
    copyFileSync(join(grammarsDir(), manifest.file), join(dir, manifest.file));
    await expect(loadPython(dir)).resolves.toBeDefined();
  });

  it("refuses a tampered grammar with a clear error", async () => {
    const dir = grammarCopy();
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { file: string };
    const bytes = readFileSync(join(grammarsDir(), manifest.file));
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(join(dir, manifest.file), bytes);
    const err = await loadPython(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammarError);
    expect((err as Error).message).toMatch(/has sha256 [0-9a-f]{64} but grammars\/manifest.json pins [0-9a-f]{64}: the file was modified or replaced; run `npm run build`/);
  });

  it("reports a missing grammar with what to do", async () => {
    const dir = grammarCopy();
    const err = await loadPython(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammarError);
    expect((err as Error).message).toContain("is missing: run `npm run build`");
  });
});

describe("parsing", () => {
  it("keeps comments out of the tree, records syntax errors, and counts columns in UTF-16 units", async () => {
    const parser = new PythonParser(await loadPython());
    try {
      const r = parser.parse(`s = "héllo😀" + x  # nosec\ndef broken(:\n    pass\n`);
      expect([...r.comments.entries()]).toEqual([[0, "# nosec"]]);
      expect(r.errorCount).toBeGreaterThan(0);
      expect(r.errorLines[0]).toBe(1);
      const plus = r.root.children[0]!.children[0]!.get("right")!;
      expect(plus.get("right")!.text).toBe("x");
      // "é" is one UTF-16 unit (two UTF-8 bytes), "😀" two units (four bytes): x is at column 16, not byte 19
      expect(r.src.position(plus.get("right")!.start)).toEqual({ line: 0, column: 16 });
    } finally {
      parser.delete();
    }
  });
});

const testsDir = join(dirname(fileURLToPath(import.meta.url)), "..");

function pythonFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".py"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Every node with its type, field, offsets and parent, plus comments and syntax errors: two trees with the same dump are the same tree. */
function dump(r: ParsedFile): string {
  const out: string[] = [];
  const rec = (n: PyNode, depth: number) => {
    out.push(`${depth} ${n.type} ${n.field} ${n.named} ${n.start}-${n.end} parent@${n.parent?.start ?? -1}`);
    for (const c of n.children) rec(c, depth + 1);
  };
  rec(r.root, 0);
  return `${out.join("\n")}\ncomments ${JSON.stringify([...r.comments])}\nerrors ${JSON.stringify(r.errorLines)} ${r.errorCount}`;
}

const SAMPLES: Record<string, string> = {
  empty: "",
  "only a comment": "# just a note\n",
  "fields, decorators and a class": `import os\n\n@app.route("/<name>")\ndef view(name: str, *args, key=1, **kw) -> str:\n    """Doc."""\n    return os.path.join(BASE, name)  # nosec\n\n\nclass Form(Base, metaclass=Meta):\n    x: int = 0\n`,
  "syntax errors and missing tokens": "def broken(:\n    pass\nx = (1,\ny = [a for a in\n",
  // no ERROR node, only the `)` the parser made up: the root's error flag is all that tells the direct walk to look for it
  "a missing token alone": "def handler(:\n    pass\n",
  "code recovered inside ERROR nodes": "class Handler(:\n    def get(self, name=None):\n        return render(name)\nfoo(x, y=2 3)\nif x = f(k=v):\n    pass\n",
  "unicode and CRLF": 's = "héllo😀" + x\r\nt = f"{s!r:>10}"\r\n',
  "deep nesting": `x = ${"(".repeat(300)}1${")".repeat(300)}\n`,
  "match, lambda, comprehension, walrus": "match cmd:\n    case [x, *rest] if (n := len(rest)) > 1:\n        f = lambda a, b=2: {k: v for k, v in a}\n    case _:\n        pass\n",
};

describe("tree export", () => {
  it("drops punctuation but keeps a punctuation token the parser made up, and the children of anonymous nodes", async () => {
    const parser = new PythonParser(await loadPython());
    try {
      const all = (n: PyNode): PyNode[] => [n, ...n.children.flatMap(all)];
      // the parser supplies the closing parenthesis: kept as a zero-width MISSING node where it belongs
      const broken = all(parser.parse("def handler(:\n    pass\n").root);
      const missing = broken.filter((n) => n.type === "MISSING");
      expect(missing.map((n) => [n.start, n.end, n.parent?.type])).toEqual([[12, 12, "parameters"]]);
      expect(broken.some((n) => n.type === "(" || n.type === ")")).toBe(false);
      // `is not` is an anonymous node with two tokens under it
      const compare = all(parser.parse("if user is not None:\n    pass\n").root);
      const op = compare.find((n) => n.type === "is not")!;
      expect(op.named).toBe(false);
      expect(op.children.map((c) => c.type)).toEqual(["is", "not"]);
    } finally {
      parser.delete();
    }
  });

  it("reads trees straight from wasm memory with the pinned web-tree-sitter", async () => {
    // if this fails after a web-tree-sitter upgrade, parsing still works (through cursor calls or the public API) but is slower
    const parser = new PythonParser(await loadPython());
    try {
      expect(parser.bulkExport).toBe(true);
      expect(parser.memoryExport).toBe(true);
    } finally {
      parser.delete();
    }
  });

  it("falls back to cursor calls when the language's header in memory is not the layout the memory walk reads", async () => {
    const language = await loadPython();
    // the same module, but its memory seen as zeros: the language header does not check out
    const zeros = { ...wasmBinding, HEAPU32: new Uint32Array((wasmBinding.HEAPU32 as Uint32Array).length) };
    const parser = new PythonParser(language, { binding: zeros });
    const reference = new PythonParser(language, { publicApi: true });
    try {
      expect(parser.memoryExport).toBe(false);
      expect(parser.bulkExport).toBe(true);
      const text = "def f(a):\n    return [x for x in a if x]  # c\n";
      expect([...parser.compact(text).records]).toEqual([...reference.compact(text).records]);
    } finally {
      parser.delete();
      reference.delete();
    }
  });

  it("gives the same tree through the direct export and the public TreeCursor API", async () => {
    const language = await loadPython();
    const direct = new PythonParser(language);
    const viaApi = new PythonParser(language, { publicApi: true });
    try {
      expect(viaApi.bulkExport).toBe(false);
      for (const [name, text] of Object.entries(SAMPLES)) {
        expect(dump(direct.parse(text)), name).toBe(dump(viaApi.parse(text)));
      }
    } finally {
      direct.delete();
      viaApi.delete();
    }
  });

  it("gives the same records through the memory walk, the cursor calls and the public TreeCursor API on every Python file of the test suite", async () => {
    // the direct walks skip questions (fields under fieldless types, MISSING in clean trees); the public walk asks every one
    const language = await loadPython();
    const memory = new PythonParser(language);
    const calls = new PythonParser(language, { cursorCalls: true });
    const viaApi = new PythonParser(language, { publicApi: true });
    try {
      expect(memory.memoryExport).toBe(true);
      expect(calls.memoryExport).toBe(false);
      const files = pythonFilesUnder(join(testsDir, "fixtures")).concat(pythonFilesUnder(join(testsDir, "corpus")));
      expect(files.length).toBeGreaterThan(500);
      let fields = 0;
      let missing = 0;
      // no file of the suite has a token the parser made up: a few broken texts do
      const broken = ["def handler(:\n    pass\n", "x = (1,\ny = [2\n", "if a\n    b = {'k': }\n", "class C(:\n  def m(self, x=) -> : pass\n"];
      for (const file of [...files, ...broken]) {
        const text = broken.includes(file) ? file : readFileSync(file, "utf8");
        const b = viaApi.compact(text).records;
        for (const direct of [memory, calls]) {
          const a = direct.compact(text).records;
          expect(a.length, file).toBe(b.length);
          const differs = a.findIndex((v, i) => v !== b[i]);
          expect(differs, `${file}: record ${differs >> 2}`).toBe(-1);
        }
        for (let i = 4; i < b.length; i += 4) {
          if (b[i]! >>> 16 & 0x7fff) fields++;
          if (b[i]! < 0) missing++;
        }
      }
      expect(fields).toBeGreaterThan(10_000);
      expect(missing).toBeGreaterThan(0);
    } finally {
      memory.delete();
      calls.delete();
      viaApi.delete();
    }
  });

  it("skips field questions only for the named types the pinned grammar's node-types.json gives no fields", () => {
    const nodeTypes = JSON.parse(readFileSync(join(testsDir, "..", "node_modules", "tree-sitter-python", "src", "node-types.json"), "utf8")) as {
      type: string;
      named: boolean;
      fields?: Record<string, unknown>;
      subtypes?: unknown[];
    }[];
    const fieldless = nodeTypes.filter((t) => t.named && !t.subtypes && Object.keys(t.fields ?? {}).length === 0).map((t) => t.type);
    expect(grammarManifest().fieldlessTypes).toEqual(fieldless.sort());
    expect(fieldless).toContain("argument_list");
    expect(fieldless).not.toContain("call");
  });

  it("skips child questions only for the types tokens take, and never for a type a rule or an alias can also give", async () => {
    const { named, anonymous } = grammarManifest().leafTypes!;
    // tokens: identifiers, numbers, string delimiters, keywords, operators
    expect(named).toEqual(expect.arrayContaining(["identifier", "integer", "string_start", "string_end", "true", "none"]));
    expect(anonymous).toEqual(expect.arrayContaining(["def", "not", "is", "=", "+"]));
    // rules: `string_content` holds escape sequences, `not in` and `is not` hold two keywords, `block` is also an alias
    for (const name of ["string_content", "string", "block", "module", "ERROR"]) expect(named).not.toContain(name);
    for (const name of ["not in", "is not"]) expect(anonymous).not.toContain(name);
    // a parser told that `string_content` or `is not` is a leaf would lose their children: the check on the probe
    // snippet catches it and the parser reads trees through the public API, which asks about every node
    const language = await loadPython();
    const wrongs = [
      new PythonParser(language, { leafTypes: { named: [...named, "string_content"], anonymous } }),
      new PythonParser(language, { leafTypes: { named, anonymous: [...anonymous, "is not"] } }),
    ];
    try {
      for (const wrong of wrongs) {
        expect(wrong.bulkExport).toBe(false);
        const all = (n: PyNode): string[] => [n.type, ...n.children.flatMap(all)];
        expect(all(wrong.parse('if x is not None:\n    y = "a\\nb"\n').root)).toEqual(expect.arrayContaining(["escape_sequence", "is", "not"]));
      }
    } finally {
      for (const wrong of wrongs) wrong.delete();
    }
  });

  it("gives every node its children from the records, in document order, leaves sharing no state with parents", async () => {
    const parser = new PythonParser(await loadPython());
    try {
      for (const [name, text] of Object.entries(SAMPLES)) {
        const { records } = parser.compact(text);
        const parsed = parser.build({ text, records });
        // every node in document order, as build saw the records (comments are not nodes)
        const nodes: PyNode[] = [];
        const rec = (n: PyNode) => {
          nodes.push(n);
          for (const c of n.children) rec(c);
        };
        rec(parsed.root);
        const byRecord = new Map<number, PyNode>();
        let k = 0;
        const expected = new Map<PyNode, string[]>(nodes.map((n) => [n, []]));
        for (let i = 0; i < records.length >> 2; i++) {
          // a record that is not the next node is a comment (build sets comments aside)
          const node = nodes[k];
          if (i > 0 && (node?.start !== records[i * 4 + 1] || node?.end !== records[i * 4 + 2])) continue;
          k++;
          byRecord.set(i, node!);
          const parent = byRecord.get(records[i * 4 + 3]!);
          if (parent) expected.get(parent)!.push(`${node!.type}@${node!.start}`);
        }
        expect(k, name).toBe(nodes.length);
        expect(records.length >> 2, name).toBe(nodes.length + [...parsed.comments.values()].length);
        for (const n of nodes) {
          expect(n.children.map((c) => `${c.type}@${c.start}`), `${name}: ${n.type}@${n.start}`).toEqual(expected.get(n));
          for (const c of n.children) expect(c.parent).toBe(n);
        }
        // leaves have no children and a parse of another text leaves them empty
        const leaf = nodes.find((n) => n.children.length === 0);
        if (leaf) {
          parser.parse("def f(a):\n    return a\n");
          expect(leaf.children).toHaveLength(0);
        }
      }
    } finally {
      parser.delete();
    }
  });

  it("keeps a parsed file as compact records that survive a copy to another thread and rebuild the same tree", async () => {
    const parser = new PythonParser(await loadPython());
    try {
      for (const [name, text] of Object.entries(SAMPLES)) {
        const compact = parser.compact(text);
        expect(compact.records.length % 4, name).toBe(0);
        expect(dump(parser.build(structuredClone(compact))), name).toBe(dump(parser.parse(text)));
      }
      // a tree too big for the first record buffer grows it
      const big = "x = f(a, b)\n".repeat(20_000);
      expect(parser.parse(big).root.children).toHaveLength(20_000);
    } finally {
      parser.delete();
    }
  });
});
