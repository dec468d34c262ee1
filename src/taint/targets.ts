/** Assignment targets: names, attribute paths, subscripts and unpacking patterns. */
import { unparen, type PyNode } from "../parse/ast.js";
import type { PyValue } from "../model/values.js";
import { checkSink, type CallCtx } from "./calls.js";
import { evalExpr } from "./expressions.js";
import type { Frame } from "./frame.js";
import { declareContentType } from "./responses.js";
import { CLEAN, restrict, sourcesOnly, union, type Taint } from "./labels.js";
import {
  attribute,
  constVal,
  element,
  flat,
  hasMiddle,
  index,
  isClean,
  mapTaint,
  opaqueSeq,
  setAttr,
  setItem,
  shaped,
  withStep,
  type Val,
} from "./value.js";

/** One step of an access path: an attribute or a constant key/index (with the taint of a key that is not constant). */
export type PathSeg = { attr: string } | { key: PyValue | undefined; kt?: Taint };

export interface AccessPath {
  root: string;
  segs: PathSeg[];
}

/** The access path of `x`, `x.a.b`, `x["k"]`, `self.items[0]`; undefined for other expressions. */
export function accessPath(f: Frame, node: PyNode | null, evaluateKeys = true): AccessPath | undefined {
  const segs: PathSeg[] = [];
  let n = unparen(node);
  while (n) {
    if (n.type === "identifier") return { root: n.text, segs: segs.reverse() };
    if (n.type === "attribute") {
      segs.push({ attr: n.get("attribute")?.text ?? "" });
      n = unparen(n.get("object"));
    } else if (n.type === "subscript" && n.all("subscript").length === 1 && n.get("subscript")?.type !== "slice") {
      // without evaluating (no side effects twice), a key is still known when it folds to a constant
      const k = evaluateKeys ? evalExpr(f, n.get("subscript")) : undefined;
      const kt = k ? flat(k) : CLEAN;
      segs.push({ key: k ? (isClean(k) ? k.c : undefined) : f.model.constant(n.get("subscript"), f.lookup), ...(kt.length ? { kt } : {}) });
      n = unparen(n.get("value"));
    } else return undefined;
  }
  return undefined;
}

/** The access path of a name path (`namePath`): its root, then its attributes. */
export function attrPath(p: readonly string[]): { root: string; segs: { attr: string }[] } {
  return { root: p[0]!, segs: p.slice(1).map((attr) => ({ attr })) };
}

/** Simple refinement paths (names and attribute chains only). */
export function namePath(node: PyNode | null): string[] | undefined {
  const out: string[] = [];
  let n = unparen(node);
  while (n && n.type === "attribute") {
    out.push(n.get("attribute")?.text ?? "");
    n = unparen(n.get("object"));
  }
  if (n?.type !== "identifier") return undefined;
  out.push(n.text);
  return out.reverse();
}

/** Reads the value at an access path. */
export function readPath(f: Frame, p: AccessPath, node: PyNode): Val {
  let v = f.read(p.root, node);
  for (const s of p.segs) v = "attr" in s ? attribute(v, s.attr) : index(v, f.knowledge.mappingKey(v.type, s.key));
  return v;
}

/** Writes `value` at an access path (strong update along constant keys and attributes). */
export function writePath(f: Frame, p: AccessPath, value: Val, node: PyNode): void {
  // a store into a library module (`cherrypy.session["user"] = name`, `logging.root.level = 10`) changes
  // the library's state, not a variable: the name keeps standing for the module (`cherrypy.HTTPRedirect`)
  if (p.segs.length > 0 && !f.state.env.has(p.root) && importedModule(f, p.root, node)) return;
  const root = p.segs.length === 0 ? value : update(f, f.read(p.root, node), p.segs, 0, value);
  f.assign(p.root, root);
  recordModuleMutation(f, p.root, root, node);
  if (p.segs.length > 0) recordRequestScoped(f, root);
  // a mutated object is the same object under every other name that holds it
  let v = f.state.env.get(p.root)!;
  const along: Val[] = [v];
  for (const s of p.segs) {
    v = "attr" in s ? attribute(v, s.attr) : index(v, f.knowledge.mappingKey(v.type, s.key));
    along.push(v);
  }
  for (const x of along) if (x.oid) shareWith(f, p.root, x);
}

