/**
 * A plain-JavaScript copy of the tree-sitter tree.
 *
 * The wasm tree is read once with a TreeCursor and deleted straight away: analysis then never
 * touches wasm memory (no use-after-delete, no per-property wasm calls in hot loops) and walks
 * are ordinary iterative loops over arrays.
 */

/**
 * The children of every leaf: one shared empty array (most nodes are leaves, and an array each was a
 * tenth of the memory a parse allocates). Trees are never edited after `PythonParser.build`. It is
 * not frozen, on purpose: a frozen array has another elements kind, and the loops over `children`
 * everywhere would then see two kinds and run slower (V8 no longer optimises their iterators away);
 * it holds objects, like every other children array, for the same reason.
 */
const NO_CHILDREN: PyNode[] = [null as unknown as PyNode];
NO_CHILDREN.pop();

export class PyNode {
  parent: PyNode | null = null;
  /** Set once by the parser (`PythonParser.build`), exactly sized; shared by every leaf (never push to it). */
  children: PyNode[] = NO_CHILDREN;
  private namedCache: readonly PyNode[] | undefined = undefined;
  constructor(
    readonly type: string,
    /** Field name in the parent (tree-sitter field), or null. */
    readonly field: string | null,
    readonly named: boolean,
    /** UTF-16 offsets into the source. */
    readonly start: number,
    readonly end: number,
    readonly src: SourceText,
  ) {}

  /** The node's source, with identifiers in the NFKC form CPython reads them in (`𝔡` is `d`). */
  get text(): string {
    return this.src.slice(this.start, this.end);
  }

  /** First child with the given field name. */
  get(field: string): PyNode | null {
    for (const c of this.children) if (c.field === field) return c;
    return null;
  }

  /** All children with the given field name. */
  all(field: string): PyNode[] {
    return this.children.filter((c) => c.field === field);
  }

  /**
   * The named children (computed once: rules and the taint engine ask for them many times). Punctuation is dropped
   * when the tree is built, so most nodes have named children only: they answer their own `children` array (neither
   * is ever edited) instead of holding an equal copy of it.
   */
  get namedChildren(): readonly PyNode[] {
    return (this.namedCache ??= this.children.every((c) => c.named) ? this.children : this.children.filter((c) => c.named));
  }

  /** 0-based line of the start. */
  get line(): number {
    return this.src.lineOf(this.start);
  }

  /** Drops this node's links to other nodes (see `releaseTree`). */
  unlink(): void {
    this.parent = null;
    this.children = NO_CHILDREN;
    this.namedCache = undefined;
  }
}

/**
 * Unlinks every node of a tree nothing will read again (phase 1 does this once a file is done). It costs a
 * walk, and saves much more in V8's young-generation collector: part of a big tree is usually promoted to the
 * old generation while the file is analysed, and once the file is done those dead old nodes still point at
 * the younger nodes, which each scavenge then keeps alive and promotes in turn (on the standard library,
 * one thread: 730 MB promoted instead of about 200 MB, and three times the scavenge time). Unlinked, the
 * young part dies at the next scavenge. The tree must not be used afterwards.
 */
export function releaseTree(root: PyNode): void {
  const stack: PyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const ch = node.children;
    for (let i = 0; i < ch.length; i++) stack.push(ch[i]!);
    node.unlink();
  }
}

/** An identifier whose NFKC form differs from how it is spelled (see SourceText.slice). */
export interface RenamedSpan {
  start: number;
  end: number;
  /** The NFKC-normalised spelling. */
  text: string;
}

