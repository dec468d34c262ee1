/**
 * The fix verifier, one for deterministic fixes and LLM patches alike: a fix is offered only when
 * re-scanning the project with the fix applied in memory shows that the patched file parses with
 * no more errors than before, the finding is gone, and no finding appears that was not there.
 *
 * Fixes are checked together first (one re-scan for all compatible fixes); when a file shows a
 * problem and holds several fixes, each of them is checked alone, so one bad fix never costs a good
 * one its place. Fixes whose edits overlap another's are checked in a later round.
 */
import { loadPython } from "../parse/grammar.js";
import { PythonParser } from "../parse/parser.js";
import { SourceText } from "../parse/ast.js";
import type { ScanSession } from "../scan-session.js";
import type { VerdictMemo } from "../scan-cache.js";
import type { Finding } from "../types.js";
import { timingNote } from "../scan-failure.js";
import { applyEdits, mapOffset, normalizeEdits, pickCompatible } from "./edits.js";
import type { TextEdit } from "./types.js";

/** A fix to check: edits to one file meant to make `finding` go away. */
export interface FixCandidate {
  finding: Finding;
  /** The file the edits apply to (usually the finding's). */
  path: string;
  edits: TextEdit[];
}

/** Why a candidate was rejected (`still reported`, `new finding …`, `does not parse`, …), or null when it passed. */
export type VerifyOutcome = string | null;

/**
 * `memo`: verdicts kept for this very tree (the analysis cache's, see scan-cache.ts): the same candidates
 * on an unchanged tree get the same verdicts without a re-scan.
 */
export async function verifyFixes(session: ScanSession, candidates: readonly FixCandidate[], memo?: VerdictMemo): Promise<Map<FixCandidate, VerifyOutcome>> {
  const key = memo ? JSON.stringify(candidates.map((c) => [c.path, findingKey(c.finding), c.finding.flow?.[0]?.path ?? null, c.edits])) : "";
  const remembered = memo?.get(key);
  if (remembered?.length === candidates.length) return new Map(candidates.map((c, i) => [c, remembered[i]!]));
  const outcome = await verifyAll(session, candidates);
  memo?.put(key, candidates.map((c) => outcome.get(c)!));
  session.fixRounds?.flush();
  return outcome;
}

async function verifyAll(session: ScanSession, candidates: readonly FixCandidate[]): Promise<Map<FixCandidate, VerifyOutcome>> {
  await session.ready();
  const outcome = new Map<FixCandidate, VerifyOutcome>();
  const texts = new Map<string, string>();
  const baseErrors = new Map<string, number>();
  const parser = new PythonParser(await loadPython());
  let open: FixCandidate[] = [];
  try {
    for (const c of candidates) {
      let text = texts.get(c.path);
      if (text === undefined) {
        text = session.text(c.path);
        if (text === undefined) {
          outcome.set(c, "the file cannot be read");
          continue;
        }
        texts.set(c.path, text);
        baseErrors.set(c.path, session.errorCount(c.path) ?? parser.parse(text).errorCount);
      }
      const unfit = unfitEdits(c, text);
      if (unfit) outcome.set(c, unfit);
      else open.push(c);
    }
  } finally {
    parser.delete();
  }

  const alone: FixCandidate[] = [];
  while (open.length > 0) {
    const { round, next } = nextRound(open);
    if (round.length > 0) alone.push(...(await check(session, round, texts, baseErrors, outcome)));
    open = next;
  }
  for (const c of alone) await check(session, [c], texts, baseErrors, outcome);
  for (const c of candidates) if (!outcome.has(c)) outcome.set(c, null);
  return outcome;
}

/**
 * Re-scans with `round` applied and records the verdict of each candidate that can be judged in
 * this company: a finding left behind is always its own fix's fault, and a round of one is judged
 * completely. Returns the candidates of a bigger round that share a file (or the project) with a
 * new finding or a parse error, to be checked alone.
 */
