/** The composite action's scan step, run as GitHub would run it: one scan writes SARIF, annotations and the job summary. */
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sarifSchemaErrors } from "../report/sarif-schema.js";
import { makeTree, REPO } from "./helpers.js";

/** The `run:` script of the step named `name` in action.yml (a literal block, indented under `run: |`). */
function stepScript(name: string): string {
  const lines = readFileSync(join(REPO, "action.yml"), "utf8").split("\n");
  const start = lines.findIndex((l) => l.trim() === `- name: ${name}`);
  const run = lines.findIndex((l, i) => i > start && l.trim() === "run: |");
  const indent = /^\s*/.exec(lines[run + 1]!)![0].length;
  const body: string[] = [];
  for (const line of lines.slice(run + 1)) {
    if (line.trim() !== "" && /^\s*/.exec(line)![0].length < indent) break;
    body.push(line.slice(indent));
  }
  return body.join("\n");
}

describe("action.yml", () => {
  it("writes the SARIF file, prints annotations and appends a Markdown table to the job summary in one scan", () => {
    const workspace = makeTree({});
    cpSync(join(REPO, "examples", "shop-app"), workspace, { recursive: true });
    const runner = makeTree({ "output.txt": "", "summary.md": "# earlier step\n" });
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NO_COLOR: "1",
      GITHUB_ACTION_PATH: REPO,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: join(runner, "output.txt"),
      GITHUB_STEP_SUMMARY: join(runner, "summary.md"),
      RUNNER_TEMP: runner,
      PYSAST_PATHS: ".",
      PYSAST_CATEGORY: "",
      PYSAST_FAIL_ON: "",
      PYSAST_TRIAGE: "false",
      PYSAST_TRIAGE_ACTION: "",
      PYSAST_ARGS: "",
      PYSAST_SARIF_FILE: "pysast.sarif",
      PYSAST_INPUT_API_KEY: "",
      PYSAST_ANNOTATIONS: "true",
      PYSAST_SUMMARY: "true",
    };
    writeFileSync(join(runner, "step.sh"), stepScript("Run pysast"));
    const stdout = execFileSync("bash", ["-e", join(runner, "step.sh")], { cwd: workspace, env, encoding: "utf8" });
    expect(readFileSync(join(runner, "output.txt"), "utf8")).toBe("exit-code=1\nsarif-written=true\n");
    const log = JSON.parse(readFileSync(join(workspace, "pysast.sarif"), "utf8")) as { runs: { results: unknown[] }[] };
    const total = log.runs[0]!.results.length;
    expect(total).toBeGreaterThan(10);
    expect(stdout).toMatch(new RegExp(`^::group::pysast: ${total} findings in \\d+ files$`, "m"));
    expect(stdout).toMatch(/^::error file=flask_app\/routes\.py,line=20,/m);
    const summary = readFileSync(join(runner, "summary.md"), "utf8");
    expect(summary.startsWith("# earlier step\n## pysast\n")).toBe(true);
    expect(summary).toContain(`**${total} findings**`);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });
});
