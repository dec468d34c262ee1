/**
 * `union` keeps at most a dozen labels per value; the kinds of the labels it drops are kept on a
 * label of the same nature, so a parameter's kinds never make a real source reportable for them.
 */
import { describe, expect, it } from "vitest";
import { extendTrace, paramLabel, refine, sourceLabel, union, type Label, type Trace } from "../../src/taint/labels.js";

const ERROR_DISCLOSURE = 1;
const LOG = 2;

function trace(steps: number): Trace {
  let t: Trace | null = null;
  for (let i = 0; i < steps; i++) {
    t = extendTrace(t, { path: "mail.py", region: { startLine: i + 1, startColumn: 1, endLine: i + 1, endColumn: 2 }, message: `step ${i}`, kind: "step" });
  }
  return t!;
}

const caught = sourceLabel({ key: "mail.py:781:exception", label: "exception e", path: "mail.py", line: 781, local: false }, ERROR_DISCLOSURE, trace(1));
const params: Label[] = Array.from({ length: 12 }, (_, i) => paramLabel(i, "", LOG, trace(3)));

describe("union past the label limit", () => {
  it("keeps a parameter's kinds on a parameter label, not on the source label with the shortest trace", () => {
    const out = union([caught], params);
    const source = out.find((l) => l.src !== null);
    expect(source?.mask).toBe(ERROR_DISCLOSURE);
    expect(out.filter((l) => l.src === null).some((l) => (l.mask & LOG) !== 0)).toBe(true);
    expect(out.length).toBeLessThanOrEqual(13);
  });

  it("still merges the kinds of dropped source labels into a kept source label", () => {
    const sources: Label[] = Array.from({ length: 14 }, (_, i) =>
      sourceLabel({ key: `views.py:${i}`, label: "request.args", path: "views.py", line: i + 1, local: false }, i === 13 ? LOG : ERROR_DISCLOSURE, trace(i + 1)),
    );
    const merged = union(sources.slice(0, 1), sources.slice(1));
    expect(merged.length).toBe(12);
    expect(merged.reduce((m, l) => m | l.mask, 0)).toBe(ERROR_DISCLOSURE | LOG);
  });
});

describe("refine, remembered per label set and segment", () => {
  it("answers the same array again, and each set and segment its own narrowing", () => {
    const user = [paramLabel(0, "", LOG), caught];
    const form = [paramLabel(1, ".data", LOG)];
    const name = refine(user, ".name");
    expect(name.map((l) => l.key)).toEqual(["p0.name", caught.key]);
    expect(name[1]).toBe(caught);
    expect(refine(user, ".name")).toBe(name);
    // another segment of the same set, the same segment of another set: computed for themselves
    expect(refine(user, "[0]").map((l) => l.key)).toEqual(["p0[0]", caught.key]);
    expect(refine(form, ".name").map((l) => l.key)).toEqual(["p1.data.name"]);
    expect(refine([paramLabel(0, "", LOG)], ".name")).not.toBe(name);
    // three segments deep a parameter label stays as it is, and a set nothing narrows is answered itself
    const deep = [paramLabel(2, ".a.b.c", LOG)];
    expect(refine(deep, ".d")).toBe(deep);
    expect(refine([caught], ".d")).toEqual([caught]);
  });
});
