/**
 * The worker thread that runs a `pysast` command for the supervisor in cli.ts. Output goes through
 * the thread's stdout and stderr (forwarded by the supervisor); the phase and the exit code go back
 * as messages.
 */
import { parentPort, workerData } from "node:worker_threads";
import { runCli } from "./cli-main.js";
import { onPhase } from "./scan-failure.js";

export interface CliWorkerData {
  argv: string[];
  cwd: string;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export type CliWorkerMessage = { phase: string } | { exitCode: number };

const data = workerData as CliWorkerData;
const port = parentPort!;

onPhase((phase) => port.postMessage({ phase } satisfies CliWorkerMessage));
let code: number;
try {
  code = await runCli(data.argv, {
    stdout: { write: (s: string) => process.stdout.write(s), isTTY: data.stdoutIsTTY },
    stderr: { write: (s: string) => process.stderr.write(s), isTTY: data.stderrIsTTY },
    env: process.env,
    cwd: data.cwd,
  });
} catch (err) {
  process.stderr.write(`pysast: ${err instanceof Error ? err.message : String(err)}\n`);
  code = 2;
}
port.postMessage({ exitCode: code } satisfies CliWorkerMessage);
