/**
 * Inline suppressions, in the dialects people already write:
 *
 * - Bandit: `# nosec`, `# nosec B608`, `# nosec: B602, B607`, `# nosec B608 - reviewed: ids are ints`,
 *   `# nosec this query only reads constants` (no ids: every rule, the words are the reason);
 * - Ruff/Flake8: `# noqa: S608` (a bare `# noqa` is NOT honoured: it is routinely added for style checks
 *   and would silently hide security findings), and the file-level `# ruff: noqa: S608` / `# flake8: noqa: S608`
 *   on a line of its own;
 * - pysast: `# pysast: ignore`, `# pysast: ignore[sql-injection] reason`, and the file-level
 *   `# pysast: ignore-file` / `# pysast: ignore-file[weak-hash] reason` on a line of its own.
 *
 * A directive on any line of the statement that holds the finding applies (for a compound statement such as
 * `if`/`def`/`with`, any line of its header). The reason, when given, becomes the SARIF justification.
 */
import type { RuleMeta } from "./types.js";

export interface InlineDirective {
  /** Undefined means "every rule". */
  ids?: string[];
  /** The directive as written, e.g. `# nosec B608`. */
  text: string;
  /** The reason written after the ids, when there is one. */
  reason?: string;
}

/** A code in Bandit's or Ruff's style (`B608`, `S608`, `E501`, `PLW0603`): never part of a reason. */
const CODE = /^[A-Za-z]{1,4}\d{1,5}$/;
/** A pysast rule id: kebab-case with at least one hyphen (single words are read as a reason). */
const RULE_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;

const NOSEC = /#\s*nosec\b:?([^#]*)/i;
const NOQA = /#\s*noqa\s*:\s*([^#]*)/i;
const PYSAST = /#\s*pysast\s*:\s*ignore\b(?!-)(?:\[([^\]]*)\])?([^#]*)/i;
const PYSAST_FILE = /^#\s*pysast\s*:\s*ignore-file\b(?:\[([^\]]*)\])?([^#]*)/i;
const RUFF_FILE = /^#\s*(?:ruff|flake8)\s*:\s*noqa\s*:\s*([^#]*)/i;

/** Strips the separator people put before a reason: `-`, `--`, `—`, `:`, `;`, `,`. */
function cleanReason(text: string): string | undefined {
  const reason = text.replace(/^[\s\-–—:;,]+/, "").trim();
  return reason === "" ? undefined : reason;
}

/** Splits `B608, B602 - reason` into the leading ids and the rest, the reason. */
function idsAndReason(text: string, isRuleName: (token: string) => boolean): { ids: string[]; reason?: string } {
  const ids: string[] = [];
  let rest = text;
  for (;;) {
    const m = /^[\s,]*([A-Za-z][\w-]*)(?=[\s,]|$)/.exec(rest);
    if (!m || !(CODE.test(m[1]!) || RULE_ID.test(m[1]!) || isRuleName(m[1]!))) break;
    ids.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  const reason = cleanReason(rest);
  return reason === undefined ? { ids } : { ids, reason };
}

function directive(written: string, ids: string[] | undefined, reason: string | undefined): InlineDirective {
  return { text: written.trim(), ...(ids && ids.length > 0 ? { ids } : {}), ...(reason ? { reason } : {}) };
}

/** Parses the statement-level suppression directives of one comment. */
export function parseDirectives(comment: string, isRuleName: (token: string) => boolean = () => false): InlineDirective[] {
  if (PYSAST_FILE.test(comment.trim()) || RUFF_FILE.test(comment.trim())) return [];
  const out: InlineDirective[] = [];
  const nosec = NOSEC.exec(comment);
  if (nosec) {
    const { ids, reason } = idsAndReason(nosec[1] ?? "", isRuleName);
    out.push(directive(nosec[0], ids, reason));
  }
  const noqa = NOQA.exec(comment);
  if (noqa) {
    const { ids, reason } = idsAndReason(noqa[1] ?? "", isRuleName);
    if (ids.length > 0) out.push(directive(noqa[0], ids, reason));
  }
  const own = PYSAST.exec(comment);
  if (own) {
    const ids = own[1] === undefined ? [] : own[1].split(/[\s,]+/).filter((x) => x !== "");
    out.push(directive(own[0], ids, cleanReason(own[2] ?? "")));
  }
  return out;
}

/**
 * Parses a file-level directive: `# pysast: ignore-file[...]` or `# ruff: noqa: S608` written as a comment on a
 * line of its own. A bare `# ruff: noqa` (every Ruff rule) is for style checks and is not honoured.
 */
export function parseFileDirective(comment: string, isRuleName: (token: string) => boolean = () => false): InlineDirective | undefined {
  const text = comment.trim();
  const own = PYSAST_FILE.exec(text);
  if (own) {
    const ids = own[1] === undefined ? [] : own[1].split(/[\s,]+/).filter((x) => x !== "");
    return directive(own[0], ids, cleanReason(own[2] ?? ""));
  }
  const ruff = RUFF_FILE.exec(text);
  if (ruff) {
    const { ids, reason } = idsAndReason(ruff[1] ?? "", isRuleName);
    return ids.length > 0 ? directive(ruff[0], ids, reason) : undefined;
  }
  return undefined;
}

/** True when a directive names this rule by id, name or one of its Bandit/Ruff aliases. */
export function directiveMatches(d: InlineDirective, meta: RuleMeta): boolean {
  if (!d.ids) return true;
  const names = new Set([meta.id, meta.name, ...(meta.aliases.bandit ?? []), ...(meta.aliases.ruff ?? [])].map((x) => x.toLowerCase()));
  return d.ids.some((id) => names.has(id.toLowerCase()));
}

/** The SARIF justification of a directive: its reason when one is written, else the directive itself. */
export function justificationOf(d: InlineDirective): string {
  return d.reason ?? d.text;
}

/** The file-level directives of a file: comments alone on their line. */
export function fileDirectives(comments: ReadonlyMap<number, string>, lineTexts: readonly string[], isRuleName: (token: string) => boolean): InlineDirective[] {
  const out: InlineDirective[] = [];
  for (const [line, comment] of comments) {
    if (!/ignore-file|noqa/i.test(comment)) continue;
    if (!(lineTexts[line] ?? "").trimStart().startsWith("#")) continue;
    const d = parseFileDirective(comment, isRuleName);
    if (d) out.push(d);
  }
  return out;
}
