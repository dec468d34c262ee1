import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sarifSchemaErrors } from "../report/sarif-schema.js";
import { makeTree, REPO, runPysast } from "./helpers.js";

const UTILS = `import hashlib


def digest(body):
    return hashlib.md5(body).hexdigest()
`;

const STORAGE = `import tarfile


def restore(archive_path, target):
    with tarfile.open(archive_path) as tf:
        tf.extractall(target)
`;

function git(root: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=ci@example.invalid", "-c", "user.name=ci", ...args], { cwd: root, encoding: "utf8" });
}

function initRepo(files: Record<string, string>): string {
  const root = makeTree(files);
  git(root, "init", "-q", "-b", "main");
  git(root, "add", "-A");
  git(root, "commit", "-qm", "initial");
  return root;
}

interface SarifLog {
  runs: {
    results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; partialFingerprints: Record<string, string> }[];
    versionControlProvenance?: { revisionId: string; branch?: string }[];
    automationDetails?: { id: string };
  }[];
}

async function sarif(root: string, extra: string[] = []): Promise<SarifLog> {
  const r = await runPysast(["scan", ".", "--format", "sarif", ...extra], root);
  expect(r.stderr).toBe("");
  const log = JSON.parse(r.stdout) as SarifLog;
  expect(sarifSchemaErrors(log)).toEqual([]);
  return log;
}

const located = (log: SarifLog) =>
  log.runs[0]!.results.map((r) => `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}:${r.ruleId}`).sort();

