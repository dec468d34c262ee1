/**
 * A worker thread that parses files ahead for the scan thread's phase 2 (see `LoadAhead` in load-ahead.ts). It
 * loads the parser alone, so it starts fast and holds little: the scan's phase-1 workers, which hold the rules
 * and the heap phase 1 grew, are stopped before phase 2.
 */
import { parentPort } from "node:worker_threads";
import { loadPython } from "./parse/grammar.js";
import { PythonParser } from "./parse/parser.js";
import { loadAhead, type LoadAheadJob } from "./load-ahead.js";

// the list may come while the parser loads (the scan starts this worker before it knows the list)
const job = new Promise<LoadAheadJob>((resolve) => parentPort!.once("message", resolve));
const parser = new PythonParser(await loadPython());
try {
  parentPort!.postMessage(loadAhead(parser, await job));
} finally {
  parser.delete();
}
