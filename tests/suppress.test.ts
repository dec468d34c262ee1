import { describe, expect, it } from "vitest";
import { directiveMatches, fileDirectives, justificationOf, parseDirectives, parseFileDirective } from "../src/suppress.js";
import type { RuleMeta } from "../src/types.js";

const sqlInjection = { id: "sql-injection", name: "SqlInjection", aliases: { bandit: ["B608"], ruff: ["S608"] } } as unknown as RuleMeta;
const weakHash = { id: "weak-hash", name: "WeakHash", aliases: { bandit: ["B324"], ruff: ["S324"] } } as unknown as RuleMeta;

const one = (comment: string) => {
  const found = parseDirectives(comment);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe("inline directives", () => {
  it("reads Bandit's forms: bare, with ids, with ids and a reason, and with only a reason", () => {
    expect(one("# nosec")).toEqual({ text: "# nosec" });
    expect(one("# nosec B608")).toEqual({ text: "# nosec B608", ids: ["B608"] });
    expect(one("# nosec: B602, B607")).toEqual({ text: "# nosec: B602, B607", ids: ["B602", "B607"] });
    expect(one("# nosec B608 - the table name comes from an enum")).toEqual({
      text: "# nosec B608 - the table name comes from an enum",
      ids: ["B608"],
      reason: "the table name comes from an enum",
    });
    expect(one("# nosec legacy checksum, not security")).toEqual({ text: "# nosec legacy checksum, not security", reason: "legacy checksum, not security" });
  });

  it("treats a kebab-case word as a rule id, so a misspelt id never becomes a suppress-everything reason", () => {
    const d = one("# nosec sql-injektion");
    expect(d.ids).toEqual(["sql-injektion"]);
    expect(directiveMatches(d, sqlInjection)).toBe(false);
  });

  it("reads Ruff's noqa with codes and a reason, and ignores a bare noqa", () => {
    expect(one("# noqa: S608 -- reviewed")).toEqual({ text: "# noqa: S608 -- reviewed", ids: ["S608"], reason: "reviewed" });
    expect(parseDirectives("# noqa")).toEqual([]);
    expect(parseDirectives("# noqa: E501")[0]!.ids).toEqual(["E501"]);
  });

  it("reads pysast's own form with a reason after the ids", () => {
    expect(one("# pysast: ignore[sql-injection] ids are ints")).toEqual({
      text: "# pysast: ignore[sql-injection] ids are ints",
      ids: ["sql-injection"],
      reason: "ids are ints",
    });
    expect(one("# pysast: ignore")).toEqual({ text: "# pysast: ignore" });
  });

  it("matches by id, rule name, Bandit code or Ruff code, case-insensitively", () => {
    for (const comment of ["# nosec b608", "# noqa: S608", "# pysast: ignore[SqlInjection]", "# pysast: ignore[sql-injection]"]) {
      expect(directiveMatches(one(comment), sqlInjection)).toBe(true);
      expect(directiveMatches(one(comment), weakHash)).toBe(false);
    }
  });

  it("uses the reason as the justification when there is one, else the directive", () => {
    expect(justificationOf(one("# nosec B608 - reviewed"))).toBe("reviewed");
    expect(justificationOf(one("# nosec B608"))).toBe("# nosec B608");
  });
});

describe("file-level directives", () => {
  it("reads # pysast: ignore-file and Ruff's # ruff: noqa: CODES, not a bare # ruff: noqa", () => {
    expect(parseFileDirective("# pysast: ignore-file")).toEqual({ text: "# pysast: ignore-file" });
    expect(parseFileDirective("# pysast: ignore-file[weak-hash] generated code")).toEqual({
      text: "# pysast: ignore-file[weak-hash] generated code",
      ids: ["weak-hash"],
      reason: "generated code",
    });
    expect(parseFileDirective("# ruff: noqa: S608, S324")).toEqual({ text: "# ruff: noqa: S608, S324", ids: ["S608", "S324"] });
    expect(parseFileDirective("# flake8: noqa: S608")?.ids).toEqual(["S608"]);
    expect(parseFileDirective("# ruff: noqa")).toBeUndefined();
  });

  it("honours them only on a line of their own, and a file directive is not a statement directive", () => {
    const lines = ["# ruff: noqa: S324", "x = 1  # pysast: ignore-file", "import os"];
    const comments = new Map([
      [0, "# ruff: noqa: S324"],
      [1, "# pysast: ignore-file"],
    ]);
    expect(fileDirectives(comments, lines, () => false).map((d) => d.text)).toEqual(["# ruff: noqa: S324"]);
    expect(parseDirectives("# pysast: ignore-file")).toEqual([]);
  });
});
