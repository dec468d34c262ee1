/**
 * The scan pipeline: discover → read → parse → model → pattern rules (+ taint phase 1) →
 * taint phase 2 → finalise (levels, snippets, fingerprints, inline suppressions, de-duplication).
 */
import { availableParallelism } from "node:os";
import { discover, type DiscoveredFile, type DiscoverOptions, type DiscoveryResult } from "./discover.js";
import { ruleById as registryHas } from "../rules/index.js";
import { loadPython } from "./parse/grammar.js";
import { PythonParser, type CompactTree } from "./parse/parser.js";
import { decodeSource } from "./read-source.js";
import { FileAnalyzer, isolatedParser, type FileResult, type StatementSpan } from "./analyze-file.js";
import { PHASE_BUDGET_MS } from "./budget.js";
import { checkHeap, enterPhase, PHASES, ScanFailure, timingNote } from "./scan-failure.js";
import { boundHeapGrowth, CompactAdmission, HERE_GROWING_PERCENT, longestFirst, ProjectFiles, runShardJob, shardLines, spanKey, tuneTiering, type ShardReply } from "./phase2.js";
import { AHEAD_FILES, aheadList, EARLY_AHEAD_RELEVANT, loadAheadScript, LoadAheadWorker } from "./load-ahead.js";
import { dropSpares, prestartWorkers, WorkerPool, workerScript, type SharedJobs } from "./worker-pool.js";
import type { WorkerJob } from "./worker.js";
import { moduleBasesOf, type FileModel, type ModuleBase } from "./model/file-model.js";
import { readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { lineHashesAtBytes } from "./report/fingerprint.js";
import { isPatternRule, type PatternRule, type Rule, type TaintRule } from "./rule.js";
import { directiveMatches, fileDirectives, justificationOf, parseDirectives, type InlineDirective } from "./suppress.js";
import { proposeFixes } from "./fix/propose.js";
import { aheadTexts, prepareRescan, type PreparedRescan, type ProposingFile } from "./fix/prepare.js";
import { isProposal } from "./fix/types.js";
import { ScanSession, type PhaseTwoReach } from "./scan-session.js";
import { constantSinkKinds, TaintProject, type ExternalFacts, type TaintFileRecord } from "./taint/index.js";
import { fileParts, modelParts, type FileParts } from "./model/parts.js";
import { packable, RecordPacker, type PackedRecords } from "./taint/project-index.js";
import { declaredHandlers } from "./deploy-descriptors.js";
import { templateFacts } from "./template-files.js";
import type { ShardTask } from "./taint/shards.js";
import { maskSecretSpans } from "./secret-mask.js";
import { isDevelopmentPath } from "../rules/lib/settings.js";
import { isTestPath } from "./test-code.js";
import { overriddenSettings } from "./settings-overrides.js";
import type { TaintModel } from "./taint/model-types.js";
import type { Finding, Notification, RawFinding, RuleMeta } from "./types.js";
import { indexDigest, ScanCache, sha256, type CachedRecord, type CacheStats, type PartsOf, type VerifyPrints, type ScanCacheOptions, type TreeOptions, type TreeOutput } from "./scan-cache.js";

export interface ScanOptions {
  /** Absolute scan root; finding paths are relative to it. */
  root: string;
  paths: string[];
  /**
   * The folders (or files) the user asked to scan, which module names start from (see `moduleBasesOf`);
   * default: `paths`, else the root. The CLI passes its path arguments here (its `paths` is empty).
   */
  moduleBases?: string[];
  rules: readonly Rule[];
  discover: DiscoverOptions;
  inlineSuppressions: boolean;
  includeLocalSources: boolean;
  /** Library mode: parameters of public functions and methods are sources (reported as warnings). */
  includeParameterSources?: boolean;
  /** Report findings in test code (`tests/`, `test_*.py`, `conftest.py`) at their rule's level instead of as notes. */
  testsAsCode?: boolean;
  /** The taint models handed to the taint engine (the built-in ones: `MODELS` from rules/models). */
  models: readonly TaintModel[];
  /** Files the caller discovered and filtered itself (the CLI applies each folder's config); `paths` and `discover` are then unused. */
  discovered?: DiscoveryResult;
  /** Worker threads for phase 1 (default: the number of CPUs, at most 8; 1 = none). */
  jobs?: number;
  /** Told how far the scan is (for a progress line); never told anything that changes the result. */
  onProgress?: (event: ScanProgress) => void;
  /** Wall-clock budget of each phase of one file, in ms (default PHASE_BUDGET_MS; tests use small ones). */
  phaseBudgetMs?: number;
  /** Heap limit of each worker thread in MB (default: the main thread's; tests use small ones). */
  workerHeapMb?: number;
  /** Restricts reported findings to these files (rel paths), e.g. for `--diff`; all files are still analysed for summaries. */
  onlyFiles?: Set<string>;
  /** Reuse and keep per-file and per-shard results and the whole result of an unchanged tree (see scan-cache.ts); absent: no cache. */
  cache?: ScanCacheOptions & {
    /** false: do not answer from (or keep) the whole-tree entry; the session of a scan answered whole is rebuilt this way. */
    wholeTree?: boolean;
  };
  /** Ask the rules for fixes of their findings (`finding.proposedFix`; verified by `src/fix/verify.ts`). */
  fixes?: boolean;
}

/** Where a scan is: files parsed out of the total, then the data-flow phase. */
export type ScanProgress = { phase: "parse"; done: number; total: number } | { phase: "taint" };

export interface ScanOutput {
  findings: Finding[];
  notifications: Notification[];
  /** Source text per scanned file that has findings (for triage and reporters). */
  sources: Map<string, string>;
  files: number;
  lines: number;
  skipped: number;
  parseMs: number;
  /** What the scan keeps for re-scanning the project with some files changed in memory (the fix verifier). */
  session: ScanSession;
  /**
   * How many times part of a file's analysis was lost (a rule, the index, the parser, a budget or the
   * taint analysis failed on it): the report is then incomplete and the scan is not successful.
   */
  analysisLost: number;
  /** What the cache saved, when it was on. */
  cache?: CacheStats;
}

/** Files below which starting worker threads costs more than it saves. */
const PARALLEL_THRESHOLD = 64;
/** Where this scan's module names start (`moduleBasesOf`): the folders scanned (`moduleBases`, else `paths`, else the root), read from the file system. */
export function moduleNaming(opts: Pick<ScanOptions, "root" | "paths" | "moduleBases">): ModuleBase[] {
  const scanned = opts.moduleBases ?? (opts.paths.length > 0 ? opts.paths : [opts.root]);
  const root = realpathOr(opts.root);
  const folders: string[] = [];
  for (const p of scanned) {
    const real = realpathOr(resolve(opts.root, p));
    const dir = statSync(real, { throwIfNoEntry: false })?.isDirectory() === true ? real : dirname(real);
    const rel = relative(root, dir);
    // a folder outside the root holds no scanned file
    if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) continue;
    folders.push(rel.split(sep).join("/"));
  }
  return moduleBasesOf(root, folders, (p) => statSync(p, { throwIfNoEntry: false })?.isFile() === true);
}