/** A name bound only by `import x` / `import x.y as z` statements: it stands for a module. */
function importedModule(f: Frame, name: string, node: PyNode): boolean {
  const bindings = f.model.lookup(name, node);
  if (!bindings?.length) return false;
  return bindings.every((b) => {
    if (b.kind !== "import") return false;
    let n: PyNode | null = b.node;
    while (n && n.type !== "import_statement" && n.type !== "import_from_statement") n = n.parent;
    return n?.type === "import_statement";
  });
}

/**
 * A function mutating a module-level container (`STORE[k] = v`, `CACHE.append(v)`): the container
 * outlives the request, so the request data it now holds is visible to every other function.
 * Only source labels are kept; the function's own parameters mean nothing to other readers.
 */
function recordModuleMutation(f: Frame, name: string, v: Val, node: PyNode): void {
  if (!f.fn || f.model.scopes.get(f.fn)?.globals.has(name)) return;
  const bindings = f.model.lookup(name, node);
  if (!bindings?.length || bindings[0]!.scope.kind !== "module" || bindings.some((b) => b.kind === "def" || b.kind === "class" || b.kind === "import")) return;
  const stored = mapTaint(v, sourcesOnly);
  if (!isClean(stored)) f.host.recordGlobal(f.model, name, stored);
}

/**
 * A write into a request-scoped namespace (`g.user = request.cookies.get(...)`, typically in a
 * `before_request` hook): every view of the request may read it, so the request data its
 * attributes now hold is shared with all functions. Constant writes share nothing.
 */
function recordRequestScoped(f: Frame, root: Val): void {
  if (!root.type || !f.knowledge.isRequestScoped(root.type)) return;
  for (const [attr, v] of root.attrs ?? []) {
    const stored = mapTaint(v, sourcesOnly);
    if (!isClean(stored)) f.host.recordRequestState(root.type, attr, stored);
  }
}

/** Updates the other names (and their attributes) holding the object `x` identifies. */
function shareWith(f: Frame, except: string, x: Val): void {
  for (const [name, v] of f.state.env) {
    if (name === except) continue;
    if (v.oid === x.oid) f.state.env.set(name, x);
    else if (v.attrs) {
      for (const [k, y] of v.attrs) if (y.oid === x.oid) f.state.env.set(name, setAttr(v, k, x));
    }
  }
}

function update(f: Frame, v: Val, segs: PathSeg[], i: number, value: Val): Val {
  const s = segs[i]!;
  const last = i === segs.length - 1;
  if ("attr" in s) return setAttr(v, s.attr, last ? value : update(f, attribute(v, s.attr), segs, i + 1, value));
  const key = f.knowledge.mappingKey(v.type, s.key);
  const out = setItem(v, key, last ? value : update(f, index(v, key), segs, i + 1, value));
  // `data[k] = v` with a key from the request into a dict: the dict's keys are the request's too — for every kind but a trust
  // boundary's (sink kind `session`), whose concern is the values a session holds (`basket[item] = int(qty)` stores counts the app made)
  const kt = s.kt ? restrict(s.kt, ~f.knowledge.mask(["session"])) : CLEAN;
  return kt.length && out.seq === "dict" ? { ...out, kt: union(out.kt ?? CLEAN, kt) } : out;
}

/**
 * `obj[key] = value` / `obj.name = value` on an object of a modelled type is a call of its
 * `__setitem__` / `__setattr__` (key or name first, then the value): its sinks apply (a session
 * entry, a `Location` header, `resp.text = page`), and so do its content-type declarations
 * (`resp.content_type = "text/html"`).
 */
