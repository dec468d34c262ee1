import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";

// The test run's scratch folder (tests/global-setup.ts) is where every temporary project goes, so a run leaves
// nothing behind in the system's temporary directory.
describe("test run scratch folder", () => {
  it("is what os.tmpdir() answers in the tests", () => {
    expect(basename(tmpdir())).toMatch(/^pysast-tests-/);
  });

  it("is inherited by the processes the tests start", () => {
    const child = execFileSync(process.execPath, ["-e", "process.stdout.write(require('os').tmpdir())"], { encoding: "utf8" });
    expect(child).toBe(tmpdir());
  });
});