/** The real path of `path`, or `path` resolved when it cannot be read. */
export function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Files per phase-1 job sent to a worker. */
const BATCH = 16;

/** Threads `--jobs` asks for: one per CPU, at most 8, unless it says. */
function requestedThreads(jobs: number | undefined): number {
  return jobs ?? Math.min(availableParallelism(), 8);
}

/** Threads for work on `files` files: 1 when starting worker threads costs more than it saves (or `--jobs 1`). */
export function threadCount(files: number, opts: ScanOptions): number {
  if (files < PARALLEL_THRESHOLD) return 1;
  return Math.max(1, Math.min(requestedThreads(opts.jobs), Math.ceil(files / BATCH)));
}

/**
 * For `DiscoverOptions.onCandidates`: prestarts the scan's worker threads (`prestartWorkers`) as soon as discovery has
 * found enough files for them, so that their start overlaps the rest of the walk. For a scan no cached result can
 * answer (a prestarted worker costs an unchanged tree's rescan the CPU time of its start); `runScan` takes them or stops them.
 */
export function workerStarter(jobs: number | undefined): ((count: number) => void) | undefined {
  const threads = requestedThreads(jobs);
  if (threads <= 1 || !workerScript()) return undefined;
  return (count) => {
    if (count === PARALLEL_THRESHOLD) prestartWorkers(threads);
  };
}

/** Worker threads for this scan, when they pay (undefined: everything runs on this thread). */
function startWorkers(files: readonly unknown[], opts: ScanOptions, naming: ModuleBase[], here = 0): WorkerPool | undefined {
  const jobs = threadCount(files.length, opts);
  const script = workerScript();
  const registryOnly = opts.rules.every((r) => registryHas(r.meta.id));
  if (jobs <= 1 || !script || !registryOnly) return undefined;
  const init = {
    ruleIds: opts.rules.map((r) => r.meta.id),
    includeLocalSources: opts.includeLocalSources,
    includeParameterSources: opts.includeParameterSources === true,
    models: opts.models,
    hashContent: opts.cache !== undefined,
    fixes: Boolean(opts.fixes),
    naming,
    ...(opts.phaseBudgetMs !== undefined ? { phaseBudgetMs: opts.phaseBudgetMs } : {}),
  };
  return new WorkerPool(script, jobs - here, init, opts.workerHeapMb);
}

/**
 * Runs phase 1 for every file, in the worker threads if there are any; each result goes to `arrived` as it comes (in no
 * fixed order), its compact tree kept only within the budget. Nothing keeps the results here: the caller takes them apart.
 */
async function phase1(files: DiscoveredFile[], pool: WorkerPool | undefined, analyzer: FileAnalyzer, opts: ScanOptions, total: number, arrived: (r: FileResult) => void): Promise<void> {
  let done = total - files.length;
  const admission = new CompactAdmission();
  // phase 2 analyses no test file unless tests count as code (see `TaintProject.plan`) and loads one only when a file
  // it analyses imports it: test files' trees would take the budget's place from files phase 2 needs, parsed again then
  const testRoots = Boolean(opts.testsAsCode) || opts.includeParameterSources === true;
  const progress = (results: readonly FileResult[]) => {
    for (const r of results) {
      if (!testRoots && isTestPath(r.rel)) delete r.compact;
      admission.admit(r);
      arrived(r);
    }
    done += results.length;
    opts.onProgress?.({ phase: "parse", done, total });
  };
  if (!pool) {
    for (const f of files) {
      // a wasm trap on the previous file discarded the parser: make a new one in a fresh instance
      if (analyzer.needsParser) await analyzer.ready();
      checkHeap(PHASES.phase1);
      progress([analyzer.analyze(f)]);
    }
    return;
  }
  const jobs = { length: Math.ceil(files.length / BATCH), at: (k: number): WorkerJob => ({ kind: "files", files: files.slice(k * BATCH, (k + 1) * BATCH) }) };
  await pool.each<FileResult[]>(jobs, () => [], progress);
}

/** What phase 2 needs besides the project: worker threads, and the cache with what its entries are checked against. */
interface Phase2Context {
  /** The scan's workers (phase 2 may start them when phase 1 came from the cache but shards did not). */
  workers: {
    pool?: WorkerPool;
    start: (shards: number) => WorkerPool | undefined;
    /**
     * Other work of the scan on the workers (the fix verifier's, see fix/prepare.ts): phase 2 lets it end before it
     * uses or stops them, or, for a lone shard run here, releases them to end it on their own (`WorkerPool.release`).
     */
    busy?: Promise<unknown>;
    /** The scan may use worker threads (enough files, more than one job): a shard run here has a worker parse ahead for it. */
    threads?: boolean;
  };
  cache?: { store: ScanCache; index: string; hashes: ReadonlyMap<string, string> };
  /** Source lines per scanned file: shards go to the threads costliest first by their lines (`shardLines`). */
  lines: ReadonlyMap<string, number>;
  /** What the scan learnt from deployment descriptors and templates (sent to the workers with the project). */
  external: ExternalFacts;
}

