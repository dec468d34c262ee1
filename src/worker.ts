/**
 * A worker thread of the scan: phase 1 for batches of files (see analyze-file.ts), then, once it has
 * the whole project's index, phase 2 for shards (see phase2.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { rules as registry } from "../rules/index.js";
import { FileAnalyzer, isolatedParser, type FileResult } from "./analyze-file.js";
import { PHASE_BUDGET_MS, WORKER_COMPACT_BUDGET } from "./budget.js";
import type { DiscoveredFile } from "./discover.js";
import { loadPython } from "./parse/grammar.js";
import { PythonParser } from "./parse/parser.js";
import { ProjectFiles, runShardJob, type ShardJob, type ShardReply } from "./phase2.js";
import { isPatternRule, type PatternRule, type TaintRule } from "./rule.js";
import { constantSinkKinds, TaintProject, type ExternalFacts } from "./taint/index.js";
import { recordHead, type PackedRecords } from "./taint/project-index.js";
import type { TaintModel } from "./taint/model-types.js";
import { serialize } from "node:v8";
import { skeletonDigest } from "./scan-cache.js";
import type { ModuleBase } from "./model/file-model.js";

export interface WorkerInit {
  ruleIds: string[];
  includeLocalSources: boolean;
  includeParameterSources: boolean;
  /** Ask rules for fixes of their findings. */
  fixes: boolean;
  /** The taint models (plain data, copied to the worker). */
  models: readonly TaintModel[];
  /** Wall-clock budget of each phase of one file (src/budget.ts). */
  phaseBudgetMs?: number;
  /** Hash each file's bytes in phase 1 (the scan cache is on). */
  hashContent: boolean;
  /** Where module names start (`moduleBasesOf`). */
  naming: ModuleBase[];
}

/** What the scan asks a worker to do. */
export type WorkerJob =
  | { kind: "files"; files: DiscoveredFile[] }
  /** The index records of every file in scan order (in shared memory, see `packRecords`), and where each file is. */
  | { kind: "project"; packed: PackedRecords; paths: [string, string][]; external: ExternalFacts }
  | { kind: "shard"; job: ShardJob }
  /** Phase 1 of texts patched in memory, for the fix verifier (src/fix/prepare.ts): results without compact trees, texts or fixes. */
  | { kind: "patched"; files: { rel: string; abs: string; text: string }[] }
  /** Stop once the jobs sent before are answered (`WorkerPool.release`). */
  | { kind: "exit" };

export interface WorkerRequest {
  id: number;
  job: WorkerJob;
  /**
   * A job that waited in the worker's port (`WorkerPool.mapShared`): the worker starts it only if it claims `slot` of
   * `flags` first (0 → 1, `Atomics.compareExchange`); the scan thread may have claimed it meanwhile (0 → 2) to run it
   * itself, and the worker then answers `skipped` without running it.
   */
  claim?: { flags: Int32Array; slot: number };
}

export type WorkerReply = { ready: true } | { id: number; result: FileResult[] | ShardReply | null } | { id: number; skipped: true } | { id: number; error: string };

/** The data of a worker started before the scan knew its settings (`prestartWorkers` in worker-pool.ts): they come as its first message. */
export interface DeferredInit {
  deferred: true;
}

const port = parentPort!;

