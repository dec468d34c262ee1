import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { remembered } from "../rules/lib/memo.js";
import { ownString } from "../src/own-string.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** A settings module of about 200 KB whose text is unique to `i`, with the name the rules would ask about. */
function settingsModule(i: number): { text: string; name: string } {
  const body = Array.from({ length: 4000 }, (_, k) => `OPTION_${i}_${k} = env("OPTION_${k}", default=${k})\n`).join("");
  const text = `import os\n\nPAYMENT_GATEWAY_SECRET_KEY_${i} = os.environ["KEY"]\n${body}`;
  const from = text.indexOf("PAYMENT");
  return { text, name: text.slice(from, text.indexOf(" ", from)) };
}

function heapAfterCollection(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe("ownString", () => {
  it("is the same text", () => {
    const { text, name } = settingsModule(1);
    expect(ownString(name)).toBe(name);
    expect(ownString("db")).toBe("db");
    expect(ownString(text)).toBe(text);
  });

  it("lets a memo keyed by names read from files' texts keep none of the texts", () => {
    const answers: boolean[] = [];
    const isKey = remembered((name: string) => name.endsWith("_KEY") || /_KEY_\d+$/.test(name));
    const before = heapAfterCollection();
    let textBytes = 0;
    for (let i = 0; i < 150; i++) {
      const { text, name } = settingsModule(i);
      textBytes += text.length;
      answers.push(isKey(name));
    }
    const grown = heapAfterCollection() - before;
    expect(answers.every((a) => a)).toBe(true);
    expect(textBytes).toBeGreaterThan(25_000_000);
    // the memo holds 150 names of about 30 characters; holding the texts would be more than 25 MB
    expect(grown).toBeLessThan(3_000_000);
    // and it still answers from memory
    expect(isKey(settingsModule(3).name)).toBe(true);
  });

  it("shows what the copy avoids: plain slices kept in a table keep their texts", () => {
    const kept = new Map<string, boolean>();
    const before = heapAfterCollection();
    for (let i = 0; i < 150; i++) kept.set(settingsModule(i).name, true);
    const grown = heapAfterCollection() - before;
    expect(kept.size).toBe(150);
    expect(grown).toBeGreaterThan(25_000_000);
  });
});
