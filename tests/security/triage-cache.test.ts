/**
 * Issue 8, item 2: a verdict from the cache must be one pysast wrote. A committed `.pysast-cache/`
 * (made on the attacker's machine, then edited) must not drop a real command injection.
 */
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { answering, startMockAnthropic, type MockAnthropic } from "../triage/mock-anthropic.js";
import { project, scanIn, userHome, VULNERABLE_VIEW, type JsonReport } from "./helpers.js";

const KEY = "sk-ant-api03-CACHE-TEST-only-3Jd8Vb";
let api: MockAnthropic;

beforeAll(async () => {
  api = await startMockAnthropic(answering(() => ({ verdict: "true_positive", confidence: 0.97 })), KEY);
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.requests.length = 0;
  api.setHandler(answering(() => ({ verdict: "true_positive", confidence: 0.97 })));
});

/** The attacker triages their own copy with a model that says "false positive" and keeps the cache in the tree. */
async function plantForgedCache(root: string): Promise<void> {
  const attacker = userHome();
  api.setHandler(answering(() => ({ verdict: "false_positive", confidence: 0.99 })));
  await scanIn(root, [".", "--format", "json", "--triage", "--triage-base-url", api.url, "--triage-cache-dir", ".pysast-cache"], {
    ...attacker.env,
    ANTHROPIC_API_KEY: KEY,
  });
  expect(existsSync(join(root, ".pysast-cache"))).toBe(true);
  api.requests.length = 0;
  api.setHandler(answering(() => ({ verdict: "true_positive", confidence: 0.97 })));
}

const victimArgs = (extra: string[] = []) => [".", "--format", "json", "--triage", "--triage-base-url", api.url, "--triage-action", "drop", ...extra];

describe("a committed verdict cache cannot drop a finding", () => {
  it("does not read a cache inside the work tree by default: the finding is sent and kept", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    await plantForgedCache(root);
    const victim = userHome();
    const run = await scanIn(root, victimArgs(), { ...victim.env, ANTHROPIC_API_KEY: KEY });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(api.requests.length).toBe(1);
    expect(report.findings.map((f) => [f.ruleId, f.triage?.verdict, f.triage?.cached ?? false])).toEqual([["command-injection", "true_positive", false]]);
    expect(report.triage).toMatchObject({ dropped: 0, cacheHits: 0 });
    expect(run.code).toBe(1);
    // the default cache lives in the user's cache folder, keyed by repository
    expect(readdirSync(join(victim.home, ".cache", "pysast")).some((d) => d.startsWith("pysast-sec-"))).toBe(true);
  });

  it("ignores entries pysast did not write on this machine, with a notice, when pointed at the committed folder", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    await plantForgedCache(root);
    const victim = userHome();
    const run = await scanIn(root, victimArgs(["--triage-cache-dir", ".pysast-cache"]), { ...victim.env, ANTHROPIC_API_KEY: KEY });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(api.requests.length).toBe(1);
    expect(report.findings.map((f) => f.triage?.verdict)).toEqual(["true_positive"]);
    expect(report.notifications.map((n) => n.message)).toContainEqual(
      expect.stringMatching(/^triage cache: ignored 1 cache entry under .*\.pysast-cache that pysast did not write on this machine \(authentication failed\)/),
    );
  });

  it("answers from its own cache on the next run (the cache still saves requests)", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    const victim = userHome();
    const env = { ...victim.env, ANTHROPIC_API_KEY: KEY };
    await scanIn(root, victimArgs(), env);
    api.requests.length = 0;
    const report = JSON.parse((await scanIn(root, victimArgs(), env)).stdout) as JsonReport;
    expect(api.requests).toHaveLength(0);
    expect(report.triage).toMatchObject({ cacheHits: 1 });
  });
});

describe("a hostile cache layout is a warning, never a crash or a write outside", () => {
  it("does not follow a committed .pysast-cache symlink out of the repository", async () => {
    const outside = project({}, false);
    const root = project({ "app.py": VULNERABLE_VIEW });
    symlinkSync(outside, join(root, ".pysast-cache"));
    const victim = userHome();
    const run = await scanIn(root, victimArgs(["--triage-cache-dir", ".pysast-cache"]), { ...victim.env, ANTHROPIC_API_KEY: KEY });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(readdirSync(outside)).toEqual([]);
    expect(report.findings).toHaveLength(1);
    expect(report.notifications).toContainEqual(
      expect.objectContaining({ level: "warning", message: expect.stringMatching(/\.pysast-cache is a symbolic link, and pysast never follows links inside its cache/) }),
    );
  });

  it("does not follow a symlinked folder inside the cache (current or older layout)", async () => {
    const outside = project({}, false);
    const root = project({ "app.py": VULNERABLE_VIEW });
    mkdirSync(join(root, "cache"));
    for (const layout of ["triage-v1", "triage-v2"]) symlinkSync(outside, join(root, "cache", layout));
    const victim = userHome();
    const run = await scanIn(root, victimArgs(["--triage-cache-dir", "cache"]), { ...victim.env, ANTHROPIC_API_KEY: KEY });
    expect(readdirSync(outside)).toEqual([]);
    expect((JSON.parse(run.stdout) as JsonReport).findings).toHaveLength(1);
  });

  it.each([
    ["the cache folder", (root: string) => writeFileSync(join(root, "cache"), "not a folder\n")],
    ["a folder inside the cache", (root: string) => {
      mkdirSync(join(root, "cache"));
      writeFileSync(join(root, "cache", "triage-v2"), "not a folder\n");
    }],
  ])("reports a file where %s should be as a warning and keeps the exit code", async (_what, plant) => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    plant(root);
    const victim = userHome();
    const run = await scanIn(root, victimArgs(["--triage-cache-dir", "cache"]), { ...victim.env, ANTHROPIC_API_KEY: KEY });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.findings.map((f) => f.triage?.verdict)).toEqual(["true_positive"]);
    expect(report.notifications).toContainEqual(
      expect.objectContaining({ level: "warning", message: expect.stringMatching(/is a file where pysast expects a folder/) }),
    );
  });
});
