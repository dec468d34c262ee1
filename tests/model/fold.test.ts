import { describe, expect, it } from "vitest";
import { folded, modelOf } from "./helpers.js";

describe("constant folding", () => {
  it("folds literals, names, concatenation, formatting, containers, arithmetic and comparisons", async () => {
    const m = await modelOf(`ALG = "MD" + "5"
N = 106
PREFIX = f"{ALG.lower()}-{N:05d}"
pct = "%s/%d" % ("a", 3)
fmt = "{}:{x}".format(1, x=ALG)
lst = [1, 2, 3][1:] + [ALG]
d = {"a": 1, "b": [2]}["b"]
arith = (7 * 42) - N
branch = "ok" if (7 * 42) - N > 200 else "fallback"
chained = 1 < 2 < 3 and "yes"
member = "md5" in {"md5", "sha1"}
neg = -2 ** 2
floor = 7 // -2
mod = -7 % 3
joined = ", ".join(["a", "b"])
esc = "tab\\tnew\\nline"
raw = r"a\\tb"
byts = b"ab" * 2
conv = f"{ALG!r}"
tup = (1,) + (2, 3)
nested = f"{'inner'}"
head = "abcdef"[:2]
tail = "abcdef"[-2:]
mid = [0, 1, 2, 3, 4][1:3]
`);
    expect(folded(m, "ALG")).toBe("'MD5'");
    expect(folded(m, "PREFIX")).toBe("'md5-00106'");
    expect(folded(m, "pct")).toBe("'a/3'");
    expect(folded(m, "fmt")).toBe("'1:MD5'");
    expect(folded(m, "lst")).toBe("[2, 3, 'MD5']");
    expect(folded(m, "d")).toBe("[2]");
    expect(folded(m, "arith")).toBe("188");
    expect(folded(m, "branch")).toBe("'fallback'");
    expect(folded(m, "chained")).toBe("'yes'");
    expect(folded(m, "member")).toBe("True");
    expect(folded(m, "neg")).toBe("-4");
    expect(folded(m, "floor")).toBe("-4");
    expect(folded(m, "mod")).toBe("2");
    expect(folded(m, "joined")).toBe("'a, b'");
    expect(folded(m, "esc")).toBe("'tab\\tnew\\nline'");
    expect(folded(m, "raw")).toBe("'a\\\\tb'");
    expect(folded(m, "byts")).toBe("b'abab'");
    expect(folded(m, "conv")).toBe(`"'MD5'"`);
    expect(folded(m, "tup")).toBe("(1, 2, 3)");
    expect(folded(m, "nested")).toBe("'inner'");
    expect(folded(m, "head")).toBe("'ab'");
    expect(folded(m, "tail")).toBe("'ef'");
    expect(folded(m, "mid")).toBe("[1, 2]");
  });

  it("does not fold what is not provably constant", async () => {
    const m = await modelOf(`import os

value = os.environ["X"]
twice = 1
twice = 2
later = twice + 1
user = input()
mixed = "a" + user
div = 1 / 0


def f(param):
    return param + "x"
`);
    expect(folded(m, "value")).toBeUndefined();
    expect(folded(m, "later")).toBeUndefined();
    expect(folded(m, "mixed")).toBeUndefined();
    expect(folded(m, "div")).toBeUndefined();
  });

  it("follows Python 3.12 f-strings with nested same quotes and backslashes in replacement fields", async () => {
    const m = await modelOf(`names = ["a", "b"]
label = f"{"-".join(names)}"
lines = f"{'\\n'.join(names)}"
`);
    expect(m.parsed.errorCount).toBe(0);
    expect(folded(m, "label")).toBe("'a-b'");
    expect(folded(m, "lines")).toBe("'a\\nb'");
  });

  it("survives pathological nesting without overflowing the stack", async () => {
    const parens = await modelOf(`deep = ${"(".repeat(10_000)}1${")".repeat(10_000)}\n`);
    expect(folded(parens, "deep")).toBe("1");
    const chain = await modelOf(`long = ${Array.from({ length: 5_000 }, () => '"a"').join(" + ")}\n`);
    // beyond the folding depth limit the value is simply "not constant"
    expect(folded(chain, "long")).toBeUndefined();
    const lists = await modelOf(`nest = ${"[".repeat(3_000)}${"]".repeat(3_000)}\n`);
    expect(folded(lists, "nest")).toBeUndefined();
  });
});