/** Runs phase 2 (taint) in the worker threads if there are any, else here; the same result either way, and with or without the cache. */
async function phase2(taint: TaintProject, files: ProjectFiles, index: LazyIndex, paths: Map<string, string>, ctx: Phase2Context) {
  const replies: ShardReply[] = [];
  /** A load-ahead worker started before the index and the plan were built, for the lone shard they will likely give (see below). */
  let starting: LoadAheadWorker | undefined;
  /** The pool that has the project (workers started after a round ran here do not). */
  let told: WorkerPool | undefined;
  /** Runs shards on this thread, while a worker parses ahead the files the first one will likely load (see `LoadAhead`). */
  const runHere = async (tasks: ShardTask[], started?: LoadAheadWorker): Promise<ShardReply[]> => {
    const loader = started ? aheadOn(started, taint, files, paths, tasks[0]!.shard.paths) : ctx.workers.threads && tasks.length > 0 ? aheadOn(undefined, taint, files, paths, tasks[0]!.shard.paths) : undefined;
    files.ahead = loader?.ahead;
    boundHeapGrowth(HERE_GROWING_PERCENT);
    try {
      return tasks.map((task) => {
        checkHeap(PHASES.phase2);
        return runShardJob(taint, files, { task, compacts: [] });
      });
    } finally {
      boundHeapGrowth();
      files.ahead = undefined;
      if (loader) {
        const sent = await loader.stop();
        const { used, parsedHere, waited, unlisted } = loader.ahead.counts;
        timingNote(`files parsed ahead by a worker: ${sent}, of which used: ${used}; parsed here: ${parsedHere} listed, ${unlisted} not listed; waited for: ${waited}`);
      }
    }
  };
  /** The parts of a changed file a kept root loaded, to see whether it read what changed (src/model/parts.ts). */
  const partsNow = new Map<string, FileParts | undefined>();
  const partsOf: PartsOf = (rel) => {
    if (!partsNow.has(rel)) {
      const model = files.model(rel);
      partsNow.set(rel, model ? modelParts(model.parsed) : undefined);
    }
    return partsNow.get(rel);
  };
  /** Prints of changed definitions' summaries for their new texts, computed here (see `ScanCache.partialShard`). */
  /**
   * Prints of changed definitions' summaries on the old text and on the new one (see `ScanCache.partialShard`). The old
   * text of a file is the new one with each edited definition's text then put back in its span; it stands for the old
   * text only when it digests as the old one did (`FileParts`: its outline and every definition), so that its analysis
   * is the old one's with positions moved, which prints leave out or rename (taint/prints.ts). The old texts are
   * analysed in a project of their own whose index holds their records in place of the new ones (offsets differ), the
   * way the fix verifier's re-scans hold patched files. Answers are kept for the scan: several shards ask about the
   * same helper.
   */
  const verified = new Map<string, { same: boolean; local: boolean; reads: string[] } | undefined>();
  const oldViews = new Map<string, { models: Map<string, FileModel>; spans: Map<string, [number, number][]>; project: TaintProject } | null>();
  const verify: VerifyPrints = (asked, writes, olds) => {
    // the project's records join its index when first packed (see `LazyIndex.packed`)
    const packed = index.packed();
    // an answer depends on the summary asked for, the shared state written and every old definition put back
    const given = JSON.stringify([...olds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([rel, defs]) => [rel, defs.map((d) => [d.ordinal, d.digest])]));
    const memo = (key: string, spec: Uint8Array | undefined) => `${key}\0${spec ? Buffer.from(spec).toString("base64") : ""}\0${[...writes].sort().join("\0")}\0${given}`;
    if (!oldViews.has(given)) {
      const models = new Map<string, FileModel>();
      const spans = new Map<string, [number, number][]>();
      const records = new Map<string, TaintFileRecord>();
      for (const [rel, defs] of olds) {
        const now = files.model(rel);
        const parts = partsOf(rel);
        if (!now || !parts) continue;
        let text = now.src.text;
        // from the last definition up, so that the spans of those above still hold
        for (const d of [...defs].sort((x, y) => y.ordinal - x.ordinal)) {
          const [from, to] = parts.spans[d.ordinal]!;
          text = `${text.slice(0, from)}${d.text}${text.slice(to)}`;
        }
        const model = files.modelOfText(rel, text);
        const then = fileParts(model.root, model.parsed.errorCount);
        const same = then.outline === parts.outline && then.defs.length === parts.defs.length && then.defs.every((digest, k) => digest === (defs.find((o) => o.ordinal === k)?.digest ?? parts.defs[k]));
        if (!same) continue;
        models.set(rel, model);
        spans.set(rel, then.spans);
        records.set(rel, taint.indexFile(model));
      }
      let view: { models: Map<string, FileModel>; spans: Map<string, [number, number][]>; project: TaintProject } | null = null;
      if (models.size > 0) {
        const project = new TaintProject(taint.rules, taint.options);
        project.addPacked(packed, records);
        project.addExternalFacts(ctx.external);
        view = { models, spans, project };
      }
      oldViews.set(given, view);
    }
    const view = oldViews.get(given)!;
    const todo = asked.filter((a) => !verified.has(memo(a.key, a.spec)));
    // a summary of a file whose old text cannot be rebuilt is not compared
    const computable = view ? todo.filter((a) => view.models.has(a.key.slice(0, a.key.indexOf("\0")))) : [];
    for (const a of todo) if (!computable.includes(a)) verified.set(memo(a.key, a.spec), undefined);
    timingNote(`phase 2 cache: prints compared: ${asked.length} summaries asked for, ${computable.length} printed on the old and the new text (${todo.length - computable.length} without an old text)`);
    if (view && computable.length > 0) {
      // the definitions' starts in the old text: the same outermost definition, by ordinal
      const oldAsked = computable.map((a) => {
        const rel = a.key.slice(0, a.key.indexOf("\0"));
        const ordinal = Number(a.key.split("\0")[1]);
        return { ...a, start: view.spans.get(rel)![ordinal]![0] };
      });
      const before = view.project.verifyPrints(oldAsked, (p) => view.models.get(p) ?? (olds.has(p) ? null : files.model(p)), writes);
      const after = taint.verifyPrints(computable, (p) => files.model(p), writes);
      for (const a of computable) {
        const b = before.get(a.key);
        const n = after.get(a.key);
        verified.set(memo(a.key, a.spec), b && n ? { same: b.print === n.print, local: b.local || n.local, reads: n.reads } : undefined);
      }
    }
    const prints = new Map(asked.map((a) => [a.key, verified.get(memo(a.key, a.spec))]));
    const texts = new Map<string, string>();
    for (const [rel, defs] of olds) {
      const now = files.model(rel);
      const parts = partsOf(rel);
      if (now && parts) for (const d of defs) texts.set(`${rel}\0${d.ordinal}`, now.src.text.slice(parts.spans[d.ordinal]![0], parts.spans[d.ordinal]![1]));
    }
    return { prints, texts };
  };
  /** The files some shard of the plan analyses (set once the plan is known, below). */
  let planned: ReadonlySet<string> | undefined;
  const compute = async (tasks: ShardTask[]): Promise<ShardReply[]> => {
    const packed = index.packed();
    if (planned) {
      // trees of files no shard analyses and no project file imports would only be loaded if a call resolved into
      // them without an import: they go before any shard runs (such a file is parsed again then; findings do not change)
      files.take(taint.unimported([...files.held().keys()].filter((rel) => !planned!.has(rel))));
      planned = undefined;
    }
    // a lone shard will run here (see below): its load-ahead worker starts now, so that its thread and parser
    // are ready by the time the shard starts, not a few files into it (the fix verifier's jobs are still running)
    const here = tasks.length === 1 && (!ctx.workers.pool || (ctx.workers.pool !== told && ctx.workers.pool.size > 1));
    const early = here && ctx.workers.threads ? (starting ?? startLoadAhead()) : undefined;
    if (!here) await starting?.stop();
    starting = undefined;
    if (here && ctx.workers.pool) {
      // the workers finish the fix verifier's jobs they were sent (fix/prepare.ts) and stop by themselves while the
      // shard runs, instead of this thread waiting for them first
      ctx.workers.pool.release();
      ctx.workers.pool = undefined;
    } else await ctx.workers.busy;
    let pool = ctx.workers.pool;
    if (pool && pool !== told) {
      // a lone shard runs here, where its compact trees and the index already are, while one worker parses ahead
      // the files it will likely load: the workers stop
      if (tasks.length <= 1) {
        await pool.close();
        pool = ctx.workers.pool = undefined;
      } else {
        // this thread analyses shards too (`WorkerPool.mapShared`), so phase 2 needs one worker fewer than the
        // scan's threads, and none with no shard: they give their memory back before the project is copied to them
        const keep = Math.max(1, Math.min(pool.size, tasks.length) - 1);
        // (the pool forgets them at once; their threads end while this one goes on: waiting for a worker with phase 1's
        // heap to exit kept this thread idle ~0.2 s at load 12 on saleor)
        if (keep < pool.size) void pool.shrink(keep).catch(() => undefined);
      }
    }
    if (tasks.length > 1) pool = ctx.workers.pool ??= ctx.workers.start(tasks.length);
    if (!pool) return runHere(tasks, early);
    await early?.stop();
    // the workers read the records this thread packed, in memory they share: no copy of the index each
    // (not waited for: the shards sent next wait behind it in the workers' ports, and this thread starts its own now)
    const telling = told !== pool ? pool.broadcast({ kind: "project", packed, paths: [...paths], external: ctx.external }) : undefined;
    telling?.catch(() => undefined);
    // a pool still starting posts the project only once it has started: the shards must not overtake it
    if (!pool.running) await telling;
    told = pool;
    const order = longestFirst(tasks, shardLines(ctx.lines));
    // each shard takes its compact trees when it is sent to start at once, so that none stays here once a worker has
    // it; a shard sent to wait behind another carries copies, and this thread keeps its own until the worker starts
    // it, since it may take the shard back and run it here (`WorkerPool.mapShared`)
    const jobs: SharedJobs = {
      length: order.length,
      at: (k, waiting) => {
        const paths = tasks[order[k]!]!.shard.paths;
        return { kind: "shard", job: { task: tasks[order[k]!]!, compacts: waiting ? files.peek(paths) : files.take(paths) } };
      },
      started: (k) => void files.take(tasks[order[k]!]!.shard.paths),
    };
    const transfer = (job: WorkerJob) => (job.kind === "shard" ? job.job.compacts.map(([, c]) => c.records.buffer as ArrayBuffer) : []);
    // the workers take the longest shards first, this thread the shortest (between two it reads the workers' replies)
    let ranHere = 0;
    const taken = { count: 0 };
    const replies = await pool.mapShared<ShardReply>(jobs, transfer, (k) => {
      checkHeap(PHASES.phase2);
      ranHere++;
      const task = tasks[order[k]!]!;
      const reply = runShardJob(taint, files, { task, compacts: [] });
      // with several shards, this thread keeps the trees phase 1 left for shards still to come and for the files
      // many shards load (imported ones), not those of a shard's own files nothing imports once it is done
      files.take(taint.unimported(task.shard.paths));
      return reply;
    }, 2, taken);
    await telling;
    timingNote(`phase 2 threads: this one and ${pool.size} worker(s); shards run here: ${ranHere}, on the workers: ${tasks.length - ranHere}; taken back from a worker's queue: ${taken.count}`);
    const out: ShardReply[] = new Array(tasks.length);
    order.forEach((i, k) => (out[i] = replies[k]!));
    return out;
  };
  // the shards and the index's own notices: a function of the index, so cached under its digest
  let prepared = ctx.cache?.store.lookupPlan(ctx.cache.index);
  let result: Awaited<ReturnType<TaintProject["analyzeWith"]>>;
  try {
    if (!prepared) {
      // few files can hold flows: most likely one shard, run here, whose load-ahead worker starts now, so that its
      // thread and parser are ready when the shard starts instead of after the index and the plan are built
      const relevant = index.entries.reduce((n, r) => n + (r.relevant ? 1 : 0), 0);
      if (ctx.workers.threads && relevant <= EARLY_AHEAD_RELEVANT) starting = startLoadAhead();
      timingNote(`${relevant} file(s) can hold flows${starting ? ": load-ahead worker started before the plan" : ""}`);
      index.packed();
      prepared = { plan: taint.plan(), notices: taint.hierarchyNotices() };
      ctx.cache?.store.storePlan(ctx.cache.index, prepared);
    }
    planned = new Set(prepared.plan.flatMap((shard) => shard.paths));
    timingNote(`phase 2 plan: ${prepared.plan.length} shard(s) of ${prepared.plan.map((s) => s.paths.length).join(", ")} file(s)`);
    result = await taint.analyzeWith(async (tasks) => {
      const cache = ctx.cache;
      // with the cache, through it (src/scan-cache.ts: whole shards reused, or only their roots that loaded a changed file analysed again)
      const out = cache ? await cache.store.shards(tasks, cache.index, cache.hashes, compute, partsOf, verify) : await compute(tasks);
      replies.push(...out);
      return out.map((r) => r.outcome);
    }, prepared);
  } finally {
    // the early load-ahead worker, when no shard ran here to take it (every one from the cache, or a failure)
    await starting?.stop();
  }
  // nothing runs on the workers after phase 2: their heaps and parsers go now, not after the report; their threads
  // end while this one goes on to the fix verifier (waiting for a worker with a shard's heap to exit kept this thread
  // idle 0.1-0.3 s on saleor, `closeSoon`)
  await ctx.workers.busy;
  void ctx.workers.pool?.closeSoon();
  ctx.workers.pool = undefined;
  const spans = new Map<string, StatementSpan>();
  const comments = new Map<string, Map<number, string>>();
  for (const r of replies) {
    for (const [key, span] of r.spans) spans.set(key, span);
    for (const [path, list] of r.comments) if (!comments.has(path)) comments.set(path, new Map(list));
  }
  // what each shard could see (its files and every file it loaded), for the fix verifier's re-scans
  const reach: PhaseTwoReach = prepared.plan.map((shard) => ({ paths: shard.paths, loaded: [] as string[] }));
  for (const o of result.outcomes) {
    const seen = reach[o.shard];
    if (seen) seen.loaded = [...new Set([...seen.loaded, ...o.loaded])];
  }
  return { result, spans, comments, reach };
}

