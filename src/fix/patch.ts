/**
 * Patches from the triage reviewer: a unified diff (or a replacement of the flagged statement)
 * turned into text edits, then put through the same verifier as the rules' fixes. A patch is offered
 * as the finding's fix only when the re-scan passes; otherwise it is dropped and
 * `triage.patchRejected` says why (`patch-rejected: still reported`, …).
 */
import type { ScanSession } from "../scan-session.js";
import type { Finding } from "../types.js";
import { lineEnding } from "./edits.js";
import { verifiedFix } from "./index.js";
import type { TextEdit } from "./types.js";
import { verifyFixes, type FixCandidate } from "./verify.js";

interface Hunk {
  oldStart: number;
  before: string[];
  after: string[];
}

/** The hunks of a unified diff (headers and fences ignored); undefined when the text has none. */
function hunks(patch: string): Hunk[] | undefined {
  const lines = patch.replace(/\r\n?/g, "\n").split("\n");
  const out: Hunk[] = [];
  let current: Hunk | undefined;
  for (const line of lines) {
    const header = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(line);
    if (header) {
      current = { oldStart: Number(header[1]), before: [], after: [] };
      out.push(current);
      continue;
    }
    if (!current || line.startsWith("---") || line.startsWith("+++") || line.startsWith("```") || line.startsWith("\\")) continue;
    if (line.startsWith("-")) current.before.push(line.slice(1));
    else if (line.startsWith("+")) current.after.push(line.slice(1));
    else if (line.startsWith(" ") || line === "") {
      current.before.push(line.slice(1));
      current.after.push(line.slice(1));
    }
  }
  for (const h of out) {
    while (h.before.length > 0 && h.after.length > 0 && h.before[h.before.length - 1] === "" && h.after[h.after.length - 1] === "") {
      h.before.pop();
      h.after.pop();
    }
  }
  return out.length > 0 ? out : undefined;
}

/** Offsets of each line start, and the lines without terminators. */
function lineTable(text: string): { starts: number[]; lines: string[] } {
  const starts = [0];
  const lines: string[] = [];
  const re = /\r\n|\r|\n/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push(text.slice(last, m.index));
    last = m.index + m[0].length;
    starts.push(last);
  }
  lines.push(text.slice(last));
  return { starts, lines };
}

/** The reviewer's patch as edits to `text`, or why it does not apply. */
export function patchEdits(text: string, patch: string, finding: Finding): TextEdit[] | { error: string } {
  const eol = lineEnding(text);
  const { starts, lines } = lineTable(text);
  const parsed = hunks(patch);
  const same = (a: string, b: string) => a.trimEnd() === b.trimEnd();
  if (!parsed) {
    // a replacement for the flagged statement
    const body = patch.replace(/^```\w*\n|```\s*$/g, "").replace(/\s+$/, "");
    if (!body.trim()) return { error: "the patch is empty" };
    const first = finding.statementLine - 1;
    const last = finding.region.endLine - 1;
    const indent = /^[ \t]*/.exec(lines[first] ?? "")![0];
    const given = body.split(/\r\n|\r|\n/);
    const own = /^[ \t]*/.exec(given[0]!)![0];
    const shifted = own.length < indent.length ? given.map((l) => (l.trim() ? indent + l : l)) : given;
    const start = starts[first]!;
    const end = starts[last] !== undefined ? starts[last]! + lines[last]!.length : text.length;
    return [{ start, end, text: shifted.join(eol) }];
  }
  const edits: TextEdit[] = [];
  for (const h of parsed) {
    if (h.before.length === 0) return { error: "a hunk has no context to place it" };
    const matches: number[] = [];
    for (let i = 0; i + h.before.length <= lines.length; i++) {
      if (h.before.every((l, k) => same(lines[i + k]!, l))) matches.push(i);
    }
    if (matches.length === 0) return { error: "does not apply to the file" };
    const at = matches.reduce((best, m) => (Math.abs(m + 1 - h.oldStart) < Math.abs(best + 1 - h.oldStart) ? m : best));
    const lastLine = at + h.before.length - 1;
    const start = starts[at]!;
    const end = starts[lastLine]! + lines[lastLine]!.length;
    edits.push({ start, end, text: h.after.join(eol) });
  }
  return edits;
}

/**
 * Verifies the reviewer's patches on true positives without a fix of their own; accepted ones become
 * `finding.fix` (origin `triage`, always unsafe: a reviewer's change is not known to keep behaviour),
 * every other patch is dropped with `triage.patchRejected`.
 */
export async function verifyTriagePatches(findings: readonly Finding[], session: ScanSession): Promise<{ offered: number; accepted: number }> {
  const candidates: (FixCandidate & { text: string })[] = [];
  for (const f of findings) {
    const t = f.triage;
    if (!t?.patch) continue;
    const reject = (why: string) => {
      delete t.patch;
      t.patchRejected = `patch-rejected: ${why}`;
    };
    if (t.verdict !== "true_positive") {
      reject("the verdict is not true_positive");
      continue;
    }
    if (f.fix) {
      reject("pysast offers its own verified fix");
      continue;
    }
    const text = session.text(f.path);
    if (text === undefined) {
      reject("the file cannot be read");
      continue;
    }
    const edits = patchEdits(text, t.patch, f);
    if ("error" in edits) {
      reject(edits.error);
      continue;
    }
    candidates.push({ finding: f, path: f.path, edits, text });
  }
  if (candidates.length === 0) return { offered: 0, accepted: 0 };
  const outcomes = await verifyFixes(session, candidates);
  let accepted = 0;
  for (const c of candidates) {
    const t = c.finding.triage!;
    const reason = outcomes.get(c);
    if (reason === null) {
      c.finding.fix = verifiedFix(c.finding, c.text, { description: "Apply the triage reviewer's patch", safety: "unsafe", edits: c.edits }, "triage");
      accepted++;
    } else {
      delete t.patch;
      t.patchRejected = `patch-rejected: ${reason}`;
    }
  }
  return { offered: candidates.length, accepted };
}
