/**
 * Phase 2 outside the taint engine: where models come from and what a shard job returns, the same on
 * the main thread and in worker threads.
 *
 * Models are built from compact trees (see parse/parser.ts): those phase 1 kept for the files phase 2
 * analyses, and those of files parsed again here (helpers that analysed files call). Compact trees are
 * a few bytes per node, so many can be kept; models (PyNode trees) are built when a shard needs them
 * and dropped with it.
 */
import { setFlagsFromString } from "node:v8";
import { statementSpansFor, type StatementSpan } from "./analyze-file.js";
import { FileModel, type ModuleBase } from "./model/file-model.js";
import type { CompactTree, PythonParser } from "./parse/parser.js";
import { readText, type LoadAhead } from "./load-ahead.js";
import type { TaintProject } from "./taint/index.js";
import type { ShardOutcome, ShardTask } from "./taint/shards.js";

/**
 * How much V8 lets a heap grow past what the last full collection kept, in percent. Phase 2 allocates
 * short-lived values fast and keeps little; V8's default factor (up to 4× the live size when collections
 * are cheap) let each thread's heap balloon to several times its live data. A fixed 20 % keeps the peak
 * near the live size for a few percent more collection time.
 */
export const HEAP_GROWING_PERCENT = 20;

/**
 * The heap growth while shards run on the scan thread alone (no worker analyses then). The scan thread's old
 * generation holds the index, the compact trees and the models and summaries the shard keeps, so at 20 % every
 * few megabytes of kept values cost a full collection; on the standard library's lone shard 50 % took about a sixth
 * off the shard's CPU time for about 25 MB more peak (docs/architecture.md).
 */
export const HERE_GROWING_PERCENT = 50;

/** Bounds heap growth on every thread of this process (a process-wide V8 flag; a user's own setting wins). */
export function boundHeapGrowth(percent = HEAP_GROWING_PERCENT): void {
  if (!ownFlag("heap-growing-percent")) setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/**
 * How much bytecode a function executes between V8's checks of whether to optimise it (`--interrupt-budget`): 8×
 * Node 20's default of 67,584. The scan runs a wide engine briefly: on the standard library V8's background
 * threads spent about 2 s of CPU time during phase 2 compiling the taint engine's functions with TurboFan (and again
 * after deoptimisations), more than the lone shard's own 1.8 s, while the shard ran as fast without TurboFan at all
 * (`--no-opt`: 2.3 s on the scan thread, 0.65 s on V8's threads). With the larger budget only functions that
 * stay hot are optimised: phase 2's CPU time on all threads went from 4.4-5.5 s to 3.0-3.2 s, the whole scan's user
 * CPU time by about a sixth, and the phase-1 parsers' own time did not change (docs/architecture.md).
 */
export const INTERRUPT_BUDGET = 540_672;

/** Sets `INTERRUPT_BUDGET` for every thread of this process (a process-wide V8 flag; a user's own setting wins). */
export function tuneTiering(): void {
  if (!ownFlag("interrupt-budget")) setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

/** Whether the user set V8 flag `name` (spelt with dashes) on the command line or in NODE_OPTIONS. */
function ownFlag(name: string): boolean {
  const spellings = [name, name.replaceAll("-", "_")];
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => spellings.some((s) => a.includes(s)));
}

/**
 * The order to hand shards to threads: the costliest first (the longest ones must not start last), ties by plan
 * order. A shard's cost is estimated by `cost` (the scan passes the source lines of its files, see `shardLines`);
 * without it, by its number of files. Only which thread runs a shard, and when, depends on it: replies are merged
 * in plan order, so the findings do not.
 */
export function longestFirst(tasks: readonly ShardTask[], cost: (task: ShardTask) => number = (t) => t.shard.paths.length): number[] {
  const costs = tasks.map(cost);
  return tasks.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]! || a - b);
}

/**
 * A shard's estimated cost: the source lines of its files (`lines`, one per file it does not know). On saleor the
 * analysis time of a shard follows its lines far better than its files: 344 files from `account/migrations` to
 * `checkout/migrations` took 1.1 s of CPU, 334 files of GraphQL mutations and tests 3.7 s (docs/architecture.md).
 */
export function shardLines(lines: ReadonlyMap<string, number>): (task: ShardTask) => number {
  return (task) => task.shard.paths.reduce((n, p) => n + (lines.get(p) ?? 1), 0);
}

/** Bytes of compact trees kept by default (by the main thread, and by each worker). */
export const COMPACT_BUDGET = 96 * 1024 * 1024;

export function compactSize(c: CompactTree): number {
  return c.records.byteLength + 2 * c.text.length;
}

/**
 * Which phase-1 results keep their compact trees for phase 2: those that come while the total stays within the
 * budget (the others are parsed again if phase 2 needs them). Applied as results arrive, so a tree of many web
 * modules never holds every file's tree at once.
 */
export class CompactAdmission {
  private kept = 0;

  constructor(private readonly budget = COMPACT_BUDGET) {}

  /** Drops `result.compact` unless it still fits. */
  admit(result: { compact?: CompactTree }): void {
    if (!result.compact) return;
    const size = compactSize(result.compact);
    if (this.kept + size > this.budget) delete result.compact;
    else this.kept += size;
  }
}