async function check(
  session: ScanSession,
  round: readonly FixCandidate[],
  texts: ReadonlyMap<string, string>,
  baseErrors: ReadonlyMap<string, number>,
  outcome: Map<FixCandidate, VerifyOutcome>,
): Promise<FixCandidate[]> {
  // a re-scan of the last verification whose every input is unchanged gives the same verdicts (see scan-cache.ts)
  const memo = session.fixRounds;
  const roundKey = memo ? JSON.stringify(round.map((c) => [c.path, findingKey(c.finding), c.finding.flow?.[0]?.path ?? null, c.edits])) : "";
  const kept = memo?.get(roundKey);
  // besides the files it read: which shards of the scan saw the patched files (they narrow its data-flow re-analysis)
  const seeing = memo ? session.seeing(round.map((c) => c.path)) : "";
  if (kept && kept.outcomes.length === round.length && kept.seeing === seeing && kept.deps.every(([rel, reported, dep]) => session.dependency(rel, reported) === dep)) {
    round.forEach((c, i) => {
      const verdict = kept.outcomes[i];
      if (verdict !== undefined) outcome.set(c, verdict);
    });
    return kept.alone.map((i) => round[i]!);
  }
  const t0 = performance.now();
  const alone = await checkRound(session, round, texts, baseErrors, outcome);
  timingNote(`fix verifier round of ${round.length} fix(es) in ${new Set(round.map((c) => c.path)).size} file(s): ${(performance.now() - t0).toFixed(0)} ms, ${alone.suspects.length} to check alone`);
  if (memo) {
    const deps: [string, boolean, string][] = [];
    for (const rel of [...alone.read].sort()) {
      const reported = alone.reported.has(rel);
      const dep = session.dependency(rel, reported);
      if (dep === undefined) return alone.suspects; // a file the scan did not hash: never keep what cannot be checked
      deps.push([rel, reported, dep]);
    }
    memo.put(roundKey, { deps, seeing, outcomes: round.map((c) => outcome.get(c) ?? undefined), alone: alone.suspects.map((c) => round.indexOf(c)) });
  }
  return alone.suspects;
}

async function checkRound(
  session: ScanSession,
  round: readonly FixCandidate[],
  texts: ReadonlyMap<string, string>,
  baseErrors: ReadonlyMap<string, number>,
  outcome: Map<FixCandidate, VerifyOutcome>,
): Promise<{ suspects: FixCandidate[]; read: Set<string>; reported: Set<string> }> {
  const editsByFile = editsPerFile(round);
  const overrides = patchedTexts(editsByFile, (path) => texts.get(path)!);
  const roots = new Set<string>();
  for (const c of round) {
    roots.add(c.finding.path);
    const source = c.finding.flow?.[0]?.path;
    if (source) roots.add(source);
  }
  const result = await session.rescan(overrides, roots);
  const seen = { read: result.read, reported: new Set(result.findings.keys()) };
  const targets = new Set(round.map((c) => findingKey(c.finding)));
  const originalOf = (path: string) => texts.get(path) ?? session.text(path) ?? "";
  const editsOf = (path: string) => normalizeEdits(editsByFile.get(path) ?? []) ?? [];

  // findings of the re-scan that the first scan did not have (targets excluded from the first scan)
  const fresh: Finding[] = [];
  for (const [path, found] of result.findings) {
    const before = session.findings(path).filter((f) => !targets.has(findingKey(f)));
    fresh.push(...unmatched(found, before, originalOf(path), editsOf(path), overrides.get(path)));
  }
  const explained = new Set<Finding>();
  for (const c of round) {
    const span = mappedLines(c.finding, originalOf(c.finding.path), overrides.get(c.finding.path) ?? originalOf(c.finding.path), editsOf(c.finding.path));
    const still = fresh.find((f) => f.path === c.finding.path && f.ruleId === c.finding.ruleId && f.region.startLine >= span[0] && f.region.startLine <= span[1]);
    if (still) {
      explained.add(still);
      outcome.set(c, "still reported");
    }
  }
  const broken = round.filter((c) => (result.parseErrors.get(c.path) ?? 0) > (baseErrors.get(c.path) ?? 0));
  const news = fresh.filter((f) => !explained.has(f));
  if (round.length === 1) {
    const c = round[0]!;
    if (outcome.has(c)) return { suspects: [], ...seen };
    if (broken.length > 0) outcome.set(c, "the patched file does not parse");
    else if (news.length > 0) outcome.set(c, `new finding: ${news[0]!.ruleId} at ${news[0]!.path}:${news[0]!.region.startLine}`);
    return { suspects: [], ...seen };
  }
  const suspects = new Set<FixCandidate>(broken);
  for (const f of news) {
    const local = round.filter((c) => c.path === f.path);
    for (const c of local.length > 0 ? local : round) suspects.add(c);
  }
  return { suspects: [...suspects].filter((c) => !outcome.has(c)), ...seen };
}