/** A load-ahead worker with no list yet (undefined when there is no worker script: running from the TypeScript sources). */
function startLoadAhead(): LoadAheadWorker | undefined {
  const script = loadAheadScript();
  return script ? new LoadAheadWorker(script) : undefined;
}

/**
 * A load-ahead worker (`started`, or a new one) parsing for a shard analysing `shardPaths` here: its own files and
 * those it will likely load, without those whose trees are held (see `aheadList`); undefined, and `started`
 * stopped, when there are none.
 */
function aheadOn(started: LoadAheadWorker | undefined, taint: TaintProject, files: ProjectFiles, paths: ReadonlyMap<string, string>, shardPaths: readonly string[]): LoadAheadWorker | undefined {
  const list = aheadList(shardPaths, taint.likelyLoads(shardPaths, AHEAD_FILES), paths, (rel) => files.has(rel));
  if (list.length === 0) {
    void started?.stop();
    return undefined;
  }
  const loader = started ?? startLoadAhead();
  loader?.load(list);
  return loader;
}

/** An index record a phase-1 worker sent, copied into the scan's shared memory as it arrived (`RecordPacker`). */
interface StoredRecord {
  path: string;
  relevant: boolean;
  /** Its number in the packer. */
  place: number;
}

/**
 * The scan's index records in file order. Those phase-1 workers sent are written into shared memory as they arrive
 * (`store`), those that came from the cache stay serialised, and the project index is built only when phase 2 needs
 * it (a shard or the plan is not in the cache).
 */
class LazyIndex {
  readonly entries: (TaintFileRecord | CachedRecord | StoredRecord)[] = [];
  private packer? = new RecordPacker();
  private store?: PackedRecords;
  private added = false;

  /** The project the records are added to, until they are: after that this index must not keep it (see `packed`). */
  private taint?: TaintProject;

