/** Renders a rule's documentation as Markdown (SARIF help.markdown, docs pages) and as plain text. */
import type { Reference, RuleMeta } from "../types.js";

export const TOOL_INFORMATION_URI = "https://github.com/pysast/pysast";

/** The documentation page of a rule. */
export function ruleHelpUri(ruleId: string): string {
  return `${TOOL_INFORMATION_URI}/blob/main/docs/rules/${ruleId}.md`;
}

/** The page MITRE keeps for a CWE id. */
export function cweUrl(cwe: number): string {
  return `https://cwe.mitre.org/data/definitions/${cwe}.html`;
}

/** The OWASP Top 10 page for an id like "A03:2021-Injection"; undefined for forms we cannot map. */
export function owaspUrl(owasp: string): string | undefined {
  const match = /^A(\d{2}):2021\s*[-–]\s*(.+)$/.exec(owasp.trim());
  if (!match) return undefined;
  return `https://owasp.org/Top10/A${match[1]}_2021-${match[2]!.trim().replace(/\s+/g, "_")}/`;
}

/** CWE and OWASP links first, then the rule's own references; a URL appears once. */
export function ruleReferences(meta: RuleMeta): Reference[] {
  const refs: Reference[] = [];
  const seen = new Set<string>();
  // The rule's own title for a CWE or OWASP page is usually the more descriptive one.
  const ownTitles = new Map(meta.docs.references.map((ref) => [ref.url, ref.title]));
  const add = (title: string, url: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    refs.push({ title: ownTitles.get(url) ?? title, url });
  };
  for (const cwe of meta.cwe) add(`CWE-${cwe}`, cweUrl(cwe));
  for (const owasp of meta.owasp) {
    const url = owaspUrl(owasp);
    if (url) add(`OWASP Top 10: ${owasp}`, url);
  }
  for (const ref of meta.docs.references) add(ref.title, ref.url);
  return refs;
}

/** "Bandit B324, Ruff S324", or "" when the rule has no counterpart elsewhere. */
export function aliasList(meta: RuleMeta, code: (id: string) => string = (id) => id): string {
  const parts: string[] = [];
  for (const id of meta.aliases.bandit ?? []) parts.push(`Bandit ${code(id)}`);
  for (const id of meta.aliases.ruff ?? []) parts.push(`Ruff ${code(id)}`);
  return parts.join(", ");
}

/** Example code without surrounding blank lines or the indentation common to all its lines. */
function tidyCode(code: string): string {
  const lines = code.replace(/^(?:[ \t]*\r?\n)+/, "").replace(/\s+$/, "").split(/\r?\n/);
  const indents = lines.filter((line) => line.trim().length > 0).map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common).trimEnd()).join("\n");
}

/** A fence longer than any backtick run inside the code, so example code cannot close it early. */
function fenced(code: string, language: string): string {
  const tidy = tidyCode(code);
  const longestRun = Math.max(0, ...(tidy.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${tidy}\n${fence}`;
}

function indentBlock(code: string, prefix: string): string {
  return tidyCode(code)
    .split("\n")
    .map((line) => (line.length > 0 ? prefix + line : line))
    .join("\n");
}

/** Rule help in Markdown: What it does / Why is this bad? / Example / Use instead / References. */
export function renderRuleHelpMarkdown(meta: RuleMeta): string {
  const { docs } = meta;
  const sections: string[] = [
    `## What it does\n\n${docs.whatItDoes.trim()}`,
    `## Why is this bad?\n\n${docs.whyBad.trim()}`,
    `## Example\n\n${fenced(docs.example, "python")}`,
    `## Use instead\n\n${docs.useInsteadText ? `${docs.useInsteadText.trim()}\n\n` : ""}${fenced(docs.useInstead, "python")}`,
  ];
  if (docs.fix) sections.push(`## Fix safety\n\n${docs.fix.trim()}`);
  const refs = ruleReferences(meta);
  if (refs.length > 0) {
    sections.push(`## References\n\n${refs.map((ref) => `- [${ref.title}](${ref.url})`).join("\n")}`);
  }
  const aliases = aliasList(meta, (id) => `\`${id}\``);
  if (aliases) sections.push(`Equivalent rules: ${aliases}.`);
  return `${sections.join("\n\n")}\n`;
}

/** Rule help as plain text with the same sections; code is indented four spaces. */
export function renderRuleHelpText(meta: RuleMeta): string {
  const { docs } = meta;
  const sections: string[] = [
    `What it does\n${docs.whatItDoes.trim()}`,
    `Why is this bad?\n${docs.whyBad.trim()}`,
    `Example\n${indentBlock(docs.example, "    ")}`,
    `Use instead\n${docs.useInsteadText ? `${docs.useInsteadText.trim()}\n` : ""}${indentBlock(docs.useInstead, "    ")}`,
  ];
  if (docs.fix) sections.push(`Fix safety\n${docs.fix.trim()}`);
  const refs = ruleReferences(meta);
  if (refs.length > 0) {
    sections.push(`References\n${refs.map((ref) => `- ${ref.title}: ${ref.url}`).join("\n")}`);
  }
  const aliases = aliasList(meta);
  if (aliases) sections.push(`Equivalent rules: ${aliases}.`);
  return `${sections.join("\n\n")}\n`;
}
