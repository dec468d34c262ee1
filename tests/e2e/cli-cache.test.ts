import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, runPysast } from "./helpers.js";

const SHOP = join(REPO, "examples", "shop-app");

/** The SARIF a scan wrote, without what differs between any two runs (times, the command line). */
function sarifWithoutTimes(file: string): string {
  const log = JSON.parse(readFileSync(file, "utf8")) as { runs: { invocations: Record<string, unknown>[]; properties: { stats: Record<string, unknown> } }[] };
  for (const run of log.runs) {
    for (const inv of run.invocations) for (const key of ["startTimeUtc", "endTimeUtc", "commandLine", "arguments"]) delete inv[key];
    delete run.properties.stats.durationMs;
    delete run.properties.stats.parseMs;
  }
  return JSON.stringify(log);
}

describe("pysast scan with the analysis cache", () => {
  it("writes the same SARIF cold, warm and with --no-cache, and --no-cache leaves the cache folder alone", { timeout: 120_000 }, async () => {
    const work = mkdtempSync(join(tmpdir(), "pysast-cli-cache-"));
    const cacheDir = join(work, "cache");
    const run = async (name: string, extra: string[]) => {
      const out = join(work, `${name}.sarif`);
      const r = await runPysast(["scan", SHOP, "--exit-zero", "-q", "-o", out, ...extra], REPO);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      return sarifWithoutTimes(out);
    };
    const cold = await run("cold", ["--cache-dir", cacheDir]);
    expect(readdirSync(join(cacheDir, "scan-v1")).length).toBeGreaterThan(0);
    const warm = await run("warm", ["--cache-dir", cacheDir]);
    const unused = join(work, "unused-cache");
    const uncached = await run("uncached", ["--no-cache", "--cache-dir", unused]);
    expect(existsSync(unused)).toBe(false);
    expect(JSON.parse(cold).runs[0].results.length).toBeGreaterThan(20);
    // compared as booleans: a difference is found by diffing the two files, not by reading a page of JSON
    expect(warm === cold).toBe(true);
    expect(uncached === cold).toBe(true);
  });
});
