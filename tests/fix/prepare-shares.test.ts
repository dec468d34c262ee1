/**
 * The fix verifier's phase 1 run ahead is handed to the phase-1 workers as one job per worker (see fix/prepare.ts):
 * every job is posted at once, so the workers can be released while the scan thread analyses a lone shard.
 */
import { describe, expect, it } from "vitest";
import { shares, type PatchedFile } from "../../src/fix/prepare.js";

const file = (rel: string, length: number): PatchedFile => ({ rel, abs: `/srv/app/${rel}`, text: "x".repeat(length) });

describe("shares of the patched files", () => {
  it("gives each worker one share, of about the same text length, longest files first", () => {
    const files = [file("billing/tax.py", 300), file("billing/money.py", 1200), file("reports/export.py", 700), file("accounts/tokens.py", 400), file("cli.py", 100)];
    const out = shares(files, 2);
    expect(out.map((share) => share.map((f) => f.rel))).toEqual([
      ["billing/money.py", "cli.py"],
      ["reports/export.py", "accounts/tokens.py", "billing/tax.py"],
    ]);
    expect(out.flat().map((f) => f.rel).sort()).toEqual(files.map((f) => f.rel).sort());
  });

  it("makes no empty share when there are fewer files than workers, and one share for one worker", () => {
    const files = [file("billing/tax.py", 300), file("billing/money.py", 1200)];
    expect(shares(files, 4).map((share) => share.map((f) => f.rel))).toEqual([["billing/money.py"], ["billing/tax.py"]]);
    expect(shares(files, 1).map((share) => share.length)).toEqual([2]);
    expect(shares([], 2)).toEqual([]);
  });
});
