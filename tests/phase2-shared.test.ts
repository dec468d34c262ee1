/**
 * Phase 2 on the scan thread and the workers together (`WorkerPool.mapShared`, tested on its own in
 * worker-pool.test.ts): a scan of several shards on two threads runs shards on both and reports exactly what
 * one thread reports.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planShards } from "../src/taint/shards.js";
import { makeTree, runPysast } from "./e2e/helpers.js";

const VIEW = (i: number, flows: boolean) =>
  [
    "from flask import Flask, request",
    "import subprocess",
    "",
    "app = Flask(__name__)",
    "",
    "",
    `@app.route("/backup/${i}")`,
    `def backup_${i}():`,
    '    target = request.args.get("target", "daily")',
    flows ? '    subprocess.run("tar czf /srv/backup.tgz " + target, shell=True)' : '    subprocess.run(["tar", "czf", "/srv/backup.tgz", target])',
    '    return "queued"',
    "",
  ].join("\n");

describe("phase 2 on the scan thread and a worker", () => {
  it("analyses shards on both, with one worker fewer than the threads, and reports what --jobs 1 reports", async () => {
    // enough view files for several shards (the plan cuts by path, as the scan's does)
    const paths: string[] = [];
    for (let i = 0; planShards([...paths].sort()).length < 4 || paths.length < 64; i++) paths.push(`shop/views_${String(i).padStart(3, "0")}.py`);
    const root = makeTree(Object.fromEntries(paths.map((p, i) => [p, VIEW(i, i % 5 === 0)])));
    const args = ["scan", ".", "--no-cache", "--format", "json", "--exit-zero", "-q"];
    const shared = await runPysast([...args, "-o", "shared.json", "--jobs", "2"], root, { PYSAST_TIMINGS: "1" });
    const alone = await runPysast([...args, "-o", "alone.json", "--jobs", "1"], root);
    expect(shared.code).toBe(0);
    expect(alone.code).toBe(0);
    const note = /phase 2 threads: this one and (\d+) worker\(s\); shards run here: (\d+), on the workers: (\d+)/.exec(shared.stderr);
    expect(note, shared.stderr).not.toBeNull();
    expect(Number(note![1])).toBe(1);
    expect(Number(note![2])).toBeGreaterThan(0);
    expect(Number(note![3])).toBeGreaterThan(0);
    const findings = async (name: string) => (JSON.parse(await readFile(join(root, name), "utf8")) as { findings: { ruleId: string; path: string; region: { startLine: number } }[] }).findings;
    const got = await findings("shared.json");
    expect(got).toEqual(await findings("alone.json"));
    expect(got.filter((f) => f.ruleId === "command-injection").map((f) => `${f.path}:${f.region.startLine}`)).toEqual(paths.filter((_, i) => i % 5 === 0).map((p) => `${p}:10`));
  }, 120_000);
});
