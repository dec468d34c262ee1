import { copyFileSync, mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GrammarError, grammarsDir, loadPython } from "../../src/parse/grammar.js";
import { PythonParser } from "../../src/parse/parser.js";

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
