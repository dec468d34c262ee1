/**
 * A file cut into the parts a phase-2 analysis can use apart (see `RootOutcome.uses` and docs/architecture.md,
 * "function-level dependencies"): each outermost function definition (a function not inside another one: a
 * module-level function or a method), and the outline — everything else, which every analysis that loaded the file
 * may have read (module-level statements, class bodies, decorators and signatures, what `FileModel` gathers from the
 * whole file). A root whose loaded file changed only inside the bodies of definitions it never analysed, with the
 * outline the same, gives the same outcome apart from the offsets of what lies below the change.
 */
import { createHash } from "node:crypto";
import { unparen, walk, type PyNode } from "../parse/ast.js";
import type { CompactTree, ParsedFile } from "../parse/parser.js";

export interface FileParts {
  /** Digest of the outline: the file with the body of every outermost definition cut out (see `fileParts`). */
  outline: string;
  /** Digest of each outermost function definition, in document order (their ordinals). */
  defs: string[];
  /** Ordinal of each outermost definition by its start offset. */
  ordinals: Map<number, number>;
  /** Start and end offsets of each outermost definition, by ordinal (to move offsets inside one that did not change). */
  spans: [number, number][];
  /**
   * Start offsets of every definition a summary can be keyed by (`def`s at any depth and named lambdas), in document
   * order: within a part whose digest is the same, the k-th of them then is the k-th now (see `moveAnchor`).
   */
  anchors: number[];
}

/** Statements inside a function body that `FileModel` reads for the whole file: they stay in the outline. */
const FILE_WIDE = new Set(["import_statement", "import_from_statement", "future_import_statement"]);

/**
 * Nodes whose children are statements, blocks or clauses after blocks: the only places where layout (line breaks,
 * indentation, blank lines and comments between statements) sits between the tokens of a part. Every other node
 * (a simple statement, an expression, a signature) is digested with its text as it is.
 */
export const LAYOUT_HOLDERS: ReadonlySet<string> = new Set([
  "module",
  "block",
  "class_definition",
  "function_definition",
  "decorated_definition",
  "if_statement",
  "elif_clause",
  "else_clause",
  "for_statement",
  "while_statement",
  "try_statement",
  "except_clause",
  "except_group_clause",
  "finally_clause",
  "with_statement",
  "match_statement",
  "case_clause",
]);

/**
 * The parts of a parsed file. The outline keeps, in place of each cut body, the text of the imports inside it (the
 * model's import list is the file's: `importsOf` decides endpoint detection), the names it calls that the outline
 * assigns (whether a module-level `fn = getattr(...)` is called later looks into every body: `resultIsCalled` in
 * calls.ts), and the whole body when it declares a `global` (a `global` name anywhere changes how the module's
 * constants fold); so an outline that is the same means the same module-level bindings, classes, signatures and
 * decorators, in the same order, and the same answers to those questions.
 *
 * Digests are of the syntax tree, not of the bytes (`layoutDigest`): comments, blank lines, and the line breaks and
 * indentation between statements do not count (the tree has no comments, and indentation is its nesting of blocks),
 * while everything inside a statement is digested as written (an expression's text is what the analysis may read).
 * A file with a syntax error is digested byte for byte (`errors`: how the parser recovered may depend on the layout).
 */
export function fileParts(root: PyNode, errors = 0): FileParts {
  return computeParts(root, errors);
}

/** Parts by the compact tree their model was built from: a thread's shards load the same trees again (`modelParts`). */
const partsByTree = new WeakMap<CompactTree, FileParts>();

/**
 * The parts of a parsed file, computed once per compact tree: each shard's analysis builds its own models of the files
 * it loads, mostly from the trees the thread holds (phase2.ts), and would digest them again. Parts are read only.
 */
export function modelParts(parsed: ParsedFile): FileParts {
  const tree = parsed.compact;
  let parts = tree ? partsByTree.get(tree) : undefined;
  if (!parts) {
    parts = computeParts(parsed.root, parsed.errorCount);
    if (tree) partsByTree.set(tree, parts);
  }
  return parts;
}

