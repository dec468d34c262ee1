/**
 * Library objects that store values under keys (`MappingSpec`): built like dicts, read and written
 * through their own methods (`conf.get(section, option)`, `msg.add_header(name, value)`), precise
 * per constant key. Nested levels are dicts typed `type[level]`, so subscripts on them know
 * whether keys compare case-insensitively.
 */
import { pyRepr, type PyValue } from "../model/values.js";
import { argOf, writeBack, type CallCtx } from "./calls.js";
import type { Frame } from "./frame.js";
import { mappingLevelType } from "./knowledge.js";
import { CLEAN, union } from "./labels.js";
import type { ArgRef, MappingSpec } from "./model-types.js";
import { absorb, CLEAN_VAL, flat, index, isClean, join, setItem, shaped, type Val } from "./value.js";

function emptyLevel(spec: MappingSpec, level: number): Val {
  const type = spec.type ? mappingLevelType(spec.type, level) : undefined;
  return { t: CLEAN, seq: "dict", keys: new Map(), rest: CLEAN, ...(type ? { type } : {}) };
}

function keyAt(f: Frame, ctx: CallCtx, ref: ArgRef, container: Val): PyValue | undefined {
  const v = argOf(ctx, ref).val;
  return v && isClean(v) ? f.knowledge.mappingKey(container.type, v.c) : undefined;
}

function hasKey(v: Val, key: PyValue | undefined): boolean {
  return key !== undefined && shaped(v).keys?.has(pyRepr(key)) === true;
}

/** The entry under `keys` (one per level), falling back to the fallback section on a miss. */
function lookup(f: Frame, spec: MappingSpec, recv: Val, ctx: CallCtx, keys: readonly ArgRef[]): { v: Val; missed: boolean } {
  let v = recv;
  let missed = false;
  let first: PyValue | undefined;
  keys.forEach((ref, level) => {
    const key = keyAt(f, ctx, ref, v);
    if (level === 0) first = key;
    let next = index(v, key);
    if (!hasKey(v, key)) {
      missed = true;
      if (level === 1 && spec.fallbackKey !== undefined && !(first?.t === "str" && first.v === spec.fallbackKey)) {
        const fallback = index(recv, { t: "str", v: spec.fallbackKey });
        const fkey = keyAt(f, ctx, ref, fallback);
        if (hasKey(fallback, fkey)) {
          missed = false;
          next = join(next, index(fallback, fkey));
        }
      }
    }
    v = next;
  });
  return { v, missed };
}

/** The mapping with `value` stored under `keys`; intermediate levels are created as needed. */
function store(f: Frame, spec: MappingSpec, v: Val, ctx: CallCtx, keys: readonly ArgRef[], level: number, value: Val): Val {
  const key = keyAt(f, ctx, keys[level]!, v);
  if (level === keys.length - 1) return setItem(v, key, value);
  let inner = index(v, key);
  if (shaped(inner).seq !== "dict") inner = { ...emptyLevel(spec, level + 1), rest: flat(inner) };
  return setItem(v, key, store(f, spec, inner, ctx, keys, level + 1, value));
}

/** `Mapping(...)`: an empty mapping, a copy, a chain of mappings, or parsed data of unknown keys. */
export function constructMapping(f: Frame, spec: MappingSpec, ctx: CallCtx): Val {
  let out: Val = { ...emptyLevel(spec, 0), oid: f.oid(ctx.node) };
  const from = spec.from ? argOf(ctx, spec.from).val : ctx.args.pos[0];
  if (spec.init === "copy" && from) {
    const s = shaped(from);
    out = s.seq === "dict" ? { ...s, c: undefined, ...(spec.type ? { type: spec.type } : {}), oid: out.oid! } : absorb(out, s);
  } else if (spec.init === "chain") {
    // the first mapping holding a key wins: overlay from the last to the first
    for (const m of [...ctx.args.pos].reverse()) {
      const s = shaped(m);
      if (s.seq !== "dict") {
        out = absorb(out, s);
        continue;
      }
      const keys = new Map(out.keys ?? []);
      for (const [k, x] of s.keys ?? []) keys.set(k, x);
      out = { ...out, keys, rest: union(out.rest ?? CLEAN, union(s.t, s.rest ?? CLEAN)) };
    }
  } else if (spec.init === "absorb" && from) out = absorb(out, from);
  if (spec.init === "copy") for (const [k, x] of ctx.args.kw) out = setItem(out, { t: "str", v: k }, x);
  if (ctx.args.splat) out = absorb(out, ctx.args.splat);
  const missing = spec.factory ? factoryResult(argOf(ctx, spec.factory).val) : undefined;
  return missing ? { ...out, missing } : out;
}

/** What calling a builtin container type with no arguments makes (`list` → `[]`). */
function factoryResult(factory: Val | undefined): Val | undefined {
  switch (factory?.q) {
    case "builtins.list":
      return { t: CLEAN, seq: "list", items: [] };
    case "builtins.dict":
      return { t: CLEAN, seq: "dict", keys: new Map(), rest: CLEAN };
    case "builtins.set":
      return { t: CLEAN, seq: "set", rest: CLEAN };
    case "builtins.int":
      return { t: CLEAN, c: { t: "int", v: 0 } };
    case "builtins.str":
      return { t: CLEAN, c: { t: "str", v: "" } };
    default:
      return undefined;
  }
}

/** A get/set/absorb method of a mapping; undefined for other methods. */
export function mappingMethod(f: Frame, spec: MappingSpec, recv: Val, method: string, ctx: CallCtx): Val | undefined {
  for (const g of spec.get ?? []) {
    if (!g.method.includes(method)) continue;
    const { v, missed } = lookup(f, spec, recv, ctx, g.keys);
    const dflt = g.default ? argOf(ctx, g.default).val : undefined;
    return missed && dflt ? join(v, dflt) : v;
  }
  for (const s of spec.set ?? []) {
    if (!s.method.includes(method)) continue;
    const value = s.value ? argOf(ctx, s.value).val ?? CLEAN_VAL : emptyLevel(spec, s.keys.length);
    writeBack(f, ctx.recvNode ?? null, store(f, spec, recv, ctx, s.keys, 0, value));
    return CLEAN_VAL;
  }
  for (const a of spec.absorb ?? []) {
    if (!a.method.includes(method)) continue;
    const v = argOf(ctx, a.arg).val;
    if (v && !isClean(v)) writeBack(f, ctx.recvNode ?? null, absorb(recv, v));
    return CLEAN_VAL;
  }
  return undefined;
}
