/**
 * Flow-sensitive execution of statements over the abstract state: assignments kill and
 * replace, branches merge, loops iterate to a fixpoint, `try` handlers start from every state
 * the body passed through, and conditions that fold to constants prune dead branches.
 */
import { regionOf, unparen, walk, type PyNode } from "../parse/ast.js";
import { NONE, pyEquals, pyRepr, truthy, type PyValue } from "../model/values.js";
import { hit } from "./calls.js";
import { binaryValue, developmentCondition, evalCondition, evalExpr } from "./expressions.js";
import { BudgetExceeded, copyEnv, joinStateList, joinStates, sameState, type Frame, type State } from "./frame.js";
import { applyRefinements, loopCharacterFacts } from "./guards.js";
import { declaresNonHtml, htmlDeclared } from "./responses.js";
import { CLEAN, restrict, union, type Taint } from "./labels.js";
import { quotedLiteralKinds } from "./strings.js";
import { accessPath, assignTarget, namePath, readPath, writePath } from "./targets.js";
import {
  absorb,
  attribute,
  CLEAN_VAL,
  constVal,
  element,
  flat,
  hasMiddle,
  index,
  isClean,
  opaqueSeq,
  join,
  restrictVal,
  shaped,
  tainted,
  withStep,
  type Refinement,
  type Val,
} from "./value.js";

const MAX_STMT_DEPTH = 80;
const MAX_LOOP_ITERATIONS = 5;

/** Executes the statements of a block (or module) in order. */
export function execBody(f: Frame, block: PyNode | null, depth = 0): void {
  if (!block) return;
  if (depth > MAX_STMT_DEPTH) throw new BudgetExceeded();
  for (const stmt of block.namedChildren) {
    if (!f.state.live) return;
    if (f.tries.length) f.observe();
    execStmt(f, stmt, depth + 1);
  }
  if (f.tries.length) f.observe();
}

function execStmt(f: Frame, s: PyNode, depth: number): void {
  f.tick();
  switch (s.type) {
    case "expression_statement":
      for (const c of s.namedChildren) {
        if (c.type === "assignment") execAssign(f, c);
        else if (c.type === "augmented_assignment") execAugmented(f, c);
        else {
          evalExpr(f, c);
          if (c.type === "call") checkedByCall(f, c);
        }
      }
      return;
    case "return_statement":
      execReturn(f, s);
      return;
    case "if_statement":
      execIf(f, s, depth);
      return;
    case "for_statement": {
      const iterable = evalExpr(f, s.get("right"));
      if (neverIterates(f, s.get("right"), iterable)) {
        // the body never runs; the `else` clause does
        execBody(f, s.get("alternative")?.get("body") ?? null, depth);
        return;
      }
      const el = element(iterable);
      const target = s.get("left");
      loop(
        f,
        s,
        depth,
        null,
        () => {
          if (target) assignTarget(f, target, el.t.length ? withStep(el, f.step(target, `iterated into ${target.text}`)) : el, true);
        },
        // a loop that leaves on a rejected character: where it ran to its end, every character passed
        loopCharacterFacts(f, s),
      );
      return;
    }
    case "while_statement":
      loop(f, s, depth, s.get("condition"), () => undefined);
      return;
    case "try_statement":
      execTry(f, s, depth);
      return;
    case "with_statement":
      execWith(f, s, depth);
      return;
    case "match_statement":
      execMatch(f, s, depth);
      return;
    case "raise_statement":
      for (const c of s.namedChildren) evalExpr(f, c);
      f.state.live = false;
      return;
    case "break_statement":
    case "continue_statement": {
      const top = f.loops[f.loops.length - 1];
      if (top) (s.type === "break_statement" ? top.breaks : top.continues).push(f.snapshot());
      f.state.live = false;
      return;
    }
    case "assert_statement": {
      const v = evalExpr(f, s.namedChildren[0] ?? null);
      if (isClean(v) && v.c && !truthy(v.c)) f.state.live = false;
      else if (v.g) applyRefinements(f, v.g.yes);
      return;
    }
    case "delete_statement":
      for (const c of s.namedChildren) for (const t of c.type === "expression_list" ? c.namedChildren : [c]) execDelete(f, t);
      return;
    case "function_definition":
    case "decorated_definition": {
      const def = s.type === "decorated_definition" ? s.get("definition") : s;
      const name = def?.get("name");
      // module-level definitions are resolved through the project index, nested ones are closures
      if (def?.type === "function_definition" && name && f.fn !== null) {
        const env = copyEnv(f.state.env);
        f.state.env.set(name.text, { t: CLEAN, fn: { node: def, model: f.model, env, owner: f.fn } });
        f.host.defined(f.model, def, env);
      }
      return;
    }
    case "print_statement":
    case "exec_statement":
      for (const c of s.namedChildren) evalExpr(f, c);
      return;
    default:
      return;
  }
}

