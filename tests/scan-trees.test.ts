/**
 * Which compact trees phase 1 hands to phase 2 (src/scan.ts): a test file's tree is not kept (phase 2 analyses no
 * test file), nor, once the plan is known, the tree of a file no shard analyses and no file imports. Phase 2 parses
 * such a file again when an analysed file does load it, so the findings are those of a scan that kept every tree:
 * a view whose data flows through a helper of a test-data module reports its command injection with the workers
 * (trees from phase 1) exactly as with `--jobs 1`, and its safe twin does not.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTree, runPysast } from "./e2e/helpers.js";

const SEED_DATA = [
  '"""Demo data for the shop: the fixtures the test suite and the demo reset endpoint load."""',
  "",
  "",
  "def loaddata_command(fixture):",
  '    return "python manage.py loaddata " + fixture',
  "",
].join("\n");

const RESET_VIEW = (i: number, fromRequest: boolean) =>
  [
    "import subprocess",
    "",
    "from flask import Flask, request",
    "",
    "from shop.tests.seed_data import loaddata_command",
    "",
    "app = Flask(__name__)",
    "",
    "",
    `@app.route("/demo/${i}/reset", methods=["POST"])`,
    `def reset_demo_${i}():`,
    fromRequest ? '    fixture = request.form.get("fixture", "catalogue")' : '    fixture = "catalogue"',
    "    subprocess.run(loaddata_command(fixture), shell=True)",
    '    return "reset"',
    "",
  ].join("\n");

describe("compact trees kept for phase 2", () => {
  it("a helper in a test-path module whose tree phase 1 did not keep is parsed again: the same findings as one thread", async () => {
    // enough files for worker threads (64) and a test suite that imports the same helper
    const files: Record<string, string> = { "shop/__init__.py": "", "shop/tests/__init__.py": "", "shop/tests/seed_data.py": SEED_DATA };
    for (let i = 0; i < 40; i++) files[`shop/demo_${String(i).padStart(2, "0")}.py`] = RESET_VIEW(i, i % 4 === 0);
    for (let i = 0; i < 30; i++) files[`shop/tests/test_reset_${i}.py`] = ["from shop.tests.seed_data import loaddata_command", "", "", `def test_command_${i}():`, '    assert loaddata_command("x").endswith("x")', ""].join("\n");
    const root = makeTree(files);
    const args = ["scan", ".", "--no-cache", "--format", "json", "--exit-zero", "-q"];
    const threads = await runPysast([...args, "-o", "threads.json", "--jobs", "2"], root);
    const alone = await runPysast([...args, "-o", "alone.json", "--jobs", "1"], root);
    expect(threads.code, threads.stderr).toBe(0);
    expect(alone.code, alone.stderr).toBe(0);
    const findings = async (name: string) => (JSON.parse(await readFile(join(root, name), "utf8")) as { findings: { ruleId: string; path: string; region: { startLine: number } }[] }).findings;
    const got = await findings("threads.json");
    expect(got).toEqual(await findings("alone.json"));
    const flagged = got.filter((f) => f.ruleId === "command-injection").map((f) => `${f.path}:${f.region.startLine}`);
    const expected = Object.keys(files).filter((p) => /demo_\d+\.py$/.test(p) && Number(/(\d+)\.py$/.exec(p)![1]) % 4 === 0).sort().map((p) => `${p}:13`);
    expect(flagged).toEqual(expected);
  }, 120_000);
});