function storeSinks(f: Frame, target: PyNode, value: Val): void {
  const isAttr = target.type === "attribute";
  const objNode = isAttr ? target.get("object") : target.get("value");
  const keyNode = isAttr ? target.get("attribute") : target.get("subscript");
  if (!objNode || !keyNode) return;
  const obj = evalExpr(f, objNode);
  const info = obj.type ? f.knowledge.method(obj.type, isAttr ? "__setattr__" : "__setitem__") : undefined;
  if (!info || (info.sinks.length === 0 && info.contentTypes.length === 0)) return;
  const key = isAttr ? constVal({ t: "str", v: keyNode.text }) : evalExpr(f, keyNode);
  const args = { pos: [key, value], posNodes: [keyNode, target], kw: new Map<string, Val>(), kwNodes: new Map<string, PyNode>() };
  const ctx: CallCtx = { node: target, args, recv: obj, recvNode: objNode, callee: short(objNode.text) };
  for (const c of info.contentTypes) declareContentType(f, c, ctx);
  for (const spec of info.sinks) checkSink(f, spec, ctx);
}

/** Binds a value to an assignment target; `record` adds a trace step at each bound name. */
export function assignTarget(f: Frame, target: PyNode, value: Val, record = true): void {
  const t = unparen(target) ?? target;
  switch (t.type) {
    case "identifier": {
      const name = t.text;
      f.assign(name, record ? withStep(value, f.step(t, `assigned to ${name}`)) : value);
      f.rebound.add(name);
      return;
    }
    case "attribute":
    case "subscript": {
      const p = accessPath(f, t);
      if (p && record) storeSinks(f, t, value);
      if (p) writePath(f, p, record ? withStep(value, f.step(t, `stored in ${short(t.text)}`)) : value, t);
      else {
        // an unknown container: evaluate for side effects only
        evalExpr(f, t.type === "attribute" ? t.get("object") : t.get("value"));
      }
      return;
    }
    case "pattern_list":
    case "tuple_pattern":
    case "list_pattern":
    case "tuple":
    case "list":
    case "expression_list":
      unpack(f, t.namedChildren, value, record);
      return;
    case "list_splat_pattern":
    case "list_splat": {
      const inner = t.namedChildren[0];
      if (inner) assignTarget(f, inner, opaqueSeq("list", flat(value)), record);
      return;
    }
    case "as_pattern_target": {
      const inner = t.namedChildren[0];
      if (inner) assignTarget(f, inner, value, record);
      return;
    }
    default:
      return;
  }
}

function unpack(f: Frame, targets: readonly PyNode[], value: Val, record: boolean): void {
  const v = shaped(value);
  const star = targets.findIndex((x) => x.type === "list_splat_pattern" || x.type === "list_splat");
  if (v.items && !hasMiddle(v) && v.t.length === 0) {
    const items = v.items;
    if (star < 0 && items.length === targets.length) {
      targets.forEach((x, i) => assignTarget(f, x, items[i]!, record));
      return;
    }
    if (star >= 0 && items.length >= targets.length - 1) {
      const after = targets.length - star - 1;
      targets.forEach((x, i) => {
        if (i < star) assignTarget(f, x, items[i]!, record);
        else if (i === star) {
          const mid = items.slice(star, items.length - after);
          const inner = x.namedChildren[0];
          if (inner) assignTarget(f, inner, { t: CLEAN, seq: "list", items: mid }, record);
        } else assignTarget(f, x, items[items.length - (targets.length - i)]!, record);
      });
      return;
    }
  }
  const el = element(v);
  for (const x of targets) assignTarget(f, x, el, record);
}

/** Source text shortened to one line of at most 60 characters, for messages. */
export function short(text: string): string {
  const t = text.replace(/\s+/g, " ");
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}