function execAssign(f: Frame, node: PyNode): void {
  const targets: PyNode[] = [];
  let cur: PyNode | null = node;
  let value: PyNode | null = null;
  while (cur && cur.type === "assignment") {
    const left = cur.get("left");
    if (left) targets.push(left);
    value = cur.get("right");
    cur = value?.type === "assignment" ? value : null;
  }
  if (!value) return;
  const v = evalExpr(f, value);
  if (value.type === "call") checkedByCall(f, value);
  for (const t of targets) assignTarget(f, t, v);
}

/**
 * After a conversion that raises on bad input has returned (`int(raw)`, `n = int(raw)`), the
 * variable it converted has the converted form (`SanitizerSpec.checks`).
 */
function checkedByCall(f: Frame, call: PyNode): void {
  if (!f.state.live) return;
  const q = f.model.qualifiedName(call.get("function"));
  const checks = q ? f.knowledge.call(q)?.sanitizers.filter((s) => s.checks) : undefined;
  if (!checks?.length) return;
  const args = call.get("arguments")?.namedChildren ?? [];
  const p = args[0]?.type === "keyword_argument" || args[0]?.type.endsWith("splat") ? undefined : namePath(args[0] ?? null);
  if (!p) return;
  applyRefinements(f, checks.map((s) => ({ path: p, mask: f.knowledge.mask(s.kinds) })));
}

function execAugmented(f: Frame, node: PyNode): void {
  const target = node.get("left");
  if (!target) return;
  const op = (node.get("operator")?.text ?? "").replace(/=$/, "");
  const cur = shaped(evalExpr(f, target));
  const r = evalExpr(f, node.get("right"));
  let v: Val;
  if (op === "+" && cur.seq === "list") {
    const o = shaped(r);
    v = cur.items && !hasMiddle(cur) && o.items && !hasMiddle(o) && o.t.length === 0 ? { ...cur, c: undefined, items: [...cur.items, ...o.items] } : absorb(cur, element(o));
  } else {
    v = binaryValue(f, op, cur, r, null);
    if (isClean(cur) && isClean(r) && cur.c && r.c) {
      const c = foldSimple(op, cur.c, r.c);
      if (c) v = { ...v, c };
    }
  }
  assignTarget(f, target, v);
}

/** Folds `a op b` for the arithmetic and concatenation an augmented assignment does. */
function foldSimple(op: string, a: PyValue, b: PyValue): PyValue | undefined {
  if (a.t === "int" && b.t === "int") {
    if (op === "+") return { t: "int", v: a.v + b.v };
    if (op === "-") return { t: "int", v: a.v - b.v };
    if (op === "*") return { t: "int", v: a.v * b.v };
    if (op === "//" && b.v !== 0) return { t: "int", v: Math.floor(a.v / b.v) };
    if (op === "%" && b.v !== 0) return { t: "int", v: a.v - b.v * Math.floor(a.v / b.v) };
  }
  if ((a.t === "int" || a.t === "float") && (b.t === "int" || b.t === "float") && (op === "+" || op === "-" || op === "*")) {
    const x = op === "+" ? a.v + b.v : op === "-" ? a.v - b.v : a.v * b.v;
    return { t: "float", v: x };
  }
  if (a.t === "str" && b.t === "str" && op === "+") return { t: "str", v: a.v + b.v };
  return undefined;
}

/** A returned string that is a complete quoted literal (`quotedLiteralKinds`) no longer carries the kinds it is quoted for. */
function quotedReturn(f: Frame, v: Val): Val {
  if (!v.parts || isClean(v)) return v;
  const kinds = quotedLiteralKinds(v, f.knowledge.syntaxes);
  return kinds.length ? { t: restrict(flat(v), ~f.knowledge.mask(kinds)) } : v;
}