describe("fingerprints, baselines and changed files, end to end in a git repository", () => {
  it("fingerprints stay identical when blank lines and a function are inserted above the findings", async () => {
    const root = initRepo({ "app/utils.py": UTILS });
    const before = await sarif(root);
    writeFileSync(join(root, "app/utils.py"), `\n\n\ndef helper():\n    return 1\n\n${UTILS}`);
    const after = await sarif(root);
    expect(located(before)).toEqual(["app/utils.py:5:weak-hash"]);
    expect(located(after)).toEqual(["app/utils.py:11:weak-hash"]);
    expect(after.runs[0]!.results[0]!.partialFingerprints).toEqual(before.runs[0]!.results[0]!.partialFingerprints);
    expect(before.runs[0]!.results[0]!.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]+:1$/);
  });

  it("--write-baseline then --baseline reports only new findings, even after code moves", async () => {
    const root = initRepo({ "app/utils.py": UTILS });
    const written = await runPysast(["scan", ".", "--write-baseline", "baseline.sarif"], root);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain("wrote 1 findings to the baseline baseline.sarif");
    writeFileSync(join(root, "app/utils.py"), `\n\n${UTILS}`);
    writeFileSync(join(root, "app/storage.py"), STORAGE);
    const r = await runPysast(["scan", ".", "--format", "json", "--baseline", "baseline.sarif"], root);
    const report = JSON.parse(r.stdout) as { findings: { path: string; region: { startLine: number }; ruleId: string }[]; stats: { baselined: number } };
    expect(report.findings.map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`)).toEqual(["app/storage.py:6:tar-extraction-traversal"]);
    expect(report.stats.baselined).toBe(1);
    expect(r.code).toBe(1);
  });

  it("--diff scans only changed files and --diff-lines keeps only findings on changed lines", async () => {
    const root = initRepo({ "app/utils.py": UTILS, "app/storage.py": STORAGE });
    // storage.py untouched; utils.py gets a new weak hash on a new line, the old one stays
    writeFileSync(join(root, "app/utils.py"), `${UTILS}\n\ndef legacy_id(body):\n    return hashlib.sha1(body).hexdigest()\n`);
    const files = await sarif(root, ["--diff", "HEAD"]);
    expect(located(files)).toEqual(["app/utils.py:5:weak-hash", "app/utils.py:9:weak-hash"]);
    const lines = await sarif(root, ["--diff", "HEAD", "--diff-lines"]);
    expect(located(lines)).toEqual(["app/utils.py:9:weak-hash"]);
    const bad = await runPysast(["scan", ".", "--diff", "no-such-ref"], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown git ref 'no-such-ref'");
  });

  it("SARIF carries the category and the repository's URI (without credentials), revision and branch", async () => {
    const root = initRepo({ "app/utils.py": UTILS });
    git(root, "remote", "add", "origin", "https://x-access-token:ghs_abc123@github.com/acme/shop.git");
    const head = git(root, "rev-parse", "HEAD").trim();
    const r = await runPysast(["scan", ".", "--format", "sarif", "--category", "backend"], root);
    expect(r.stdout).not.toContain("ghs_abc123");
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]!.automationDetails).toEqual({ id: "backend/" });
    expect(log.runs[0]!.versionControlProvenance).toEqual([{ mappedTo: { uriBaseId: "%SRCROOT%" }, repositoryUri: "https://github.com/acme/shop", revisionId: head, branch: "main" }]);
  });
});

describe("configuration in pyproject.toml", () => {
  it("select/ignore by alias, per-file-ignores and fail-on apply, and CLI flags override", async () => {
    const root = makeTree({
      "pyproject.toml": `[project]\nname = "shop"\n\n[tool.pysast]\nignore = ["B202"]\nfail-on = "error"\n\n[tool.pysast.per-file-ignores]\n"tests/**" = ["S324"]\n`,
      "app/utils.py": UTILS,
      "app/storage.py": STORAGE,
      "tests/test_utils.py": UTILS,
    });
    const r = await runPysast(["scan", ".", "--format", "json"], root);
    const report = JSON.parse(r.stdout) as { findings: { path: string; ruleId: string }[] };
    expect(report.findings.map((f) => `${f.path}:${f.ruleId}`)).toEqual(["app/utils.py:weak-hash"]);
    // weak-hash is a warning and fail-on is "error" in the file
    expect(r.code).toBe(0);
    expect((await runPysast(["scan", ".", "--fail-on", "warning"], root)).code).toBe(1);
  });

  it("an unknown key is a clear error naming the key and the file, with exit 2", async () => {
    const root = makeTree({ "pyproject.toml": `[tool.pysast]\nfail_on = "error"\n`, "app.py": UTILS });
    const r = await runPysast(["scan", "."], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("pyproject.toml");
    expect(r.stderr).toContain('unknown key "fail_on"');
  });
});

describe("inline suppressions", () => {
  const SUPPRESSED = `import hashlib


def etag(body):
    return hashlib.md5(body).hexdigest()  # nosec B324


def legacy(body):
    return hashlib.sha1(body).hexdigest()  # noqa: S324


def other(body):
    return hashlib.md5(  # pysast: ignore[weak-hash]
        body
    ).hexdigest()


def unrelated(body):
    return hashlib.md5(body).hexdigest()  # noqa: E501
`;

  it("honours # nosec, # noqa with an alias and # pysast: ignore, counts them, and audits them with --no-inline-suppressions", async () => {
    const root = makeTree({ "app.py": SUPPRESSED });
    const r = await runPysast(["scan", ".", "--format", "json"], root);
    const report = JSON.parse(r.stdout) as { findings: { region: { startLine: number } }[]; stats: { suppressed: number } };
    expect(report.findings.map((f) => f.region.startLine)).toEqual([19]);
    const text = await runPysast(["scan", "."], root);
    expect(text.stdout).toContain("3 suppressed");
    const audit = await runPysast(["scan", ".", "--format", "json", "--no-inline-suppressions"], root);
    const all = JSON.parse(audit.stdout) as { findings: { region: { startLine: number } }[] };
    expect(all.findings.map((f) => f.region.startLine)).toEqual([5, 9, 13, 19]);
    expect(readFileSync(join(root, "app.py"), "utf8")).toBe(SUPPRESSED);
  });
});

describe("the pre-commit hook's mode (--whole-project)", () => {
  it("analyses the whole project but reports only on the files named, keeping a flow that starts in another file", async () => {
    const sample = join(REPO, "examples", "shop-app");
    const hook = await runPysast(["scan", "--whole-project", "api/reports.py", "--format", "json"], sample);
    const report = JSON.parse(hook.stdout) as { findings: { path: string; ruleId: string; region: { startLine: number }; flow: { path: string }[] }[] };
    expect(report.findings.map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`)).toEqual(["api/reports.py:14:command-injection"]);
    // the request parameter enters in api/main.py
    expect(report.findings[0]!.flow.map((s) => s.path)).toContain("api/main.py");
    expect(hook.code).toBe(1);
    // the same file scanned on its own loses that flow: this is why the hook analyses the whole project
    const alone = await runPysast(["scan", "api/reports.py", "--format", "json"], sample);
    expect((JSON.parse(alone.stdout) as { findings: unknown[] }).findings).toEqual([]);
  });
});