/** Why a candidate's edits cannot be checked against its file's text, or null when they can. */
function unfitEdits(c: FixCandidate, text: string): string | null {
  const edits = normalizeEdits(c.edits);
  if (!edits) return "its edits overlap each other";
  if (edits.some((e) => e.start < 0 || e.end > text.length || e.start > e.end)) return "its edits lie outside the file";
  if (applyEdits(text, edits) === text) return "it changes nothing";
  return null;
}

/** One edit set per file: the candidates checked together now, and those that conflict with an earlier one (the next round). */
function nextRound(open: readonly FixCandidate[]): { round: FixCandidate[]; next: FixCandidate[] } {
  const byFile = new Map<string, FixCandidate[]>();
  for (const c of open) byFile.set(c.path, [...(byFile.get(c.path) ?? []), c]);
  const round: FixCandidate[] = [];
  const next: FixCandidate[] = [];
  for (const list of byFile.values()) {
    const { picked, deferred } = pickCompatible(list, (c) => c.edits);
    round.push(...picked);
    next.push(...deferred);
  }
  return { round, next };
}

function editsPerFile(round: readonly FixCandidate[]): Map<string, TextEdit[]> {
  const editsByFile = new Map<string, TextEdit[]>();
  for (const c of round) editsByFile.set(c.path, [...(editsByFile.get(c.path) ?? []), ...c.edits]);
  return editsByFile;
}

function patchedTexts(editsByFile: ReadonlyMap<string, readonly TextEdit[]>, textOf: (path: string) => string): Map<string, string> {
  const overrides = new Map<string, string>();
  for (const [path, edits] of editsByFile) overrides.set(path, applyEdits(textOf(path), edits));
  return overrides;
}

/**
 * The patched texts the first re-scan of `candidates` will analyse (path → text), as `verifyFixes` builds them:
 * the scan computes them ahead (see `ScanSession.prepare`) so that their phase 1 runs while phase 2 does.
 * `textOf` gives each file's text as the scan read it.
 */
export function firstRoundTexts(candidates: readonly FixCandidate[], textOf: (path: string) => string | undefined): Map<string, string> {
  const open = candidates.filter((c) => {
    const text = textOf(c.path);
    return text !== undefined && unfitEdits(c, text) === null;
  });
  return patchedTexts(editsPerFile(nextRound(open).round), (path) => textOf(path)!);
}

function findingKey(f: Finding): string {
  const r = f.region;
  return `${f.path}:${f.ruleId}:${r.startLine}:${r.startColumn}:${r.endLine}:${r.endColumn}`;
}

/** The 1-based lines a finding's region covers once the edits are applied. */
function mappedLines(finding: Finding, original: string, patched: string, edits: readonly TextEdit[]): [number, number] {
  const before = new SourceText(original);
  const after = new SourceText(patched);
  const start = mapOffset(before.lineStart(finding.region.startLine - 1) + finding.region.startColumn - 1, edits);
  const end = mapOffset(before.lineStart(finding.region.endLine - 1) + finding.region.endColumn - 1, edits, "end");
  return [after.lineOf(start) + 1, after.lineOf(Math.max(start, end)) + 1];
}

/**
 * The re-scan's findings with no counterpart in the first scan: same rule at the same place once
 * the edits are accounted for (exact position first, then the same line).
 */
function unmatched(found: readonly Finding[], before: readonly Finding[], original: string, edits: readonly TextEdit[], patched: string | undefined): Finding[] {
  const src = new SourceText(original);
  const after = patched === undefined ? src : new SourceText(patched);
  const expected = before.map((f) => {
    const offset = mapOffset(src.lineStart(f.region.startLine - 1) + f.region.startColumn - 1, edits);
    const pos = after.position(offset);
    return { ruleId: f.ruleId, line: pos.line + 1, column: pos.column + 1, used: false };
  });
  const rest: Finding[] = [];
  const pending: Finding[] = [];
  for (const f of found) {
    const hit = expected.find((e) => !e.used && e.ruleId === f.ruleId && e.line === f.region.startLine && e.column === f.region.startColumn);
    if (hit) hit.used = true;
    else pending.push(f);
  }
  for (const f of pending) {
    const hit = expected.find((e) => !e.used && e.ruleId === f.ruleId && e.line === f.region.startLine);
    if (hit) hit.used = true;
    else rest.push(f);
  }
  return rest;
}
