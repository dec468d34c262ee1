/**
 * Where a value came from, within one file: a bounded, flow-insensitive walk back from an
 * expression through its sub-expressions, the assignments of the names it reads (plain and
 * augmented assignments, `with … as`, `for … in` targets), and the return values of the file's own
 * functions it calls. Pattern rules use it to ask "does this cookie value come from a session
 * token?" or "is this reset code made with `random`?" without the project-wide taint engine, whose
 * sources are request data.
 */
import { unparen, walk, type PyNode } from "../../src/parse/ast.js";
import type { Binding, FileModel } from "../../src/model/file-model.js";

/** Names followed back through assignments, and calls into the file's functions, before giving up. */
const MAX_HOPS = 6;
const MAX_VISITS = 400;

export interface OriginOptions {
  /** A node that answers the question: returned as the origin. */
  match: (node: PyNode) => boolean;
  /** Calls whose arguments do not flow into their result as far as the question goes (`secrets.token_hex(n)`). */
  opaque?: (call: PyNode) => boolean;
}

/**
 * The first node `match` accepts among the expressions `expr` may have come from, or undefined.
 * Every sub-expression counts (`"".join(random.choice(cs) for _ in range(8))` comes from
 * `random.choice`), except the arguments of `opaque` calls.
 */
export function findOrigin(model: FileModel, expr: PyNode | null | undefined, options: OriginOptions): PyNode | undefined {
  const seen = new Set<PyNode>();
  let budget = MAX_VISITS;
  const visit = (node: PyNode | null | undefined, hops: number): PyNode | undefined => {
    const start = unparen(node ?? null);
    if (!start || hops > MAX_HOPS) return undefined;
    let found: PyNode | undefined;
    const pending: [PyNode, number][] = [];
    walk(start, (n) => {
      if (found || --budget < 0) return false;
      if (seen.has(n)) return false;
      seen.add(n);
      if (options.match(n)) {
        found = n;
        return false;
      }
      if (n.type === "call") {
        if (options.opaque?.(n)) return false;
        const local = localFunction(model, n);
        if (local) pending.push(...returnValues(local).map((r): [PyNode, number] => [r, hops + 1]));
      } else if (n.type === "identifier" && isRead(n)) {
        for (const v of bindingValues(model, n)) pending.push([v, hops + 1]);
      } else if (n.type === "lambda" || n.type === "function_definition" || n.type === "class_definition") {
        return false;
      }
      return undefined;
    });
    if (found) return found;
    for (const [p, h] of pending) {
      const f = visit(p, h);
      if (f) return f;
    }
    return undefined;
  };
  return visit(expr, 0);
}

/** An identifier that is read, not the attribute name in `x.name` or a keyword name. */
function isRead(id: PyNode): boolean {
  const p = id.parent;
  if (!p) return true;
  if (p.type === "attribute" && id.field === "attribute") return false;
  if (p.type === "keyword_argument" && id.field === "name") return false;
  return true;
}

/** The expressions a name's bindings assign: `x = v`, `x += v`, `with v as x`, `for x in v`. */
function bindingValues(model: FileModel, id: PyNode): PyNode[] {
  const bindings: Binding[] | undefined = model.lookup(id.text, id);
  if (!bindings) return [];
  const out: PyNode[] = [];
  for (const b of bindings) {
    if (b.kind === "assign" && b.value) out.push(b.value);
    else if (b.kind === "augassign") {
      const stmt = b.node.parent;
      const right = stmt?.type === "augmented_assignment" ? stmt.get("right") : null;
      if (right) out.push(right);
    } else if (b.kind === "loop") {
      for (let n = b.node.parent; n; n = n.parent) {
        if (n.type === "for_statement" || n.type === "for_in_clause") {
          const iter = n.get("right");
          if (iter) out.push(iter);
          break;
        }
      }
    } else if (b.kind === "with") {
      for (let n = b.node.parent; n && n.type !== "with_item"; n = n.parent) {
        if (n.type === "as_pattern") {
          const subject = n.namedChildren[0];
          if (subject) out.push(subject);
          break;
        }
      }
    }
  }
  return out;
}

/** The definition of a function of this file called by `call` (a module-level def, or a method through `self.`). */
export function localFunction(model: FileModel, call: PyNode): PyNode | undefined {
  const fn = unparen(call.get("function"));
  if (!fn) return undefined;
  if (fn.type === "identifier") {
    const bs = model.lookup(fn.text, fn);
    const def = bs?.length === 1 && bs[0]!.kind === "def" ? bs[0]!.node : undefined;
    return def?.type === "function_definition" ? def : undefined;
  }
  if (fn.type === "attribute" && unparen(fn.get("object"))?.type === "identifier" && unparen(fn.get("object"))!.text === "self") {
    const name = fn.get("attribute")?.text;
    let cls: PyNode | null = call.parent;
    while (cls && cls.type !== "class_definition") cls = cls.parent;
    for (const stmt of cls?.get("body")?.namedChildren ?? []) {
      const def = stmt.type === "decorated_definition" ? stmt.get("definition") : stmt;
      if (def?.type === "function_definition" && def.get("name")?.text === name) return def;
    }
  }
  return undefined;
}

/** The expressions a function returns (not those of nested functions). */
export function returnValues(fn: PyNode): PyNode[] {
  const out: PyNode[] = [];
  const body = fn.get("body");
  if (!body) return out;
  walk(body, (n) => {
    if (n.type === "function_definition" || n.type === "lambda" || n.type === "class_definition") return false;
    if (n.type === "return_statement") {
      const v = n.namedChildren[0];
      if (v) out.push(v);
    }
    return undefined;
  });
  return out;
}