function execReturn(f: Frame, node: PyNode): void {
  const expr = node.namedChildren[0] ?? null;
  const v = expr ? evalExpr(f, expr) : constVal(NONE);
  const kind = f.options.endpoint?.returnKind;
  if (kind && expr) checkHtmlReturn(f, v, expr, kind);
  const bodyKind = f.options.endpoint?.bodyKind;
  if (bodyKind && expr) checkBodyReturn(f, v, expr, bodyKind);
  // a response object leaving a view: whether it still claims to be HTML decides its body's finding
  if (f.options.endpoint && expr) f.host.responseReturned(returnedResponse(v));
  const truthyPath = !(isClean(v) && v.c && !truthy(v.c));
  if (truthyPath && (v.g || f.fn === null)) {
    const saved = f.snapshot();
    if (v.g) applyRefinements(f, v.g.yes);
    f.truthyReturns.push(f.state);
    f.state = saved;
  }
  f.addReturn(expr ? withStep(quotedReturn(f, v), f.step(expr, "returned", "return")) : v);
  if (f.fn === null) {
    // a `return` outside a function (a syntax error Python reports): the module's state stays as it was
    f.exits.push(f.snapshot());
    f.state.live = false;
    return;
  }
  // the state at the return is kept as it is (nothing changes it from here on) instead of copied:
  // the frame goes on with an unreachable state, whose variables nothing reads
  if (truthyPath && !v.g) f.truthyReturns.push(f.state);
  f.exits.push(f.state);
  f.state = { env: new Map(), live: false };
}

/** The response a view returns: the value itself, or the first element of a `(response, status)` tuple. */
function returnedResponse(v: Val): Val {
  const s = shaped(v);
  return s.seq === "tuple" && s.items?.length ? s.items[0]! : v;
}

/** A string returned from an endpoint becomes the HTML body: plain and tuple bodies, not JSON or response objects. */
function checkHtmlReturn(f: Frame, v: Val, expr: PyNode, kind: string): void {
  const ep = f.options.endpoint!;
  if (ep.returnContentType && !htmlDeclared(f, ep.returnContentType)) return;
  let body = shaped(v);
  if (ep.returnIterable) {
    // a WSGI body: an iterable of strings or bytes
    if (!body.seq) return;
    body = shaped(element(body));
  } else if (body.seq === "tuple" && body.items && body.items.length > 0) {
    // `(body, status, headers)` / `(body, headers)` with a non-HTML Content-Type
    if (body.items.slice(1).some((h) => declaresNonHtml(h))) return;
    body = shaped(body.items[0]!);
  } else if (body.seq) return;
  if (body.type || body.seq) return;
  const bit = f.knowledge.mask([kind]);
  const name = f.fn?.get("name")?.text ?? "view";
  const site = { path: f.model.path, region: regionOf(f.model.src, expr.start, expr.end), callee: `the response of ${name}()`, kind };
  for (const l of flat(body)) if (l.mask & bit) hit(f, site, l);
}

/** Anything a view returns reaches the client; response objects of library types were judged where they were built. */
function checkBodyReturn(f: Frame, v: Val, expr: PyNode, kind: string): void {
  if (v.type && !f.host.index.classInfo(v.type)) return;
  const bit = f.knowledge.mask([kind]);
  const name = f.fn?.get("name")?.text ?? "view";
  const site = { path: f.model.path, region: regionOf(f.model.src, expr.start, expr.end), callee: `the response of ${name}()`, kind };
  for (const l of flat(v)) if (l.mask & bit) hit(f, site, l);
}

