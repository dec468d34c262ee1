/**
 * Calls that run a function with arguments, now or later (see `InvokerSpec`): task queues,
 * executors, threads. The function is analysed as called with the passed-on arguments at the
 * invoking call, so its sinks are reported with that call site in the trace. Also calls that
 * write data where it is read back later (`WriteSpec`).
 */
import { unparen, type PyNode } from "../parse/ast.js";
import { argOf, callClosure, callPartial, callProject, callQualified, writeBack, type Args, type CallCtx } from "./calls.js";
import type { Frame } from "./frame.js";
import type { CallInfo } from "./knowledge.js";
import { restrict, union } from "./labels.js";
import type { InvokerSpec, WriteSpec } from "./model-types.js";
import { absorb, CLEAN_VAL, flat, hasMiddle, isClean, shaped, tainted, type Val } from "./value.js";

/** Whether a value is a function the analysis can call: a closure, a partial, a project function. */
function isFunction(f: Frame, v: Val): boolean {
  if (v.fn || v.partial) return true;
  if (!v.q || !isClean(v)) return false;
  const r = f.host.index.resolve(v.q, f.model.path);
  return r?.kind === "function" || r?.kind === "method";
}

/** The invokers of `recv.method(...)` when `recv` is a function (`task.delay`, `actor.send`). */
export function functionInvokers(f: Frame, recv: Val, method: string): CallInfo | undefined {
  if (recv.type || !isFunction(f, recv)) return undefined;
  const info = f.knowledge.untypedMethod(method, f.imports);
  if (!info?.invokers.some((v) => v.target === "receiver")) return undefined;
  return { ...info, invokers: info.invokers.filter((v) => v.target === "receiver") };
}

/**
 * A tuple or dict literal whose shape is known: its own taint and that of unknown positions or keys is
 * empty, whatever its known elements hold (`args=(request_value, "merge")` passes each on as itself).
 */
function shallowClean(v: Val): boolean {
  return v.t.length === 0 && !v.rest?.length && !v.kt?.length;
}

/** The arguments an invoker passes on to the function it runs. */
function passedOn(spec: InvokerSpec, ctx: CallCtx): Args {
  const args: Args = { pos: [], posNodes: [], kw: new Map(), kwNodes: new Map() };
  if (spec.argsFrom !== undefined) {
    args.pos = ctx.args.pos.slice(spec.argsFrom);
    args.posNodes = ctx.args.posNodes.slice(spec.argsFrom);
  }
  if (spec.kwargs) {
    const targetKw = spec.target !== "receiver" ? spec.target.kw : undefined;
    for (const [k, v] of ctx.args.kw) {
      if (k === targetKw || spec.reserved?.includes(k) || k === spec.argsArg?.kw || k === spec.kwargsArg?.kw) continue;
      args.kw.set(k, v);
      const n = ctx.args.kwNodes.get(k);
      if (n) args.kwNodes.set(k, n);
    }
  }
  if (spec.argsArg) {
    const { val, node } = argOf(ctx, spec.argsArg);
    if (val) {
      const s = shaped(val);
      const literal = node ? unparen(node) : null;
      const elements = literal && (literal.type === "tuple" || literal.type === "list") ? literal.namedChildren : [];
      if (s.items && !hasMiddle(s) && shallowClean(s)) {
        s.items.forEach((x, i) => {
          args.pos.push(x);
          args.posNodes.push(elements[i] ?? node!);
        });
      } else args.splat = tainted(flat(val));
    }
  }
  if (spec.kwargsArg) {
    const { val, node } = argOf(ctx, spec.kwargsArg);
    if (val) {
      const s = shaped(val);
      if (s.seq === "dict" && s.keys && shallowClean(s)) {
        for (const [k, x] of s.keys) {
          const name = k.replace(/^['"]|['"]$/g, "");
          args.kw.set(name, x);
          if (node) args.kwNodes.set(name, node as PyNode);
        }
      } else args.splat = args.splat ? tainted(union(flat(args.splat), flat(val))) : tainted(flat(val));
    }
  }
  if (ctx.args.splat && spec.argsFrom !== undefined) args.splat = args.splat ? tainted(union(flat(args.splat), flat(ctx.args.splat))) : ctx.args.splat;
  return args;
}

/**
 * `archive.extractall(dest)`, `upload.save(path)`: the written data's taint, restricted to the kinds
 * that stay dangerous in a file's contents, joins the folder or file argument's variable, so what
 * is read back from there (`open(os.path.join(dest, "plugin.py")).read()`) carries it.
 */
export function writeInto(f: Frame, spec: WriteSpec, ctx: CallCtx): void {
  const data = spec.from === "receiver" ? ctx.recv : argOf(ctx, spec.from).val;
  const { val, node } = argOf(ctx, spec.to);
  if (!data || !val || !node) return;
  const kept = restrict(flat(data), f.knowledge.mask(spec.kinds));
  if (kept.length > 0) writeBack(f, node, absorb(val, tainted(kept)));
}

/** Whether the call is a later step of a pipeline (see `InvokerSpec.chained`). */
function isChainedStep(f: Frame, spec: NonNullable<InvokerSpec["chained"]>, call: PyNode): boolean {
  let node = call;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  const parent = node.parent;
  if (spec.pipe && parent?.type === "binary_operator" && parent.get("right") === node && parent.children.some((c) => c.type === "|")) return true;
  if (parent?.type !== "argument_list" || node.field) return false;
  const outer = parent.parent;
  const callee = outer?.type === "call" ? outer.get("function") : null;
  if (!callee) return false;
  const named = (n: PyNode | null, names: string[]) => {
    const q = n && (n.type === "identifier" || n.type === "attribute") ? f.model.qualifiedName(n) : undefined;
    return q !== undefined && names.includes(q);
  };
  if (named(callee, spec.after)) return parent.namedChildren.filter((c) => c.type !== "keyword_argument").indexOf(node) > 0;
  return callee.type === "call" && named(callee.get("function"), spec.applied ?? []);
}

/** Runs the function an invoker names with the arguments it passes on; its result, when the function was found. */
export function invoke(f: Frame, spec: InvokerSpec, ctx: CallCtx): Val | undefined {
  const target = spec.target === "receiver" ? ctx.recv : argOf(ctx, spec.target).val;
  if (!target) return undefined;
  const args = passedOn(spec, ctx);
  if (spec.chained && isChainedStep(f, spec.chained, ctx.node)) {
    // the previous step's result comes first
    args.pos.unshift(CLEAN_VAL);
    args.posNodes.unshift(ctx.node);
  }
  const inner: CallCtx = { node: ctx.node, args, callee: ctx.callee };
  if (target.fn) return callClosure(f, target.fn, inner);
  if (target.partial) return callPartial(f, target.partial, inner);
  // a function by value, or named by a string (`send_task("tasks.resize", ...)`, `enqueue("jobs.run", ...)`)
  const q = target.q && isClean(target) ? target.q : isClean(target) && target.c?.t === "str" ? target.c.v : undefined;
  if (!q) return undefined;
  const r = f.host.index.resolve(q, f.model.path);
  if (r?.kind === "function") {
    // a bound task (`@app.task(bind=True) def resize(self, ...)`) receives the task first
    const bound = f.host.summary(r.fn)?.params.names[0] === "self";
    return callProject(f, r.fn, inner, bound ? CLEAN_VAL : undefined).ret;
  }
  return target.q ? callQualified(f, q, inner) : undefined;
}
