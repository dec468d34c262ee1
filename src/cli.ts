#!/usr/bin/env node
/**
 * Entry point of the `pysast` command. The command runs in a worker thread (src/cli-supervisor.ts) so
 * that running out of memory, a closed pipe or a full disk end in a clear message, never a V8 abort
 * or a stack trace.
 */
import { superviseCli } from "./cli-supervisor.js";

superviseCli({ argv: process.argv.slice(2), cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