/** Source text with a line table for offset → line/column conversion. */
export class SourceText {
  private readonly lineStarts: number[];
  /** Sorted by start; set only for files with non-ASCII identifiers (almost none), so `slice` stays a plain slice. */
  private renamed: RenamedSpan[] | undefined;
  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf("\r") < 0) {
      // LF only (nearly every file): indexOf finds the line ends much faster than a loop over the characters
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Records identifiers CPython reads under another spelling (NFKC), sorted by start. */
  setRenamed(spans: RenamedSpan[]): void {
    this.renamed = spans.length > 0 ? spans : undefined;
  }

  /**
   * The text between two offsets as CPython reads it: like `text.slice`, except that identifiers
   * inside the range appear in their NFKC form, so `𝔡` and `d` are the same name, as in Python.
   */
  slice(start: number, end: number): string {
    const spans = this.renamed;
    if (spans === undefined) return this.text.slice(start, end);
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]!.start < start) lo = mid + 1;
      else hi = mid;
    }
    if (lo === spans.length || spans[lo]!.start >= end) return this.text.slice(start, end);
    let out = "";
    let pos = start;
    for (let i = lo; i < spans.length && spans[i]!.end <= end; i++) {
      out += this.text.slice(pos, spans[i]!.start) + spans[i]!.text;
      pos = spans[i]!.end;
    }
    return out + this.text.slice(pos, end);
  }

  /** 0-based line containing the offset. */
  lineOf(offset: number): number {
    const s = this.lineStarts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** 0-based line and UTF-16 column of an offset. */
  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line, column: offset - this.lineStarts[line]! };
  }

  /** Text of a 0-based line without its line terminator. */
  lineText(line: number): string {
    const start = this.lineStarts[line];
    if (start === undefined) return "";
    const next = this.lineStarts[line + 1];
    let end = next === undefined ? this.text.length : next;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return this.text.slice(start, end);
  }

  lineStart(line: number): number {
    return this.lineStarts[line] ?? this.text.length;
  }
}

/** A 1-based SARIF-style region for a node or an offset range. */
export function regionOf(src: SourceText, start: number, end: number) {
  const a = src.position(start);
  const b = src.position(Math.max(start, end));
  return { startLine: a.line + 1, startColumn: a.column + 1, endLine: b.line + 1, endColumn: b.column + 1 };
}

/**
 * Visits every node in document order without recursion. Return false from `enter` to skip a
 * node's children.
 */
export function walk(root: PyNode, enter: (node: PyNode) => boolean | void): void {
  const stack: PyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (enter(node) === false) continue;
    const ch = node.children;
    for (let i = ch.length - 1; i >= 0; i--) stack.push(ch[i]!);
  }
}

/** Nearest ancestor (or the node itself) whose type is in `types`. */
export function closest(node: PyNode | null, types: ReadonlySet<string> | string): PyNode | null {
  for (let n = node; n; n = n.parent) {
    if (typeof types === "string" ? n.type === types : types.has(n.type)) return n;
  }
  return null;
}

/** Strips redundant parentheses: `((x))` → `x`. */
export function unparen(node: PyNode | null): PyNode | null {
  let n = node;
  while (n && n.type === "parenthesized_expression") {
    const inner = n.namedChildren[0];
    if (!inner) return n;
    n = inner;
  }
  return n;
}

/**
 * The `[start, stop, step]` expressions of a `slice` node (null where omitted). The parser drops
 * the colons, so each bound is placed by counting the colons in the text before it.
 */
export function sliceParts(slice: PyNode): [PyNode | null, PyNode | null, PyNode | null] {
  const parts: [PyNode | null, PyNode | null, PyNode | null] = [null, null, null];
  const text = slice.src.text;
  const named = slice.namedChildren;
  let colons = 0;
  let pos = slice.start;
  for (const c of named) {
    for (; pos < c.start; pos++) if (text[pos] === ":") colons++;
    if (colons < 3) parts[colons] = c;
    pos = c.end;
  }
  return parts;
}

/**
 * The head and arguments of a generic annotation, however the parser shaped it: a `subscript` in
 * an expression (`List[int]`, `x: Annotated[str, F()] = …`) or a `generic_type` in a bare
 * parameter or field annotation (`x: Annotated[str, F()]`), whose arguments are wrapped in `type`
 * nodes. Undefined for anything else.
 */
/** The expression a `type` node wraps (annotations, type parameters, both sides of `type X = ...`); any other node itself. */
export function typeExpression(node: PyNode | null): PyNode | null {
  return node?.type === "type" ? node.namedChildren[0] ?? null : node;
}

export function genericParts(node: PyNode): { head: PyNode | null; args: PyNode[] } | undefined {
  if (node.type === "subscript") {
    return { head: node.get("value"), args: node.all("subscript").flatMap((a) => (a.type === "tuple" ? a.namedChildren : [a])) };
  }
  if (node.type === "generic_type") {
    const params = node.namedChildren.find((c) => c.type === "type_parameter")?.namedChildren ?? [];
    return { head: node.namedChildren[0] ?? null, args: params.map((t) => typeExpression(t) ?? t) };
  }
  return undefined;
}
