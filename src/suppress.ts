/**
 * Inline suppressions: `# nosec` (bare, or with pysast ids or Bandit ids), `# noqa: <ids>` (pysast
 * ids or Ruff aliases; a bare `# noqa` is NOT honoured, since it is routinely added for style
 * checks and would silently hide security findings) and `# pysast: ignore` / `# pysast: ignore[<ids>]`.
 */
import type { RuleMeta } from "./types.js";

export interface InlineDirective {
  /** Undefined means "every rule". */
  ids?: string[];
  text: string;
}

const NOSEC = /#\s*nosec\b(?::)?([^#]*)/i;
const NOQA = /#\s*noqa\s*:\s*([^#]*)/i;
const PYSAST = /#\s*pysast\s*:\s*ignore\b(?:\[([^\]]*)\])?/i;

function splitIds(s: string): string[] {
  return s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter((x) => /^[A-Za-z][\w-]*$/.test(x));
}

/** Parses the suppression directives of one comment. */
export function parseDirectives(comment: string): InlineDirective[] {
  const out: InlineDirective[] = [];
  const nosec = NOSEC.exec(comment);
  if (nosec) {
    const ids = splitIds(nosec[1] ?? "");
    out.push(ids.length ? { ids, text: nosec[0].trim() } : { text: nosec[0].trim() });
  }
  const noqa = NOQA.exec(comment);
  if (noqa) {
    const ids = splitIds(noqa[1] ?? "");
    if (ids.length) out.push({ ids, text: noqa[0].trim() });
  }
  const own = PYSAST.exec(comment);
  if (own) {
    const ids = own[1] === undefined ? [] : splitIds(own[1]);
    out.push(ids.length ? { ids, text: own[0].trim() } : { text: own[0].trim() });
  }
  return out;
}

/** True when a directive names this rule by id or by one of its Bandit/Ruff aliases. */
export function directiveMatches(d: InlineDirective, meta: RuleMeta): boolean {
  if (!d.ids) return true;
  const names = new Set([meta.id.toLowerCase(), ...(meta.aliases.bandit ?? []), ...(meta.aliases.ruff ?? [])].map((x) => x.toLowerCase()));
  return d.ids.some((id) => names.has(id.toLowerCase()));
}
