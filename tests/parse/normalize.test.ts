import { describe, expect, it } from "vitest";
import { indentationDepth } from "../../src/parse/normalize.js";

/**
 * CPython's tokenizer rules for indentation, written the plain way (split into lines, one line at a
 * time): the oracle the single-pass scanner must agree with on every input.
 */
function depthByLines(text: string, limit = Infinity): number {
  const stack = [0];
  let deepest = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    let width = 0;
    let i = 0;
    for (; i < line.length; i++) {
      const c = line[i];
      if (c === " ") width++;
      else if (c === "\t") width = (Math.floor(width / 8) + 1) * 8;
      else if (c === "\f") width = 0;
      else break;
    }
    if (i === line.length || line[i] === "#") continue;
    while (width < stack[stack.length - 1]!) stack.pop();
    if (width > stack[stack.length - 1]!) {
      stack.push(width);
      deepest = Math.max(deepest, stack.length - 1);
      if (deepest > limit) return deepest;
    }
  }
  return deepest;
}

/** Deterministic pseudo-random source (a fixed LCG), so a failure can be replayed. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = [" ", "  ", "    ", "\t", "\f", "x = 1", "if a:", "# note", "pass", "\n", "\r\n", "\r", "\n\n", "é = 2", "s = '''\n  text\n'''"];

describe("indentationDepth", () => {
  it("agrees with a line-by-line count on LF, CRLF, lone-CR and mixed files, tabs and form feeds", () => {
    const next = generator(12345);
    for (let round = 0; round < 2000; round++) {
      let text = "";
      const length = 1 + Math.floor(next() * 60);
      for (let k = 0; k < length; k++) text += PIECES[Math.floor(next() * PIECES.length)];
      expect(indentationDepth(text), JSON.stringify(text)).toBe(depthByLines(text));
    }
  });

  it("reads a lone CR and a CRLF as one line end each, as CPython does", () => {
    expect(indentationDepth("a\r b\r  c\r")).toBe(2);
    expect(indentationDepth("a\r\n b\r\n  c\r\n")).toBe(2);
    // a CRLF is one line end, not a line end and a blank line: `b` stays inside `a`'s block
    expect(indentationDepth("a:\r\n    b\r\n\r\n    c\r\n        d\r\n")).toBe(2);
    expect(indentationDepth("a\r\n\t b\r\n")).toBe(1);
  });

  it("counts one file alike whatever its line ends", () => {
    const lf = "def f():\n    if x:\n        return 1\n    return 2\n".repeat(200);
    const before = indentationDepth(lf);
    expect(indentationDepth(lf.replace(/\n/g, "\r"))).toBe(before);
    expect(indentationDepth(lf.replace(/\n/g, "\r\n"))).toBe(before);
    expect(indentationDepth(lf)).toBe(2);
  });

  it("stops counting past the limit", () => {
    const deep = Array.from({ length: 40 }, (_, i) => `${" ".repeat(i)}x\n`).join("");
    expect(indentationDepth(deep, 10)).toBe(11);
    expect(depthByLines(deep, 10)).toBe(11);
    expect(indentationDepth(deep)).toBe(39);
  });
});
