/**
 * Calls: modelled library functions (sources, sinks, sanitizers, propagators, guards, types),
 * project functions and methods through their summaries, classes, local closures and lambdas,
 * builtins and container methods; anything unknown propagates its inputs to its result.
 */
import { regionOf, unparen, walk, type PyNode } from "../parse/ast.js";
import { beginning, UNKNOWN_CLEAN } from "./prefix.js";
import { pyRepr, truthy, type PyValue } from "../model/values.js";
import { builtinCall, builtinMethod } from "./builtins.js";
import { shellScriptEnd, splitCommandLine } from "./command-line.js";
import { unescapedVariables, URL_START } from "./template-escapes.js";
import { attributeOf, evalExpr, isLocalHead, reprCleared } from "./expressions.js";
import { percentTaint, strTaint } from "./format-fields.js";
import { Frame, MAX_INLINE_DEPTH, READ_KEY } from "./frame.js";
import { affixFacts, applyRefinements, guardPath, pureRead, strippedCharacterFacts, subsetMethodFacts, convertedSubject, mayBeMultiline, regexSafety, rejectionFacts, substitutionSafety } from "./guards.js";
import type { CallInfo } from "./knowledge.js";
import { addStep, CLEAN, paramLabel, restore, restrict, union, type Label, type Taint } from "./labels.js";
import type { ArgCondition, ArgRef, GuardSpec, SinkArg, SinkSpec, Syntax } from "./model-types.js";
import { joinedPath, syntaxTaint } from "./strings.js";
import { applyFold } from "./folds.js";
import { catastrophicBacktracking } from "./backtracking.js";
import { bodyTaint, declaresNonHtml } from "./responses.js";
import { paramNodes } from "./params.js";
import type { ClassInfo, FunctionRef } from "./project-index.js";
import { Substitution, type SinkSite, type Summary } from "./summary.js";
import { parseRepr } from "./repr.js";
import { declareContentType, htmlDeclared } from "./responses.js";
import { functionInvokers, invoke, writeInto } from "./invokers.js";
import { loadedMapping } from "./field-checks.js";
import { accessPath, attrPath, namePath, readPath, short, writePath } from "./targets.js";
import { execBody } from "./statements.js";
import { constructMapping, mappingMethod } from "./mappings.js";
import {
  absorb,
  attribute,
  CLEAN_VAL,
  constVal,
  flat,
  hasMiddle,
  element,
  index as itemAt,
  join,
  isClean,
  joinAll,
  oneOf,
  possibleConstants,
  restoreVal,
  restrictVal,
  setAttr,
  shaped,
  tainted,
  type Closure,
  type GuardFacts,
  type PartialCall,
  type Refinement,
  type Val,
  knownCallable,
  type CodePick,
} from "./value.js";

export interface Args {
  pos: Val[];
  posNodes: PyNode[];
  kw: Map<string, Val>;
  kwNodes: Map<string, PyNode>;
  /** `*args` / `**kwargs` splats of unknown shape. */
  splat?: Val;
  /**
   * What `splat` is made of when its parts can still be told apart: at most one `*x` after every positional
   * argument (`pos`: the k-th parameter left after the positional arguments receives `x[k]`) and at most one
   * `**m` (`kw`: a parameter receives `m["its name"]`). A wrapper's `f(*args, **kwargs)` keeps each parameter
   * apart in its summary instead of handing every element to every parameter. Undefined otherwise.
   */
  splatParts?: { pos?: Val; kw?: Val };
  /** A `**m` splat whose value is a dict with known keys (some perhaps missing): its shape, when it is the only splat. */
  kwDict?: Val;
}

export interface CallCtx {
  node: PyNode;
  args: Args;
  recv?: Val;
  recvNode?: PyNode | null;
  /** The callee as written, for messages. */
  callee: string;
}

