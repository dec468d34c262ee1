/** A worker thread running phase 1 (see analyze-file.ts) for batches of files sent by the scan. */
import { parentPort, workerData } from "node:worker_threads";
import { rules as registry } from "../rules/index.js";
import { FileAnalyzer, type FileResult } from "./analyze-file.js";
import type { DiscoveredFile } from "./discover.js";
import { loadPython } from "./parse/grammar.js";
import { PythonParser } from "./parse/parser.js";
import { isPatternRule, type PatternRule, type TaintRule } from "./rule.js";
import { TaintProject } from "./taint/index.js";
import type { TaintModel } from "./taint/model-types.js";

export interface WorkerInit {
  ruleIds: string[];
  includeLocalSources: boolean;
  /** Ask rules for fixes of their findings. */
  fixes: boolean;
  /** The taint models (plain data, copied to the worker). */
  models: readonly TaintModel[];
}

export interface WorkerRequest {
  batch: number;
  files: DiscoveredFile[];
}
export type WorkerReply = { ready: true } | { batch: number; results: FileResult[] } | { error: string };

const init = workerData as WorkerInit;
const port = parentPort!;

async function main(): Promise<void> {
  const wanted = new Set(init.ruleIds);
  const rules = registry.filter((r) => wanted.has(r.meta.id));
  const taintRules = rules.filter((r): r is TaintRule => r.meta.kind === "taint");
  const taint = taintRules.length > 0 ? new TaintProject(taintRules, { includeLocalSources: init.includeLocalSources, models: init.models }) : undefined;
  const parser = new PythonParser(await loadPython());
  const analyzer = new FileAnalyzer(parser, rules.filter(isPatternRule) as PatternRule[], taint, init.fixes);
  port.on("message", (msg: WorkerRequest) => {
    try {
      const results: FileResult[] = msg.files.map((f) => analyzer.analyze(f));
      port.postMessage({ batch: msg.batch, results } satisfies WorkerReply);
    } catch (err) {
      port.postMessage({ error: String((err as Error)?.stack ?? err) } satisfies WorkerReply);
    }
  });
  port.postMessage({ ready: true } satisfies WorkerReply);
}

main().catch((err: unknown) => port.postMessage({ error: String((err as Error)?.stack ?? err) } satisfies WorkerReply));
