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

export interface FileParts {
  /** Digest of the outline: the text with the body of every outermost definition cut out (see `fileParts`). */
  outline: string;
  /** Digest of each outermost function definition's text, in document order (their ordinals). */
  defs: string[];
  /** Ordinal of each outermost definition by its start offset. */
  ordinals: Map<number, number>;
  /** Start and end offsets of each outermost definition, by ordinal (to move offsets inside one that did not change). */
  spans: [number, number][];
}

/** Statements inside a function body that `FileModel` reads for the whole file: they stay in the outline. */
const FILE_WIDE = new Set(["import_statement", "import_from_statement", "future_import_statement"]);

/**
 * The parts of a parsed file. The outline keeps, in place of each cut body, the text of the imports inside it (the
 * model's import list is the file's: `importsOf` decides endpoint detection), the names it calls that the outline
 * assigns (whether a module-level `fn = getattr(...)` is called later looks into every body: `resultIsCalled` in
 * calls.ts), and the whole body when it declares a `global` (a `global` name anywhere changes how the module's
 * constants fold); so an outline that is the same means the same module-level bindings, classes, signatures and
 * decorators, in the same order, and the same answers to those questions.
 */
export function fileParts(root: PyNode): FileParts {
  const text = root.src.text;
  const defs: string[] = [];
  const ordinals = new Map<number, number>();
  const spans: [number, number][] = [];
  /** The outline's text, and for each cut body its imports and the names it calls. */
  const pieces: (string | { kept: string[]; calls: string[] })[] = [];
  /** Names the outline assigns (`name = ...`). */
  const assigned = new Set<string>();
  let at = 0;
  walk(root, (n) => {
    if (n.type === "assignment") {
      const left = n.get("left");
      if (left?.type === "identifier") assigned.add(left.text);
      return true;
    }
    if (n.type !== "function_definition") return true;
    ordinals.set(n.start, defs.length);
    spans.push([n.start, n.end]);
    defs.push(digest(text.slice(n.start, n.end)));
    const body = n.get("body");
    if (!body) return false;
    let global = false;
    const kept: string[] = [];
    const calls: string[] = [];
    walk(body, (m) => {
      if (m.type === "global_statement") global = true;
      else if (FILE_WIDE.has(m.type)) kept.push(text.slice(m.start, m.end));
      else {
        const callee = m.type === "call" ? unparen(m.get("function")) : null;
        if (callee?.type === "identifier") calls.push(callee.text);
        return true;
      }
      return false;
    });
    if (global) return false;
    pieces.push(text.slice(at, body.start), { kept, calls });
    at = body.end;
    return false;
  });
  pieces.push(text.slice(at));
  const outline = createHash("sha256");
  for (const piece of pieces) {
    if (typeof piece === "string") outline.update(piece);
    else {
      const calls = piece.calls.filter((name) => assigned.has(name));
      outline.update(`\0${piece.kept.length}\0${piece.kept.join("\0")}\0${calls.join(" ")}\0`);
    }
  }
  return { outline: outline.digest("hex"), defs, ordinals, spans };
}

/** The outermost function definition holding `node` (itself included), or null for a node of the outline. */
export function outermostDef(node: PyNode): PyNode | null {
  let out: PyNode | null = null;
  for (let n: PyNode | null = node; n; n = n.parent) if (n.type === "function_definition") out = n;
  return out;
}

function digest(s: string): string {
  return createHash("sha256").update(s).digest("base64");
}
