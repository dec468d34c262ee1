import { describe, expect, it } from "vitest";
import { longestFirst } from "../src/phase2.js";
import type { FileModel } from "../src/model/file-model.js";
import { ModelLru } from "../src/taint/index.js";
import type { ShardTask } from "../src/taint/shards.js";

const task = (index: number, files: number): ShardTask => ({ shard: { index, paths: Array.from({ length: files }, (_, i) => `pkg${index}/m${i}.py`) }, round: 1 });

describe("handing shards to workers", () => {
  it("starts the shards with the most files first, ties in plan order", () => {
    const tasks = [task(0, 3), task(1, 40), task(2, 7), task(3, 40), task(4, 1)];
    expect(longestFirst(tasks)).toEqual([1, 3, 2, 0, 4]);
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