function computeParts(root: PyNode, errors: number): FileParts {
  const text = root.src.text;
  const exact = errors > 0;
  const defs: string[] = [];
  const ordinals = new Map<number, number>();
  const spans: [number, number][] = [];
  const anchors: number[] = [];
  /** For each cut body, its imports and the names it calls; the outline's digest is taken once `assigned` is known. */
  const cuts = new Map<PyNode, { kept: string[]; calls: string[] }>();
  /** Names the outline assigns (`name = ...`). */
  const assigned = new Set<string>();
  walk(root, (n) => {
    if (n.type === "assignment") {
      const left = n.get("left");
      if (left?.type === "identifier") assigned.add(left.text);
      return true;
    }
    if (n.type === "lambda" && isNamedLambda(n)) anchors.push(n.start);
    if (n.type !== "function_definition") return true;
    ordinals.set(n.start, defs.length);
    spans.push([n.start, n.end]);
    anchors.push(n.start);
    defs.push(exact ? digest(text.slice(n.start, n.end)) : layoutDigest(n, text));
    const body = n.get("body");
    if (!body) return false;
    let global = false;
    const kept: string[] = [];
    const calls: string[] = [];
    walk(body, (m) => {
      if (m.type === "global_statement") global = true;
      else if (FILE_WIDE.has(m.type)) kept.push(text.slice(m.start, m.end));
      else {
        if (m.type === "function_definition" || (m.type === "lambda" && isNamedLambda(m))) anchors.push(m.start);
        const callee = m.type === "call" ? unparen(m.get("function")) : null;
        if (callee?.type === "identifier") calls.push(callee.text);
        return true;
      }
      return false;
    });
    if (!global) cuts.set(body, { kept, calls });
    return false;
  });
  anchors.sort((a, b) => a - b);
  const cut = (body: PyNode): string | undefined => {
    const c = cuts.get(body);
    if (!c) return undefined;
    const calls = c.calls.filter((name) => assigned.has(name));
    return `\0${c.kept.length}\0${c.kept.join("\0")}\0${calls.join(" ")}\0`;
  };
  let outline: string;
  if (exact) {
    const h = createHash("sha256");
    let at = 0;
    for (const [body] of cuts) {
      h.update(text.slice(at, body.start)).update(cut(body)!);
      at = body.end;
    }
    outline = h.update(text.slice(at)).digest("hex");
  } else outline = layoutDigest(root, text, cut, "hex");
  return { outline, defs, ordinals, spans, anchors };
}

/**
 * Digest of a subtree without its layout: nodes that hold statements (`LAYOUT_HOLDERS`) by their type and children;
 * the text before a statement, before a block and before a clause that follows a block (line breaks, indentation,
 * blank lines, comments, and the `:` or `;` the grammar then requires) as one mark, and the text after a statement or
 * block that ends a holder not at all; every other child and every other text between children as written. `cut`
 * replaces a block by what the outline keeps of it. A change confined to the marked texts leaves the tree the same (a
 * text with a token there that another lacks, such as an unbalanced bracket, does not parse: digested byte for byte).
 */
function layoutDigest(top: PyNode, text: string, cut?: (block: PyNode) => string | undefined, encoding: "hex" | "base64" = "base64"): string {
  // the pieces are joined into one string and hashed once (many small updates of a hash cost more)
  let out = "";
  /** What is left to digest, last first: a node, a span of text between two children, or a mark. */
  const stack: (PyNode | [number, number] | string)[] = [top];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === "string") {
      out += item;
      continue;
    }
    const [from, to] = Array.isArray(item) ? item : [item.start, item.end];
    const n = Array.isArray(item) ? undefined : item;
    const replaced = n?.type === "block" && cut ? cut(n) : undefined;
    if (replaced !== undefined) out += `\x05${replaced}`;
    else if (!n || !LAYOUT_HOLDERS.has(n.type)) out += `\x01${to - from}:${text.slice(from, to)}`;
    else {
      out += `\x02${n.type}\x03`;
      stack.push("\x04");
      // children and the text between them, pushed last first; the text after a block is layout too
      const ch = n.children;
      const last = ch[ch.length - 1];
      if (last && n.end > last.end && n.type !== "module" && n.type !== "block" && last.type !== "block") stack.push([last.end, n.end]);
      for (let i = ch.length - 1; i >= 0; i--) {
        const c = ch[i]!;
        stack.push(c);
        const before = i > 0 ? ch[i - 1]!.end : n.start;
        if (n.type === "module" || n.type === "block" || c.type === "block" || (i > 0 && ch[i - 1]!.type === "block")) stack.push("\x06");
        else if (c.start > before) stack.push([before, c.start]);
      }
    }
  }
  return createHash("sha256").update(out).digest(encoding);
}

/** A statement `name = lambda ...:`, which the index records like a def (the analysis keys its summary by its start). */
function isNamedLambda(n: PyNode): boolean {
  const assign = n.parent;
  return assign?.type === "assignment" && assign.get("right") === n && assign.get("left")?.type === "identifier" && assign.parent?.type === "expression_statement";
}

/** The outermost function definition holding `node` (itself included), or null for a node of the outline. */
export function outermostDef(node: PyNode): PyNode | null {
  let out: PyNode | null = null;
  for (let n: PyNode | null = node; n; n = n.parent) if (n.type === "function_definition") out = n;
  return out;
}

/** The sha256 of a text, base64 (parts' digests, and summaries' prints in taint/prints.ts). */
export function digest(s: string): string {
  return createHash("sha256").update(s).digest("base64");
}
