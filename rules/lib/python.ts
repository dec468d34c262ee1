/** Small, pure helpers over the semantic model that several pattern rules share. */
import { unparen, type PyNode } from "../../src/parse/ast.js";
import type { Binding, FileModel } from "../../src/model/file-model.js";
import { foldConstant, type NameLookup } from "../../src/model/fold.js";
import { asString, truthy, type PyValue } from "../../src/model/values.js";

/** How far `valueSources` follows names through assignments (`a = b`, `b = open(…)`). */
const MAX_HOPS = 6;

/** The first qualified name of a call's callee that is in `names`, or undefined. */
export function calleeIn(model: FileModel, call: PyNode, names: ReadonlySet<string>): string | undefined {
  return model.qualifiedNames(call.get("function")).find((q) => names.has(q));
}

/** The method name of a call written `obj.name(…)`, or undefined for a plain function call. */
export function methodName(call: PyNode): string | undefined {
  const fn = unparen(call.get("function"));
  return fn?.type === "attribute" ? fn.get("attribute")?.text : undefined;
}

/** The receiver of a method call (`obj` in `obj.name(…)`). */
export function receiver(call: PyNode): PyNode | null {
  const fn = unparen(call.get("function"));
  return fn?.type === "attribute" ? fn.get("object") : null;
}

/** The constant string an expression folds to, or undefined. */
export function constString(model: FileModel, node: PyNode | null | undefined): string | undefined {
  return node ? asString(model.constant(node)) : undefined;
}

/** The constant value of a keyword argument: undefined when absent or not constant. */
function keywordValue(model: FileModel, call: PyNode, name: string): PyValue | undefined {
  const node = model.callArgs(call).keywords.get(name);
  return node ? model.constant(node) : undefined;
}

/** True when the keyword argument is present and folds to a falsy constant (`usedforsecurity=False`). */
export function keywordIsFalse(model: FileModel, call: PyNode, name: string): boolean {
  const v = keywordValue(model, call, name);
  return v !== undefined && !truthy(v);
}

/** True when the keyword argument is present and folds to a truthy constant (`supports_credentials=True`). */
export function keywordIsTrue(model: FileModel, call: PyNode, name: string): boolean {
  const v = keywordValue(model, call, name);
  return v !== undefined && truthy(v);
}

/**
 * The expressions a value may have come from: the node itself, or for a name, the values bound
 * to it (`x = tarfile.open(p)`, `with tarfile.open(p) as x`, and the type annotation of a
 * parameter `x: tarfile.TarFile`), followed through further names. A name with a binding that
 * cannot be followed (an import, a plain parameter, a loop target) is itself among the sources.
 * Flow-insensitive: every binding of the name in its scope counts.
 */
export function valueSources(model: FileModel, expr: PyNode | null | undefined): PyNode[] {
  const out: PyNode[] = [];
  const seen = new Set<PyNode>();
  const visit = (node: PyNode | null | undefined, hops: number): void => {
    let n = unparen(node ?? null);
    if (n?.type === "await") n = unparen(n.namedChildren[0] ?? null);
    if (!n || seen.has(n)) return;
    seen.add(n);
    if (n.type !== "identifier" || hops >= MAX_HOPS) {
      out.push(n);
      return;
    }
    const bindings = model.lookup(n.text, n);
    if (!bindings) {
      out.push(n);
      return;
    }
    let opaque = false;
    for (const b of bindings) {
      const subject = b.kind === "with" ? withSubject(b.node) : null;
      const annotation = b.kind === "param" ? parameterAnnotation(b.node) : null;
      if (b.kind === "assign" && b.value) visit(b.value, hops + 1);
      else if (subject) visit(subject, hops + 1);
      else if (annotation) out.push(annotation);
      else opaque = true;
    }
    // a binding we cannot follow (import, plain parameter, loop target, unpacking) keeps the name itself as a source
    if (opaque) out.push(n);
  };
  visit(expr, 0);
  return out;
}

/** The qualified names of the calls (or annotated classes) a value may have come from. */
export function sourceCallees(model: FileModel, expr: PyNode | null | undefined): string[] {
  const out: string[] = [];
  for (const src of valueSources(model, expr)) {
    if (src.type === "call") out.push(...model.qualifiedNames(src.get("function")));
    else if (src.parent?.type === "type") out.push(...model.qualifiedNames(src));
  }
  return out;
}

/** `open(p)` in `with open(p) as f`, given the identifier `f`. */
function withSubject(id: PyNode): PyNode | null {
  for (let n: PyNode | null = id.parent; n && n.type !== "with_item"; n = n.parent) {
    if (n.type === "as_pattern") return n.namedChildren[0] ?? null;
  }
  return null;
}

/** The annotation expression of a typed parameter, given its name identifier. */
function parameterAnnotation(id: PyNode): PyNode | null {
  const p = id.parent;
  if (!p || (p.type !== "typed_parameter" && p.type !== "typed_default_parameter")) return null;
  return p.get("type")?.namedChildren[0] ?? null;
}

/**
 * Folds an expression to a constant like `model.constant`, but a name assigned several times in
 * its function takes the value of the last assignment before the use when that assignment
 * certainly runs first (`num = 106 … num = "00025"; key = f"remember{num}"`): it sits in a block
 * enclosing the use, and no loop around the use assigns the name again later.
 */
export function constantAt(model: FileModel, node: PyNode | null | undefined): PyValue | undefined {
  if (!node) return undefined;
  const resolving = new Set<Binding>();
  const lookup: NameLookup = (name, at) => {
    const bindings = model.lookup(name, at);
    if (!bindings) return undefined;
    if (bindings.length === 1 && (bindings[0]!.kind !== "assign" || bindings[0]!.scope.kind === "module")) return model.defaultLookup(name, at);
    let best: Binding | undefined;
    for (const b of bindings) if (b.node.start < at.start && (!best || b.node.start > best.node.start)) best = b;
    if (!best || best.kind !== "assign" || !best.value) return undefined;
    const block = model.statementOf(best.node).parent;
    if (!block || at.start < block.start || at.end > block.end) return undefined;
    const later = bindings.filter((b) => b.node.start > at.start);
    for (let n: PyNode | null = at.parent; n && n !== block; n = n.parent) {
      if ((n.type === "for_statement" || n.type === "while_statement") && later.some((b) => b.node.start >= n!.start && b.node.end <= n!.end)) return undefined;
    }
    if (resolving.has(best)) return undefined;
    resolving.add(best);
    try {
      return foldConstant(best.value, lookup);
    } finally {
      resolving.delete(best);
    }
  };
  return foldConstant(node, lookup);
}

/** `constantAt` as a string, or undefined. */
export function constStringAt(model: FileModel, node: PyNode | null | undefined): string | undefined {
  return asString(constantAt(model, node));
}
