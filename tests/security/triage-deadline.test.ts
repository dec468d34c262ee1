/**
 * Issue 8, item 17: a total triage deadline. Per-request timeouts alone let a slow or hostile API
 * hold CI for (findings / concurrency) × timeout × retries; `--triage-deadline` bounds the whole stage,
 * and the findings it did not reach are reported without a verdict, never lost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answering, startMockAnthropic, type MockAnthropic } from "../triage/mock-anthropic.js";
import { project, scanIn, userHome, VULNERABLE_VIEW, type JsonReport } from "./helpers.js";

const KEY = "sk-ant-api03-DEADLINE-TEST-only-7Rm2Xc";
let slow: MockAnthropic;

beforeAll(async () => {
  // answers, but only after 20 s: every request outlasts its timeout
  const answer = answering(() => ({ verdict: "true_positive", confidence: 0.9 }));
  slow = await startMockAnthropic(async (req, i) => ({ ...(await answer(req, i)), delayMs: 20_000 }));
});
afterAll(async () => {
  await slow.close();
});

describe("--triage-deadline", () => {
  it("ends triage at the deadline however many requests time out, keeping every finding", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`views/ping_${i}.py`] = VULNERABLE_VIEW;
    const root = project(files);
    const { env } = userHome();
    const started = Date.now();
    const run = await scanIn(
      root,
      [".", "--format", "json", "--triage", "--triage-base-url", slow.url, "--triage-concurrency", "1", "--triage-timeout", "5000", "--triage-max-retries", "0", "--triage-deadline", "3"],
      { ...env, ANTHROPIC_API_KEY: KEY },
    );
    const elapsed = Date.now() - started;
    // without the deadline: five 5 s timeouts in a row, 25 s
    expect(elapsed).toBeLessThan(12_000);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.findings.map((f) => `${f.path}:${f.ruleId}`)).toEqual([0, 1, 2, 3, 4].map((i) => `views/ping_${i}.py:command-injection`));
    expect(report.findings.every((f) => f.triage?.status === "not-triaged")).toBe(true);
    expect(report.notifications.map((n) => n.message)).toContainEqual(
      expect.stringMatching(/^LLM triage stopped at its deadline \(--triage-deadline 3 s\): 5 finding\(s\) are reported without a verdict/),
    );
    expect(run.code).toBe(1);
  }, 30_000);

  it("is a usage error when it is not a whole number of seconds", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    const { env } = userHome();
    const run = await scanIn(root, [".", "--triage", "--triage-deadline", "0"], { ...env, ANTHROPIC_API_KEY: KEY });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--triage-deadline: 0 must be a whole number from 1 to 86400/);
  });
});
