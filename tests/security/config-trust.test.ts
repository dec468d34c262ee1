/**
 * Issue 8, item 1: a repository's own config must not choose where the API key and the code go.
 * Triage settings come only from the command line, the environment or the user's own config file.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CONFIG_KEYS } from "../../src/config.js";
import { KEY_TRUST, repositoryMaySet } from "../../src/config-trust.js";
import { triageOptionsFrom, TriageOptionsError } from "../../src/triage/options.js";
import { answering, startMockAnthropic, type MockAnthropic } from "../triage/mock-anthropic.js";
import { project, scanIn, userHome, VULNERABLE_VIEW, type JsonReport } from "./helpers.js";

const KEY = "sk-ant-api03-TRUST-TEST-only-9Fk2Rw";
let attacker: MockAnthropic;

beforeAll(async () => {
  attacker = await startMockAnthropic(answering(() => ({ verdict: "false_positive", confidence: 0.99 })));
});
afterAll(async () => {
  await attacker.close();
});
beforeEach(() => {
  attacker.requests.length = 0;
});

describe("a repository's config cannot turn triage on or choose the API host", () => {
  const layouts: [string, (url: string) => Record<string, string>][] = [
    [".pysast.toml", (url) => ({ ".pysast.toml": `[triage]\nenabled = true\nbase-url = "${url}"\naction = "drop"\nthreshold = 0.0\n` })],
    ["pyproject.toml", (url) => ({ "pyproject.toml": `[project]\nname = "shop"\n\n[tool.pysast.triage]\nenabled = true\nbase-url = "${url}"\n` })],
  ];
  for (const [name, files] of layouts) {
    it(`sends nothing when ${name} sets enabled and base-url, and warns naming each key`, async () => {
      const root = project({ "app.py": VULNERABLE_VIEW, ...files(attacker.url) });
      const { env } = userHome();
      const run = await scanIn(root, [".", "--format", "json"], { ...env, ANTHROPIC_API_KEY: KEY });
      expect(attacker.requests).toHaveLength(0);
      const report = JSON.parse(run.stdout) as JsonReport;
      expect(report.triage).toBeNull();
      expect(report.findings.map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`)).toEqual(["app.py:11:command-injection"]);
      const warnings = report.notifications.filter((n) => n.kind === "config" && n.level === "warning").map((n) => n.message);
      expect(warnings.some((m) => m.includes(name) && / enabled is ignored/.test(m) && m.includes("--triage "))).toBe(true);
      expect(warnings.some((m) => m.includes(name) && / base-url is ignored/.test(m) && m.includes("--triage-base-url"))).toBe(true);
    });
  }

  it("keeps the repository's project settings (rules, excludes) while dropping its triage settings", async () => {
    const root = project({
      "app.py": VULNERABLE_VIEW,
      "legacy/old.py": VULNERABLE_VIEW,
      ".pysast.toml": `exclude = ["legacy"]\n[triage]\nmodel = "claude-opus-4-1"\n`,
    });
    const { env } = userHome();
    const report = JSON.parse((await scanIn(root, [".", "--format", "json"], env)).stdout) as JsonReport;
    expect(report.findings.map((f) => f.path)).toEqual(["app.py"]);
    expect(report.notifications.filter((n) => n.kind === "config").map((n) => n.message)).toEqual([
      expect.stringMatching(/^\.pysast\.toml: \[triage\] model is ignored: a repository's own configuration may not set it/),
    ]);
  });

  it("ignores a --config file inside the scanned tree the same way", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW, "ci/pysast.toml": `[triage]\nenabled = true\nbase-url = "${attacker.url}"\n` });
    const { env } = userHome();
    await scanIn(root, [".", "--format", "json", "--config", "ci/pysast.toml"], { ...env, ANTHROPIC_API_KEY: KEY });
    expect(attacker.requests).toHaveLength(0);
  });

  it("does not read the repository's config at all with --no-repo-config", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW, ".pysast.toml": `exclude = ["app.py"]\n` });
    const { env } = userHome();
    const report = JSON.parse((await scanIn(root, [".", "--format", "json", "--no-repo-config"], env)).stdout) as JsonReport;
    expect(report.findings.map((f) => f.path)).toEqual(["app.py"]);
  });
});

describe("the user's own config file may set triage", () => {
  it("turns triage on from $XDG_CONFIG_HOME/pysast/config.toml", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    const { home, env } = userHome();
    mkdirSync(join(home, ".config", "pysast"), { recursive: true });
    writeFileSync(join(home, ".config", "pysast", "config.toml"), `[triage]\nenabled = true\nbase-url = "${attacker.url}"\n`);
    const run = await scanIn(root, [".", "--format", "json"], { ...env, ANTHROPIC_API_KEY: KEY });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(attacker.requests.length).toBeGreaterThan(0);
    expect(report.triage?.enabled).toBe(true);
    expect(report.notifications.filter((n) => n.kind === "config")).toEqual([]);
  });

  it("trusts a --config file outside the scanned repository", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    const { home, env } = userHome();
    writeFileSync(join(home, "team.toml"), `[triage]\nenabled = true\nbase-url = "${attacker.url}"\n`);
    await scanIn(root, [".", "--format", "json", "--config", join(home, "team.toml")], { ...env, ANTHROPIC_API_KEY: KEY });
    expect(attacker.requests.length).toBeGreaterThan(0);
  });
});

describe("the API host must be HTTPS unless it is this machine", () => {
  const parsed = { triage: true };
  it.each([
    ["--triage-base-url", { ...parsed, triageBaseUrl: "http://llm-gateway.example.com" }, {}],
    ["ANTHROPIC_BASE_URL", parsed, { ANTHROPIC_BASE_URL: "http://203.0.113.9:8080" }],
  ])("refuses plain HTTP to another host from %s", (where, opts, env) => {
    expect(() => triageOptionsFrom(opts, env)).toThrow(TriageOptionsError);
    expect(() => triageOptionsFrom(opts, env)).toThrow(new RegExp(`^${where}: .*plain HTTP to another machine`));
  });

  it.each(["https://llm-gateway.example.com", "http://127.0.0.1:8080", "http://localhost:4000/v1", "http://[::1]:9000"])("accepts %s", (url) => {
    expect(triageOptionsFrom({ triage: true, triageBaseUrl: url }, {}).baseUrl).toBe(url);
  });

  it("exits 2 naming the option when the command line asks for plain HTTP", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    const { env } = userHome();
    const run = await scanIn(root, [".", "--triage", "--triage-base-url", "http://llm-gateway.example.com"], { ...env, ANTHROPIC_API_KEY: KEY });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pysast: --triage-base-url: "http:\/\/llm-gateway\.example\.com" is plain HTTP/);
  });
});

describe("the trust table", () => {
  it("classifies every config key, and lets a repository set none of the triage keys", () => {
    expect(CONFIG_KEYS.map((k) => k.key).filter((k) => KEY_TRUST[k] === undefined)).toEqual([]);
    expect(Object.keys(KEY_TRUST).filter((k) => !CONFIG_KEYS.some((c) => c.key === k))).toEqual([]);
    expect(CONFIG_KEYS.filter((k) => k.key.startsWith("triage.") && repositoryMaySet(k.key))).toEqual([]);
    expect(repositoryMaySet("select")).toBe(true);
    expect(repositoryMaySet("some-future-key")).toBe(false);
  });
});