  constructor(taint: TaintProject) {
    this.taint = taint;
  }

  /** Copies a worker's serialised record into shared memory now (its buffer goes with the file's result); the entry to add in file order. */
  stored(sent: { path: string; relevant: boolean; bytes: Uint8Array; head?: Uint8Array }, rel: string): StoredRecord {
    return { path: sent.path === rel ? rel : sent.path, relevant: sent.relevant, place: this.packer!.add(...packable(sent)) };
  }

  /**
   * The records packed in shared memory, added to the project the first time: from then on this thread holds them
   * only as those bytes, which the phase-2 workers read too, and each thread makes objects only of the modules it
   * reads (see `ProjectIndex.addPacked`).
   */
  packed(): PackedRecords {
    const store = this.records();
    if (!this.added) {
      this.added = true;
      this.entries.length = 0;
      this.taint!.addPacked(store);
      // the fix verifier's session reads the records through this object: phase 2's project (its index tables and
      // memos, ~0.8 KB a file) must not live on with it
      this.taint = undefined;
    }
    return store;
  }

  /**
   * The records packed (for the fix verifier, which reads them from these bytes as the phase-2 threads do): those
   * phase 2 packed, else packed now without building the project index. Records held as objects (phase 1 on this
   * thread) and the cache's are serialised into the same memory now.
   */
  records(): PackedRecords {
    if (!this.store) {
      const packer = this.packer!;
      this.store = packer.pack(this.entries.map((r) => ("place" in r ? r.place : packer.add(...packable(r)))));
      this.packer = undefined;
    }
    return this.store;
  }
}

/** sha256 of a file's bytes, undefined when it cannot be read (phase 1 reports why). */
function hashFile(f: DiscoveredFile): string | undefined {
  try {
    return sha256(readFileSync(f.abs));
  } catch {
    return undefined;
  }
}

/** Phase-1 results the cache holds for unchanged files, and the files left to analyse. */
function cachedPhase1(files: DiscoveredFile[], cache: ScanCache, hashes: Map<string, string>, skeletons: Map<string, string>): { hits: Map<string, FileResult>; records: Map<string, CachedRecord>; misses: DiscoveredFile[] } {
  const hits = new Map<string, FileResult>();
  const records = new Map<string, CachedRecord>();
  const misses: DiscoveredFile[] = [];
  for (const f of files) {
    const hit = cache.lookupFile(f, () => hashFile(f));
    if (!hit) {
      misses.push(f);
      continue;
    }
    hits.set(f.rel, hit.result);
    if (hit.record) records.set(f.rel, hit.record);
    hashes.set(f.rel, hit.sha);
    skeletons.set(f.rel, hit.skeleton);
  }
  return { hits, records, misses };
}

/** What the scan keeps of one file's phase-1 result until every file's has come (`runScan` reads them in file order). */
interface Arrived {
  notifications: Notification[];
  parseMs: number;
  lost?: boolean;
  /** Absent when the file could not be read or parsed. */
  lines?: number;
  state?: FileState;
  record?: TaintFileRecord | StoredRecord;
  compact?: CompactTree;
  /** The text of a file with fixes to verify (see fix/prepare.ts). */
  text?: string;
}

/** What is kept per file between the phases: text and comments only for files with findings, so memory stays flat on big trees. */
export interface FileState {
  rel: string;
  abs: string;
  text?: string;
  /** Pattern findings first (`patternCount` of them), then the taint findings of phase 2. */
  raw: RawFinding[];
  patternCount: number;
  /** The text is an in-memory version (a re-scan of a patched file), not what is on disk. */
  inMemory?: boolean;
  /** Places the parser could not read (the fix verifier compares a patched file against it). */
  errorCount?: number;
  comments?: Map<number, string>;
  /** The statement around each raw finding, computed while the tree is alive. */
  statementSpans: StatementSpan[];
}

