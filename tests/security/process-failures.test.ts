/**
 * Issue 8, items 8 and 12: the process itself fails cleanly. Running out of memory is a failed scan
 * naming the phase (never a bare V8 abort); a reader that closes the pipe ends the output quietly; a
 * full disk is a message and exit code 2 — never a stack trace, and never exit 1 under --exit-zero.
 */
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkHeap, HEAP_GUARD, ScanFailure } from "../../src/scan-failure.js";
import { CLI } from "../e2e/helpers.js";
import { project, VULNERABLE_VIEW } from "./helpers.js";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI; `stdout` is a file descriptor to write to, or "pipe" (read `keep` bytes, then close the pipe). */
function run(args: string[], cwd: string, options: { env?: Record<string, string>; stdout?: number | "pipe"; keep?: number } = {}): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ANTHROPIC_API_KEY: "", NODE_OPTIONS: "", ...options.env },
      stdio: ["ignore", options.stdout ?? "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    if (child.stdout) {
      child.stdout.on("data", (c: Buffer) => {
        stdout += c.toString();
        // like `| head -c N`: take what is wanted, then close the reading end
        if (options.keep !== undefined && stdout.length >= options.keep) child.stdout!.destroy();
      });
    }
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/** Many vulnerable views: a SARIF report of several hundred kilobytes, much more than a pipe holds. */
function bigReportProject(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < 150; i++) files[`views/view_${String(i).padStart(3, "0")}.py`] = VULNERABLE_VIEW;
  return project(files);
}

/** A 4 MB generated module among ordinary ones: too much for a 64 MB heap. */
function memoryHungryProject(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < 70; i++) files[`pkg/mod_${String(i).padStart(2, "0")}.py`] = "import os\n\n\ndef run(cmd):\n    os.system(cmd)\n";
  let big = "";
  for (let i = 0; big.length < 4_000_000; i++) big += `value_${i} = compute(${i}, "text", [1, 2, 3])\n`;
  files["pkg/mod_35_generated.py"] = big;
  return project(files);
}

describe("running out of memory is a failed scan naming the phase (item 8)", () => {
  for (const jobs of ["1", "2"]) {
    it(`with --jobs ${jobs}`, async () => {
      const r = await run(["scan", ".", "--jobs", jobs, "--format", "json"], memoryHungryProject(), { env: { NODE_OPTIONS: "--max-old-space-size=64" } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^pysast: the scan failed during phase 1 \(reading, parsing and pattern rules\): .*(ran out of memory).*NODE_OPTIONS=--max-old-space-size=8192/m);
      expect(r.stderr).not.toMatch(/FATAL ERROR|JavaScript heap out of memory|<--- Last few GCs --->/);
    }, 120_000);
  }

  it("stops before the heap limit instead of letting V8 abort", () => {
    expect(() => checkHeap("phase 2 (data-flow analysis)", { used_heap_size: 0.5e9, heap_size_limit: 1e9 })).not.toThrow();
    const nearly = { used_heap_size: (HEAP_GUARD + 0.01) * 4096 * 1024 * 1024, heap_size_limit: 4096 * 1024 * 1024 };
    expect(() => checkHeap("phase 2 (data-flow analysis)", nearly)).toThrow(ScanFailure);
    expect(() => checkHeap("phase 2 (data-flow analysis)", nearly)).toThrow(/^the scan failed during phase 2 \(data-flow analysis\): pysast is about to run out of memory \(3809 MB used of a 4096 MB limit\)/);
  });
});

describe("standard output that goes away (item 12)", () => {
  it("ends quietly when the reader closes the pipe (EPIPE), keeping the scan's exit code", async () => {
    const root = bigReportProject();
    for (const [args, code] of [
      [[], 1],
      [["--exit-zero"], 0],
    ] as const) {
      const r = await run(["scan", ".", "--format", "sarif", ...args], root, { keep: 1000 });
      expect(r.stdout.length).toBeGreaterThanOrEqual(1000);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(code);
    }
  }, 120_000);

  it("exits 2 with a message, not a stack trace, when the disk is full (ENOSPC), even with --exit-zero", async () => {
    const full = openSync("/dev/full", "w");
    try {
      const r = await run(["scan", ".", "--exit-zero"], project({ "app.py": VULNERABLE_VIEW }), { stdout: full });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("pysast: cannot write the report to standard output: no space left on the device (ENOSPC); free some space or write the report elsewhere with -o FILE\n");
    } finally {
      closeSync(full);
    }
  }, 60_000);
});