async function main(init: WorkerInit): Promise<void> {
  const wanted = new Set(init.ruleIds);
  const rules = registry.filter((r) => wanted.has(r.meta.id));
  const taintRules = rules.filter((r): r is TaintRule => r.meta.kind === "taint");
  const budget = init.phaseBudgetMs ?? PHASE_BUDGET_MS;
  const options = { includeLocalSources: init.includeLocalSources, includeParameterSources: init.includeParameterSources, models: init.models, fileBudgetMs: budget };
  const phase1Taint = taintRules.length > 0 ? new TaintProject(taintRules, options) : undefined;
  const parser = new PythonParser(await loadPython());
  const analyzer = new FileAnalyzer(parser, rules.filter(isPatternRule) as PatternRule[], phase1Taint, isolatedParser, budget, init.hashContent, init.fixes, init.naming);
  let project: TaintProject | undefined;
  let files: ProjectFiles | undefined;
  // one job at a time, in the order sent, so that an exit comes after the answers to the jobs sent before it
  let queue = Promise.resolve();
  port.on("message", ({ id, job, claim }: WorkerRequest) => {
    queue = queue.then(() => {
      if (job.kind === "exit") return port.close();
      // a job the scan thread took back while it waited here: it ran there, not here
      if (claim && Atomics.compareExchange(claim.flags, claim.slot, 0, 1) !== 0) return port.postMessage({ id, skipped: true } satisfies WorkerReply);
      return handle(id, job);
    });
  });
  const handle = async (id: number, job: WorkerJob): Promise<void> => {
    try {
      if (job.kind === "files") {
        const results: FileResult[] = [];
        for (const f of job.files) {
          // a wasm trap on the previous file discarded the parser: make a new one in a fresh instance
          if (analyzer.needsParser) await analyzer.ready();
          const r = analyzer.analyze(f);
          if (r.taint) {
            // the record goes serialised, as the scan thread packs it for the index (see `FileResult.packedTaint`)
            r.packedTaint = { path: r.taint.path, relevant: r.taint.relevant, bytes: serialize(r.taint), head: serialize(recordHead(r.taint)), ...(init.hashContent ? { skeleton: skeletonDigest(r.taint) } : {}) };
            delete r.taint;
          }
          results.push(r);
        }
        // compact trees and serialised records move to the main thread without a copy
        port.postMessage(
          { id, result: results } satisfies WorkerReply,
          results.flatMap((r) => [...(r.compact ? [r.compact.records.buffer as ArrayBuffer] : []), ...(r.packedTaint ? [r.packedTaint.bytes.buffer as ArrayBuffer, ...(r.packedTaint.head ? [r.packedTaint.head.buffer as ArrayBuffer] : [])] : [])]),
        );
      } else if (job.kind === "patched") {
        const results: FileResult[] = [];
        for (const f of job.files) {
          if (analyzer.needsParser) await analyzer.ready();
          const r = analyzer.analyzeText(f, f.text);
          delete r.compact;
          delete r.text;
          // the verifier's re-scan asks for no fixes: what they add is dropped, the rest is the same
          for (const raw of r.raw) delete raw.proposedFix;
          // the record goes serialised: the scan thread holds these results all through phase 2, and the re-scan
          // makes the record an object again only when it takes the result (see `ScanSession.rescan`)
          if (r.taint) {
            r.packedTaint = { path: r.taint.path, relevant: r.taint.relevant, bytes: serialize(r.taint) };
            delete r.taint;
          }
          results.push(r);
        }
        port.postMessage(
          { id, result: results } satisfies WorkerReply,
          results.flatMap((r) => (r.packedTaint ? [r.packedTaint.bytes.buffer as ArrayBuffer] : [])),
        );
      } else if (job.kind === "project") {
        // a shard's outcome lists the constant-only sinks of the kinds the scan's pattern rules read, as on the scan thread
        project = new TaintProject(taintRules, { ...options, constantSinkKinds: constantSinkKinds(rules.filter(isPatternRule)) });
        project.addPacked(job.packed);
        project.addExternalFacts(job.external);
        await analyzer.ready();
        files = new ProjectFiles(analyzer.currentParser!, new Map(job.paths), WORKER_COMPACT_BUDGET, init.naming);
        port.postMessage({ id, result: null } satisfies WorkerReply);
      } else if (job.kind === "shard") {
        if (!project || !files) throw new Error("a shard arrived before the project");
        const reply = runShardJob(project, files, job.job);
        // the trees of the shard's own files that no project file imports are not kept for later shards (as on the scan thread)
        files.take(project.unimported(job.job.task.shard.paths));
        port.postMessage({ id, result: reply } satisfies WorkerReply);
      }
    } catch (err) {
      port.postMessage({ id, error: String((err as Error)?.stack ?? err) } satisfies WorkerReply);
    }
  };
  port.postMessage({ ready: true } satisfies WorkerReply);
}

const failed = (err: unknown) => port.postMessage({ id: -1, error: String((err as Error)?.stack ?? err) } satisfies WorkerReply);
const data = workerData as WorkerInit | DeferredInit;
if ("deferred" in data) {
  // started while the scan was still discovering files: the modules are loaded by now, the grammar compiles
  // while the settings are awaited (main's loadPython then finds it done)
  loadPython().catch(() => undefined);
  port.once("message", (msg: { init: WorkerInit }) => main(msg.init).catch(failed));
} else {
  main(data).catch(failed);
}