export async function runScan(opts: ScanOptions): Promise<ScanOutput> {
  tuneTiering();
  boundHeapGrowth();
  const naming = moduleNaming(opts);
  // the fixes the rules propose are part of a file's cached result: a scan without them must not serve a scan with them
  const cache = opts.cache ? new ScanCache(opts.root, { rules: opts.rules, models: opts.models, includeLocalSources: opts.includeLocalSources, includeParameterSources: opts.includeParameterSources === true, testsAsCode: opts.testsAsCode === true, fixes: Boolean(opts.fixes), naming }, opts.cache) : undefined;
  const notifications: Notification[] = [];
  enterPhase(PHASES.discovery);
  const found = opts.discovered ?? (await discover(opts.root, opts.paths, opts.discover));
  notifications.push(...found.notifications);
  const files = found.files;
  const patternRules = opts.rules.filter(isPatternRule) as PatternRule[];
  const taintRules = opts.rules.filter((r): r is TaintRule => r.meta.kind === "taint");
  // pattern rules that give way where the data is constant need the data-flow analysis too
  const dataFlow = taintRules.length > 0 || patternRules.some((r) => r.quietWhereConstant);
  // Lambda handlers named in serverless.yml / template.yaml: entry points whatever their parameters are called
  const descriptors = dataFlow ? declaredHandlers(opts.root, found.descriptors ?? [], new Set(files.map((f) => f.rel))) : { handlers: [], notifications: [] };
  // templates views render by name: which variables they output unescaped
  const templates = dataFlow ? templateFacts(opts.root, found.templates ?? []) : { facts: [], notifications: [] };
  notifications.push(...descriptors.notifications, ...templates.notifications);
  const external: ExternalFacts = { entryPoints: descriptors.handlers.map(({ path, name, framework, route }) => ({ path, name, framework, ...(route !== undefined ? { route } : {}) })), templates: templates.facts };
  // what discovery, the descriptors and the templates say is computed every time; the rest of the notices belong to the files' analysis
  const upfront = notifications.length;
  // an unchanged tree: the last scan's result, before anything is loaded
  const treeOptions = treeOptionsOf(opts, external);
  const whole = cache && opts.cache?.wholeTree !== false ? cache.lookupTree(files, treeOptions, hashFile) : undefined;
  if (whole && cache) return answeredWhole(opts, cache, files, notifications, whole);

  // sha256 of every file read (`hashes`), and the digests of their index records without offsets (for the cache)
  const hashes = new Map<string, string>();
  const skeletons = new Map<string, string>();
  const { hits, records: cachedRecords, misses } = cache ? cachedPhase1(files, cache, hashes, skeletons) : { hits: new Map<string, FileResult>(), records: new Map<string, CachedRecord>(), misses: files };
  // the workers start (or take the prestarted ones) before this thread loads its own parser: their start overlaps it
  const workers: Phase2Context["workers"] = { start: (shards) => startWorkers(new Array(shards * BATCH), opts, naming, 1), threads: threadCount(files.length, opts) > 1 };
  workers.pool = startWorkers(misses, opts, naming);
  dropSpares();
  const budget = opts.phaseBudgetMs ?? PHASE_BUDGET_MS;
  const { taint, analyzer } = await (async () => {
    try {
      const parser = new PythonParser(await loadPython());
      const taint = dataFlow
        ? new TaintProject(taintRules, { includeLocalSources: opts.includeLocalSources, includeParameterSources: opts.includeParameterSources === true, testsAsCode: opts.testsAsCode === true, models: opts.models, fileBudgetMs: budget, constantSinkKinds: constantSinkKinds(patternRules) })
        : undefined;
      return { taint, analyzer: new FileAnalyzer(parser, patternRules, taint, isolatedParser, budget, cache !== undefined, Boolean(opts.fixes), naming) };
    } catch (err) {
      // the workers would keep the process alive
      await workers.pool?.close();
      throw err;
    }
  })();
  const rulesById = new Map<string, Rule>(opts.rules.map((r) => [r.meta.id, r]));
  const states = new Map<string, FileState>();
  let parseMs = 0;
  let lines = 0;
  let analysisLost = 0;
  /** Sink calls the taint analysis saw with constant data only, per file (`kind@line:column`). */
  let constantSinks = new Map<string, Set<string>>();
  /** What phase 2's shards read (absent when phase 2 did not run to its end). */
  let reach: PhaseTwoReach | undefined;
  let index: LazyIndex | undefined;
  let tree: string | undefined;
  let indexKey = "";
  /** Phase 1 of the fix verifier's first re-scan of the pattern rules' fixes, run ahead on the workers (see fix/prepare.ts). */
  let prepared: Promise<PreparedRescan> | undefined;
  /** The compact trees phase 2 held at its end, for the fix verifier (see `ScanSession.trees`). */
  let trees: Map<string, CompactTree> | undefined;

  try {
    taint?.addExternalFacts(external);

    enterPhase(PHASES.phase1);
    index = taint ? new LazyIndex(taint) : undefined;
    // each file's result goes into the cache as it arrives (written out at once, see ScanCache.storeFile)
    const discovered = cache ? new Map(misses.map((f) => [f.rel, f])) : undefined;
    // and is taken apart at once: its record into the index's shared memory, the rest into what the scan keeps of it
    const arrivals = new Map<string, Arrived>();
    const arrive = (r: FileResult): Arrived => {
      const record = r.taint ?? (r.packedTaint && index ? index.stored(r.packedTaint, r.rel) : undefined);
      // the fix verifier's first re-scan of the files with fixes can start once phase 1 is done, while phase 2 runs
      const text = opts.fixes && workers.pool && r.text !== undefined && r.raw.some((raw) => isProposal(raw.proposedFix)) ? r.text : undefined;
      return {
        notifications: r.notifications,
        parseMs: r.parseMs,
        ...(r.lost ? { lost: true } : {}),
        ...(r.lines !== undefined ? { lines: r.lines, state: { rel: r.rel, abs: r.abs, raw: r.raw, patternCount: r.raw.length, comments: r.comments, statementSpans: r.statementSpans, errorCount: r.errorCount } } : {}),
        ...(record ? { record } : {}),
        ...(r.compact ? { compact: r.compact } : {}),
        ...(text !== undefined ? { text } : {}),
      };
    };
    await phase1(misses, workers.pool, analyzer, opts, files.length, (r) => {
      if (cache && r.sha !== undefined) {
        hashes.set(r.rel, r.sha);
        skeletons.set(r.rel, cache.storeFile(r, r.sha, discovered!.get(r.rel)!));
      }
      arrivals.set(r.rel, arrive(r));
    });
    if (cache) {
      cache.flushFiles();
      timingNote(`phase 1 cache: ${cache.stats.files.hits} file(s) reused, ${cache.stats.files.misses} analysed (${cache.stats.hashed} read to check their hash)`);
    }
    // a file phase 1 could not parse is never parsed again (it was reported; it may crash the parser)
    const paths = new Map<string, string>();
    await analyzer.ready();
    const projectFiles = new ProjectFiles(analyzer.currentParser!, paths, undefined, naming);
    const fileLines = new Map<string, number>();
    const proposing: ProposingFile[] = [];
    // in file order, whatever order phase 1's results came in
    for (const f of files) {
      const hit = hits.get(f.rel);
      const a = hit ? arrive(hit) : arrivals.get(f.rel)!;
      arrivals.delete(f.rel);
      notifications.push(...a.notifications);
      if (a.lost) analysisLost++;
      parseMs += a.parseMs;
      const state = a.state;
      if (!state || a.lines === undefined) continue;
      // the file list's strings, not the copies the result came with
      if (state.rel === f.rel) state.rel = f.rel;
      if (state.abs === f.abs) state.abs = f.abs;
      paths.set(state.rel, state.abs);
      lines += a.lines;
      fileLines.set(state.rel, a.lines);
      const record = a.record ?? cachedRecords.get(state.rel);
      if (record) index?.entries.push(record);
      if (a.compact) projectFiles.keep(state.rel, a.compact);
      if (a.text !== undefined) proposing.push({ ...state, text: a.text });
      states.set(state.rel, state);
    }
    // the workers index files for the data flow only with taint rules: they prepare nothing the re-scan would index otherwise
    if (proposing.length > 0 && workers.pool && (taintRules.length > 0 || !dataFlow)) workers.busy = prepared = prepareRescan(aheadTexts(proposing, rulesById, opts), workers.pool);
    // their texts as read are not needed again (the patched ones went to the workers): phase 2 does not keep them
    proposing.length = 0;

    if (taint && index) {
      try {
        enterPhase(PHASES.phase2);
        opts.onProgress?.({ phase: "taint" });
        const { result, spans, comments, reach: seen } = await phase2(taint, projectFiles, index, paths, {
          workers,
          external,
          lines: fileLines,
          ...(cache ? { cache: { store: cache, index: (indexKey = indexDigest(index.entries, skeletons, external)), hashes } } : {}),
        });
        let importedModules: ReadonlySet<string> | undefined;
        notifications.push(...result.notifications);
        analysisLost += result.notifications.filter((n) => n.kind === "analysis-error").length;
        constantSinks = result.constantSinks;
        reach = seen;
        for (const [rel, raws] of result.findings) {
          const st = states.get(rel);
          if (!st || raws.length === 0) continue;
          if (opts.fixes) {
            // the rules' fixes for data-flow findings need the file's model here, after the shards
            const model = projectFiles.model(rel);
            if (!importedModules) {
              index.packed(); // the project index, built now if every shard came from the cache
              importedModules = taint.importedModules();
            }
            if (model) notifications.push(...proposeFixes(model, raws, (id) => rulesById.get(id), { importedModules }));
          }
          st.raw.push(...raws);
          st.comments ??= comments.get(rel);
          for (const raw of raws) st.statementSpans.push(spans.get(spanKey(rel, raw.region)) ?? [raw.region.startLine, raw.region.startLine]);
        }
      } catch (err) {
        if (err instanceof ScanFailure) throw err;
        analysisLost++;
        notifications.push({
          kind: "analysis-error",
          level: "error",
          message: `taint analysis failed (${(err as Error).message}); data-flow findings may be incomplete. Please report this.`,
        });
      }
    }
    dropOverriddenSettings(states, projectFiles);
    // the trees phase 2 ended with: the fix verifier's data-flow re-analysis loads mostly the same files
    if (opts.fixes) trees = projectFiles.held();
  } finally {
    await workers.busy;
    await workers.pool?.close();
    analyzer.dispose();
  }
  // the notices of this scan's files, for the whole-tree entry (discovery's are computed again each time)
  const scanNotices = notifications.slice(upfront);

  const findings: Finding[] = [];
  const sources = new Map<string, string>();
  for (const st of states.values()) {
    if (opts.onlyFiles && !opts.onlyFiles.has(st.rel)) continue;
    if (st.raw.length === 0) continue;
    const bytes = readBytes(st.abs);
    st.text ??= bytes ? (decodeSource(bytes, st.rel).text ?? undefined) : undefined;
    if (st.text === undefined) continue;
    const testCode = !opts.testsAsCode && isTestPath(st.rel);
    const fileFindings = finalize(st as FileState & { text: string }, rulesById, opts.inlineSuppressions, constantSinks.get(st.rel), testCode, bytes);
    if (fileFindings.length > 0) sources.set(st.rel, st.text);
    findings.push(...fileFindings);
  }
  findings.sort(compareFindings);
  // a scan that lost part of an analysis (a crash, a budget) is not kept whole: the next one tries again
  if (cache && opts.cache?.wholeTree !== false && analysisLost === 0) {
    const unanalysed = found.files.filter((f) => !states.has(f.rel)).map((f) => f.rel);
    tree = cache.storeTree(found.files, treeOptions, hashes, { findings, notifications: scanNotices, files: states.size, lines, parseMs, unanalysed } satisfies TreeOutput);
  }
  for (const message of cache?.notices() ?? []) notifications.push({ kind: "cache", level: "warning", message: `analysis cache: ${message}` });
  sortNotifications(notifications);
  // the fix verifier re-scans from the index records, packed (from the cache's, if need be) only when it first needs
  // them: from then on neither this scan's project (its index, its memos) nor the records as objects are held for it
  let recordSource = index;
  index = undefined;
  let packedRecords: PackedRecords | undefined;
  const records = () => {
    if (!packedRecords && recordSource) {
      packedRecords = recordSource.records();
      recordSource = undefined;
    }
    return packedRecords;
  };
  const session = new ScanSession(opts, states, records, constantSinks, external, analysisLost === 0 ? reach : undefined);
  if (prepared) session.prepared = prepared;
  if (trees) session.trees = trees;
  if (cache && tree !== undefined) session.fixVerdicts = cache.verdicts(tree);
  if (cache && analysisLost === 0) {
    session.inputs = { hashes, index: indexKey };
    session.fixRounds = cache.fixRounds(indexKey);
    session.fixShards = cache.fixShards();
  }
  return { findings, notifications, sources, files: states.size, lines, skipped: skippedCount(notifications), parseMs, analysisLost, session, ...(cache ? { cache: cache.stats } : {}) };
}

