/**
 * The rule registry is the single source of truth: every rule has complete metadata, a fixture
 * folder with both kinds of annotations, an up-to-date docs page, a file named after its id, and
 * documented examples that behave as documented when run through the real pipeline.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ruleById, rules } from "../../rules/index.js";
import { renderRuleIndex, renderRulePage } from "../../rules/lib/docs-page.js";
import { isPatternRule, type Rule } from "../../src/rule.js";
import type { ScanOutput } from "../../src/scan.js";
import { annotationsIn, scanFolder } from "../helpers/annotations.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const ids = rules.map((r) => r.meta.id);

describe("registry", () => {
  it("is sorted by id, with unique ids", () => {
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("registers every rule file under rules/, each exporting the registered rule", async () => {
    const files = readdirSync(path.join(repo, "rules"))
      .filter((f) => f.endsWith(".ts") && f !== "index.ts")
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(files).toEqual([...ids].sort());
    for (const id of ids) {
      const mod = (await import(/* @vite-ignore */ pathToFileURL(path.join(repo, "rules", `${id}.ts`)).href)) as { rule?: Rule; default?: Rule };
      expect(mod.rule ?? mod.default, `rules/${id}.ts must export the registered rule`).toBe(ruleById(id));
    }
  });

  it("finds rules by id", () => {
    for (const r of rules) expect(ruleById(r.meta.id)).toBe(r);
    expect(ruleById("no-such-rule")).toBeUndefined();
  });
});

/** Every problem with one rule's metadata, as readable strings (empty when complete). */
function metadataProblems(rule: Rule): string[] {
  const m = rule.meta;
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const text = (s: unknown) => typeof s === "string" && s.trim().length > 0;
  need(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(m.id), "id must be kebab-case");
  need(/^[A-Z][A-Za-z0-9]+$/.test(m.name), "name must be PascalCase");
  need(text(m.shortDescription) && !m.shortDescription.endsWith("."), "shortDescription: one line without a final period");
  need(text(m.fullDescription), "fullDescription");
  for (const key of ["whatItDoes", "whyBad", "example", "useInstead", "useInsteadText"] as const) need(text(m.docs[key]), `docs.${key}`);
  need(m.cwe.length > 0 && m.cwe.every((c) => Number.isInteger(c) && c > 0), "cwe: at least one CWE number");
  need(m.owasp.length > 0 && m.owasp.every((o) => /^A\d{2}:2021-\S.*$/.test(o)), 'owasp: entries like "A02:2021-Cryptographic Failures"');
  need(["error", "warning", "note"].includes(m.level), "level");
  need(/^(10\.0|[0-9]\.[0-9])$/.test(m.securitySeverity) && Number(m.securitySeverity) >= 0.1, 'securitySeverity: "0.1"–"10.0"');
  need(["very-high", "high", "medium", "low"].includes(m.precision), "precision");
  need(m.tags.includes("security"), 'tags: "security"');
  const cweTags = m.tags.filter((t) => t.startsWith("external/cwe/")).sort();
  need(JSON.stringify(cweTags) === JSON.stringify(m.cwe.map((c) => `external/cwe/cwe-${c}`).sort()), "tags: exactly one external/cwe/cwe-N per CWE");
  need(Array.isArray(m.frameworks) && m.frameworks.length > 0 && m.frameworks.every(text), "frameworks");
  const aliasKeys = Object.keys(m.aliases).filter((k) => k !== "bandit" && k !== "ruff");
  need(aliasKeys.length === 0, `aliases: unknown keys ${aliasKeys.join(", ")}`);
  need((m.aliases.bandit ?? []).every((a) => /^B\d{3}$/.test(a)), "aliases.bandit: ids like B324");
  need((m.aliases.ruff ?? []).every((a) => /^S\d{3}$/.test(a)), "aliases.ruff: ids like S324");
  const urls = m.docs.references.map((r) => r.url);
  need(m.docs.references.every((r) => text(r.title) && /^https:\/\/\S+$/.test(r.url)), "references: title and https url");
  need(new Set(urls).size === urls.length, "references: no duplicate urls");
  for (const c of m.cwe) need(urls.includes(`https://cwe.mitre.org/data/definitions/${c}.html`), `references: CWE-${c} page`);
  need(urls.some((u) => u.startsWith("https://owasp.org/") || u.startsWith("https://cheatsheetseries.owasp.org/")), "references: an OWASP page");
  need(urls.some((u) => !u.includes("cwe.mitre.org") && !u.includes("owasp.org")), "references: library or language documentation");
  need(m.kind === (isPatternRule(rule) ? "pattern" : "taint"), "kind matches the rule's shape");
  const fixes = rule.fix !== undefined;
  need(fixes === (m.fixSafety !== undefined), "fixSafety: listed exactly when the rule has a fix (empty when it only explains why there is none)");
  need(!fixes || text(m.docs.fix), "docs.fix: a rule with a fix says what it does and whether it is safe");
  need((m.fixSafety ?? []).every((safety) => m.docs.fix?.includes(`**${safety[0]!.toUpperCase()}${safety.slice(1)}`)), "docs.fix names each safety class in bold (**Safe**, **Unsafe**)");
  if (isPatternRule(rule) && rule.supersededBy !== undefined) {
    need(rule.supersededBy !== m.id && /^[a-z][a-z0-9-]*$/.test(rule.supersededBy), "supersededBy: another rule's id");
  }
  return problems;
}

