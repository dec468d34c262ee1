/**
 * Source normalisation that makes pysast read code the way CPython does, so that spelling tricks
 * cannot hide code from the analysis:
 * - a lone CR ends a line in Python (as LF and CRLF do), but not for tree-sitter, which would read
 *   `# note\ros.system(x)` as one comment. The parser is given LF in its place: one character for one,
 *   so every offset still points into the original text.
 * - identifiers are NFKC-normalised by CPython's tokenizer (PEP 3131): `𝔡`, `ｄ` and `d` are one
 *   variable. Identifiers whose NFKC form differs are recorded on the SourceText, so `node.text` gives
 *   the name Python uses.
 */
import { walk, type PyNode, type RenamedSpan, type SourceText } from "./ast.js";

/** The text to hand to tree-sitter: lone CRs become LFs (same length, same offsets). */
export function parserInput(text: string): string {
  return text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text;
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/** Records every identifier whose NFKC form differs from its spelling (no work for ASCII-only files). */
export function normalizeIdentifiers(root: PyNode, src: SourceText): void {
  if (!NON_ASCII.test(src.text)) return;
  const spans: RenamedSpan[] = [];
  walk(root, (node) => {
    if (node.type !== "identifier") return;
    const raw = src.text.slice(node.start, node.end);
    if (!NON_ASCII.test(raw)) return;
    const nfkc = raw.normalize("NFKC");
    if (nfkc !== raw) spans.push({ start: node.start, end: node.end, text: nfkc });
  });
  spans.sort((a, b) => a.start - b.start);
  src.setRenamed(spans);
}

/**
 * Deepest indentation nesting tree-sitter-python's wasm build can parse safely. Its scanner saves the
 * indentation stack (two bytes a level, after up to 257 bytes of string delimiters) into a 1024-byte
 * buffer and can write one byte past it beyond about 380 levels: the parser's memory is then silently
 * corrupted and every later file comes back empty. CPython refuses more than 100 levels, so no
 * runnable file comes near this.
 */
export const MAX_INDENT_LEVELS = 300;

/**
 * An upper bound of the file's deepest indentation nesting, counted the way CPython's tokenizer counts
 * levels (a stack of increasing widths, tabs to multiples of 8), over every non-blank line that does
 * not start with a comment. Lines inside strings or brackets are counted too, so it can only
 * overestimate. Stops counting once `limit` is passed.
 *
 * The loop sees LF line ends only: a file with CRs is counted on a copy whose CRLF and lone CR are LF
 * (the depth does not depend on offsets). This runs on every file before it is parsed, and a loop
 * with a second, CR-aware branch ran 15-25x slower over the stdlib once a file with CRs had been
 * met (V8 threw away the optimised loop for the rarely taken branch): ~0.9 s of a 13 s phase 1.
 */
export function indentationDepth(text: string, limit = MAX_INDENT_LEVELS): number {
  const t = text.indexOf("\r") < 0 ? text : text.replace(/\r\n?/g, "\n");
  const stack = [0];
  let deepest = 0;
  let i = 0;
  const n = t.length;
  while (i < n) {
    let width = 0;
    for (; i < n; i++) {
      const c = t.charCodeAt(i);
      if (c === 32) width++;
      else if (c === 9) width = ((width >> 3) + 1) << 3;
      else if (c === 12) width = 0;
      else break;
    }
    if (i < n) {
      const c = t.charCodeAt(i);
      // a blank line or one that starts with a comment does not indent
      if (c !== 10 && c !== 35) {
        while (width < stack[stack.length - 1]!) stack.pop();
        if (width > stack[stack.length - 1]!) {
          stack.push(width);
          if (stack.length - 1 > deepest) {
            deepest = stack.length - 1;
            if (deepest > limit) return deepest;
          }
        }
      }
    }
    const lf = t.indexOf("\n", i);
    if (lf < 0) break;
    i = lf + 1;
  }
  return deepest;
}