function treeOptionsOf(opts: ScanOptions, external: ExternalFacts): TreeOptions {
  return { inlineSuppressions: opts.inlineSuppressions, testsAsCode: Boolean(opts.testsAsCode), ...(opts.onlyFiles ? { onlyFiles: opts.onlyFiles } : {}), external };
}

/** Plain code-unit order, as for findings: the output must not depend on the machine's locale. */
function sortNotifications(notifications: Notification[]): void {
  notifications.sort((a, b) => byText(a.path ?? "", b.path ?? "") || (a.line ?? 0) - (b.line ?? 0) || byText(a.kind, b.kind) || byText(a.message, b.message));
}

function skippedCount(notifications: readonly Notification[]): number {
  return notifications.filter((n) => n.kind === "binary-file" || n.kind === "too-large" || n.kind === "read-error").length;
}

/**
 * The output of a scan whose every file is as the last scan saw it, from the whole-tree entry: its findings and
 * notices, the sources of the files with findings read when asked for, and a session that rebuilds the scan's
 * state from the per-file and per-shard entries only if the fix verifier or triage needs it.
 */
function answeredWhole(opts: ScanOptions, cache: ScanCache, files: readonly DiscoveredFile[], notifications: Notification[], whole: { output: TreeOutput; digest: string }): ScanOutput {
  const { output } = whole;
  notifications.push(...output.notifications);
  for (const message of cache.notices()) notifications.push({ kind: "cache", level: "warning", message: `analysis cache: ${message}` });
  sortNotifications(notifications);
  const unanalysed = new Set(output.unanalysed);
  const analysed = new Map(files.filter((f) => !unanalysed.has(f.rel)).map((f) => [f.rel, f.abs]));
  const withFindings = new Map(output.findings.map((f) => [f.path, analysed.get(f.path)!]));
  const session = ScanSession.deferred(opts, analysed, async () => {
    const { onProgress: _progress, ...rest } = opts;
    return (await runScan({ ...rest, cache: { ...opts.cache, wholeTree: false } })).session;
  });
  session.fixVerdicts = cache.verdicts(whole.digest);
  return {
    findings: output.findings,
    notifications,
    sources: new SourcesOnDisk(withFindings),
    files: output.files,
    lines: output.lines,
    skipped: skippedCount(notifications),
    parseMs: output.parseMs,
    analysisLost: 0,
    session,
    cache: cache.stats,
  };
}

/** The decoded text of the files with findings (path → text), each read from disk when first asked for. */
class SourcesOnDisk extends Map<string, string> {
  constructor(private readonly files: ReadonlyMap<string, string>) {
    super();
  }

  override get(rel: string): string | undefined {
    if (!super.has(rel) && this.files.has(rel)) {
      const bytes = readBytes(this.files.get(rel)!);
      const text = bytes ? decodeSource(bytes, rel).text : undefined;
      if (text != null) super.set(rel, text);
    }
    return super.get(rel);
  }

  override has(rel: string): boolean {
    return this.get(rel) !== undefined;
  }

  override get size(): number {
    this.loadAll();
    return super.size;
  }

  override entries(): MapIterator<[string, string]> {
    this.loadAll();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.loadAll();
    return super.keys();
  }

  override values(): MapIterator<string> {
    this.loadAll();
    return super.values();
  }