describe("rule metadata", () => {
  for (const rule of rules) {
    it(`${rule.meta.id}: metadata, docs, tags and aliases are complete`, () => {
      expect(metadataProblems(rule)).toEqual([]);
    });
  }

  it("rejects incomplete metadata", () => {
    const good = rules[0]!;
    const broken = {
      ...good,
      meta: { ...good.meta, name: "not pascal", tags: ["security"], aliases: { bandit: ["S324"] }, docs: { ...good.meta.docs, whyBad: " " } },
    } as Rule;
    expect(metadataProblems(broken)).toEqual(
      expect.arrayContaining(["name must be PascalCase", "docs.whyBad", "tags: exactly one external/cwe/cwe-N per CWE", "aliases.bandit: ids like B324"]),
    );
  });

  it("names registered rules as twins that supersede pattern findings", () => {
    const twins = rules.filter(isPatternRule).flatMap((r) => (r.supersededBy && ruleById(r.supersededBy) ? [[r.meta.id, r.supersededBy]] : []));
    expect(twins).toContainEqual(["weak-hash", "weak-password-hash"]);
  });
});

describe("fixtures and docs", () => {
  for (const { meta } of rules) {
    it(`${meta.id}: has a fixture folder with ruleid and ok annotations`, async () => {
      const dir = path.join(repo, "tests", "fixtures", meta.id);
      expect(existsSync(dir), `tests/fixtures/${meta.id}/ is missing`).toBe(true);
      const own = (await annotationsIn(dir)).filter((a) => a.ruleId === meta.id);
      expect(own.some((a) => a.kind === "ruleid"), `tests/fixtures/${meta.id} needs a "# ruleid: ${meta.id}" annotation`).toBe(true);
      expect(own.some((a) => a.kind === "ok"), `tests/fixtures/${meta.id} needs an "# ok: ${meta.id}" annotation`).toBe(true);
    });

    it(`${meta.id}: docs/rules/${meta.id}.md is generated and up to date`, () => {
      const file = path.join(repo, "docs", "rules", `${meta.id}.md`);
      expect(existsSync(file), `docs/rules/${meta.id}.md is missing; run npm run build && node scripts/gen-rule-docs.mjs`).toBe(true);
      expect(readFileSync(file, "utf8"), "out of date; run npm run build && node scripts/gen-rule-docs.mjs").toBe(renderRulePage(meta));
    });
  }

  it("docs/rules/README.md indexes exactly the registered rules", () => {
    const index = readFileSync(path.join(repo, "docs", "rules", "README.md"), "utf8");
    expect(index).toBe(renderRuleIndex(rules.map((r) => r.meta)));
    const pages = readdirSync(path.join(repo, "docs", "rules")).filter((f) => f.endsWith(".md") && f !== "README.md");
    expect(pages.sort()).toEqual(ids.map((id) => `${id}.md`).sort());
  });
});

describe("documented examples", () => {
  let tmp: string;
  let output: ScanOutput;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "pysast-rule-docs-"));
    for (const { meta } of rules) {
      await mkdir(path.join(tmp, meta.id.replace(/-/g, "_")));
      await writeFile(path.join(tmp, meta.id.replace(/-/g, "_"), "example.py"), meta.docs.example);
      await writeFile(path.join(tmp, meta.id.replace(/-/g, "_"), "use_instead.py"), meta.docs.useInstead);
    }
    output = await scanFolder(tmp);
  });

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  const reported = (file: string, ruleId: string) =>
    output.findings.filter((f) => f.path === file && f.ruleId === ruleId && !f.suppression).map((f) => `${f.region.startLine}: ${f.message}`);

  for (const { meta } of rules) {
    const dir = meta.id.replace(/-/g, "_");
    it(`${meta.id}: the example is reported`, () => {
      expect(reported(`${dir}/example.py`, meta.id).length, `docs.example of ${meta.id} must be reported by it`).toBeGreaterThan(0);
    });
    it(`${meta.id}: the "use instead" code is not reported`, () => {
      expect(reported(`${dir}/use_instead.py`, meta.id)).toEqual([]);
    });
  }

  it("examples parse cleanly", () => {
    expect(output.notifications.filter((n) => n.kind === "syntax-error").map((n) => n.message)).toEqual([]);
  });
});
