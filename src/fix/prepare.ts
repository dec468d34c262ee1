/**
 * The fix verifier's first re-scan, started ahead: as soon as phase 1 is done, the files whose pattern
 * findings carry a proposed fix are patched in memory as the verifier will patch them, and their phase 1
 * runs again in a worker thread of its own while phase 2 runs (on the stdlib phase 2 is one shard on the
 * scan thread, so the worker would otherwise sit idle). The re-scan (`ScanSession.rescan`) takes a result
 * from here only for the very text it is asked about, so a guess that turns out wrong (a finding the report
 * filters out, a data-flow fix in the same file, a fix the data-flow analysis makes quiet) costs only the
 * time to analyse that file on the scan thread, as before: the verdicts cannot differ.
 */
import type { FileResult } from "../analyze-file.js";
import { compareFindings, finalize, type FileState } from "../scan.js";
import type { Rule } from "../rule.js";
import { isTestPath } from "../test-code.js";
import type { Finding } from "../types.js";
import { WorkerPool, workerScript } from "../worker-pool.js";
import type { WorkerInit } from "../worker.js";
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
  for (const st of files) findings.push(...finalize(st, rulesById, opts.inlineSuppressions, undefined, !opts.testsAsCode && isTestPath(st.rel), undefined));
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
 * Starts phase 1 of patched texts in a worker thread of its own (`init`: the scan's; it runs with no fixes and
 * no hashing, as the re-scan's analyzer does); resolves to what it computed, or to nothing when the worker
 * could not be started or failed (the re-scan then analyses those files itself). The worker stops as soon as
 * it has answered. `script`: the compiled worker (absent when running from the TypeScript sources).
 */
export function prepareRescan(files: readonly PatchedFile[], init: WorkerInit, heapMb?: number, script = workerScript()): PreparingRescan | undefined {
  if (!script || files.length === 0) return undefined;
  let pool: WorkerPool;
  try {
    pool = new WorkerPool(script, 1, { ...init, fixes: false, hashContent: false }, heapMb);
  } catch {
    return undefined;
  }
  const jobs = files.map(({ rel, abs, text }) => ({ rel, abs, text }));
  let stop: () => void = () => {};
  const stopped = new Promise<PreparedRescan>((resolve) => (stop = () => resolve(new Map())));
  const work = pool
    .map<FileResult[]>([{ kind: "patched", files: jobs }])
    .then(([results]): PreparedRescan => new Map((results ?? []).map((result, i) => [result.rel, { text: jobs[i]!.text, result }])))
    .catch((): PreparedRescan => new Map());
  const results = Promise.race([work, stopped]);
  void results.finally(() => pool.close());
  return { results, stop };
}

/** Phase 1 of patched texts under way in a worker: `results` resolve to nothing once `stop` was called first. */
export interface PreparingRescan {
  results: Promise<PreparedRescan>;
  stop(): void;
}
