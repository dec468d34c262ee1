/** Masking of the secret spans a rule reports, for every output that shows source lines (snippets, HTML frames). */
import { maskRange } from "../rules/lib/secrets.js";
import type { RawFinding } from "./types.js";

/** A line of the finding (its first by default) with every secret span on it masked (same length, so columns stay exact). */
export function maskSecretSpans(line: string, raw: RawFinding, lineNo = raw.region.startLine): string {
  let out = line;
  for (const s of raw.secretSpans ?? []) {
    if (s.startLine > lineNo || s.endLine < lineNo) continue;
    const start = s.startLine === lineNo ? s.startColumn - 1 : 0;
    const end = s.endLine === lineNo ? s.endColumn - 1 : line.length;
    out = maskRange(out, start, end, s.startLine === lineNo ? s.keep : 0);
  }
  return out;
}