function execIf(f: Frame, node: PyNode, depth: number): void {
  const clauses: { cond: PyNode | null; body: PyNode | null }[] = [{ cond: node.get("condition"), body: node.get("consequence") }];
  for (const alt of node.all("alternative")) {
    if (alt.type === "elif_clause") clauses.push({ cond: alt.get("condition"), body: alt.get("consequence") });
    else clauses.push({ cond: null, body: alt.get("body") });
  }
  const ends: State[] = [];
  let exits = false;
  for (const c of clauses) {
    if (!f.state.live) break;
    if (!c.cond) {
      execBody(f, c.body, depth);
      ends.push(f.state);
      f.state = { env: new Map(), live: false };
      break;
    }
    const v = evalCondition(f, c.cond);
    f.decides(v);
    if (isClean(v) && v.c) {
      if (!truthy(v.c)) continue;
      execBody(f, c.body, depth);
      ends.push(f.state);
      f.state = { env: new Map(), live: false };
      break;
    }
    const before = f.snapshot();
    if (v.g) applyRefinements(f, v.g.yes);
    const devOnly = f.devOnly;
    const dev = developmentCondition(f, c.cond);
    f.devOnly |= dev;
    execBody(f, c.body, depth);
    f.devOnly = devOnly;
    // `if settings.DEBUG: msg += f" ({e})"`: what the branch adds exists only in development, also after it
    if (dev && f.state.live) developmentValues(f, before, dev);
    if (!f.state.live && clauses.length === 1) exits = true;
    ends.push(f.state);
    f.state = before;
    if (v.g) applyRefinements(f, v.g.no);
  }
  if (f.state.live) ends.push(f.state);
  f.state = joinStateList(ends);
  // `if not settings.DEBUG: raise exc` at the top of a function: the rest of it runs only in development
  if (exits && f.fn && node.parent === f.fn.get("body")) {
    const cond = unparen(clauses[0]!.cond);
    if (cond?.type === "not_operator") f.devOnly |= developmentCondition(f, cond.get("argument")!);
  }
}

/** Values a development-only branch changed lose the kinds that branch silences. */
function developmentValues(f: Frame, before: State, dev: number): void {
  for (const [name, v] of f.state.env) {
    if (before.env.get(name) !== v) f.state.env.set(name, restrictVal(v, ~dev));
  }
}

/** True when a loop's iterable is a constant empty one (`[]`, `()`, `{}`, `""`, `range(0)`). */
function neverIterates(f: Frame, node: PyNode | null, v: Val): boolean {
  // module globals may be filled at run time by code not analysed here (registries): only literals and locals count
  const n = unparen(node);
  if (!n || !isClean(v) || (n.type === "identifier" && !f.state.env.has(n.text)) || !LITERAL_ITERABLES.has(n.type)) return false;
  const c = v.c;
  if (c) {
    if (c.t === "list" || c.t === "tuple" || c.t === "set") return c.items.length === 0;
    if (c.t === "dict") return c.entries.length === 0;
    if (c.t === "str" || c.t === "bytes") return c.v.length === 0;
  }
  const s = shaped(v);
  if ((s.seq === "list" || s.seq === "tuple") && s.items?.length === 0 && !hasMiddle(s)) return true;
  if (s.seq === "dict" && s.keys?.size === 0 && !s.rest?.length) return true;
  return n.type === "call" && rangeLength(f, n) === 0;
}

const LITERAL_ITERABLES = new Set(["identifier", "list", "tuple", "dictionary", "set", "string", "concatenated_string", "call", "parenthesized_expression"]);

/** The length of `range(...)` with constant integer arguments. */
function rangeLength(f: Frame, call: PyNode): number | undefined {
  if (f.model.qualifiedName(call.get("function")) !== "builtins.range") return undefined;
  const args = call.get("arguments")?.namedChildren ?? [];
  const ints: number[] = [];
  for (const a of args) {
    const c = a.type === "keyword_argument" || a.type.endsWith("splat") ? undefined : f.model.constant(a, f.lookup);
    if (c?.t !== "int") return undefined;
    ints.push(c.v);
  }
  if (ints.length < 1 || ints.length > 3) return undefined;
  const [start, stop, step] = ints.length === 1 ? [0, ints[0]!, 1] : [ints[0]!, ints[1]!, ints[2] ?? 1];
  if (step === 0) return undefined;
  return Math.max(0, Math.ceil((stop - start) / step));
}

