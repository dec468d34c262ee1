import { describe, expect, it } from "vitest";
import { progressLine } from "../src/progress.js";

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, write: (s: string) => writes.push(s) };
}

describe("progress line", () => {
  it("redraws files parsed at most ten times a second on a terminal, then the data-flow phase, then clears itself", () => {
    const tty = stream(true);
    let t = 1000;
    const p = progressLine(tty, true, () => t);
    p.update({ phase: "parse", done: 1, total: 300 });
    t += 20;
    p.update({ phase: "parse", done: 2, total: 300 });
    t += 200;
    p.update({ phase: "parse", done: 150, total: 300 });
    t += 1;
    p.update({ phase: "parse", done: 300, total: 300 });
    p.update({ phase: "taint" });
    p.done();
    expect(tty.writes).toEqual([
      "\r\x1b[2Kpysast: parsed 1/300 files",
      "\r\x1b[2Kpysast: parsed 150/300 files",
      "\r\x1b[2Kpysast: parsed 300/300 files",
      "\r\x1b[2Kpysast: analysing data flows…",
      "\r\x1b[2K",
    ]);
  });

  it("is silent when standard error is not a terminal, or with -q", () => {
    const pipe = stream(false);
    const p = progressLine(pipe, true);
    p.update({ phase: "parse", done: 1, total: 1 });
    p.done();
    const quiet = stream(true);
    const q = progressLine(quiet, false);
    q.update({ phase: "taint" });
    q.done();
    expect([...pipe.writes, ...quiet.writes]).toEqual([]);
  });
});
