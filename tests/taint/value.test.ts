/**
 * The value operations the engine runs most (isClean, mapTaint, join, bounded, summary
 * substitution) hand back an input itself when they would only copy it. These tests pin down that
 * the shortcuts give the same content as the full computation, and that nothing is mutated.
 */
import { describe, expect, it, vi } from "vitest";
import { extendTrace, paramLabel, restrict, sourceLabel, sourcesOnly, type Label, type Taint } from "../../src/taint/labels.js";
import { absorb, bounded, CLEAN_VAL, constVal, element, flat, hasMiddle, index, isClean, join, mapTaint, sameVal, seqOf, type Val } from "../../src/taint/value.js";
import { Substitution } from "../../src/taint/summary.js";
import { joinStateList, joinStates, READ_KEY, type State } from "../../src/taint/frame.js";

const SQL = 1;
const SHELL = 2;
const step = (line: number) => ({ path: "views.py", region: { startLine: line, startColumn: 1, endLine: line, endColumn: 9 }, message: "request.args", kind: "source" as const });
const src = (line: number, mask = SQL | SHELL): Label =>
  sourceLabel({ key: `views.py:${line}:request.args`, label: "request.args", path: "views.py", line, local: false }, mask, extendTrace(null, step(line)));

const str = (v: string): Val => constVal({ t: "str", v });
/** A dict nested `n` levels deep whose innermost entry carries `t`. */
function nested(n: number, t: Taint): Val {
  let v: Val = { t };
  for (let i = 0; i < n; i++) v = { t: [], seq: "dict", keys: new Map([["'k'", v]]), rest: [] };
  return v;
}

describe("isClean", () => {
  it("agrees with flat() on nested values, string pieces, and past the depth limit", () => {
    const cases: Val[] = [
      CLEAN_VAL,
      str("admin"),
      { t: [src(3)] },
      { t: [], seq: "list", items: [str("a"), { t: [], attrs: new Map([["name", { t: [src(4)] }]]) }] },
      { t: [], parts: ["SELECT * FROM t WHERE id = '", { t: [src(5)] }, "'"] },
      { t: [], parts: ["ls ", str("-l")] },
      { t: [], seq: "set", rest: [src(6)] },
      { t: [], seq: "dict", keys: new Map(), kt: [src(7)] },
      nested(3, [src(8)]),
      // the taint sits deeper than flat() looks: both call it clean
      nested(9, [src(9)]),
      nested(9, []),
    ];
    for (const v of cases) expect(isClean(v)).toBe(flat(v).length === 0);
    expect(isClean(nested(9, [src(9)]))).toBe(true);
    expect(isClean(nested(3, [src(8)]))).toBe(false);
  });
});

describe("mapTaint", () => {
  const user = src(10);
  const v: Val = { t: [], seq: "dict", keys: new Map([["'name'", { t: [user] }], ["'role'", str("admin")]]), rest: [] };

  it("returns the value itself when the transformation changes no label", () => {
    expect(mapTaint(v, (t) => t)).toBe(v);
    expect(mapTaint(v, sourcesOnly)).toBe(v);
    expect(mapTaint(v, (t) => restrict(t, SQL | SHELL))).toBe(v);
  });

  it("copies what changes and shares what does not, leaving the input as it was", () => {
    const out = mapTaint(v, (t) => restrict(t, SQL));
    expect(out).not.toBe(v);
    expect(out.keys?.get("'name'")?.t[0]?.mask).toBe(SQL);
    expect(out.keys?.get("'role'")).toBe(v.keys?.get("'role'"));
    expect(v.keys?.get("'name'")?.t[0]?.mask).toBe(SQL | SHELL);
  });

  it("drops the string pieces of a value nested past the depth limit, as before", () => {
    const text: Val = { t: [], parts: ["a", { t: [user] }] };
    let deep = text;
    for (let i = 0; i < 6; i++) deep = { t: [], seq: "list", items: [deep] };
    let inner = mapTaint(deep, (t) => t);
    for (let i = 0; i < 6; i++) inner = inner.items![0]!;
    expect(inner.parts).toBeUndefined();
    expect(text.parts).toHaveLength(2);
  });
});

