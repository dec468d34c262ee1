import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CLI = join(REPO, "dist", "src", "cli.js");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The analysis cache of the test runs: a fresh folder, so tests neither read nor fill the user's own cache. */
const CACHE_HOME = mkdtempSync(join(tmpdir(), "pysast-e2e-cache-"));

/** Runs the built `pysast` command as a user would (a separate process). */
export function runPysast(args: string[], cwd: string, env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...process.env, XDG_CACHE_HOME: CACHE_HOME, NO_COLOR: "1", FORCE_COLOR: "", ANTHROPIC_API_KEY: "", ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 2) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Creates a temporary project from a map of relative path → contents. */
export function makeTree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), "pysast-e2e-"));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}