/** The project's files for phase 2: compact trees kept within a byte budget (least recently used dropped), others parsed again. */
export class ProjectFiles {
  private readonly compacts = new Map<string, CompactTree>();
  private size = 0;

  constructor(
    private readonly parser: PythonParser,
    /** Repository-relative path → absolute path, for every scanned file. */
    private readonly paths: ReadonlyMap<string, string>,
    private readonly budget = COMPACT_BUDGET,
    /** Where module names start (`moduleBasesOf`). */
    private readonly naming: readonly ModuleBase[] = [],
  ) {}

  /** Keeps a compact tree if it fits in the budget (dropping the least recently used); false when it does not fit at all. */
  keep(rel: string, compact: CompactTree): boolean {
    const size = compactSize(compact);
    if (size > this.budget) return false;
    this.drop(rel);
    this.compacts.set(rel, compact);
    this.size += size;
    for (const [p, c] of this.compacts) {
      if (this.size <= this.budget) break;
      this.drop(p, c);
    }
    return true;
  }

  /** Removes and returns the compact trees held for `rels` (to hand them to a worker). */
  take(rels: readonly string[]): [string, CompactTree][] {
    const out: [string, CompactTree][] = [];
    for (const rel of rels) {
      const c = this.compacts.get(rel);
      if (!c) continue;
      this.drop(rel, c);
      out.push([rel, c]);
    }
    return out;
  }

  /** The compact trees held for `rels`, left held (copies of them go with a shard that may be taken back, see `WorkerPool.mapShared`). */
  peek(rels: readonly string[]): [string, CompactTree][] {
    const out: [string, CompactTree][] = [];
    for (const rel of rels) {
      const c = this.compacts.get(rel);
      if (c) out.push([rel, c]);
    }
    return out;
  }

  /** Files another thread parses ahead for this one (see `LoadAhead`), while it lasts. */
  ahead: LoadAhead | undefined;

  /** Whether the compact tree of `rel` is held. */
  has(rel: string): boolean {
    return this.compacts.has(rel);
  }

  /** The compact trees held now (for the fix verifier's re-scans, once phase 2 is over). */
  held(): Map<string, CompactTree> {
    return new Map(this.compacts);
  }

  /** The model of a scanned file, or null when it cannot be read (it was then reported in phase 1). */
  model(rel: string): FileModel | null {
    if (!this.paths.has(rel)) return null;
    // a tree sent ahead is kept once it arrives, whichever file was asked for: `fromAhead` counts it when used
    let compact = this.compacts.get(rel);
    if (compact && this.ahead?.sent(rel)) this.ahead.counts.used++;
    compact ??= this.fromAhead(rel);
    if (compact) {
      // most recently used last
      this.compacts.delete(rel);
      this.compacts.set(rel, compact);
    } else {
      const text = readText(this.paths.get(rel)!, rel);
      if (text === null) return null;
      compact = this.parser.compact(text);
      this.keep(rel, compact);
    }
    return new FileModel(this.parser.build(compact), rel, undefined, this.naming);
  }

  /** The model of another text of a scanned file (parsed here, not kept): a rescan's old text of an edited file (scan.ts). */
  modelOfText(rel: string, text: string): FileModel {
    return new FileModel(this.parser.build(this.parser.compact(text)), rel, undefined, this.naming);
  }

  /** A tree the load-ahead thread made for `rel` (kept with the others), or undefined: then this thread parses it. */
  private fromAhead(rel: string): CompactTree | undefined {
    const ahead = this.ahead;
    if (!ahead) return undefined;
    for (const [path, compact] of ahead.take(rel)) this.keep(path, compact);
    const compact = this.compacts.get(rel);
    if (compact && ahead.sent(rel)) ahead.counts.used++;
    return compact;
  }

  private drop(rel: string, c = this.compacts.get(rel)): void {
    if (!c) return;
    this.compacts.delete(rel);
    this.size -= compactSize(c);
  }
}

/** A shard to analyse, with the compact trees of its files that the sender held. */
export interface ShardJob {
  task: ShardTask;
  compacts: [string, CompactTree][];
}

/** A shard's outcome, with what the report needs from the files that have findings (computed while their trees are at hand). */
export interface ShardReply {
  outcome: ShardOutcome;
  /** Statement span by finding start, `path:line:column`. */
  spans: [string, StatementSpan][];
  /** Comments of each file with findings, by 0-based line. */
  comments: [string, [number, string][]][];
}

export function runShardJob(project: TaintProject, files: ProjectFiles, job: ShardJob): ShardReply {
  for (const [rel, compact] of job.compacts) files.keep(rel, compact);
  const outcome = project.runShard(job.task, (p) => files.model(p), undefined, job.task.roots === true);
  const spans: [string, StatementSpan][] = [];
  const comments: [string, [number, string][]][] = [];
  for (const [path, raws] of outcome.findings) {
    const model = files.model(path);
    if (!model) continue;
    statementSpansFor(model, raws).forEach((span, i) => spans.push([spanKey(path, raws[i]!.region), span]));
    comments.push([path, [...model.parsed.comments]]);
  }
  return { outcome, spans, comments };
}

export function spanKey(path: string, region: { startLine: number; startColumn: number }): string {
  return `${path}:${region.startLine}:${region.startColumn}`;
}