describe("join", () => {
  const a: Val = { t: [src(20)], type: "builtins.str" };

  it("returns a side itself when the other adds nothing, with the content the full join had", () => {
    const same: Val = { t: [...a.t], type: "builtins.str" };
    expect(join(a, same)).toBe(a);
    const list: Val = { t: [], seq: "list", items: [a, str("x")], rest: [] };
    const again: Val = { t: [], seq: "list", items: [a, list.items![1]!], rest: list.rest! };
    expect(join(list, again)).toBe(list);
  });

  it("builds a new value when the other side adds a label, and changes neither input", () => {
    const b: Val = { t: [src(21)], type: "builtins.str" };
    const out = join(a, b);
    expect(out).not.toBe(a);
    expect(out).not.toBe(b);
    expect(out.t.map((l) => l.key)).toEqual([a.t[0]!.key, b.t[0]!.key]);
    expect(a.t.length).toBe(1);
    expect(b.t.length).toBe(1);
  });

  it("keeps an unchanged dict's entries and attributes maps, and replaces them when an entry changes", () => {
    const d: Val = { t: [], seq: "dict", keys: new Map([["'q'", a]]), rest: [], attrs: new Map([["x", str("1")]]) };
    const grown: Val = { ...d, keys: new Map([["'q'", a], ["'r'", str("2")]]) };
    const out = join(d, grown);
    expect([...out.keys!.keys()]).toEqual(["'q'", "'r'"]);
    expect(out.attrs).toBe(d.attrs);
    expect(sameVal(join(grown, d), out)).toBe(true);
  });
});

describe("bounded", () => {
  it("returns a value within the bounds itself and collapses a deeper one", () => {
    const small: Val = { t: [], seq: "list", items: [str("a"), { t: [src(30)] }], rest: [] };
    expect(bounded(small)).toBe(small);
    const deep = nested(6, [src(31)]);
    const out = bounded(deep);
    expect(out).not.toBe(deep);
    expect(isClean(out)).toBe(false);
    expect(flat(out).map((l) => l.key)).toEqual(flat(deep).map((l) => l.key));
  });
});

describe("summary substitution", () => {
  const arg: Val = { t: [src(40)] };
  const sub = new Substitution([arg], [step(41)]);

  it("gives back a returned value that mentions no parameter as it is", () => {
    const ret: Val = { t: [src(42)], seq: "list", items: [str("ok")], rest: [] };
    expect(sub.value(ret)).toBe(ret);
    expect(sub.taint(ret.t)).toBe(ret.t);
  });

  it("replaces a parameter label with the argument's labels", () => {
    const ret: Val = { t: [], seq: "list", items: [{ t: [paramLabel(0, "", SQL)] }], rest: [] };
    const out = sub.value(ret);
    expect(out).not.toBe(ret);
    const label = out.items![0]!.t[0]!;
    expect(label.key).toBe(arg.t[0]!.key);
    expect(label.mask).toBe(SQL);
  });
});

