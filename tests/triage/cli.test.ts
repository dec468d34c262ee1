/**
 * Triage through the real `pysast scan` command: whatever goes wrong with the API, every finding is
 * still reported with its triage status and the exit code follows the findings, not the faults.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli-main.js";
import { answering, closedPort, errorReply, startMockAnthropic, toolCallReply, type MockAnthropic, type MockHandler } from "./mock-anthropic.js";
import { FIXTURE_ROOT } from "./helpers.js";

const KEY = "sk-ant-api03-CLI-TEST-only-5Hq9Zt";

interface JsonReport {
  findings: { ruleId: string; path: string; region: { startLine: number }; triage: { status: string; error?: string; flags?: string[] } | null }[];
  triage: { errors: number; triaged: number; dropped: number; skippedReason?: string } | null;
  notifications: { kind: string; level: string; message: string }[];
}

async function scan(args: string[], env: Record<string, string> = { ANTHROPIC_API_KEY: KEY }): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const argv = ["scan", "app", "--format", "json", "--no-triage-cache", ...args];
  const code = await runCli(argv, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env,
    cwd: FIXTURE_ROOT,
  });
  return { code, report: JSON.parse(out.join("")) as JsonReport, stderr: err.join("") };
}

const places = (r: JsonReport) => r.findings.map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`);

let mock: MockAnthropic;
let baseline: { code: number; report: JsonReport };

beforeAll(async () => {
  mock = await startMockAnthropic(answering(() => ({ verdict: "true_positive", confidence: 0.9 })), KEY);
  baseline = await scan([]);
});
afterAll(async () => {
  await mock.close();
});

describe("pysast scan --triage", () => {
  it("has findings to triage in the fixture folder", () => {
    expect(baseline.report.findings.length).toBeGreaterThan(0);
    expect(baseline.report.triage).toBeNull();
  });

  const faults: [string, MockHandler, string[]][] = [
    ["500", () => errorReply(500, "api_error", "boom"), []],
    ["529", () => errorReply(529, "overloaded_error", "Overloaded"), []],
    ["429 with retry-after", () => errorReply(429, "rate_limit_error", "slow down", { "retry-after": "30" }), []],
    ["a malformed answer", (req) => toolCallReply(req.body.model, { findings: [{ id: "F1", verdict: "nope" }] }), []],
    ["a response slower than the timeout", async (req, i) => ({ ...(await answering(() => ({ verdict: "false_positive", confidence: 1 }))(req, i)), delayMs: 1500 }), ["--triage-timeout", "1000"]],
  ];
  for (const [name, handler, extra] of faults) {
    it(`keeps every finding with status error and the same exit code on ${name}`, async () => {
      mock.setHandler(handler);
      const run = await scan(["--triage", "--triage-base-url", mock.url, "--triage-max-retries", "0", "--triage-action", "drop", ...extra]);
      expect(run.code).toBe(baseline.code);
      expect(places(run.report)).toEqual(places(baseline.report));
      expect(run.report.findings.map((f) => f.triage?.status)).toEqual(run.report.findings.map(() => "error"));
      expect(run.report.triage!.errors).toBe(run.report.findings.length);
    });
  }

  it("keeps every finding when the API cannot be reached", async () => {
    const port = await closedPort();
    const run = await scan(["--triage", "--triage-base-url", `http://127.0.0.1:${port}`, "--triage-max-retries", "0"]);
    expect(run.code).toBe(baseline.code);
    expect(places(run.report)).toEqual(places(baseline.report));
    expect(run.report.findings.every((f) => f.triage?.status === "error" && /^connection failed/.test(f.triage.error ?? ""))).toBe(true);
  });

  it("runs without a key, says why triage was skipped, and keeps the exit code", async () => {
    const run = await scan(["--triage"], {});
    expect(run.code).toBe(baseline.code);
    expect(places(run.report)).toEqual(places(baseline.report));
    expect(run.report.triage!.skippedReason).toBe("ANTHROPIC_API_KEY is not set");
    expect(run.report.notifications.filter((n) => n.kind === "triage").map((n) => n.level)).toEqual(["note"]);
  });

  it("drops confident false positives, except flagged ones, and the exit code follows what remains", async () => {
    mock.setHandler(answering(() => ({ verdict: "false_positive", confidence: 0.95 })));
    const run = await scan(["--triage", "--triage-base-url", mock.url, "--triage-action", "drop"]);
    const remaining = run.report.findings;
    expect(remaining.every((f) => f.triage?.flags?.includes("prompt-injection-suspected"))).toBe(true);
    expect(run.report.triage!.dropped).toBe(baseline.report.findings.length - remaining.length);
    expect(run.code).toBe(remaining.length > 0 ? baseline.code : 0);
    expect(JSON.stringify(run.report) + run.stderr).not.toContain(KEY);
  });
});