/** `for` (with `bind` assigning the target) and `while` (with `cond`) to a fixpoint, then `else`. */
function loop(f: Frame, node: PyNode, depth: number, cond: PyNode | null, bind: () => void, completed?: readonly Refinement[]): void {
  const body = node.get("body");
  const orelse = node.get("alternative")?.get("body") ?? null;
  const frame = { breaks: [] as State[], continues: [] as State[] };
  const outermost = f.loops.length === 0;
  // a loop nested in another runs again on each of the outer loop's passes, from an entry state at least the
  // one it had before: starting from the head state it converged to last time (joined with the entry) reaches
  // the same fixpoint without redoing the passes that led there
  const seeds = outermost ? null : (f.loopSeeds ??= new Map());
  if (outermost) f.loopSeeds = null;
  f.loops.push(frame);
  let entry = f.snapshot();
  const seed = seeds?.get(node);
  if (seed && entry.live) entry = joinStates(entry, seed);
  let exit: State = { env: new Map(), live: false };
  for (let i = 0; ; i++) {
    f.state = { env: copyEnv(entry.env), live: entry.live };
    let enters = true;
    if (cond) {
      const v = evalCondition(f, cond);
      f.decides(v);
      if (isClean(v) && v.c) {
        if (!truthy(v.c)) {
          exit = joinStates(exit, f.state);
          enters = false;
        }
      } else {
        const saved = f.snapshot();
        if (v.g) applyRefinements(f, v.g.no);
        exit = joinStates(exit, f.state);
        f.state = saved;
        if (v.g) applyRefinements(f, v.g.yes);
      }
    } else {
      // a copy: the body goes on to change `f.state` (binds the target, and a `return`, `raise` or
      // `abort()` in it makes it unreachable), which must not change the state the loop ends with
      exit = joinStates(exit, f.snapshot());
    }
    if (!enters) break;
    bind();
    execBody(f, body, depth);
    const end = joinStateList([f.state, ...frame.continues]);
    frame.continues.length = 0;
    const next = joinStates(entry, end);
    if (sameState(next, entry) || i > MAX_LOOP_ITERATIONS) {
      entry = next;
      break;
    }
    entry = i === MAX_LOOP_ITERATIONS ? widen(node, next) : next;
  }
  if (seeds && entry.live) seeds.set(node, entry);
  f.loops.pop();
  if (outermost) f.loopSeeds = null;
  f.state = { env: copyEnv(exit.env), live: exit.live };
  if (completed && f.state.live) applyRefinements(f, completed);
  if (orelse && f.state.live) execBody(f, orelse, depth);
  f.state = joinStateList([f.state, ...frame.breaks]);
}

/**
 * Widening for loops that have not converged (taint moving one variable along a chain per
 * iteration): every variable the loop assigns gets the taint of all of them, which the next pass
 * keeps.
 */
function widen(node: PyNode, next: State): State {
  const names = assignedNames(node);
  let t: Taint = CLEAN;
  for (const n of names) {
    const v = next.env.get(n);
    if (v) t = union(t, flat(v));
  }
  const env = copyEnv(next.env);
  for (const n of names) {
    const v = env.get(n);
    if (v) env.set(n, join(v, tainted(t)));
  }
  return { env, live: next.live };
}

const ASSIGNED = new WeakMap<PyNode, string[]>();

/** Names assigned anywhere in a loop (not in nested functions or classes). */
function assignedNames(loopNode: PyNode): string[] {
  const cached = ASSIGNED.get(loopNode);
  if (cached) return cached;
  const out = new Set<string>();
  walk(loopNode, (n) => {
    if (n !== loopNode && (n.type === "function_definition" || n.type === "class_definition" || n.type === "lambda")) return false;
    const target = n.type === "assignment" || n.type === "augmented_assignment" || n.type === "for_statement" || n.type === "for_in_clause" ? n.get("left") : n.type === "named_expression" ? n.get("name") : null;
    if (target) walk(target, (t) => {
      if (t.type === "identifier") out.add(t.text);
      return t.type !== "attribute" && t.type !== "subscript";
    });
    return true;
  });
  const list = [...out];
  ASSIGNED.set(loopNode, list);
  return list;
}

function execTry(f: Frame, node: PyNode, depth: number): void {
  const pre = f.snapshot();
  f.tries.push([]);
  execBody(f, node.get("body"), depth);
  const observed = f.tries.pop()!;
  f.tries[f.tries.length - 1]?.push(...observed);
  const bodyEnd = f.state;
  const handlerEntry = joinStateList([pre, ...observed]);
  const ends: State[] = [];
  const handlers = node.namedChildren.filter((c) => c.type === "except_clause" || c.type === "except_group_clause");
  const orelse = node.namedChildren.find((c) => c.type === "else_clause");
  const fin = node.namedChildren.find((c) => c.type === "finally_clause");
  f.state = bodyEnd;
  if (orelse && f.state.live) execBody(f, orelse.get("body"), depth);
  ends.push(f.state);
  for (const h of handlers) {
    f.state = { env: copyEnv(handlerEntry.env), live: handlerEntry.live };
    const alias = h.get("alias") ?? h.namedChildren.find((c) => c.type === "as_pattern")?.get("alias") ?? null;
    if (alias) assignTarget(f, alias, caught(f, h, alias), false);
    execBody(f, h.namedChildren.find((c) => c.type === "block") ?? null, depth);
    ends.push(f.state);
  }
  f.state = joinStateList(ends);
  if (fin) {
    const live = f.state.live;
    if (!live) f.state = { env: copyEnv(handlerEntry.env), live: true };
    execBody(f, fin.namedChildren.find((c) => c.type === "block") ?? null, depth);
    if (!live) f.state.live = false;
  }
}

