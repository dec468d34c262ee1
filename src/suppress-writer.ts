/**
 * `pysast suppress`: writes `# pysast: ignore[<rule>] <reason>` comments for the current findings, the way Ruff's
 * `--add-noqa` does, so an old codebase can adopt pysast and see only new findings from then on. The comment goes
 * on the finding's first line that can hold one (not inside a multi-line string, not after a `\` continuation);
 * an existing `# pysast: ignore[...]` on that line gets the new ids added; other comments are kept.
 */
import { walk } from "./parse/ast.js";
import type { PythonParser } from "./parse/parser.js";
import type { Finding } from "./types.js";

/** The comment lines to add in one file: 1-based line → rule ids. */
export type SuppressionPlan = Map<number, Set<string>>;

const OWN = /#\s*pysast\s*:\s*ignore\[([^\]]*)\]/i;

/** Chooses a line for each finding of one file and groups the rule ids by line. */
export function planSuppressions(findings: readonly Finding[], text: string, parser: PythonParser): SuppressionPlan {
  const lines = text.split(/\r\n|\r|\n/);
  const lineEnds: number[] = [];
  let offset = 0;
  for (const line of text.split(/(?<=\r\n|\r(?!\n)|\n)/)) {
    offset += line.length;
    lineEnds.push(offset - (line.endsWith("\r\n") ? 2 : line.endsWith("\n") || line.endsWith("\r") ? 1 : 0));
  }
  const strings: [number, number][] = [];
  const parsed = parser.parse(text);
  walk(parsed.root, (node) => {
    if (node.type === "string" && parsed.src.lineOf(node.start) !== parsed.src.lineOf(Math.max(node.start, node.end - 1))) strings.push([node.start, node.end]);
  });
  const canHoldComment = (line: number) => {
    const end = lineEnds[line - 1];
    if (end === undefined) return false;
    if (/\\\s*$/.test(lines[line - 1] ?? "")) return false;
    return !strings.some(([start, stop]) => start < end && end < stop);
  };
  const plan: SuppressionPlan = new Map();
  for (const f of findings) {
    const candidates = [];
    for (let line = f.region.startLine; line <= f.region.endLine; line++) candidates.push(line);
    for (let line = f.statementLine; line < f.region.startLine; line++) candidates.push(line);
    const line = candidates.find(canHoldComment) ?? f.region.startLine;
    plan.set(line, (plan.get(line) ?? new Set()).add(f.ruleId));
  }
  return plan;
}

/** The comment text to add for these rule ids. */
function comment(ids: readonly string[], reason: string | undefined): string {
  return `# pysast: ignore[${ids.join(", ")}]${reason ? ` ${reason}` : ""}`;
}

/**
 * Applies a plan to a file's raw bytes, keeping its line endings, BOM and encoding: only the ends of the chosen
 * lines change. Returns undefined when the comment cannot be written in the file's encoding (non-ASCII text in a
 * file that is not UTF-8).
 */
export function applySuppressions(bytes: Uint8Array, plan: SuppressionPlan, reason: string | undefined): Uint8Array | undefined {
  const utf8 = isUtf8(bytes);
  const encoder = new TextEncoder();
  const out: number[] = [];
  let line = 1;
  let i = 0;
  const flushLine = (start: number, end: number) => {
    const ids = plan.get(line);
    const original = bytes.subarray(start, end);
    if (!ids) {
      out.push(...original);
      return true;
    }
    // the line is decoded only to find an existing directive; ASCII bytes are the same in every supported encoding
    const lineText = Buffer.from(original).toString("latin1");
    const existing = OWN.exec(lineText);
    let updated: string;
    if (existing) {
      const merged = [...new Set([...existing[1]!.split(/[\s,]+/).filter(Boolean), ...ids])];
      updated = lineText.slice(0, existing.index) + `# pysast: ignore[${merged.join(", ")}]` + lineText.slice(existing.index + existing[0].length);
      out.push(...Buffer.from(updated, "latin1"));
      return true;
    }
    const addition = `  ${comment([...ids], reason)}`;
    if (!utf8 && /[^\x20-\x7e]/.test(addition)) return false;
    out.push(...original.subarray(0, trimmedLength(original)), ...encoder.encode(addition));
    return true;
  };
  let start = 0;
  while (i <= bytes.length) {
    const b = bytes[i];
    if (i === bytes.length || b === 0x0a || b === 0x0d) {
      if (!flushLine(start, i)) return undefined;
      if (i === bytes.length) break;
      const crlf = b === 0x0d && bytes[i + 1] === 0x0a;
      out.push(...bytes.subarray(i, i + (crlf ? 2 : 1)));
      i += crlf ? 2 : 1;
      start = i;
      line++;
      continue;
    }
    i++;
  }
  return Uint8Array.from(out);
}

function trimmedLength(line: Uint8Array): number {
  let end = line.length;
  while (end > 0 && (line[end - 1] === 0x20 || line[end - 1] === 0x09)) end--;
  return end;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