/** Evaluates a call's arguments in order; unpacked arguments of known shape are spread. */
export function evalArgs(f: Frame, call: PyNode, d: number): Args {
  const args: Args = { pos: [], posNodes: [], kw: new Map(), kwNodes: new Map() };
  const list = call.get("arguments");
  if (!list) return args;
  if (list.type === "generator_expression") {
    args.pos.push(evalExpr(f, list, d));
    args.posNodes.push(list);
    return args;
  }
  for (const a of list.namedChildren) {
    if (a.type === "keyword_argument") {
      const name = a.get("name")?.text ?? "";
      const value = a.get("value");
      args.kw.set(name, evalExpr(f, value, d));
      if (value) args.kwNodes.set(name, value);
    } else if (a.type === "list_splat") {
      const v = shaped(evalExpr(f, a.namedChildren[0] ?? null, d));
      if (v.items && !hasMiddle(v) && v.t.length === 0 && !args.splat) {
        for (const x of v.items) {
          args.pos.push(x);
          args.posNodes.push(a);
        }
      } else {
        const part = tainted(flat(v));
        args.splatParts = !args.splat ? { pos: part } : undefined;
        args.splat = args.splat ? tainted(union(flat(args.splat), flat(v))) : part;
      }
    } else if (a.type === "dictionary_splat") {
      const v = shaped(evalExpr(f, a.namedChildren[0] ?? null, d));
      if (v.seq === "dict" && v.keys && !v.rest?.length && v.t.length === 0) {
        for (const [k, x] of v.keys) {
          const key = k.replace(/^['"]|['"]$/g, "");
          args.kw.set(key, x);
          args.kwNodes.set(key, a);
        }
      } else {
        const part = tainted(flat(v));
        if (v.seq === "dict" && v.keys && !args.splat) args.kwDict = v;
        else args.kwDict = undefined;
        args.splatParts = !args.splat ? { kw: part } : args.splatParts && !args.splatParts.kw ? { ...args.splatParts, kw: part } : undefined;
        args.splat = args.splat ? tainted(union(flat(args.splat), flat(v))) : part;
      }
    } else {
      // a positional argument after a splat of unknown length: its position is unknown
      if (args.splat) args.splatParts = undefined;
      args.pos.push(evalExpr(f, a, d));
      args.posNodes.push(a);
    }
  }
  return args;
}

/** Every input of a call (arguments and receiver), flattened. */
export function inputs(ctx: CallCtx): Taint {
  let t: Taint = ctx.recv ? flat(ctx.recv) : CLEAN;
  for (const v of ctx.args.pos) t = union(t, flat(v));
  for (const v of ctx.args.kw.values()) t = union(t, flat(v));
  if (ctx.args.splat) t = union(t, flat(ctx.args.splat));
  return t;
}

/** The value and node of one argument (keyword first, then position). */
export function argOf(ctx: CallCtx, ref: ArgRef): { val?: Val; node?: PyNode } {
  if (ref.kw && ctx.args.kw.has(ref.kw)) return { val: ctx.args.kw.get(ref.kw)!, node: ctx.args.kwNodes.get(ref.kw)! };
  if (ref.pos !== undefined && ref.pos < ctx.args.pos.length) return { val: ctx.args.pos[ref.pos]!, node: ctx.args.posNodes[ref.pos]! };
  return {};
}

/** Evaluates a call expression: resolves the callee and applies what is known about it. */
export function evalCall(f: Frame, node: PyNode, d: number): Val {
  // the same read a guard refined earlier (`redirect(request.args.get("next"))` after checking it)
  if (f.readRoots.size > 0) {
    const refined = refinedRead(f, node);
    if (refined) return refined;
  }
  const v = validatedResult(f, node, evalCallExpr(f, node, d));
  return inCondition(node) ? withCheckFacts(f, node, v) : v;
}

/** `_validate_next_url(url)`: the result of a function named as a validator is clean for its kinds (`TaintModel.validatorNames`). */
function validatedResult(f: Frame, node: PyNode, v: Val): Val {
  if (f.knowledge.validatorNames.length === 0 || isClean(v)) return v;
  const name = calledName(node);
  const mask = name ? f.knowledge.validatorKinds(name) : 0;
  return mask ? restrictVal(v, ~mask) : v;
}

/** The own name of the function a call calls (`check` in `check(x)` and `self.check(x)`), "" for any other callee. */
function calledName(call: PyNode): string {
  const fn = unparen(call.get("function"));
  return fn?.type === "identifier" ? fn.text : fn?.type === "attribute" ? fn.get("attribute")?.text ?? "" : "";
}

/** The value a guard gave a repeated read (`pureRead`), if it refined this one. */
export function refinedRead(f: Frame, node: PyNode): Val | undefined {
  const key = pureRead(f, node);
  return key ? f.state.env.get(key[0]!) : undefined;
}

/** A call whose value an `if`/`elif`/`while` or a conditional expression tests (through `not`, `and`, `or`, parentheses). */
function inCondition(node: PyNode): boolean {
  let n = node;
  let p = n.parent;
  while (p && (p.type === "parenthesized_expression" || p.type === "not_operator" || p.type === "boolean_operator")) {
    n = p;
    p = p.parent;
  }
  if (!p) return false;
  if (p.type === "if_statement" || p.type === "elif_clause" || p.type === "while_statement") return n.field === "condition";
  return p.type === "conditional_expression" && p.namedChildren[1] === n;
}

/**
 * `if check_for_language(code):` — a function named as a boolean check (see `CheckPredicateSpec`):
 * where it passed, its arguments are validated for the kinds its name pattern lists.
 */
function withCheckFacts(f: Frame, node: PyNode, v: Val): Val {
  const name = calledName(node);
  const mask = name ? f.knowledge.checkKinds(name) : 0;
  if (!mask) return v;
  const yes: Refinement[] = [];
  for (const arg of node.get("arguments")?.namedChildren ?? []) {
    const p = guardPath(f, arg.type === "keyword_argument" ? arg.get("value") : arg);
    if (p) yes.push({ path: p, mask });
  }
  return yes.length ? { ...v, g: { yes: [...(v.g?.yes ?? []), ...yes], no: v.g?.no ?? [] } } : v;
}

function evalCallExpr(f: Frame, node: PyNode, d: number): Val {
  const fnNode = unparen(node.get("function"));
  const callee = short(fnNode?.text ?? "call");
  if (fnNode?.type === "identifier") {
    const local = f.state.env.get(fnNode.text);
    const args = evalArgs(f, node, d);
    const ctx: CallCtx = { node, args, callee };
    if (local?.fn) return callClosure(f, local.fn, ctx);
    if (local?.partial) return callPartial(f, local.partial, ctx);
    if (local?.klass) {
      const cls = f.host.index.classInfo(local.klass);
      if (cls) return instantiate(f, cls, ctx);
    }
    // an alias of a function (`run = os.system`, `handler = HANDLERS["a"]`)
    if (local?.q && isClean(local)) return callQualified(f, local.q, ctx);
    // a callable object of a modelled type (`evaluator(expr)`)
    const callable = local?.type ? f.knowledge.method(local.type, "__call__") : undefined;
    if (callable) return applyInfo(f, callable, { ...ctx, recv: local, recvNode: fnNode });
    // … or held by an enclosing function or a global of this module (`render = mistune.create_markdown()`)
    const held = local ? undefined : heldObject(f, fnNode);
    const heldCallable = held?.type ? f.knowledge.method(held.type, "__call__") : undefined;
    if (heldCallable) return applyInfo(f, heldCallable, { ...ctx, recv: held, recvNode: fnNode });
    const chosen = local ? chosenClasses(f, fnNode) : undefined;
    if (chosen) return chosenInstance(f, chosen, ctx);
    const picked = local?.pick ? callPicked(f, local.pick, ctx) : undefined;
    if (picked) return { ...picked, t: union(picked.t, flat(local!)) };
    if (local || isLocalHead(f, fnNode)) {
      // a callable chosen at run time: its inputs flow to its result (a parameter called decides what the
      // function does: a caller passing `int` gets a summary of its own)
      if (local) f.decides(local);
      const r = unknownCall(f, projectObjectsAsThemselves(f, ctx));
      return local ? tainted(union(r.t, flat(local))) : r;
    }
    const global = modulePartial(f, fnNode);
    if (global) return callPartial(f, global, ctx);

    const q = f.model.qualifiedName(fnNode) ?? moduleLambda(f, fnNode);
    return q ? callQualified(f, q, ctx) : unknownCall(f, ctx);
  }
  if (fnNode?.type === "attribute") {
    const objNode = fnNode.get("object");
    const method = fnNode.get("attribute")?.text ?? "";
    // a dotted name rooted in an import or a global (`os.path.join`, `helpers.run`, `Cls.method`)
    const global = isNameChain(objNode) && !isLocalHead(f, objNode);
    const q = global ? f.model.qualifiedName(fnNode) : undefined;
    if (q && (f.knowledge.call(q) || f.host.index.resolve(q, f.model.path))) {
      return callQualified(f, q, { node, args: evalArgs(f, node, d), callee });
    }
    const recv = evalExpr(f, objNode, d);
    const args = evalArgs(f, node, d);
    const ctx: CallCtx = { node, args, recv, recvNode: objNode, callee };
    // `task.delay(x)`, `actor.send(x)`: a method of a function runs it later with the arguments
    const deferred = functionInvokers(f, recv, method);
    if (deferred) return applyInfo(f, deferred, ctx);
    // a callable object the models type held in an attribute (`User.objects(name=x)`: a queryset called)
    if (recv.type ? f.knowledge.attrType(recv.type, method) : f.knowledge.hasUntypedAttr(method)) {
      const held = attributeOf(f, recv, method, fnNode);
      const call = held.type ? f.knowledge.method(held.type, "__call__") : undefined;
      if (call) return applyInfo(f, call, { ...ctx, recv: held, recvNode: fnNode });
    }
    // a function of an imported module (`os.path.join`): not a method of its receiver
    if (q && !recv.type && !recv.seq && !recv.c && isClean(recv)) return callQualified(f, q, ctx);
    if (recv.q && !recv.type && !recv.seq && isClean(recv)) return callQualified(f, `${recv.q}.${method}`, ctx);
    // a function of a module imported by a name known only in part (`import_module("app.jobs." + kind).run(x)`)
    const pickedFn = recv.pick && recv.pick.name === undefined ? callPicked(f, { ...recv.pick, name: method, nameExact: true }, ctx) : undefined;
    if (pickedFn) return { ...pickedFn, t: union(pickedFn.t, flat(recv)) };
    const out = callMethod(f, recv, method, ctx);
    const affix = affixFacts(f, objNode, method, args.pos) ?? subsetMethodFacts(f, objNode, recv, method, args.pos, args.posNodes) ?? (args.pos.length === 0 ? strippedCharacterFacts(f, method, objNode) : undefined);
    return affix ? { ...out, g: { yes: [...(out.g?.yes ?? []), ...affix.yes], no: [...(out.g?.no ?? []), ...affix.no] } } : out;
  }
  const fv = evalExpr(f, fnNode, d);
  const ctx: CallCtx = { node, args: evalArgs(f, node, d), callee };
  // a callable object made in place (`etree.XPathEvaluator(doc)(expr)`)
  const callable = fv.type ? f.knowledge.method(fv.type, "__call__") : undefined;
  if (callable) return applyInfo(f, callable, { ...ctx, recv: fv, recvNode: fnNode });
  if (fv.fn) return callClosure(f, fv.fn, ctx);
  if (fv.partial) return callPartial(f, fv.partial, ctx);
  if (fv.q && isClean(fv)) return callQualified(f, fv.q, ctx);
  const picked = fv.pick ? callPicked(f, fv.pick, ctx) : undefined;
  if (picked) return { ...picked, t: union(picked.t, flat(fv)) };
  return tainted(union(unknownCall(f, ctx).t, flat(fv)));
}

/** How many project functions one call of code picked by name may stand for (`callPicked`). */
const MAX_PICKED = 64;

/**
 * Calls code picked by name at run time (`getattr(import_module("app.triggers." + kind), "do_" + name)(x)`): each
 * project function it may be, through its summary, the results joined. Undefined when no project function fits (the
 * call is then an unknown one).
 */
function callPicked(f: Frame, pick: CodePick, ctx: CallCtx): Val | undefined {
  if (pick.name === undefined) return undefined;
  const fns = f.host.index.pickedFunctions(pick.mod, pick.modExact, pick.name, pick.nameExact === true, MAX_PICKED);
  if (fns.length === 0) return undefined;
  return joinAll(fns.map((fn) => callProject(f, fn, ctx).ret));
}

/**
 * `importlib.import_module(name)` with a name whose text is known, in whole or as a beginning that names a package
 * (`"app.triggers." + kind`, `f"plugins.{name}"`): the module, for a later `getattr(module, ...)` to pick functions of.
 */
function importedModule(ctx: CallCtx, v: Val): Val {
  const arg = ctx.args.pos[0] ?? ctx.args.kw.get("name");
  if (!arg || ctx.args.pos.length > 1 || ctx.args.kw.has("package")) return v;
  const text = beginning(arg);
  if (text === undefined || text === UNKNOWN_CLEAN) return v;
  const cut = text.indexOf(UNKNOWN_CLEAN);
  const mod = cut < 0 ? text : text.slice(0, cut);
  if (mod === "" || mod.startsWith(".") || (cut >= 0 && !mod.includes("."))) return v;
  return { ...v, pick: { mod, modExact: cut < 0 } };
}

/** The value of a name only ever assigned the result of a call, in an enclosing function or at module level of this file, read from a function. */
function heldObject(f: Frame, name: PyNode): Val | undefined {
  if (f.fn === null) return undefined;
  const b = f.model.lookup(name.text, name);
  if (!b || b.length === 0 || b[0]!.scope.kind === "class" || !b.every((x) => x.kind === "assign" && x.value?.type === "call")) return undefined;
  return f.read(name.text, name);
}

/** The qualified name of a module-level `name = lambda ...:` the index records as a function. */
function moduleLambda(f: Frame, name: PyNode): string | undefined {
  const bindings = f.model.lookup(name.text, name);
  const only = bindings?.length === 1 ? bindings[0]! : undefined;
  if (only?.kind !== "assign" || only.scope.kind !== "module" || unparen(only.value ?? null)?.type !== "lambda") return undefined;
  return f.host.index.module(f.model.path)?.functions.get(name.text)?.qualified;
}

/** The `functools.partial` object a module-level assignment binds to a name (`run = partial(os.system)`). */
function modulePartial(f: Frame, name: PyNode): PartialCall | undefined {
  const bindings = f.model.lookup(name.text, name);
  if (!bindings?.length || bindings[0]!.scope.kind !== "module" || !bindings.every((b) => b.kind === "assign")) return undefined;
  return f.read(name.text, name).partial;
}

function isNameChain(node: PyNode | null): boolean {
  let n = unparen(node);
  while (n?.type === "attribute") n = unparen(n.get("object"));
  return n?.type === "identifier";
}

/** A call to a qualified name: the models first, then builtins, then the project. */
export function callQualified(f: Frame, q: string, ctx: CallCtx): Val {
  const info = f.knowledge.call(q);
  const mapping = f.knowledge.mappingConstructor(q);
  if (mapping) {
    // a constructor may also be a sink (`shelve.open(path)`)
    if (info) applyInfo(f, info, ctx);
    return constructMapping(f, mapping, ctx);
  }
  // `str(form)`: an object whose type the models give a `__str__` (a rendered form, a bound field)
  if (q === "builtins.str" && ctx.args.pos.length === 1 && ctx.args.kw.size === 0 && ctx.args.pos[0]!.type) {
    const x = ctx.args.pos[0]!;
    const toText = modelledMethod(f, x.type!, "__str__");
    if (toText) return applyInfo(f, toText, { ...ctx, recv: x, recvNode: ctx.args.posNodes[0] ?? null, args: { pos: [], posNodes: [], kw: new Map(), kwNodes: new Map() } });
  }
  if (info && q.startsWith("builtins.") && builtinKept(info, true)) {
    // sinks, sanitizers and result types a model declares on a builtin keep the builtin's own semantics
    // (`locals()` is still the dict of the locals, typed as a namespace)
    for (const s of info.sinks) checkSink(f, s, ctx);
    const v = builtinCall(f, q.slice("builtins.".length), ctx) ?? tainted(inputs(ctx));
    const cleared = f.knowledge.mask(info.sanitizers.flatMap((s) => s.kinds as string[]));
    const out = cleared ? restrictVal(v, ~cleared) : v;
    const type = info.types.length > 0 ? typeFor(f, info, ctx) : undefined;
    return type ? { ...out, type } : out;
  }
  if (info) return q === "importlib.import_module" ? importedModule(ctx, applyInfo(f, info, ctx)) : applyInfo(f, info, ctx);
  if (q === "shlex.split") return splitCommandLine(f, ctx);
  if (q === "functools.partial") return makePartial(f, ctx);
  if (q === "typing.cast" || q === "typing_extensions.cast") return castValue(f, ctx);
  if (q.startsWith("builtins.")) {
    const v = builtinCall(f, q.slice("builtins.".length), ctx);
    if (v) return v;
  }
  const r = f.host.index.resolve(q, f.model.path);
  if (r?.kind === "function") return callProject(f, r.fn, ctx).ret;
  if (r?.kind === "class") return instantiate(f, r.cls, ctx);
  if (r?.kind === "method") {
    const deco = r.fn.decorators;
    if (deco.some((x) => x.endsWith("staticmethod"))) return callProject(f, r.fn, ctx).ret;
    if (deco.some((x) => x.endsWith("classmethod"))) return callProject(f, r.fn, ctx, { t: CLEAN, klass: r.cls.qualified }).ret;
    return callProject(f, r.fn, ctx).ret;
  }
  // a library function a project module re-exports (`compat.system` after `from os import system`)
  const lib = r ? undefined : f.host.index.reexported(q, f.model.path);
  if (lib && lib !== q) return callQualified(f, lib, ctx);
  // a method of an imported object of unknown type (`users.find_one(...)` after `from .db import users`):
  // what the models say about that method name on unknown receivers
  const untyped = ctx.recv && !r ? f.knowledge.untypedMethod(q.slice(q.lastIndexOf(".") + 1), f.imports) : undefined;
  if (untyped) return applyInfo(f, untyped, ctx);
  return unknownCall(f, ctx);
}

/**
 * `functools.partial(target, *args, **kwargs)`: remembers the target (resolved like the callee of
 * a call, so `partial(cursor.execute)` keeps the cursor and its method) and the bound arguments.
 * Functions passed to it are still treated as callbacks, as for any unknown call.
 */
function makePartial(f: Frame, ctx: CallCtx): Val {
  const base = unknownCall(f, ctx);
  const targetNode = unparen(ctx.args.posNodes[0] ?? null);
  const targetVal = ctx.args.pos[0];
  if (!targetNode || !targetVal || ctx.args.splat || targetNode !== unparen(ctx.node.get("arguments")?.namedChildren[0] ?? null)) return base;
  const bound = {
    pos: ctx.args.pos.slice(1),
    posNodes: ctx.args.posNodes.slice(1),
    kw: ctx.args.kw,
    kwNodes: ctx.args.kwNodes,
  };
  if (targetNode.type !== "attribute") return { ...base, partial: { target: targetVal, ...bound } };
  const objNode = targetNode.get("object");
  const method = targetNode.get("attribute")?.text ?? "";
  const global = isNameChain(objNode) && !isLocalHead(f, objNode);
  const q = global ? f.model.qualifiedName(targetNode) : undefined;
  if (q && (f.knowledge.call(q) || f.host.index.resolve(q, f.model.path))) return { ...base, partial: { target: { t: CLEAN, q }, ...bound } };
  const recv = evalExpr(f, objNode);
  if (q && !recv.type && !recv.seq && !recv.c && isClean(recv)) return { ...base, partial: { target: { t: CLEAN, q }, ...bound } };
  if (recv.q && !recv.type && !recv.seq && isClean(recv)) return { ...base, partial: { target: { t: CLEAN, q: `${recv.q}.${method}` }, ...bound } };
  return { ...base, partial: { target: recv, method, ...(objNode ? { recvNode: objNode } : {}), ...bound } };
}

/** Calls a `functools.partial` object: its target with the bound arguments before the call's own. */
export function callPartial(f: Frame, p: PartialCall, ctx: CallCtx): Val {
  const kw = new Map(p.kw);
  const kwNodes = new Map(p.kwNodes);
  for (const [k, v] of ctx.args.kw) kw.set(k, v);
  for (const [k, n] of ctx.args.kwNodes) kwNodes.set(k, n);
  const args: Args = { pos: [...p.pos, ...ctx.args.pos], posNodes: [...p.posNodes, ...ctx.args.posNodes], kw, kwNodes, ...(ctx.args.splat ? { splat: ctx.args.splat } : {}) };
  const inner: CallCtx = { ...ctx, args };
  const t = p.target;
  if (p.method !== undefined) return callMethod(f, t, p.method, { ...inner, recv: t, recvNode: p.recvNode ?? null });
  if (t.fn) return callClosure(f, t.fn, inner);
  if (t.partial) return callPartial(f, t.partial, inner);
  if (t.klass) {
    const cls = f.host.index.classInfo(t.klass);
    if (cls) return instantiate(f, cls, inner);
  }
  if (t.q && isClean(t)) return callQualified(f, t.q, inner);
  return tainted(union(unknownCall(f, inner).t, flat(t)));
}

/**
 * A call the models and the project do not know: its inputs flow to its result, and functions
 * passed to it (`Thread(target=f, args=(x,))`, `executor.submit(f, x)`) are assumed to be called
 * with its other arguments.
 */
export function unknownCall(f: Frame, ctx: CallCtx): Val {
  const all = [...ctx.args.pos, ...ctx.args.kw.values()];
  const callbacks = all.filter((v) => v.fn || (v.q && isClean(v) && f.host.index.resolve(v.q, f.model.path)?.kind === "function"));
  if (callbacks.length > 0 && f.inlineDepth < MAX_INLINE_DEPTH) {
    let t: Taint = CLEAN;
    for (const v of all) if (!callbacks.includes(v)) t = union(t, flat(v));
    if (ctx.args.splat) t = union(t, flat(ctx.args.splat));
    const arg = tainted(t);
    // local functions and lambdas are only analysed where they are called; project functions on their own too
    for (const cb of callbacks) {
      if (t.length > 0 || cb.fn) {
        const n = cb.fn ? paramNodes(cb.fn.node).info.positional : 8;
        const args: Args = { pos: new Array(Math.min(n, 8)).fill(arg), posNodes: [], kw: new Map(), kwNodes: new Map() };
        const inner: CallCtx = { node: ctx.node, args, callee: ctx.callee };
        if (cb.fn) callClosure(f, cb.fn, inner);
        else callQualified(f, cb.q!, inner);
      }
    }
  }
  return tainted(inputs(ctx));
}

/**
 * The call as a callback of unknown target sees it, for what flows to its result: an instance of a project class
 * (`overlay(self)`, `hook(self)`) counts with its own taint, not with its attributes'. A callback handed the object
 * computes its result from what it chooses to read; taking every attribute's taint would smear one tainted field
 * (an error message kept in `self.flagged`) into everything the object's owner does with the result.
 */
function projectObjectsAsThemselves(f: Frame, ctx: CallCtx): CallCtx {
  const own = (v: Val): Val => (v.type && v.attrs && !v.seq && f.host.index.classInfo(v.type) ? { t: v.t, type: v.type } : v);
  const pos = ctx.args.pos.map(own);
  if (pos.every((v, i) => v === ctx.args.pos[i]) && [...ctx.args.kw.values()].every((v) => own(v) === v)) return ctx;
  return { ...ctx, args: { ...ctx.args, pos, kw: new Map([...ctx.args.kw].map(([k, v]) => [k, own(v)])) } };
}

/** Methods that store their arguments in an object of unknown type (read back later through any method). */
const MUTATORS = new Set(["append", "extend", "insert", "add", "update", "set", "setdefault", "store", "write", "writelines", "put", "put_nowait", "push", "appendleft", "extendleft", "__setitem__"]);

/** `recv.method(...)`. */
export function callMethod(f: Frame, recv: Val, method: string, ctx: CallCtx): Val {
  const k = f.knowledge;
  if (recv.fn && method === "__call__") return callClosure(f, recv.fn, ctx);
  const type = recv.type;
  if (type?.startsWith("super:")) return callSuper(f, type.slice(6), method, ctx);
  if (recv.klass) {
    // `Cls.method(...)` through a class value (`cls` in a classmethod, an alias of a class)
    const owner = f.host.index.classInfo(recv.klass);
    const m = owner && f.host.index.findMethod(owner, method);
    if (m) {
      const deco = m.decorators;
      if (deco.some((x) => x.endsWith("classmethod"))) return callProject(f, m, ctx, recv).ret;
      return callProject(f, m, ctx).ret;
    }
  }
  const cls = type ? f.host.index.classInfo(type) : undefined;
  if (cls) {
    const m = f.host.index.findMethod(cls, method);
    if (m) {
      const deco = m.decorators;
      if (deco.some((x) => x.endsWith("staticmethod"))) return callProject(f, m, ctx).ret;
      if (deco.some((x) => x.endsWith("classmethod"))) return callProject(f, m, ctx, { t: CLEAN, klass: cls.qualified }).ret;
      const res = callProject(f, m, ctx, recv);
      if (res.selfAfter) writeBack(f, ctx.recvNode ?? null, res.selfAfter);
      return res.ret;
    }
    // `schema.load(data)` of a validating schema: the fields its declarations check are clean
    const many = ctx.args.kw.get("many");
    const loaded = loadedMapping(f, cls, method, argOf(ctx, { pos: 0, kw: "data" }).val ?? CLEAN_VAL, many !== undefined && !(isClean(many) && many.c !== undefined && !truthy(many.c)));
    if (loaded) return loaded;
    // a method inherited from a library base class: the models of that base apply
    const inherited = libraryMethod(f, cls, method);
    if (inherited) return applyInfo(f, inherited, ctx);
    // a registry of the module's functions reached by attribute (`h.redirect_to(...)` on an object whose
    // class defines `__getattr__`): the module-level function of that name in the class's module
    const fn = f.host.index.findMethod(cls, "__getattr__") ? f.host.index.module(cls.path)?.functions.get(method) : undefined;
    if (fn) return callProject(f, fn, ctx).ret;
  }
  if (type) {
    const mapping = k.mapping(type);
    const viaMapping = mapping ? mappingMethod(f, mapping, recv, method, ctx) : undefined;
    if (viaMapping) return viaMapping;
    const info = k.method(type, method);
    if (info) return applyInfo(f, info, ctx);
  }
  // a method of a value of unknown type, as the models name it on such receivers (`conn.add(dn, ...)` in a file
  // importing ldap) — not on a list, dict or set the code made itself (`roles = set(); roles.add(role)`), nor on
  // an object of a modelled type whose models do not name the method (`db.session.add(user)`)
  if (!cls && !type && !recv.seq) {
    const info = k.untypedMethod(method, f.imports);
    if (info) return applyInfo(f, info, ctx);
  }
  const builtin = builtinMethod(f, recv, method, ctx);
  if (builtin) return builtin;
  const result = unknownCall(f, ctx);
  if (MUTATORS.has(method) && ctx.recvNode) {
    let argT: Taint = CLEAN;
    for (const v of ctx.args.pos) argT = union(argT, flat(v));
    for (const v of ctx.args.kw.values()) argT = union(argT, flat(v));
    if (argT.length > 0) writeBack(f, ctx.recvNode, absorb(recv, tainted(argT)));
  }
  return result;
}

/**
 * `typing.cast(T, value)` returns `value` itself, shape and taint; when `value`'s type is unknown and `T` names a class
 * the models or the project know (`cast(PostgresDB, web.database(...))`), the value is of that type.
 */
function castValue(f: Frame, ctx: CallCtx): Val {
  const value = argOf(ctx, { pos: 1, kw: "val" }).val;
  if (!value) return tainted(inputs(ctx));
  if (value.type) return value;
  const typeNode = argOf(ctx, { pos: 0, kw: "typ" }).node;
  const q = typeNode ? f.model.qualifiedName(typeNode) : undefined;
  const type = q ? (f.knowledge.classType(q)?.type ?? f.host.index.classInfo(q)?.qualified) : undefined;
  return type ? { ...value, type } : value;
}

/**
 * What the models say of `method` on values of `type`: the type's own entry, or for an instance of a project class,
 * that of a library class it derives from (a project form's `__getitem__` is Django's).
 */
export function modelledMethod(f: Frame, type: string, method: string): CallInfo | undefined {
  const own = f.knowledge.method(type, method);
  if (own) return own;
  const cls = f.host.index.classInfo(type);
  return cls ? libraryMethod(f, cls, method) : undefined;
}

/** The models' `method` on the first library base class of project class `cls` that has one. */
function libraryMethod(f: Frame, cls: ClassInfo, method: string): CallInfo | undefined {
  for (const base of f.host.index.ancestors(cls)) {
    const bt = f.knowledge.classType(base)?.type;
    const info = bt ? f.knowledge.method(bt, method) : undefined;
    if (info) return info;
  }
  return undefined;
}

/** Writes a receiver's new value back to where it came from (`x`, `self.items`). */
export function writeBack(f: Frame, node: PyNode | null, v: Val): void {
  const n = unparen(node);
  if (!n) return;
  if (n.type === "call" && f.model.qualifiedName(n.get("function")) === "builtins.super") {
    const self = f.fn ? paramNodes(f.fn).params[0] : undefined;
    if (self) f.assign(self.name, v);
    return;
  }
  const p = accessPath(f, n, false);
  if (p && p.segs.every((s) => "attr" in s || s.key !== undefined)) writePath(f, p, v, n);
}

function callSuper(f: Frame, clsName: string, method: string, ctx: CallCtx): Val {
  const cls = f.host.index.classInfo(clsName);
  if (!cls) return tainted(inputs(ctx));
  for (const b of cls.bases) {
    const base = f.host.index.baseClass(b, cls.path);
    const m = base && f.host.index.findMethod(base, method);
    if (m) {
      const self = ctx.recv ? { ...ctx.recv, type: clsName } : { t: CLEAN, type: clsName };
      const res = callProject(f, m, ctx, self);
      if (res.selfAfter) writeBack(f, ctx.recvNode ?? null, { ...res.selfAfter, type: clsName });
      return res.ret;
    }
  }
  // no project base defines it: the method is a library base's (`super().get_object()` in a generic view), and
  // what the models say of it there applies, as for `self.get_object()`
  const inherited = libraryMethod(f, cls, method);
  if (inherited) return applyInfo(f, inherited, ctx);
  // the library base of a class declaring its fields (a Django form, a serializer, a pydantic model) binds what its
  // constructor is given to them (`super().__init__(*args, **kwargs)` in the form's own `__init__`): the instance
  // holds the data, as when the class has no `__init__` of its own. Other bases (`dict`, a thread, a client) say
  // nothing about where their arguments go.
  if (method === "__init__" && ctx.recv && declaresFields(f, cls)) {
    const bound = boundByConstructor(ctx.recv, ctx.args);
    if (bound !== ctx.recv) writeBack(f, ctx.recvNode ?? null, bound);
  }
  return tainted(inputs(ctx));
}

/**
 * What a field-declaring class's library constructor makes of its arguments: a keyword (also one of a `**kwargs`
 * whose keys are known) fills the field of its name (`User(email=...)`, an ORM row); positional arguments, and the
 * `data=` keyword, are the bound data of a form or serializer, which every field is read from.
 */
function boundByConstructor(self: Val, args: Args): Val {
  let out = self;
  let data: Taint = CLEAN;
  for (const v of args.pos) data = union(data, flat(v));
  const named = new Map(args.kw);
  const parts = args.splatParts;
  // `*args`: its elements (a tuple's own taint is that of its container, not of what it holds)
  if (parts?.pos) data = union(data, flat(element(parts.pos)));
  if (parts?.kw) {
    for (const [k, v] of parts.kw.keys ?? []) {
      const key = parseRepr(k);
      if (key?.t === "str") named.set(key.v, v);
    }
    // entries under keys not known, and the mapping's own taint (a `**payload` of unknown shape: every value is its)
    data = union(data, union(parts.kw.t, parts.kw.rest ?? CLEAN));
  } else if (args.splat && !parts) data = union(data, flat(args.splat));
  for (const [k, v] of named) {
    if (k === "data") data = union(data, flat(v));
    else if (!isClean(v)) out = setAttr(out, k, v);
  }
  return data.length > 0 ? { ...out, t: union(out.t, data) } : out;
}

/** A class that, or a project base of which, declares fields: annotated (`name: str`) or assigned a field call (`name = forms.CharField()`). */
function declaresFields(f: Frame, cls: ClassInfo): boolean {
  return [cls, ...f.host.index.ancestorClasses(cls)].some((c) => c.fields.size > 0 || (c.declared?.size ?? 0) > 0);
}

// ---- modelled calls ------------------------------------------------------------------------

/**
 * A builtin the models give only sinks and unconditional sanitizers of some kinds (`setattr` with a
 * request-chosen name, `str()` of parsed JSON): the builtin's own semantics stay, the sinks are checked.
 */
function builtinKept(info: CallInfo, typesKept = false): boolean {
  return (
    info.sources.length === 0 && info.propagators.length === 0 && (typesKept || info.types.length === 0) && info.guards.length === 0 && info.regexGuards.length === 0 &&
    info.regexSanitizers.length === 0 && info.contentTypes.length === 0 && info.retypes.length === 0 && info.invokers.length === 0 && info.writes.length === 0 &&
    !info.noReturn && info.sinks.every((s) => !s.consumes && !s.returns && !s.responseObject) && info.sanitizers.every((s) => s.kinds !== "all" && !s.unless && !s.when && !s.arg && !s.element && !s.checks && !s.returns && !s.attr)
  );
}

/** Applies what the models say about a call. */
export function applyInfo(f: Frame, info: CallInfo, ctx: CallCtx): Val {
  for (const c of info.contentTypes) declareContentType(f, c, ctx);
  let invoked: Val | undefined;
  for (const v of info.invokers) {
    const r = invoke(f, v, ctx);
    if (v.result && r) invoked ??= r;
  }
  for (const w of info.writes) writeInto(f, w, ctx);
  let consumed = 0;
  let response: SinkSpec | undefined;
  let rendered: Taint = CLEAN;
  for (const s of info.sinks) {
    if (s.rendered) {
      rendered = union(rendered, renderedDangers(f, s, ctx));
      continue;
    }
    if (!checkSink(f, s, ctx)) continue;
    if (s.consumes) consumed |= f.knowledge.mask(s.consumes === true ? [s.kind] : s.consumes);
    if (s.responseObject) response = s;
  }
  if (info.noReturn) {
    f.state.live = false;
    return CLEAN_VAL;
  }
  let out: Val;
  // the first source that applies (one with `when` only where the call meets it: a header read under one name)
  const spec = info.sources.length > 0 ? info.sources.find((s) => !s.when || s.when.every((c) => condition(f, ctx, c) === true)) : undefined;
  if (spec) {
    out = f.source(spec, ctx.node);
    if (spec.passesArgs) {
      // the arguments flow into the result beside the source (not the receiver: the request is not its data)
      let t = out.t;
      for (const v of ctx.args.pos) t = union(t, flat(v));
      for (const v of ctx.args.kw.values()) t = union(t, flat(v));
      if (ctx.args.splat) t = union(t, flat(ctx.args.splat));
      out = { ...out, t };
    }
  } else if (info.sanitizers.length > 0) {
    // the kinds cleared add up over the sanitizers that apply to this call
    let cleared = 0;
    let base: Taint = CLEAN;
    let type: string | undefined;
    let element: { index: number; of: number } | undefined;
    for (const s of info.sanitizers) {
      if (s.unless?.some((c) => condition(f, ctx, c) === true)) continue;
      if (s.when?.some((c) => condition(f, ctx, c) !== true)) continue;
      cleared |= f.knowledge.mask(s.kinds);
      type ??= s.returns;
      element ??= s.element;
      if (s.arg) base = union(base, flat(argOf(ctx, s.arg).val ?? CLEAN_VAL));
      else {
        for (const v of ctx.args.pos) base = union(base, flat(v));
        for (const v of ctx.args.kw.values()) base = union(base, flat(v));
        if (ctx.args.splat) base = union(base, flat(ctx.args.splat));
      }
      if (s.receiver && ctx.recv) base = union(base, flat(ctx.recv));
    }
    const t = cleared ? restrict(base, ~cleared) : inputs(ctx);
    if (element && cleared) {
      const { index, of } = element;
      out = { t: CLEAN, seq: "tuple", items: Array.from({ length: of }, (_, i) => tainted(i === index ? t : base)) };
    } else out = type ? { t, type } : tainted(t);
  } else if (info.propagators.length > 0) {
    out = propagated(f, info, ctx);
  } else if (info.regexSanitizers.length > 0) {
    out = substituted(f, info, ctx);
  } else out = invoked ?? tainted(inputs(ctx));
  const type = typeFor(f, info, ctx);
  if (type) out = { ...out, type };
  const raising = info.guards.length > 0 && info.guards.every((x) => x.raises);
  const g = guardFacts(f, info, ctx);
  if (raising) {
    if (g && completesStatement(ctx.node)) applyRefinements(f, g.yes);
    // what it returns exists only where the check held (`root.joinpath(p).resolve().relative_to(root)`: no `..`)
    let held = 0;
    for (const x of info.guards) {
      if (x.when && condition(f, ctx, x.when) !== true) continue;
      if (!x.normalized || guardSubject(ctx, x)?.norm) held |= f.knowledge.mask(x.kinds);
    }
    if (held) out = restrictVal(out, ~held);
  } else {
    if (info.guards.length > 0 && info.regexGuards.length === 0 && info.sources.length === 0) out = CLEAN_VAL;
    if (g) out = { ...out, g };
  }
  if (consumed) out = restrictVal(out, ~consumed);
  if (info.retypes.length > 0 && ctx.recv && ctx.recvNode) retype(f, info, ctx);
  if (response?.responseObject) {
    // the response object is identified by where it was built, so a view returning it can be judged
    const oid = f.oid(ctx.node);
    f.host.responseCreated(oid, sinkSite(f, response, ctx), response.responseObject);
    out = { ...out, oid };
  }
  return rendered.length > 0 ? { ...out, t: union(out.t, rendered) } : out;
}

/**
 * What a rendering call's template outputs unescaped (`SinkSpec.rendered`), dangerous for the sink's kind only, with
 * the variable in the trace: the text goes on to wherever the caller sends it.
 */
function renderedDangers(f: Frame, spec: SinkSpec, ctx: CallCtx): Taint {
  if (spec.unless?.some((c) => condition(f, ctx, c) === true) || spec.when?.some((c) => condition(f, ctx, c) === false)) return CLEAN;
  const bit = f.knowledge.mask([spec.kind]);
  let t: Taint = CLEAN;
  for (const a of spec.args) {
    if (a.mode !== "unescaped") continue;
    for (const d of templateDangers(f, ctx, a)) {
      const kept = restrict(d.t, bit);
      if (kept.length > 0) t = union(t, addStep(kept, f.step(ctx.node, `rendered unescaped as template variable ${d.variable}`)));
    }
  }
  return t;
}

/** A call that is a statement of its own, or the value a plain assignment statement stores (`rel = p.relative_to(root)`). */
function completesStatement(call: PyNode): boolean {
  const p = call.parent;
  if (p?.type === "expression_statement") return true;
  return p?.type === "assignment" && p.get("right") === call && p.parent?.type === "expression_statement";
}

/** A call that switches its receiver to another type (`parser.setFeature(feature_external_ges, True)`). */
function retype(f: Frame, info: CallInfo, ctx: CallCtx): void {
  for (const r of info.retypes) {
    if (r.when && !r.when.every((c) => condition(f, ctx, c) === true)) continue;
    writeBack(f, ctx.recvNode ?? null, { ...ctx.recv!, type: r.type });
    return;
  }
}

/** The access paths a value was parsed from, with the argument's own (`ip_address(urlparse(u).hostname)`: `u`). */
function parsedFrom(ctx: CallCtx, ref: ArgRef): (readonly string[])[] | undefined {
  const { val, node } = argOf(ctx, ref);
  if (!val) return undefined;
  const own = namePath(node ?? null);
  const out = [...(own ? [own] : []), ...(val.from ?? []), ...(val.origin?.paths ?? [])];
  return out.length ? out : undefined;
}

function propagated(f: Frame, info: CallInfo, ctx: CallCtx): Val {
  const vals: Val[] = [];
  for (const p of info.propagators) {
    let v: Val;
    if (p.fieldsDict && ctx.recv) v = fieldsDict(ctx.recv);
    else if (p.result === "clean") v = CLEAN_VAL;
    else if (p.result === "receiver") v = ctx.recv ? tainted(flat(ctx.recv)) : CLEAN_VAL;
    else if (p.result) {
      v = argOf(ctx, p.result).val ?? CLEAN_VAL;
      if (p.resultWhile) {
        const m = f.knowledge.mask(p.resultWhile);
        v = tainted(flat(v).filter((l) => (l.mask & m) !== 0));
      }
    }
    else if (p.joinsPaths && !ctx.args.splat && ctx.args.kw.size === 0) v = joinedPath([...(ctx.recv ? [ctx.recv] : []), ...ctx.args.pos]);
    else if (p.constructs) v = constructedRow(f, ctx) ?? tainted(inputs(ctx));
    else v = tainted(inputs(ctx));
    if (p.fold) {
      // each constant the argument may be gives one result
      const a = ctx.args.pos.length === 1 && !ctx.args.splat ? ctx.args.pos[0] : undefined;
      const results = (a ? possibleConstants(a) ?? [] : []).map((c) => applyFold(p.fold!, [c]));
      if (results.length > 0 && results.every((c) => c !== undefined)) v = oneOf(results as PyValue[]);
    }
    if (p.normalizes && !isClean(v)) v = { ...v, norm: true };
    if (p.restores) v = restoreVal(v, f.knowledge.mask(p.restores));
    if (p.returns) v = { ...v, type: p.returns };
    if (p.elementType) v = { ...v, et: p.elementType };
    if (p.parses) {
      const from = parsedFrom(ctx, p.parses);
      if (from) v = { ...v, from };
    }
    if (p.attrs) {
      for (const [name, ref] of Object.entries(p.attrs)) {
        const a = argOf(ctx, ref).val;
        if (a) v = setAttr(v, name, a);
      }
    }
    vals.push(v);
  }
  return joinAll(vals);
}

/**
 * `Crawl.objects.create(label=x, urls=y)`: an instance of the project class the manager was read from,
 * its fields the keyword arguments (other fields, and what its properties compute from them, are its own);
 * a `**fields` splat or positional data taints the whole of it. Undefined when the class is not the project's.
 */
function constructedRow(f: Frame, ctx: CallCtx): Val | undefined {
  const holder = ctx.recvNode?.type === "attribute" ? ctx.recvNode.get("object") : null;
  const q = holder ? f.model.qualifiedName(holder) : undefined;
  const r = q ? f.host.index.resolve(q, f.model.path) : undefined;
  if (r?.kind !== "class") return undefined;
  let out: Val = { t: CLEAN, type: r.cls.qualified, oid: f.oid(ctx.node) };
  for (const [k, v] of ctx.args.kw) out = setAttr(out, k, v);
  // `**create_kwargs` built with known keys: each fills its field; entries under unknown keys taint the whole
  const dict = ctx.args.kwDict;
  if (dict) {
    for (const [k, v] of dict.keys ?? []) {
      const key = parseRepr(k);
      if (key?.t === "str") out = setAttr(out, key.v, v);
    }
  }
  let t: Taint = dict ? union(dict.t, dict.rest ?? CLEAN) : ctx.args.splat ? flat(ctx.args.splat) : CLEAN;
  for (const v of ctx.args.pos) t = union(t, flat(v));
  return t.length > 0 ? { ...out, t } : out;
}

/** `re.sub("[^a-z]", "", s)`: the subject's taint, cleared of the kinds its remaining alphabet cannot carry. */
function substituted(f: Frame, info: CallInfo, ctx: CallCtx): Val {
  for (const s of info.regexSanitizers) {
    const pattern = s.pattern ? argOf(ctx, s.pattern).val : ctx.recv?.attrs?.get("pattern");
    const repl = argOf(ctx, s.replacement).val;
    const subject = argOf(ctx, s.subject).val;
    if (!subject) continue;
    if (pattern?.c?.t === "str" && repl?.c?.t === "str" && isClean(pattern) && isClean(repl)) {
      const mask = substitutionSafety(pattern.c.v, repl.c.v, (k) => f.knowledge.mask(k));
      return tainted(restrict(flat(subject), ~mask));
    }
  }
  return tainted(inputs(ctx));
}

function typeFor(f: Frame, info: CallInfo, ctx: CallCtx): string | undefined {
  for (const t of info.types) {
    if (t.when && !t.when.every((c) => condition(f, ctx, c) === true)) continue;
    if (t.unless?.some((c) => condition(f, ctx, c) === true)) {
      if (t.otherwise) return t.otherwise;
      continue;
    }
    return t.type;
  }
  for (const s of info.sinks) if (s.returns) return s.returns;
  return undefined;
}

/** Judges a condition on a call's argument: true, false, or undefined when unknown. */
export function condition(f: Frame, ctx: CallCtx, c: ArgCondition): boolean | undefined {
  if (c.backtracks) {
    const p = c.receiverAttr !== undefined ? ctx.recv?.attrs?.get(c.receiverAttr) : argOf(ctx, c.arg).val;
    return p !== undefined && isClean(p) && p.c?.t === "str" && catastrophicBacktracking(p.c.v, c.backtracks === "full");
  }
  const { val, node } = argOf(ctx, c.arg);
  if (!node || !val) {
    if (ctx.args.splat) return undefined;
    if (c.absent !== undefined) return c.absent;
    if (c.present !== undefined) return !c.present;
    if (c.truthy !== undefined) return !c.truthy;
    return false;
  }
  if (c.present !== undefined) return c.present;
  if (c.dict !== undefined) {
    const s = shaped(val);
    if (s.seq === "dict") return c.dict;
    return s.seq !== undefined || s.c !== undefined ? !c.dict : undefined;
  }
  if (c.key !== undefined) return keyedCondition(val, c);
  if (c.program !== undefined) {
    const s = shaped(val);
    const first = s.seq === "list" || s.seq === "tuple" ? s.items?.[0] : val;
    if (!first || !isClean(first) || first.c?.t !== "str") return undefined;
    const program = first.c.v.trim().split(/\s+/)[0]?.split(/[\\/]/).pop() ?? "";
    return new RegExp(c.program, "i").test(program);
  }
  if (c.types) return val.type !== undefined && c.types.includes(val.type);
  if (c.equals !== undefined) {
    if (!isClean(val) || !val.c) return undefined;
    const x = val.c;
    const e = c.equals;
    if (e === null) return x.t === "none";
    if (typeof e === "boolean") return x.t === "bool" && x.v === e;
    if (typeof e === "number") return (x.t === "int" || x.t === "float") && x.v === e;
    return x.t === "str" && x.v === e;
  }
  if (c.truthy !== undefined) {
    if (!isClean(val) || !val.c) return undefined;
    return truthy(val.c) === c.truthy;
  }
  if (c.names) {
    const n = unparen(node);
    const s = shaped(val);
    // the names a value stands for: tracked through variables (`loader = yaml.SafeLoader if … else …`)
    const names =
      s.items && !hasMiddle(s) ? s.items.map((x) => x.q) : val.q ? [val.q] : n && (n.type === "tuple" || n.type === "list") ? n.namedChildren.map((p) => f.model.qualifiedName(p)) : [f.model.qualifiedName(n)];
    if (names.length === 0 || names.some((x) => x === undefined)) return undefined;
    return names.every((x) => c.names!.includes(x!));
  }
  if (c.matches) {
    if (!isClean(val) || !val.c || val.c.t !== "str") return undefined;
    return new RegExp(c.matches, "i").test(val.c.v);
  }
  return undefined;
}

/** `headers={"Content-Type": "text/html"}`: the entry under `c.key` of a dict argument, judged by `c.matches`/`c.names`. */
function keyedCondition(val: Val, c: ArgCondition): boolean | undefined {
  const s = shaped(val);
  if (s.seq !== "dict" || !s.keys) return undefined;
  const want = c.key!.toLowerCase();
  let entry: Val | undefined;
  for (const [k, v] of s.keys) if (k.replace(/^['"]|['"]$/g, "").toLowerCase() === want) entry = v;
  if (!entry) return s.rest?.length || !isClean(s) ? undefined : false;
  if (c.names && entry.q) return c.names.includes(entry.q);
  if (c.matches && isClean(entry) && entry.c?.t === "str") return new RegExp(c.matches, "i").test(entry.c.v);
  return undefined;
}

const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "csh", "tcsh", "fish", "ash", "cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh"]);

/** The program may be a shell: some constant it may be names one. */
function isShell(v: Val | undefined): boolean {
  return (v ? possibleConstants(v) ?? [] : []).some((c) => {
    if (c.t !== "str") return false;
    const base = c.v.trim().split(/\s+/)[0]?.split(/[\\/]/).pop() ?? "";
    return SHELLS.has(base.toLowerCase());
  });
}

/** The taint that matters at one sink argument. */
function dangerAt(f: Frame, ctx: CallCtx, a: SinkArg, syntax: Syntax | undefined): Taint {
  const mode = a.mode ?? "value";
  if (mode === "receiver") return ctx.recv ? syntaxTaint(ctx.recv, syntax) : CLEAN;
  if (mode === "body") {
    const body = argOf(ctx, a).val;
    // headers passed beside the body (`make_response(body, 200, {...})`, `headers={...}`) may declare the type
    const others = [...ctx.args.pos.filter((x) => x !== body), ...[...ctx.args.kw].filter(([k]) => k === "headers").map(([, x]) => x)];
    if (!body || others.some((h) => declaresNonHtml(h))) return CLEAN;
    return bodyTaint(body);
  }
  if (mode === "unescaped") return templateDangers(f, ctx, a).reduce<Taint>((t, d) => union(t, d.t), CLEAN);
  if (mode === "printf") {
    const tpl = a.template ? argOf(ctx, a.template).val : undefined;
    const rest = ctx.args.pos.slice(a.pos ?? 0);
    const extra = ctx.args.splat ? flat(ctx.args.splat) : CLEAN;
    if (!tpl || !isClean(tpl) || tpl.c?.t !== "str" || rest.length === 0) return union(rest.reduce<Taint>((t, x) => union(t, flat(x)), CLEAN), extra);
    // the values are interpolated as one tuple, or as a mapping when a single dict is given
    const r: Val = rest.length === 1 && shaped(rest[0]!).seq === "dict" ? rest[0]! : { t: CLEAN, seq: "tuple", items: rest };
    return union(percentTaint(tpl.c.v, r, reprCleared(f)), extra);
  }
  if (mode === "rest") {
    let t: Taint = CLEAN;
    for (let i = a.pos ?? 0; i < ctx.args.pos.length; i++) t = union(t, flat(ctx.args.pos[i]!));
    for (const v of ctx.args.kw.values()) t = union(t, flat(v));
    return ctx.args.splat ? union(t, flat(ctx.args.splat)) : t;
  }
  const { val } = argOf(ctx, a);
  if (!val) {
    if (!ctx.args.splat || (a.pos ?? 0) < ctx.args.pos.length) return CLEAN;
    // `redirect(*args, **kwargs)`: the splatted element at the sink's position (`args[0]`, which a
    // caller's `("list", list_id)` makes a constant), and the entry of `kwargs` under its keyword
    const parts = ctx.args.splatParts;
    if (a.pos !== undefined && parts?.pos) {
      const t = flat(itemAt(parts.pos, { t: "int", v: a.pos - ctx.args.pos.length }));
      return parts.kw && a.kw ? union(t, flat(itemAt(parts.kw, { t: "str", v: a.kw }))) : t;
    }
    return flat(ctx.args.splat);
  }
  if (a.key !== undefined) {
    // only the entry under a constant key of a dict built here (`{"$where": script}`); unknown keys: nothing
    const d = shaped(val);
    for (const [k, v] of d.seq === "dict" ? d.keys ?? [] : []) if (k.replace(/^['"]|['"]$/g, "") === a.key) return syntaxTaint(v, syntax);
    return CLEAN;
  }
  if (mode === "argv") return argvTaint(val);
  if (mode === "str" && shaped(val).seq) return strTaint(val, reprCleared(f));
  if (mode === "program" && isShell(val)) {
    let t = flat(val);
    for (let i = (a.pos ?? 0) + 1; i < ctx.args.pos.length; i++) t = union(t, flat(ctx.args.pos[i]!));
    return ctx.args.splat ? union(t, flat(ctx.args.splat)) : t;
  }
  return syntaxTaint(val, syntax);
}

/** Whether an argument vector's program is known (a list whose first element is known), else it is judged whole. */
function argvShaped(val: Val | undefined): boolean {
  const v = val ? shaped(val) : undefined;
  return v?.items !== undefined && v.items.length > 0 && v.t.length === 0;
}

/** What of an argument vector a sink judging programs sees: its program (or a shell's script), else all of it. */
function argvTaint(val: Val): Taint {
  const v = shaped(val);
  // the program is the first element when it is known (the rest may be of unknown length)
  if (argvShaped(v)) {
    if (!isShell(v.items![0])) return flat(v.items![0]!);
    // `sh -c script name args…`: the words after the script are its positional parameters
    const end = shellScriptEnd(v.items!);
    return end === undefined ? flat(v) : v.items!.slice(0, end).reduce<Taint>((t, x) => union(t, syntaxTaint(x, "shell")), CLEAN);
  }
  return flat(v);
}

/**
 * The part of a context value a template reads through an attribute path (`{{ book.local_path }}`):
 * Django and Jinja look a name up as a key of a dict and as an attribute of anything else. An object
 * of a known class stops the walk (its attributes are not modelled here): the whole of it counts.
 */
function templatePart(v: Val, path: readonly string[]): Val {
  let cur = v;
  for (const name of path) {
    if (cur.type) return cur;
    const s = shaped(cur);
    if (s.seq === "dict") cur = itemAt(s, { t: "str", v: name });
    else if (s.seq && /^\d+$/.test(name)) cur = itemAt(s, { t: "int", v: Number(name) });
    else cur = attribute(cur, name);
  }
  return cur;
}

/**
 * What each variable a template renders without escaping carries (`mode: "unescaped"`): `{{ q|safe }}`, and a
 * variable beginning a URL attribute (`href="{{ link }}"`, dangerous where the value could choose where a
 * redirect leads). Each entry names the variable as the template writes it, for the finding's message.
 */
function templateDangers(f: Frame, ctx: CallCtx, a: SinkArg): { variable: string; url: boolean; t: Taint }[] {
  const tpl = argOf(ctx, a.template ?? a.templateName ?? {}).val;
  if (!tpl || !isClean(tpl) || tpl.c?.t !== "str") return [];
  // the template's text in place, or a template file of the project named here
  const names = a.template ? unescapedVariables(tpl.c.v) : f.host.index.templateVariables(tpl.c.v, f.model.path);
  if (!names?.size) return [];
  const redirect = f.knowledge.mask(["redirect"]);
  const out: { variable: string; url: boolean; t: Taint }[] = [];
  const add = (k: string, v: Val): void => {
    // an object of a known class (a bound form renders its own escaped widgets) is not text
    if (v.type) return;
    for (const name of names) {
      const url = name.startsWith(URL_START);
      const variable = url ? name.slice(URL_START.length) : name;
      const [root, ...path] = variable.split(".");
      if (root !== k) continue;
      const part = flat(templatePart(v, path));
      // `href="{{ k }}"`: escaped, but a `javascript:` URL runs; dangerous where the value could choose
      // where a redirect leads (a checked or site-built URL, a fixed beginning, are not)
      const t = url ? restore(restrict(part, redirect), f.knowledge.mask(["xss"])) : part;
      if (t.length > 0) out.push({ variable, url, t });
    }
  };
  for (const [k, v] of ctx.args.kw) add(k, v);
  const context = a.context ? argOf(ctx, a.context).val : undefined;
  const dict = context ? shaped(context) : undefined;
  // a dict whose keys are known (`{"q": q}`); with unknown keys, which value goes where is unknown
  if (dict?.seq === "dict" && dict.keys) for (const [k, v] of dict.keys) add(k.replace(/^['"]|['"]$/g, ""), v);
  return out;
}

/** Whether a sink argument is a known constant (absent arguments count as constant). */
function constantArgument(ctx: CallCtx, a: SinkArg): boolean {
  if (a.mode && a.mode !== "value" && a.mode !== "str") return false;
  const { val } = argOf(ctx, a);
  if (!val) return !ctx.args.splat;
  return possibleConstants(val) !== undefined;
}

function sinkSite(f: Frame, spec: SinkSpec, ctx: CallCtx): SinkSite {
  return {
    path: f.model.path,
    region: regionOf(f.model.src, ctx.node.start, ctx.node.end),
    callee: ctx.callee,
    kind: spec.kind,
    ...(spec.level ? { level: spec.level } : {}),
  };
}

/** Reports taint reaching a sink; returns true when the call is a sink (whether or not tainted). */
export function checkSink(f: Frame, spec: SinkSpec, ctx: CallCtx): boolean {
  if (spec.unless?.some((c) => condition(f, ctx, c) === true)) return false;
  if (spec.unlessCaught && insideTryCatching(f, ctx.node, spec.unlessCaught)) return false;
  if (spec.resultCalled && !resultIsCalled(ctx.node)) return false;
  if (spec.unlessResultCalls && resultCalled(ctx.node, spec.unlessResultCalls)) return false;
  if (spec.when?.some((c) => condition(f, ctx, c) === false)) return false;
  if (spec.contentType && !htmlDeclared(f, spec.contentType)) return false;
  const bit = f.knowledge.mask([spec.kind]);
  const site = sinkSite(f, spec, ctx);
  const syntax = f.knowledge.syntaxes.get(spec.kind);
  for (const a of spec.args) {
    if (a.mode === "unescaped") {
      // the finding names the template variable: `render (template variable notes)`
      for (const d of templateDangers(f, ctx, a)) {
        const at = { ...site, callee: `${site.callee} (template variable ${d.variable}${d.url ? ", which begins a URL attribute" : ""})` };
        for (const l of d.t) if (l.mask & bit) hit(f, at, l);
      }
      continue;
    }
    // a parameter given whole as an argument vector: its callers' vectors are judged by their programs
    const whole = a.mode === "argv" && !argvShaped(argOf(ctx, a).val);
    for (const l of dangerAt(f, ctx, a, syntax)) if (l.mask & bit) hit(f, site, l, whole);
  }
  f.host.sinkEvaluated(site, spec.args.every((a) => constantArgument(ctx, a)));
  return true;
}

/** The node is in the body of a `try` of its function with a handler naming one of `classes` (`except re.error:`). */
function insideTryCatching(f: Frame, node: PyNode, classes: readonly string[]): boolean {
  const names = (n: PyNode, out: string[]): string[] => {
    if (n.type === "identifier" || n.type === "attribute") out.push(f.model.qualifiedName(n) ?? "");
    else if (n.type !== "block") for (const c of n.namedChildren) names(c, out);
    return out;
  };
  for (let n = node, p = node.parent; p; n = p, p = p.parent) {
    if (p.type === "function_definition" || p.type === "class_definition" || p.type === "lambda") return false;
    if (p.type !== "try_statement" || n.field !== "body") continue;
    for (const h of p.namedChildren) {
      if (h.type === "except_clause" && names(h, []).some((q) => classes.includes(q))) return true;
    }
  }
  return false;
}

/** A label reaching a sink: a finding for a real source, a summary entry for a parameter (`argv`: see `SinkHit.argv`). */
export function hit(f: Frame, site: SinkSite, l: Label, argv = false): void {
  if (f.devOnly || f.options.parent) {
    if (f.silenced() & f.knowledge.mask([site.kind])) return;
  }
  if (l.src) f.host.report(site, l);
  else f.addSinkHit({ site, param: l.param, ppath: l.ppath, mask: l.mask, trace: l.trace, ...(argv ? { argv } : {}) });
}

/** The value a guard checks as written: its argument, else the receiver of a method or the first argument. */
function guardSubject(ctx: CallCtx, g: GuardSpec): Val | undefined {
  return g.arg ? argOf(ctx, g.arg).val : ctx.recv ?? argOf(ctx, { pos: 0 }).val;
}

function guardFacts(f: Frame, info: CallInfo, ctx: CallCtx): GuardFacts | undefined {
  const yes: Refinement[] = [];
  const no: Refinement[] = [];
  for (const g of info.guards) {
    if (g.when && condition(f, ctx, g.when) !== true) continue;
    const written = g.arg ? argOf(ctx, g.arg).node : ctx.recvNode ?? argOf(ctx, { pos: 0 }).node;
    // `str(p).startswith(base)` checks `p`
    const subjectNode = convertedSubject(f, written ?? null);
    const p = guardPath(f, subjectNode);
    const subject = subjectNode !== (written ?? null) && p && !p[0]!.startsWith(READ_KEY) ? readPath(f, attrPath(p), subjectNode!) : guardSubject(ctx, g);
    if (g.normalized && !subject?.norm) continue;
    if (!p) continue;
    yes.push({ path: p, mask: f.knowledge.mask(g.kinds) });
    // a normalised path built from a parameter (`realpath(join(base, path))`) checked for containment: the
    // parameter is contained too, so a function returning whether the check passed validates it for callers
    if (g.normalized && subject) yes.push(...containedParams(f, subject, p, f.knowledge.mask(g.kinds)));
    if (g.falseExcludes) no.push({ path: p, mask: 0, ex: g.falseExcludes });
    if (g.falseKinds) no.push({ path: p, mask: f.knowledge.mask(g.falseKinds) });
  }
  for (const g of info.regexGuards) {
    const pattern = g.pattern ? argOf(ctx, g.pattern).val : ctx.recv?.attrs?.get("pattern");
    const { node } = argOf(ctx, g.subject);
    const p = guardPath(f, node ?? null);
    if (!p || !pattern || !isClean(pattern) || pattern.c?.t !== "str") continue;
    const flags = g.pattern ? argOf(ctx, g.flags ?? {}) : { val: ctx.recv?.attrs?.get("flags") };
    const multiline = mayBeMultiline(f, flags.val, flags.node);
    const mask = regexSafety(pattern.c.v, g.anchoring, (k) => f.knowledge.mask(k), multiline);
    if (mask) yes.push({ path: p, mask });
    // a search that finds no forbidden character: the subject holds none of them
    const rejected = g.anchoring === "none" ? rejectionFacts(pattern.c.v, (k) => f.knowledge.mask(k)) : undefined;
    if (rejected) no.push({ path: p, ...rejected });
  }
  return yes.length || no.length ? { yes, no } : undefined;
}

/** Refinements for the parameters a checked normalised path was built from and that still hold their own value. */
export function containedParams(f: Frame, subject: Val, checked: readonly string[], mask: number): Refinement[] {
  if (!f.fn) return [];
  const params = paramNodes(f.fn).params;
  const out: Refinement[] = [];
  for (const l of flat(subject)) {
    if (l.param < 0 || l.ppath !== "") continue;
    const name = params[l.param]?.name;
    if (!name || (checked.length === 1 && checked[0] === name)) continue;
    const own = f.state.env.get(name);
    if (own && flat(own).some((x) => x.param === l.param && x.ppath === "")) out.push({ path: [name], mask });
  }
  return out;
}

// ---- project functions ---------------------------------------------------------------------

export interface ProjectCallResult {
  ret: Val;
  /** The receiver after a method call that mutated it. */
  selfAfter?: Val;
}

/**
 * An argument written as the name of a library function or type (`type=int`, `parse=dateutil.parser.parse`): a
 * builtin or an imported name, not a variable that holds one on some path (and `None` on another, which the value
 * would not show).
 */
function namedCallable(f: Frame, node: PyNode | null | undefined): boolean {
  const n = unparen(node ?? null);
  if (n?.type === "identifier") {
    if (f.state.env.has(n.text)) return false;
    const bindings = f.model.lookup(n.text, n);
    return (!bindings || bindings.every((b) => b.kind === "import")) && f.model.qualifiedName(n) !== undefined;
  }
  return n?.type === "attribute" && isNameChain(n) && !isLocalHead(f, n) && f.model.qualifiedName(n) !== undefined;
}

/** Calls a project function through its summary; `self` is the receiver of a bound method. */
export function callProject(f: Frame, ref: FunctionRef, ctx: CallCtx, self?: Val): ProjectCallResult {
  const generic = f.host.summary(ref);
  if (!generic) return { ret: tainted(union(inputs(ctx), self ? flat(self) : CLEAN)) };
  const { actuals, nodes } = bind(generic, ctx, self);
  // constant arguments may decide branches and indices inside: analyse the function for them
  let summary: Summary = generic;
  const consts = new Map<number, Val>();
  for (const i of generic.decisive) {
    const v = actuals[i];
    if (v && isClean(v) && (v.c || (knownCallable(v) && namedCallable(f, nodes[i]))) && !v.seq && !(self && i === 0)) consts.set(i, v);
  }
  // a typed object passed to an untyped parameter (`helper(request)`): analyse with its type
  actuals.forEach((v, i) => {
    if (v.type && !(self && i === 0) && !consts.has(i) && !generic.typed.includes(i)) {
      consts.set(i, { t: [paramLabel(i, "", f.knowledge.allKinds)], type: v.type });
    }
  });
  // a method whose branches depend on the receiver's settings (`self.strict`): analyse it for the
  // receiver's constant attributes, keeping the receiver itself symbolic
  if (self && generic.decisive.includes(0) && self.attrs) {
    const fixed = new Map([...self.attrs].filter(([, x]) => isClean(x) && x.c !== undefined && !x.seq));
    if (fixed.size > 0) consts.set(0, { t: [paramLabel(0, "", f.knowledge.allKinds)], ...(self.type ? { type: self.type } : {}), attrs: fixed });
  }
  if (consts.size > 0) summary = f.host.summary(ref, consts) ?? generic;
  const name = ref.qualified.split(".").pop() ?? "function";
  const steps = summary.params.names.map((p, i) => {
    const n = nodes[i];
    return n ? f.step(n, `passed to ${name}() as ${p}`, "call") : null;
  });
  const sub = new Substitution(actuals, steps);
  for (const h of summary.sinkHits) {
    const v = sub.label(paramLabel(h.param, h.ppath, h.mask, h.trace));
    const bit = f.knowledge.mask([h.site.kind]);
    // an argument vector the callee ran whole is judged by its program here too, and stays whole where it is unknown
    const whole = h.argv === true && !argvShaped(v);
    for (const l of h.argv ? argvTaint(v) : flat(v)) if (l.mask & bit) hit(f, h.site, l, whole);
  }
  let selfAfter: Val | undefined;
  for (const [i, effect] of summary.effects) {
    const v = sub.value(effect);
    if (self && i === 0) selfAfter = v;
    else if (nodes[i]) writeBack(f, nodes[i]!, v);
  }
  // a function defined here and handed to a helper that calls it (`_execute(run)`, `def run(cursor): cursor.execute(sql)`):
  // what it does with the values it holds from here happens during this call (the arguments the helper gives it are unknown)
  actuals.forEach((v, i) => {
    if (v.fn && generic.decisive.includes(i) && !(self && i === 0)) {
      callClosure(f, v.fn, { node: ctx.node, args: { pos: [], posNodes: [], kw: new Map(), kwNodes: new Map() }, callee: ctx.callee });
    }
  });
  if (summary.neverReturns) f.state.live = false;
  let ret = sub.value(summary.ret);
  const yes: Refinement[] = [];
  for (const [i, mask] of summary.validates) {
    const p = guardPath(f, nodes[i] ?? null);
    if (p) yes.push({ path: p, mask });
  }
  if (yes.length) ret = { ...ret, g: { yes, no: [] } };
  return selfAfter ? { ret, selfAfter } : { ret };
}

/** A model's fields as a dict (`PropagatorSpec.fieldsDict`): keys are field names; known attributes keep their values. */
function fieldsDict(recv: Val): Val {
  const keys = new Map<string, Val>();
  for (const [name, x] of recv.attrs ?? []) keys.set(pyRepr({ t: "str", v: name }), x);
  let rest: Taint = recv.t;
  // fields not set here hold what the object holds besides its known attributes
  if (recv.rest) rest = union(rest, recv.rest);
  return { t: CLEAN, seq: "dict", keys, rest };
}

/** Maps call arguments to parameter indices. */
function bind(s: Summary, ctx: CallCtx, self?: Val): { actuals: Val[]; nodes: (PyNode | undefined)[] } {
  const p = s.params;
  const actuals: (Val | undefined)[] = new Array(p.names.length).fill(undefined);
  const nodes: (PyNode | undefined)[] = new Array(p.names.length).fill(undefined);
  let i = 0;
  if (self) {
    actuals[0] = self;
    nodes[0] = ctx.recvNode ?? undefined;
    i = 1;
  }
  const extra: Val[] = [];
  ctx.args.pos.forEach((v, j) => {
    if (i < p.positional && i !== p.varargs) {
      actuals[i] = v;
      nodes[i] = ctx.args.posNodes[j];
      i++;
    } else extra.push(v);
  });
  const extraKw = new Map<string, Val>();
  for (const [k, v] of ctx.args.kw) {
    const idx = p.names.indexOf(k);
    if (idx >= 0 && idx !== p.varargs && idx !== p.kwargs) {
      actuals[idx] = v;
      nodes[idx] = ctx.args.kwNodes.get(k);
    } else extraKw.set(k, v);
  }
  if (p.varargs >= 0) {
    const v: Val = { t: CLEAN, seq: "tuple", items: extra };
    actuals[p.varargs] = ctx.args.splat ? { t: CLEAN, seq: "tuple", rest: union(flat(v), flat(ctx.args.splat)) } : v;
  }
  if (p.kwargs >= 0) {
    const keys = new Map<string, Val>();
    for (const [k, v] of extraKw) keys.set(`'${k}'`, v);
    // `f(**kwargs)` forwarding a mapping whose entries are told apart by name: the callee's `**kwargs` is that
    // mapping, so `kwargs.get("name")` there is the caller's `kwargs["name"]` (not every forwarded entry)
    const kwPart = ctx.args.splatParts?.kw;
    actuals[p.kwargs] = kwPart ? { t: flat(kwPart), seq: "dict", keys, rest: CLEAN } : { t: CLEAN, seq: "dict", keys, rest: ctx.args.splat ? flat(ctx.args.splat) : CLEAN };
  }
  const first = i;
  for (let j = 0; j < actuals.length; j++) {
    if (actuals[j]) continue;
    const dflt = s.params.defaults.get(j);
    const parts = ctx.args.splatParts;
    if (ctx.args.splat && parts && j !== p.varargs && j !== p.kwargs) {
      // `f(*a, **m)` of known parts: the k-th positional parameter left may be `a[k]`, any named one `m["name"]`
      const fromPos = parts.pos && (extra.length > 0 || j < first || j >= p.positional ? parts.pos : itemAt(parts.pos, { t: "int", v: j - first }));
      const fromKw = parts.kw && itemAt(parts.kw, { t: "str", v: p.names[j]! });
      actuals[j] = fromPos && fromKw ? join(fromPos, fromKw) : fromPos ?? fromKw ?? ctx.args.splat;
    } else actuals[j] = ctx.args.splat ? ctx.args.splat : dflt ?? CLEAN_VAL;
  }
  return { actuals: actuals as Val[], nodes };
}

/**
 * `filter_class = LooseFilter if settings.LOOSE else StrictFilter` then `filter_class(request.GET)`: the qualified
 * names of the two classes a local name's only assignment chooses between, each a project class or one the models
 * know; calling the name makes an instance of one of them.
 */
function chosenClasses(f: Frame, name: PyNode): [string, string] | undefined {
  const bindings = f.model.lookup(name.text, name);
  const b = bindings?.length === 1 ? bindings[0]! : undefined;
  const v = b?.kind === "assign" ? unparen(b.value ?? null) : null;
  if (v?.type !== "conditional_expression") return undefined;
  const [a, , c] = v.namedChildren;
  const names = [a, c].map((x) => (x ? f.model.qualifiedName(x) : undefined));
  const isClass = (q: string | undefined): q is string => {
    if (!q) return false;
    const r = f.host.index.resolve(q, f.model.path);
    return r ? r.kind === "class" : f.knowledge.call(q) !== undefined;
  };
  return isClass(names[0]) && isClass(names[1]) ? [names[0], names[1]] : undefined;
}

/**
 * An instance of one of two classes: what either call gives, of the type of their nearest common base (two filter
 * sets of a project are both `django_filters.FilterSet`s), so that what the models say of that base still applies.
 */
function chosenInstance(f: Frame, [a, b]: [string, string], ctx: CallCtx): Val {
  const v = join(callQualified(f, a, ctx), callQualified(f, b, ctx));
  if (v.type) return v;
  const lineage = (q: string): readonly string[] => {
    const r = f.host.index.resolve(q, f.model.path);
    return r?.kind === "class" ? [r.cls.qualified, ...f.host.index.ancestors(r.cls)] : [q];
  };
  const theirs = new Set(lineage(b));
  const common = lineage(a).find((x) => theirs.has(x));
  if (!common) return v;
  const r = f.host.index.resolve(common, f.model.path);
  const type = r?.kind === "class" ? r.cls.qualified : f.knowledge.classType(common)?.type;
  return type ? { ...v, type } : v;
}

/** `Cls(...)`: runs `__init__` on a fresh instance, or fills declared fields (dataclass, pydantic). */
function instantiate(f: Frame, cls: ClassInfo, ctx: CallCtx): Val {
  const obj: Val = { t: CLEAN, type: cls.qualified, oid: f.oid(ctx.node) };
  // `Mode(value)` looks a member up (or raises): the member is one of the class's own constants
  if (f.host.index.ancestors(cls).some((a) => a.startsWith("enum."))) return obj;
  const init = f.host.index.findMethod(cls, "__init__");
  if (init) {
    const res = callProject(f, init, ctx, obj);
    return res.selfAfter ? { ...res.selfAfter, type: cls.qualified } : obj;
  }
  const fields = [...collectFields(f, cls)];
  if (fields.length > 0) {
    let out: Val = obj;
    ctx.args.pos.forEach((v, i) => {
      const name = fields[i];
      if (name) out = setAttr(out, name, v);
    });
    for (const [k, v] of ctx.args.kw) out = setAttr(out, k, v);
    if (ctx.args.splat) out = { ...out, t: flat(ctx.args.splat) };
    return out;
  }
  // fields assigned a field call (`asset_type = models.CharField()`, a form's or serializer's fields): the
  // library constructor binds keywords to them, as `super().__init__(**kwargs)` would
  if (declaresFields(f, cls)) return boundByConstructor(obj, ctx.args);
  const t = inputs(ctx);
  return t.length ? { t, type: cls.qualified } : obj;
}

function collectFields(f: Frame, cls: ClassInfo, seen = new Set<string>()): string[] {
  if (seen.has(cls.qualified)) return [];
  seen.add(cls.qualified);
  const out: string[] = [];
  for (const b of cls.bases) {
    const base = f.host.index.baseClass(b, cls.path);
    if (base) out.push(...collectFields(f, base, seen));
  }
  for (const k of cls.fields.keys()) if (!out.includes(k)) out.push(k);
  return out;
}

// ---- closures ------------------------------------------------------------------------------

/** Calls a local function or lambda in place, with the actual argument values. */
export function callClosure(f: Frame, fn: Closure, ctx: CallCtx): Val {
  if (f.inlineDepth >= MAX_INLINE_DEPTH) return tainted(inputs(ctx));
  const env = fn.owner === f.fn ? f.state.env : fn.env;
  const child = new Frame(f.host, fn.model, fn.node, {
    closureEnv: env,
    inlineDepth: f.inlineDepth + 1,
    parent: f,
    ...(f.options.cls ? { cls: f.options.cls } : {}),
  });
  const { params, info } = paramNodes(fn.node);
  const extra: Val[] = [];
  let i = 0;
  for (const v of ctx.args.pos) {
    if (i < info.positional && i !== info.varargs) child.assign(params[i++]!.name, v);
    else extra.push(v);
  }
  for (const [k, v] of ctx.args.kw) if (info.names.includes(k)) child.assign(k, v);
  if (info.varargs >= 0) child.assign(params[info.varargs]!.name, { t: CLEAN, seq: "tuple", items: extra });
  params.forEach((p, j) => {
    if (child.state.env.has(p.name)) return;
    if (ctx.args.splat) child.assign(p.name, ctx.args.splat);
    else if (j === info.kwargs) child.assign(p.name, { t: CLEAN, seq: "dict", keys: new Map(), rest: CLEAN });
    else {
      const c = p.default ? fn.model.constant(p.default) : undefined;
      child.assign(p.name, c ? constVal(c) : CLEAN_VAL);
    }
  });
  child.rebound.clear();
  let ret: Val;
  const body = fn.node.get("body");
  if (fn.node.type === "lambda") ret = evalExpr(child, body);
  else {
    execBody(child, body);
    ret = child.returns ?? CLEAN_VAL;
  }
  for (const h of child.sinkHits) f.addSinkHit(h);
  return ret;
}

/**
 * The call's result is itself called: in place (`getattr(m, name)()`), or through a plain name it is
 * assigned to and that is called later in the same function or module body (`fn = getattr(m, name)` … `fn(x)`).
 */
function resultIsCalled(call: PyNode): boolean {
  let known = RESULT_CALLED.get(call);
  if (known === undefined) RESULT_CALLED.set(call, (known = resultIsCalledIn(call)));
  return known;
}

/** `resultIsCalled`'s answers: a question of the syntax alone, asked again on each pass over a loop and each analysis of the function. */
const RESULT_CALLED = new WeakMap<PyNode, boolean>();

function resultIsCalledIn(call: PyNode): boolean {
  let n = call;
  while (n.parent?.type === "parenthesized_expression") n = n.parent;
  const p = n.parent;
  if (p?.type === "call" && n.field === "function") return true;
  if (p?.type !== "assignment" || n.field !== "right" || p.get("left")?.type !== "identifier") return false;
  const name = p.get("left")!.text;
  let body: PyNode | null = p.parent;
  while (body && body.type !== "function_definition" && body.type !== "module") body = body.parent;
  let called = false;
  if (body) {
    walk(body, (x) => {
      if (called) return false;
      if (x.type === "call" && x.start > p.start && unparen(x.get("function"))?.type === "identifier" && unparen(x.get("function"))!.text === name) called = true;
      return !called;
    });
  }
  return called;
}

/** `call.m()` with `m` one of `methods`: the call's result is used only as that method's receiver. */
function resultCalled(call: PyNode, methods: readonly string[]): boolean {
  const attr = call.parent;
  if (attr?.type !== "attribute" || call.field !== "object") return false;
  return methods.includes(attr.get("attribute")?.text ?? "") && attr.parent?.type === "call" && attr.field === "function";
}
