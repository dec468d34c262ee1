/**
 * Loads the triage prompts from the package's `prompts/` folder (files, so reviewers can read and
 * diff them) and fills their `{{placeholder}}` slots.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface TriagePrompts {
  /** The version line of `prompts/VERSION`; reported with every triage result. */
  version: string;
  system: string;
  /** Wrapper for one request: file facts, code blocks and the findings section. */
  request: string;
  /** Section for one finding inside a request. */
  finding: string;
  /** sha256 over every prompt file, so an edit without a version bump still misses the cache. */
  digest: string;
}

export class PromptError extends Error {}

/** The `prompts/` folder next to the installed package (walks up, so it works from src/ and dist/src/). */
export function promptsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "prompts", "system.md"))) return join(dir, "prompts");
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new PromptError("cannot find prompts/system.md next to the pysast installation; reinstall pysast");
}

/** Reads the prompt files once from `dir`. */
export function loadPrompts(dir = promptsDir()): TriagePrompts {
  const read = (name: string): string => {
    const file = join(dir, name);
    if (!existsSync(file)) throw new PromptError(`prompt file ${file} is missing; reinstall pysast`);
    return readFileSync(file, "utf8").replace(/\r\n/g, "\n");
  };
  const version = read("VERSION").trim();
  if (!/^[\w.+-]+$/.test(version)) throw new PromptError(`prompts/VERSION holds "${version}"; expected one word such as pysast-triage-1`);
  const system = read("system.md").trim();
  const request = read("request.md").trim();
  const finding = read("finding.md").trim();
  const digest = createHash("sha256").update([version, system, request, finding].join("\0")).digest("hex");
  return { version, system, request, finding, digest };
}

/**
 * Replaces each `{{name}}` in one pass, so text inserted for one slot (scanned code may contain
 * `{{path}}`) is never expanded again. A slot without a value is a bug in the caller: it throws.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined) throw new PromptError(`prompt placeholder {{${name}}} has no value`);
    return v;
  });
}

/** The placeholder names a template uses, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!))];
}
