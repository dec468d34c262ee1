/**
 * The labelled taint corpus (tests/corpus): its conventions, and the per-category scores of the
 * built pipeline on it (at least 95% of vulnerable cases found, at most 5% of safe cases flagged).
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPython } from "../src/parse/grammar.js";
import { PythonParser } from "../src/parse/parser.js";
import { rules } from "../rules/index.js";

interface CorpusCase {
  id: string;
  label: "vulnerable" | "safe" | "unknown";
  files: string[];
  sink: { file: string; line: number } | null;
  problems: string[];
}

interface CategoryScore {
  category: string;
  ruleRegistered: boolean;
  vulnerable: number;
  found: number;
  safe: number;
  flagged: number;
  tpr: number;
  fpr: number;
  misses: { case: string; at: string }[];
  falseAlarms: { case: string; at: string[] }[];
  corpusProblems: string[];
}

interface ScoreModule {
  CATEGORIES: string[];
  DEFAULT_CORPUS: string;
  loadCases(categoryDir: string, category: string): CorpusCase[];
  scoreCorpus(opts?: { corpusDir?: string; categories?: string[] }): Promise<CategoryScore[]>;
}

const scriptUrl = new URL("../scripts/score-corpus.mjs", import.meta.url).href;
const score = (await import(scriptUrl)) as ScoreModule;
const corpus = score.DEFAULT_CORPUS;

/** The lines of a file that carry code, without annotations, blank lines or imports. */
function codeLines(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "" && !/^\s*#\s*(ruleid|ok):/.test(l) && !/^(import |from \S+ import )/.test(l));
}

/** How many lines one side has that the other lacks (multiset difference, the larger side). */
function changedLines(a: string[], b: string[]): number {
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const ca = count(a);
  const cb = count(b);
  const missing = (x: Map<string, number>, y: Map<string, number>) =>
    [...x].reduce((n, [k, v]) => n + Math.max(0, v - (y.get(k) ?? 0)), 0);
  return Math.max(missing(ca, cb), missing(cb, ca));
}

describe("taint corpus conventions", () => {
  for (const category of score.CATEGORIES) {
    const dir = path.join(corpus, category);
    const cases = score.loadCases(dir, category);

    it(`${category}: every case is named and annotated once, with at least 15 vulnerable and 15 safe`, () => {
      expect(cases.flatMap((c) => c.problems)).toEqual([]);
      expect(cases.filter((c) => c.label === "vulnerable").length).toBeGreaterThanOrEqual(15);
      expect(cases.filter((c) => c.label === "safe").length).toBeGreaterThanOrEqual(15);
    });

    it(`${category}: each vulnerable case has a safe twin with the same modules, differing in one line of code`, () => {
      const byId = new Map(cases.map((c) => [c.id, c]));
      const unpaired: string[] = [];
      const badTwins: string[] = [];
      for (const c of cases) {
        const twinId = c.label === "vulnerable" ? c.id.replace(/_vuln$/, "_safe") : c.id.replace(/_safe$/, "_vuln");
        const twin = byId.get(twinId);
        if (!twin) {
          unpaired.push(c.id);
          continue;
        }
        if (c.label !== "vulnerable") continue;
        const modules = (x: CorpusCase) => x.files.map((f) => (f.includes("/") ? f.slice(f.indexOf("/") + 1) : "(single file)"));
        expect(modules(twin)).toEqual(modules(c));
        const changed = c.files.reduce(
          (n, f, i) => n + changedLines(codeLines(path.join(dir, f)), codeLines(path.join(dir, twin.files[i]!))),
          0,
        );
        if (changed !== 1) badTwins.push(`${c.id}: ${changed} changed lines`);
      }
      expect(unpaired).toEqual([]);
      expect(badTwins).toEqual([]);
    });

    it(`${category}: code and comments do not give the label away`, () => {
      const apiNames = /unsafe-deserialization|unsafe_load|UnsafeLoader|urlsafe_b64decode|safe_load|safe_join|SafeLoader|markupsafe/g;
      const giveaways = cases.flatMap((c) =>
        c.files.filter((f) => /vuln|tainted|safe/i.test(readFileSync(path.join(dir, f), "utf8").replace(apiNames, ""))),
      );
      expect(giveaways).toEqual([]);
    });
  }

  describe("every corpus file parses without syntax errors", () => {
    let parser: PythonParser;
    beforeAll(async () => {
      parser = new PythonParser(await loadPython());
    });
    afterAll(() => parser.delete());

    it("has no file with a syntax error", () => {
      const broken: string[] = [];
      for (const category of score.CATEGORIES) {
        const dir = path.join(corpus, category);
        for (const c of score.loadCases(dir, category)) {
          for (const f of c.files) if (parser.parse(readFileSync(path.join(dir, f), "utf8")).errorCount > 0) broken.push(`${category}/${f}`);
        }
      }
      expect(broken).toEqual([]);
    });
  });

  it("has only category folders, each named after a registered taint rule", () => {
    expect(readdirSync(corpus).sort()).toEqual([...score.CATEGORIES].sort());
    const taintRules = new Set(rules.filter((r) => r.meta.kind === "taint").map((r) => r.meta.id));
    expect(score.CATEGORIES.filter((c) => !taintRules.has(c))).toEqual([]);
  });
});

describe("taint rules on the corpus", () => {
  let results: CategoryScore[] = [];
  beforeAll(async () => {
    results = await score.scoreCorpus();
  }, 300_000);

  for (const category of score.CATEGORIES) {
    it(`${category}: finds at least 95% of vulnerable cases and flags at most 5% of safe ones`, () => {
      const r = results.find((x) => x.category === category)!;
      expect(r.ruleRegistered).toBe(true);
      expect(r.tpr, `missed: ${r.misses.map((m) => `${m.case} (${m.at})`).join(", ")}`).toBeGreaterThanOrEqual(0.95);
      expect(r.fpr, `false alarms: ${r.falseAlarms.map((f) => `${f.case} (${f.at.join(", ")})`).join(", ")}`).toBeLessThanOrEqual(0.05);
    });
  }
});
