import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { addTriageOptions, triageOptionsFrom, TriageOptionsError } from "../../src/triage/index.js";

function parse(args: string[]): Record<string, unknown> {
  const cmd = addTriageOptions(new Command().exitOverride().configureOutput({ writeErr: () => {} }));
  cmd.parse(args, { from: "user" });
  return cmd.opts();
}

const env = { ANTHROPIC_API_KEY: "sk-ant-test-key-123456", XDG_CACHE_HOME: "/home/dev/.cache" };

describe("addTriageOptions + triageOptionsFrom", () => {
  it("gives the documented defaults for a bare --triage", () => {
    expect(triageOptionsFrom(parse(["--triage"]), env, { cwd: "/work/repo" })).toEqual({
      enabled: true,
      apiKey: "sk-ant-test-key-123456",
      model: "claude-sonnet-5-5",
      action: "annotate",
      threshold: 0.8,
      concurrency: 4,
      timeoutMs: 120000,
      deadlineMs: 300000,
      maxRetries: 4,
      cacheRoot: "/home/dev/.cache/pysast",
      progress: false,
    });
  });

  it("reads every flag, resolving paths against the working directory", () => {
    const opts = triageOptionsFrom(
      parse([
        "--triage",
        "--triage-model",
        "claude-haiku-4-5",
        "--triage-base-url",
        "http://127.0.0.1:8080",
        "--triage-action",
        "suppress",
        "--triage-threshold",
        "0.9",
        "--triage-concurrency",
        "8",
        "--triage-max-findings",
        "25",
        "--triage-timeout",
        "30000",
        "--triage-deadline",
        "90",
        "--triage-max-retries",
        "1",
        "--triage-cache-dir",
        "tmp/cache",
        "--triage-dry-run",
        "out/requests.jsonl",
      ]),
      env,
      { cwd: "/work/repo", stderrIsTTY: true },
    );
    expect(opts).toEqual({
      enabled: true,
      apiKey: "sk-ant-test-key-123456",
      baseUrl: "http://127.0.0.1:8080",
      model: "claude-haiku-4-5",
      action: "suppress",
      threshold: 0.9,
      concurrency: 8,
      maxFindings: 25,
      timeoutMs: 30000,
      deadlineMs: 90000,
      maxRetries: 1,
      cacheDir: "/work/repo/tmp/cache",
      cacheRoot: "/home/dev/.cache/pysast",
      dryRunFile: "/work/repo/out/requests.jsonl",
      progress: true,
    });
  });

  it("turns the cache off with --no-triage-cache and treats a dry run as a request for triage", () => {
    const opts = triageOptionsFrom(parse(["--no-triage-cache", "--triage-dry-run", "/tmp/x.jsonl"]), {}, { cwd: "/w" });
    expect(opts).toMatchObject({ enabled: true, cacheDir: null, dryRunFile: "/tmp/x.jsonl" });
    expect(opts.apiKey).toBeUndefined();
  });

  it("prefers the command line, then ANTHROPIC_BASE_URL, then the config file", () => {
    const config = { enabled: true, model: "claude-opus-4-5", threshold: 0.95, baseUrl: "https://config.example", cacheDir: "/abs/cache" };
    const fromConfig = triageOptionsFrom(parse([]), {}, { config });
    expect(fromConfig).toMatchObject({ enabled: true, model: "claude-opus-4-5", threshold: 0.95, baseUrl: "https://config.example", cacheDir: "/abs/cache" });
    expect(triageOptionsFrom(parse([]), { ANTHROPIC_BASE_URL: "https://env.example" }, { config }).baseUrl).toBe("https://env.example");
    const cli = triageOptionsFrom(parse(["--triage-base-url", "https://cli.example", "--triage-threshold", "0.5"]), { ANTHROPIC_BASE_URL: "https://env.example" }, { config });
    expect([cli.baseUrl, cli.threshold]).toEqual(["https://cli.example", 0.5]);
    expect(triageOptionsFrom(parse([]), env, {}).enabled).toBe(false);
  });

  it("rejects bad values with a message naming the option and what it expects", () => {
    const bad: [string[], string][] = [
      [["--triage-threshold", "1.5"], "--triage-threshold: 1.5 is outside 0..1; use e.g. 0.8"],
      [["--triage-threshold", "high"], '--triage-threshold: "high" is not a number'],
      [["--triage-concurrency", "0"], "--triage-concurrency: 0 must be a whole number from 1 to 64"],
      [["--triage-concurrency", "2.5"], "--triage-concurrency: 2.5 must be a whole number from 1 to 64"],
      [["--triage-max-findings", "-1"], "--triage-max-findings: -1 must be a whole number from 0 to 1000000"],
      [["--triage-timeout", "30"], "--triage-timeout: 30 must be a whole number from 1000 to 3600000 (milliseconds, e.g. 60000 for a minute)"],
      [["--triage-model", "claude sonnet"], '--triage-model: "claude sonnet" is not a model id; use e.g. claude-sonnet-5-5'],
      [["--triage-base-url", "ftp://proxy"], '--triage-base-url: "ftp://proxy" is not an http:// or https:// URL'],
      [["--triage-cache-dir", " "], "--triage-cache-dir: the folder name is empty"],
    ];
    for (const [args, message] of bad) {
      expect(() => triageOptionsFrom(parse(["--triage", ...args]), env)).toThrow(new TriageOptionsError(message));
    }
    expect(() => parse(["--triage-action", "delete"])).toThrow(/Allowed choices are annotate, suppress, drop/);
  });

  it("ignores an empty ANTHROPIC_API_KEY", () => {
    expect(triageOptionsFrom(parse(["--triage"]), { ANTHROPIC_API_KEY: "  " }).apiKey).toBeUndefined();
  });
});
