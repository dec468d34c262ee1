import { describe, expect, it } from "vitest";
import { remembered } from "../../rules/lib/memo.js";

describe("remembered", () => {
  it("answers as the function does, asking it once per string, undefined answers included", () => {
    const asked: string[] = [];
    const strength = remembered((name: string) => {
      asked.push(name);
      return name.endsWith("password") ? "strong" : undefined;
    });
    expect([strength("db_password"), strength("user_name"), strength("db_password"), strength("user_name")]).toEqual(["strong", undefined, "strong", undefined]);
    expect(asked).toEqual(["db_password", "user_name"]);
  });

  it("gives back false, null, 0 and the empty string as answered, asking once", () => {
    const asked: string[] = [];
    const answers: Record<string, unknown> = { f: false, n: null, z: 0, e: "" };
    const answer = remembered((s: string) => {
      asked.push(s);
      return answers[s];
    });
    for (let round = 0; round < 2; round++) expect(["f", "n", "z", "e", "u"].map(answer)).toEqual([false, null, 0, "", undefined]);
    expect(asked).toEqual(["f", "n", "z", "e", "u"]);
  });

  it("forgets everything past its limit and asks again", () => {
    const asked: string[] = [];
    const length = remembered((s: string) => {
      asked.push(s);
      return s.length;
    }, 2);
    for (const s of ["a", "bb", "ccc", "a"]) length(s);
    // "ccc" found the memory full (a, bb): it was cleared, so "a" is asked again
    expect(asked).toEqual(["a", "bb", "ccc", "a"]);
    expect(length("ccc")).toBe(3);
    expect(asked).toHaveLength(4);
  });
});
