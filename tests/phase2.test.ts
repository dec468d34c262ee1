import { describe, expect, it } from "vitest";
import { CompactAdmission, longestFirst, shardLines } from "../src/phase2.js";
import type { CompactTree } from "../src/parse/parser.js";
import type { FileModel } from "../src/model/file-model.js";
import { ModelLru } from "../src/taint/index.js";
import type { ShardTask } from "../src/taint/shards.js";

const task = (index: number, files: number): ShardTask => ({ shard: { index, paths: Array.from({ length: files }, (_, i) => `pkg${index}/m${i}.py`) }, round: 1 });

describe("handing shards to workers", () => {
  it("starts the shards with the most files first, ties in plan order", () => {
    const tasks = [task(0, 3), task(1, 40), task(2, 7), task(3, 40), task(4, 1)];
    expect(longestFirst(tasks)).toEqual([1, 3, 2, 0, 4]);
  });

  it("starts the costliest shards first when the lines of their files are known, not the ones with most files", () => {
    // shard 1: 40 small migrations; shard 2: 3 core modules of 3,000 lines each; shard 3: 7 files of unknown size
    const tasks = [task(0, 3), task(1, 40), task(2, 3), task(3, 7)];
    const lines = new Map<string, number>();
    for (const p of tasks[0]!.shard.paths) lines.set(p, 100);
    for (const p of tasks[1]!.shard.paths) lines.set(p, 30);
    for (const p of tasks[2]!.shard.paths) lines.set(p, 3000);
    const cost = shardLines(lines);
    expect(tasks.map(cost)).toEqual([300, 1200, 9000, 7]);
    expect(longestFirst(tasks, cost)).toEqual([2, 1, 0, 3]);
    // by files alone the 40 migrations would start first and the core modules after them
    expect(longestFirst(tasks)).toEqual([1, 3, 0, 2]);
  });

  it("keeps every shard exactly once", () => {
    const tasks = Array.from({ length: 50 }, (_, i) => task(i, (i * 37) % 11));
    expect([...longestFirst(tasks)].sort((a, b) => a - b)).toEqual(tasks.map((_, i) => i));
  });
});

describe("models kept by a re-scan", () => {
  const fake = (chars: number) => ({ src: { text: "x".repeat(chars) } }) as unknown as FileModel;

  it("keeps models within the source-size budget and loads a dropped one again", () => {
    const loads: string[] = [];
    const lru = new ModelLru((rel) => {
      loads.push(rel);
      return rel === "gone.py" ? null : fake(400);
    }, 1000);
    lru.get("a.py");
    lru.get("b.py");
    lru.get("a.py"); // a is now the most recently used
    lru.get("c.py"); // 1200 characters: b, the least recently used, is dropped
    lru.get("a.py");
    lru.get("b.py");
    lru.get("gone.py");
    lru.get("gone.py");
    expect(loads).toEqual(["a.py", "b.py", "c.py", "b.py", "gone.py"]);
  });
});

describe("compact trees kept from phase 1", () => {
  // a compact tree costs its records' bytes plus two bytes per source character
  const result = (rel: string, recordBytes: number, chars: number): { rel: string; compact?: CompactTree } => ({ rel, compact: { records: new Int32Array(recordBytes / 4), text: "x".repeat(chars) } as unknown as CompactTree });

  it("keeps the trees that come while they fit in the budget, drops the others, and never counts a dropped one", () => {
    const admission = new CompactAdmission(1000);
    const results: { rel: string; compact?: CompactTree }[] = [result("a.py", 400, 100), result("big.py", 800, 0), result("b.py", 200, 50), result("c.py", 4, 0), { rel: "plain.py" }];
    for (const r of results) admission.admit(r);
    // a: 600 bytes, big: 800 more do not fit, b: 300 (900 in all), c: 4 (904)
    expect(results.filter((r) => r.compact).map((r) => r.rel)).toEqual(["a.py", "b.py", "c.py"]);
    expect(results.map((r) => "compact" in r)).toEqual([true, false, true, true, false]);
  });
});
