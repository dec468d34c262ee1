import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { FileResult } from "../src/analyze-file.js";
import type { DiscoveredFile } from "../src/discover.js";
import type { WorkerInit } from "../src/worker.js";
import { WorkerPool } from "../src/worker-pool.js";
import { REPO } from "./e2e/helpers.js";

// the compiled worker (`npm test` builds first): tests run from the TypeScript sources, which have no worker script
const SCRIPT = join(REPO, "dist", "src", "worker.js");

const INIT: WorkerInit = { ruleIds: ["weak-hash"], includeLocalSources: false, includeParameterSources: false, fixes: false, models: [], hashContent: false, modulePrefix: "" };

function project(count: number): DiscoveredFile[] {
  const root = mkdtempSync(join(tmpdir(), "pysast-pool-"));
  return Array.from({ length: count }, (_, i) => {
    const rel = `checksum_${i}.py`;
    const abs = join(root, rel);
    writeFileSync(abs, `import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n`);
    return { rel, abs, size: 80 };
  });
}

describe("WorkerPool.shrink", () => {
  let pool: WorkerPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it("stops the extra workers without failing the pool, and the ones left still run every job in order", async () => {
    pool = new WorkerPool(SCRIPT, 3, INIT);
    const files = project(6);
    const jobs = files.map((f) => ({ kind: "files" as const, files: [f] }));
    const before = await pool.map<FileResult[]>(jobs);
    expect(before.map((r) => r.map((x) => `${x.rel}:${x.raw.map((f) => `${f.ruleId}@${f.region.startLine}`).join(",")}`))).toEqual(files.map((f) => [`${f.rel}:weak-hash@5`]));
    await pool.shrink(1);
    expect(pool.size).toBe(1);
    // a retired worker's exit is not a crash: the jobs sent afterwards still succeed, in job order
    const after = await pool.map<FileResult[]>(jobs);
    expect(after.map((r) => r[0]!.rel)).toEqual(files.map((f) => f.rel));
    expect(after.map((r) => r[0]!.raw.length)).toEqual(before.map((r) => r[0]!.raw.length));
  });

  it("keeps at least one worker", async () => {
    pool = new WorkerPool(SCRIPT, 2, INIT);
    await pool.shrink(0);
    expect(pool.size).toBe(1);
    const [result] = await pool.map<FileResult[]>([{ kind: "files", files: project(1) }]);
    expect(result![0]!.raw.map((f) => f.ruleId)).toEqual(["weak-hash"]);
  });
});