/**
 * The exception an `except E as name:` clause binds: a source when the models name one of the
 * caught classes (`SourceSpec.caught`), clean otherwise.
 */
function caught(f: Frame, handler: PyNode, alias: PyNode): Val {
  if (!f.knowledge.hasCaughtSources) return CLEAN_VAL;
  const pattern = handler.get("value") ?? handler.namedChildren.find((c) => c.type === "as_pattern") ?? null;
  const typeExpr = unparen(pattern?.type === "as_pattern" ? pattern.namedChildren.find((c) => c.field !== "alias") ?? null : pattern);
  const classes = typeExpr?.type === "tuple" ? typeExpr.namedChildren : typeExpr ? [typeExpr] : [];
  for (const c of classes) {
    const q = f.model.qualifiedName(c);
    const spec = q ? f.knowledge.caughtSource(q) : undefined;
    if (spec) return f.source(spec, alias, `${spec.label} ${alias.text}`);
  }
  return CLEAN_VAL;
}

function execWith(f: Frame, node: PyNode, depth: number): void {
  const clause = node.namedChildren.find((c) => c.type === "with_clause");
  for (const item of clause?.namedChildren ?? []) {
    const value = item.get("value");
    if (value?.type === "as_pattern") {
      const expr = value.namedChildren.find((c) => c.field !== "alias") ?? null;
      const v = evalExpr(f, expr);
      const alias = value.get("alias");
      if (alias) assignTarget(f, alias, v);
    } else evalExpr(f, value);
  }
  execBody(f, node.get("body"), depth);
}

function execDelete(f: Frame, t: PyNode): void {
  if (t.type === "identifier") {
    f.assign(t.text, CLEAN_VAL);
    return;
  }
  if (t.type !== "subscript") return;
  const container = t.get("value");
  const p = accessPath(f, container, false);
  const k = evalExpr(f, t.get("subscript"));
  if (!p || !container) return;
  const v = shaped(readPath(f, p, container));
  const key = isClean(k) ? k.c : undefined;
  if (v.seq === "list" && v.items && key?.t === "int" && (!hasMiddle(v) || (key.v >= 0 && key.v < v.items.length))) {
    const items = [...v.items];
    items.splice(key.v < 0 ? items.length + key.v : key.v, 1);
    writePath(f, p, { ...v, c: undefined, items }, container);
  } else if (v.seq === "list" && hasMiddle(v)) {
    // which element went is unknown: positions are lost
    writePath(f, p, { t: v.t, seq: "list", rest: flat(v) }, container);
  } else if (v.seq === "dict" && v.keys && key) {
    const keys = new Map(v.keys);
    keys.delete(pyRepr(key));
    writePath(f, p, { ...v, c: undefined, keys }, container);
  }
}

// ---- match -------------------------------------------------------------------------------

type MatchResult = "always" | "never" | "maybe";

function execMatch(f: Frame, node: PyNode, depth: number): void {
  const subjectNode = node.get("subject");
  const subject = evalExpr(f, subjectNode);
  f.decides(subject);
  const subjectPath = namePath(subjectNode);
  const pre = f.snapshot();
  const ends: State[] = [];
  let exhausted = false;
  for (const c of node.get("body")?.all("alternative") ?? []) {
    f.state = { env: copyEnv(pre.env), live: pre.live };
    const patterns = c.namedChildren.filter((x) => x.type === "case_pattern");
    let result: MatchResult = patterns.length === 1 ? matchPattern(f, patterns[0]!, subject, subjectPath) : matchSequence(f, patterns, subject);
    if (result === "never") continue;
    const guard = c.get("guard");
    if (guard) {
      const g = evalExpr(f, guard.namedChildren[0] ?? null);
      if (isClean(g) && g.c) {
        if (!truthy(g.c)) continue;
      } else {
        if (g.g) applyRefinements(f, g.g.yes);
        if (result === "always") result = "maybe";
      }
    }
    execBody(f, c.get("consequence"), depth);
    ends.push(f.state);
    if (result === "always") {
      exhausted = true;
      break;
    }
  }
  if (!exhausted) ends.push(pre);
  f.state = joinStateList(ends);
}