describe("summary substitution of an object larger than a stored value", () => {
  // what a getter of a server registry returns (`return RoomHandler(self)`): a handler whose attributes were all
  // built from the server parameter, so each holds labels of the parameter and of access paths below it
  const SERVER = "app.server.HomeServer";
  const secret = src(50, SQL);
  const config: Val = { t: [], type: "app.config.Config", attrs: new Map([["secret", { t: [secret] }], ["database_path", str("/var/db")]]) };
  const server: Val = { t: [], type: SERVER, attrs: new Map([["config", config], ["hostname", str("example.com")]]) };
  const handlerAttr = (i: number): Val => ({ t: [paramLabel(0, "", SQL | SHELL), paramLabel(0, ".config", SQL | SHELL)], type: `app.handlers.Handler${i}` });
  const attrs = new Map<string, Val>();
  for (let i = 0; i < 40; i++) attrs.set(`handler${i}`, handlerAttr(i));
  attrs.set("secret", { t: [paramLabel(0, ".config.secret", SQL)] });
  const ret: Val = { t: [], type: "app.handlers.RoomHandler", attrs };

  it("keeps the parts bounded() keeps, and collapses the rest into their argument's labels and their type", () => {
    const sub = new Substitution([server], [step(51)]);
    const label = vi.spyOn(sub, "label");
    const out = sub.value(ret);
    // only the first handler's labels are replaced by the server's parts (built, joined); the 39 parts that cannot
    // fit are never built, and the leaf `secret` is the one other label replaced
    expect(label).toHaveBeenCalledTimes(3);
    expect(out.type).toBe("app.handlers.RoomHandler");
    expect([...out.attrs!.keys()]).toEqual([...attrs.keys()]);
    // the root spends 41 of the 48 nodes; the first handler's four attributes (the server's and its config's, joined
    // in) fit in the 7 left, and its config's two in the 3 left after it
    const first = out.attrs!.get("handler0")!;
    expect(first.type).toBe("app.handlers.Handler0");
    expect([...first.attrs!.keys()].sort()).toEqual(["config", "database_path", "hostname", "secret"]);
    expect(flat(first.attrs!.get("config")!.attrs!.get("secret")!).map((l) => l.key)).toEqual([secret.key]);
    // the next ones no longer fit: each keeps its type (its methods are still found) and the source below the server
    for (const name of ["handler1", "handler39"]) {
      const part = out.attrs!.get(name)!;
      expect(part.attrs).toBeUndefined();
      expect(part.type).toBe(`app.handlers.Handler${name.slice(7)}`);
      expect(part.t.map((l) => l.key)).toEqual([secret.key]);
      expect(part.t[0]!.mask).toBe(SQL);
      // the trace goes through the call that passed the server
      expect(part.t[0]!.trace!.step.region.startLine).toBe(51);
    }
    // a leaf standing for a path below the parameter is the argument's part there, with its own shape (none here)
    expect(out.attrs!.get("secret")!.t.map((l) => l.key)).toEqual([secret.key]);
  });

  it("gives what bounded() makes of the value built in full, for a value within the bounds", () => {
    // a small handler: nothing collapses, so the substitution is the plain one (each label replaced, parts joined)
    const small: Val = { t: [], type: "app.handlers.RoomHandler", attrs: new Map([["store", handlerAttr(0)], ["secret", attrs.get("secret")!]]) };
    const out = new Substitution([server], [step(52)]).value(small);
    expect(bounded(out)).toBe(out);
    const store = out.attrs!.get("store")!;
    expect(store.type).toBe("app.handlers.Handler0");
    expect([...store.attrs!.keys()].sort()).toEqual(["config", "database_path", "hostname", "secret"]);
    expect(flat(out).map((l) => l.key)).toEqual([secret.key]);
  });
});

describe("joinStateList", () => {
  const st = (entries: [string, Val][], live = true): State => ({ env: new Map(entries), live });
  const q = str("q");
  const states = (): State[] => [
    st([["x", q], ["y", { t: [src(50)] }], [`${READ_KEY}request.args["next"]`, CLEAN_VAL]]),
    st([["x", q], ["z", str("1")]], false),
    st([["x", { t: [src(51)] }], ["y", { t: [src(50)] }], [`${READ_KEY}request.args["next"]`, CLEAN_VAL]]),
    st([["x", q], ["w", str("2")], [`${READ_KEY}request.form["a"]`, CLEAN_VAL]]),
  ];
  const dump = (s: State) => ({ live: s.live, env: [...s.env].map(([k, v]) => [k, flat(v).map((l) => l.key), v.c]) });

  it("gives what joining the states pairwise gives, changing none of them", () => {
    const given = states();
    const before = given.map(dump);
    const folded = given.reduce<State>((out, s) => joinStates(out, s), { env: new Map(), live: false });
    const out = joinStateList(given);
    expect(dump(out)).toEqual(dump(folded));
    expect(given.map(dump)).toEqual(before);
    // a refined read known on some paths only is dropped; variables from some paths only are kept
    expect([...out.env.keys()]).toEqual(["x", "y", "w"]);
    expect(dump(joinStateList(given.slice(0, 3))).env.map(([k]) => k)).toEqual(["x", "y", `${READ_KEY}request.args["next"]`]);
  });

  it("hands back the only reachable state, and the last one when none is", () => {
    const [a, dead] = states();
    expect(joinStateList([dead!, a!, dead!])).toBe(a);
    const other = st([], false);
    expect(joinStateList([dead!, other])).toBe(other);
  });
});