  override forEach(fn: (value: string, key: string, map: Map<string, string>) => void, thisArg?: unknown): void {
    this.loadAll();
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  private loadAll(): void {
    for (const rel of this.files.keys()) this.get(rel);
  }
}

/** A file's bytes, read again for its findings: the text of files whose findings came from phase 2 (phase 1 keeps only the text of files with pattern findings), and the line hashes. */
function readBytes(abs: string): Buffer | undefined {
  try {
    return readFileSync(abs);
  } catch {
    return undefined;
  }
}

/**
 * Levels, snippets, fingerprints, inline suppressions and de-duplication of one file's raw findings;
 * `testCode`: the file is test code and pattern findings become notes; `bytes`: the file as read (for
 * GitHub's line hashes; undefined for text held in memory, hashed as UTF-8).
 */
export function finalize(
  st: FileState & { text: string },
  rulesById: Map<string, Rule>,
  inline: boolean,
  constantSinks: ReadonlySet<string> | undefined,
  testCode: boolean,
  bytes: Buffer | undefined,
  /** `false`: no `fingerprint` (the fix verifier compares rules and places only, and hashing every line up to a finding costs) */
  fingerprints = true,
): Finding[] {
  const src = st.text;
  const lineTexts = src.split(/\r\n|\r|\n/);
  // GitHub's uploader hashes the raw bytes as UTF-8 (BOM kept), so hash those, not the decoded text
  const hashes = fingerprints ? lineHashesAtBytes(bytes ?? new TextEncoder().encode(src), st.raw.map((r) => r.region.startLine - 1)) : new Map<number, string>();
  const out: Finding[] = [];
  const seen = new Set<string>();
  const isRuleName = ruleNameTest(rulesById);
  const wholeFile = inline && st.comments ? fileDirectives(st.comments, lineTexts, isRuleName) : [];
  // a line inside one finding's span belongs to that finding: its comment does not reach the statement's others
  const owners = new Map<number, Set<number>>();
  st.raw.forEach((raw, i) => {
    for (let line = raw.region.startLine; line <= raw.region.endLine; line++) owners.set(line, (owners.get(line) ?? new Set()).add(i));
  });
  st.raw.forEach((raw, i) => {
    const rule = rulesById.get(raw.ruleId);
    if (!rule) return;
    // a pattern finding on a call whose data the taint analysis proved to be the program's own constant
    const quiet = isPatternRule(rule) ? rule.quietWhereConstant : undefined;
    if (quiet && constantSinks?.has(`${quiet}@${raw.region.startLine}:${raw.region.startColumn}`)) return;
    const key = `${raw.ruleId}:${raw.region.startLine}:${raw.region.startColumn}:${raw.region.endLine}:${raw.region.endColumn}`;
    if (seen.has(key)) return;
    seen.add(key);
    const span = st.statementSpans[i] ?? [raw.region.startLine, raw.region.startLine];
    const statementLine = span[0];
    // a finding in test code is a note: fixtures, test doubles and the small apps tests build do not ship
    const asNote = testCode;
    const finding: Finding = {
      ...raw,
      ...(asNote ? { message: `${raw.message} (Test code: reported as a note; use --tests-as-code for the rule's own level.)`, properties: { ...raw.properties, testCode: true } } : {}),
      path: st.rel,
      level: asNote ? "note" : raw.level ?? rule.meta.level,
      snippet: maskSecretSpans(lineTexts[raw.region.startLine - 1] ?? "", raw),
      statementLine,
      ...(raw.region.endLine > raw.region.startLine ? { regionText: regionText(lineTexts, raw) } : {}),
      fingerprint: hashes.get(raw.region.startLine - 1),
    };
    if (inline) {
      const lines = suppressionLines(raw, span, (line) => [...(owners.get(line) ?? [])].every((owner) => owner === i || sameRegion(st.raw[owner]!, raw)));
      const suppression = inlineSuppression(st.comments, lines, rule.meta, isRuleName) ?? fileSuppression(wholeFile, rule.meta);
      if (suppression) finding.suppression = suppression;
    }
    out.push(finding);
  });
  // a pattern finding gives way to its taint-confirmed twin on the same line
  return out.filter((f) => {
    const rule = rulesById.get(f.ruleId);
    const by = rule && isPatternRule(rule) ? rule.supersededBy : undefined;
    return !by || !out.some((o) => o.ruleId === by && o.region.startLine === f.region.startLine);
  });
}

/** Longest multi-line region text kept as a snippet. */
const MAX_REGION_TEXT = 4000;

/** The text of a multi-line region, secrets masked as on the first line. */
function regionText(lineTexts: readonly string[], raw: RawFinding): string {
  const region = raw.region;
  const lines = lineTexts.slice(region.startLine - 1, region.endLine).map((line, i) => maskSecretSpans(line, raw, region.startLine + i));
  if (lines.length === 0) return "";
  lines[lines.length - 1] = lines[lines.length - 1]!.slice(0, region.endColumn - 1);
  lines[0] = lines[0]!.slice(region.startColumn - 1);
  const text = lines.join("\n");
  return text.length > MAX_REGION_TEXT ? `${text.slice(0, MAX_REGION_TEXT - 1)}…` : text;
}

/** Drops findings about settings that later modules of the same settings package override (see src/settings-overrides.ts). */
function dropOverriddenSettings(states: Map<string, FileState>, files: ProjectFiles): void {
  const load = (rel: string): FileModel | null => files.model(rel);
  const dropped = overriddenSettings(states, load, isDevelopmentPath);
  if (dropped.size === 0) return;
  for (const st of states.values()) {
    if (!st.raw.some((r) => dropped.has(r))) continue;
    const keep = st.raw.map((r) => !dropped.has(r));
    st.patternCount -= keep.slice(0, st.patternCount).filter((k) => !k).length;
    st.raw = st.raw.filter((_, i) => keep[i]);
    st.statementSpans = st.statementSpans.filter((_, i) => keep[i]);
  }
}

/**
 * Where a suppression comment for a finding may be: its first line, then every line of its own span and of its
 * statement, except lines that hold another finding (in a list of calls, each comment belongs to its own call).
 */
function suppressionLines(raw: RawFinding, span: readonly [number, number], free: (line: number) => boolean): number[] {
  const lines = new Set([raw.region.startLine]);
  for (let line = raw.region.startLine; line <= raw.region.endLine; line++) lines.add(line);
  for (let line = span[0]; line <= span[1]; line++) if (free(line)) lines.add(line);
  return [...lines];
}

function sameRegion(a: RawFinding, b: RawFinding): boolean {
  return a.region.startLine === b.region.startLine && a.region.endLine === b.region.endLine;
}

/** The first directive naming the rule on one of the candidate lines. */
function inlineSuppression(comments: Map<number, string> | undefined, lines: readonly number[], meta: RuleMeta, isRuleName: (token: string) => boolean): Finding["suppression"] {
  if (!comments) return undefined;
  for (const line of lines) {
    const comment = comments.get(line - 1);
    if (!comment) continue;
    for (const d of parseDirectives(comment, isRuleName)) {
      if (directiveMatches(d, meta)) return { kind: "inline", justification: justificationOf(d) };
    }
  }
  return undefined;
}

function fileSuppression(directives: readonly InlineDirective[], meta: RuleMeta): Finding["suppression"] {
  const d = directives.find((x) => directiveMatches(x, meta));
  return d ? { kind: "inline", justification: justificationOf(d) } : undefined;
}

/** Recognises the rule names (PascalCase) of the scan's rules inside suppression comments. */
function ruleNameTest(rulesById: Map<string, Rule>): (token: string) => boolean {
  const names = new Set([...rulesById.values()].map((r) => r.meta.name.toLowerCase()));
  return (token) => names.has(token.toLowerCase());
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    byText(a.path, b.path) ||
    a.region.startLine - b.region.startLine ||
    a.region.startColumn - b.region.startColumn ||
    byText(a.ruleId, b.ruleId) ||
    a.region.endLine - b.region.endLine ||
    a.region.endColumn - b.region.endColumn ||
    byText(a.message, b.message)
  );
}
