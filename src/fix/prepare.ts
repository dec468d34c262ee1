/**
 * Phase 1 of the fix verifier's first re-scan, run ahead: as soon as phase 1 is done, the files whose pattern
 * findings carry a proposed fix are patched in memory as the verifier will patch them, and the phase-1
 * workers analyse the patched texts while the scan thread builds the project index and plans phase 2
 * (on the stdlib, phase 2 is one shard on the scan thread, which starts at once: the workers finish these jobs and
 * stop by themselves, see `WorkerPool.release`). The
 * re-scan (`ScanSession.rescan`) takes a result from here only for the very text it is asked about, so a
 * guess that turns out wrong (a finding the report filters out, a data-flow fix in the same file, a fix the
 * data-flow analysis makes quiet) costs only the time to analyse that file on the scan thread, as before:
 * the verdicts cannot differ.
 */
import type { FileResult } from "../analyze-file.js";
import { compareFindings, finalize, type FileState } from "../scan.js";
import type { Rule } from "../rule.js";
import { isTestPath } from "../test-code.js";
import type { Finding } from "../types.js";
import type { WorkerPool } from "../worker-pool.js";
import { isProposal } from "./types.js";
import { firstRoundTexts, type FixCandidate } from "./verify.js";

/** Phase-1 results of patched texts, per path, with the text each was computed for. */
export type PreparedRescan = ReadonlyMap<string, { text: string; result: FileResult }>;

/** What the scan knows of a file with proposed fixes at the end of phase 1. */
export type ProposingFile = FileState & { text: string };

/**
 * The candidates `attachFixes` will hand the verifier from these files (unsuppressed findings with a proposed
 * fix, in report order), as far as phase 1 can tell.
 */
export function likelyCandidates(files: readonly ProposingFile[], rulesById: Map<string, Rule>, opts: { inlineSuppressions: boolean; testsAsCode?: boolean }): FixCandidate[] {
  const findings: Finding[] = [];
  // no fingerprints: nothing here reads them, and hashing every line up to each finding was most of this step's time
  for (const st of files) findings.push(...finalize(st, rulesById, opts.inlineSuppressions, undefined, !opts.testsAsCode && isTestPath(st.rel), undefined, false));
  findings.sort(compareFindings);
  const out: FixCandidate[] = [];
  for (const f of findings) if (!f.suppression && isProposal(f.proposedFix)) out.push({ finding: f, path: f.path, edits: f.proposedFix.edits });
  return out;
}

/** The patched files the verifier's first re-scan will likely analyse (see `likelyCandidates`), with their texts. */
export function aheadTexts(files: readonly ProposingFile[], rulesById: Map<string, Rule>, opts: { inlineSuppressions: boolean; testsAsCode?: boolean }): PatchedFile[] {
  const byPath = new Map(files.map((f) => [f.rel, f]));
  const texts = firstRoundTexts(likelyCandidates(files, rulesById, opts), (rel) => byPath.get(rel)?.text);
  return [...texts].map(([rel, text]) => ({ rel, abs: byPath.get(rel)!.abs, text }));
}

/** A file's text patched in memory. */
export interface PatchedFile {
  rel: string;
  abs: string;
  text: string;
}

/**
 * Runs phase 1 of patched texts on the scan's phase-1 workers (`pool`, whose analyzers run without fixes for
 * these jobs, as the re-scan's analyzer does); resolves to what they computed, or to nothing when a worker
 * failed (the re-scan then analyses those files itself). Each worker gets its whole share at once (one job, the
 * shares balanced by text length): the jobs are posted before this returns, so they run while the scan thread
 * builds the project index and plans phase 2, and the workers can be released (`WorkerPool.release`) with every
 * job already sent. The caller must let these jobs end before it stops or reuses the workers (see `Phase2Context`
 * in scan.ts).
 */
export function prepareRescan(files: readonly PatchedFile[], pool: WorkerPool): Promise<PreparedRescan> {
  const texts = new Map(files.map((f) => [f.rel, f.text]));
  const jobs = shares(files, pool.size).map((share) => ({ kind: "patched" as const, files: share }));
  return pool
    .map<FileResult[]>(jobs)
    .then((results): PreparedRescan => new Map(results.flat().map((result) => [result.rel, { text: texts.get(result.rel)!, result }] as const)))
    .catch((): PreparedRescan => new Map());
}

/** `files` in at most `count` non-empty shares of about the same text length (longest first, each to the lightest share). */
export function shares(files: readonly PatchedFile[], count: number): PatchedFile[][] {
  const out: { files: PatchedFile[]; length: number }[] = Array.from({ length: Math.max(1, Math.min(count, files.length)) }, () => ({ files: [], length: 0 }));
  const order = files.map((_, i) => i).sort((a, b) => files[b]!.text.length - files[a]!.text.length || a - b);
  for (const i of order) {
    const lightest = out.reduce((best, share) => (share.length < best.length ? share : best));
    lightest.files.push(files[i]!);
    lightest.length += files[i]!.text.length;
  }
  return out.filter((share) => share.files.length > 0).map((share) => share.files);
}