describe("elements of unknown position with a shape (Val.el)", () => {
  const pair = (a: Val, b: Val): Val => ({ t: [], seq: "tuple", items: [a, b] });
  const rows = (el: Val): Val => seqOf("list", el);

  it("an element taken from the list keeps each item's own taint, and the list's own taint reaches every item", () => {
    const chunks = rows(pair({ t: [src(3)] }, str("?,?")));
    const el = element(chunks);
    expect(isClean(index(el, { t: "int", v: 1 }))).toBe(true);
    expect(flat(index(el, { t: "int", v: 0 })).map((l) => l.src?.line)).toEqual([3]);
    expect(hasMiddle(chunks)).toBe(true);
    expect(flat(chunks).map((l) => l.src?.line)).toEqual([3]);
    // the whole list tainted (`rows = request.json`): the placeholders item is tainted too
    const whole = { ...chunks, t: [src(4)] };
    expect(isClean(index(element(whole), { t: "int", v: 1 }))).toBe(false);
  });

  it("joins item by item, and only the side without a shape adds its taint to every element", () => {
    const a = rows(pair({ t: [src(3)] }, str("?")));
    const b = rows(pair({ t: [src(5)] }, str("?")));
    const joined = join(a, b);
    expect(isClean(index(element(joined), { t: "int", v: 1 }))).toBe(true);
    expect(flat(index(element(joined), { t: "int", v: 0 })).map((l) => l.src?.line).sort()).toEqual([3, 5]);
    const opaque: Val = { t: [], seq: "list", rest: [src(7)] };
    const mixed = join(a, opaque);
    expect(flat(index(element(mixed), { t: "int", v: 1 })).map((l) => l.src?.line)).toEqual([7]);
  });

  it("appending to it or absorbing unknown elements never drops what it held", () => {
    const a = rows(pair({ t: [src(3)] }, str("?")));
    const more = absorb(a, { t: [src(9)] });
    expect(flat(index(element(more), { t: "int", v: 1 })).map((l) => l.src?.line)).toEqual([9]);
    expect(flat(more).map((l) => l.src?.line).sort()).toEqual([3, 9]);
  });

  it("sanitising, comparing and bounding see the elements", () => {
    const a = rows(pair({ t: [src(3, SQL)] }, str("?")));
    expect(isClean(mapTaint(a, (t) => restrict(t, ~SQL)))).toBe(true);
    expect(sameVal(a, rows(pair({ t: [src(3, SQL)] }, str("?"))))).toBe(true);
    expect(sameVal(a, rows(pair({ t: [src(3, SQL)] }, { t: [src(4, SQL)] })))).toBe(false);
    const nest = (levels: number): Val => {
      let v: Val = { t: [src(6)] };
      for (let i = 0; i < levels; i++) v = rows(pair(v, str("?")));
      return v;
    };
    // within flat()'s depth the taint survives bounding; a deeper nesting is cut to a few levels of shape
    expect(flat(bounded(nest(2))).map((l) => l.src?.line)).toEqual([6]);
    const depthOf = (v: Val): number => Math.max(0, ...[...(v.items ?? []), ...(v.el ? [v.el] : [])].map((x) => 1 + depthOf(x)));
    expect(depthOf(nest(12))).toBe(24);
    expect(depthOf(bounded(nest(12)))).toBeLessThanOrEqual(5);
  });

  it("keeps no shape for elements that have none", () => {
    expect(seqOf("list", { t: [src(3)] })).toEqual({ t: [], seq: "list", rest: [src(3)] });
  });
});