function literalOf(f: Frame, p: PyNode): PyValue | undefined {
  if (["string", "concatenated_string", "integer", "float", "true", "false", "none", "unary_operator"].includes(p.type)) return f.model.constant(p);
  return undefined;
}

function matchPattern(f: Frame, p: PyNode, subject: Val, path: string[] | undefined): MatchResult {
  const inner = p.type === "case_pattern" ? p.namedChildren[0] : p;
  if (!inner) return "always"; // `case _:`
  const lit = literalOf(f, inner);
  if (lit) return matchLiteral(f, [lit], subject, path);
  switch (inner.type) {
    case "union_pattern": {
      const lits = inner.namedChildren.map((x) => literalOf(f, x.type === "case_pattern" ? x.namedChildren[0] ?? x : x));
      if (lits.every((x): x is PyValue => x !== undefined)) return matchLiteral(f, lits, subject, path);
      // alternatives bind the same names: bind them from each alternative
      for (const alt of inner.namedChildren) matchPattern(f, alt, subject, undefined);
      return "maybe";
    }
    case "dotted_name": {
      const ids = inner.namedChildren;
      if (ids.length === 1 && ids[0]!.text !== "_") {
        assignTarget(f, ids[0]!, subject);
        return "always";
      }
      return ids.length === 1 ? "always" : "maybe";
    }
    case "as_pattern": {
      const r = matchPattern(f, inner.namedChildren[0]!, subject, path);
      const last = inner.namedChildren[inner.namedChildren.length - 1];
      const alias = inner.get("alias") ?? (last?.type === "identifier" ? last : null);
      if (alias) assignTarget(f, alias, subject);
      return r;
    }
    case "list_pattern":
    case "tuple_pattern":
      matchSequence(f, inner.namedChildren, subject);
      return "maybe";
    case "dict_pattern": {
      const keys = inner.all("key");
      const values = inner.all("value");
      keys.forEach((k, i) => {
        const v = values[i];
        if (v) matchPattern(f, v, index(subject, f.model.constant(k)), undefined);
      });
      for (const sp of inner.namedChildren.filter((x) => x.type === "splat_pattern")) {
        const id = sp.namedChildren[0];
        if (id) assignTarget(f, id, subject);
      }
      return "maybe";
    }
    case "class_pattern": {
      let i = 0;
      for (const arg of inner.namedChildren.slice(1)) {
        const kw = arg.namedChildren[0];
        if (kw?.type === "keyword_pattern") {
          const [name, sub] = kw.namedChildren;
          if (name && sub) matchPattern(f, sub, attribute(subject, name.text), undefined);
        } else matchPattern(f, arg, index(subject, { t: "int", v: i++ }), undefined);
      }
      return "maybe";
    }
    default:
      return "maybe";
  }
}

function matchLiteral(f: Frame, lits: PyValue[], subject: Val, path: string[] | undefined): MatchResult {
  if (isClean(subject) && subject.c) return lits.some((l) => pyEquals(l, subject.c!)) ? "always" : "never";
  // inside the case, the subject equals one of the literals
  if (path) applyRefinements(f, [lits.length === 1 ? { path, mask: f.knowledge.allKinds, value: constVal(lits[0]!) } : { path, mask: f.knowledge.allKinds }]);
  return "maybe";
}

function matchSequence(f: Frame, patterns: readonly PyNode[], subject: Val): MatchResult {
  const s = shaped(subject);
  patterns.forEach((p, i) => {
    const inner = p.type === "case_pattern" ? p.namedChildren[0] : p;
    if (inner?.type === "splat_pattern" || inner?.type === "list_splat_pattern") {
      const id = inner.namedChildren[0];
      if (id) assignTarget(f, id, opaqueSeq("list", flat(s)));
      return;
    }
    matchPattern(f, p, s.items ? index(s, { t: "int", v: i }) : element(s), undefined);
  });
  return "maybe";
}
