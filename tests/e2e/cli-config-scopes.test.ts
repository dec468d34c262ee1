/**
 * Per-folder configuration (a monorepo): the nearest `.pysast.toml` / `[tool.pysast]` above each file applies to it,
 * `extend` layers one file over another, and the run-wide keys (`baseline`, `format`, `output`, `jobs`) come from the
 * scan root's configuration — each through the trust rule.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTree, runPysast } from "./helpers.js";

// one module per service, identical so that only the configuration decides what is reported
const BILLING_UTILS = `import hashlib
import tarfile


def invoice_etag(body):
    return hashlib.md5(body).hexdigest()


def restore_invoices(archive_path, target):
    with tarfile.open(archive_path) as archive:
        archive.extractall(target)
`;

interface JsonReport {
  findings: { path: string; ruleId: string; line: number }[];
  notifications?: { level: string; message: string }[];
}

/** A git repository (the search for config files stops at `.git`) with the given files. */
function repo(files: Record<string, string>): string {
  const root = makeTree(files);
  execFileSync("git", ["init", "-q"], { cwd: root });
  return root;
}

async function report(root: string, args: string[] = []): Promise<{ code: number; findings: string[]; notices: string[]; stderr: string }> {
  const r = await runPysast(["scan", ".", "--format", "json", ...args], root);
  const json = JSON.parse(r.stdout) as JsonReport;
  return {
    code: r.code,
    findings: json.findings.map((f) => `${f.path}:${f.ruleId}`).sort(),
    notices: (json.notifications ?? []).map((n) => `${n.level}: ${n.message}`),
    stderr: r.stderr,
  };
}

const MONOREPO = {
  "pyproject.toml": `[tool.pysast]\nignore = ["tar-extraction-traversal"]\nfail-on = "error"\n`,
  "app/utils.py": BILLING_UTILS,
  // a service with its own pyproject.toml: only its table applies to its files
  "services/billing/pyproject.toml": `[project]\nname = "billing"\n\n[tool.pysast]\nselect = ["tar-extraction-traversal"]\nfail-on = "warning"\n`,
  "services/billing/billing/utils.py": BILLING_UTILS,
  // a service that extends the root's settings and adds to them
  "services/legacy/.pysast.toml": `extend = "../../pyproject.toml"\nextend-ignore = ["weak-hash"]\n`,
  "services/legacy/utils.py": BILLING_UTILS,
  // a pyproject.toml without [tool.pysast] is passed over: the root's file applies
  "services/search/pyproject.toml": `[project]\nname = "search"\n`,
  "services/search/utils.py": BILLING_UTILS,
};

describe("configuration per folder", () => {
  it("the nearest config file above each file applies to it, and extend layers a file over the one it names", async () => {
    const root = repo(MONOREPO);
    const r = await report(root);
    expect(r.findings).toEqual(["app/utils.py:weak-hash", "services/billing/billing/utils.py:tar-extraction-traversal", "services/search/utils.py:weak-hash"]);
    // billing fails on warnings; the root only on errors, so the run fails because of billing's finding
    expect(r.code).toBe(1);
    // the same files scanned from inside a service: the service's own file still applies
    const inBilling = await runPysast(["scan", ".", "--format", "json"], join(root, "services", "billing"));
    expect((JSON.parse(inBilling.stdout) as JsonReport).findings.map((f) => `${f.path}:${f.ruleId}`)).toEqual(["billing/utils.py:tar-extraction-traversal"]);
  });

  it("fail-on is read per folder: without the billing service's warning-level rule the run passes", async () => {
    const root = repo({ ...MONOREPO, "services/billing/pyproject.toml": `[project]\nname = "billing"\n\n[tool.pysast]\nselect = ["weak-hash"]\nfail-on = "error"\n` });
    const r = await report(root);
    expect(r.findings).toContain("services/billing/billing/utils.py:weak-hash");
    expect(r.code).toBe(0);
  });

  it("command-line flags apply over every folder's file", async () => {
    const root = repo(MONOREPO);
    const r = await report(root, ["--extend-ignore", "weak-hash", "--fail-on", "none"]);
    expect(r.findings).toEqual(["services/billing/billing/utils.py:tar-extraction-traversal"]);
    expect(r.code).toBe(0);
  });

  it("a root file's exclude skips a folder even when that folder has a config file of its own", async () => {
    const root = repo({ ...MONOREPO, "pyproject.toml": `[tool.pysast]\nexclude = ["services/billing"]\n` });
    const r = await report(root);
    expect(r.findings.some((f) => f.startsWith("services/billing/"))).toBe(false);
    expect(r.findings).toContain("app/utils.py:tar-extraction-traversal");
  });

  it("a service's select does not widen what the root reports: rules run for the folders that select them", async () => {
    const root = repo({
      "pyproject.toml": `[tool.pysast]\nselect = ["weak-hash"]\n`,
      "app/utils.py": BILLING_UTILS,
      "services/billing/.pysast.toml": `select = ["tar-extraction-traversal"]\n`,
      "services/billing/utils.py": BILLING_UTILS,
    });
    expect((await report(root)).findings).toEqual(["app/utils.py:weak-hash", "services/billing/utils.py:tar-extraction-traversal"]);
  });

  it("extend in a circle, and extend to a missing file, stop the scan with a message naming the files (exit 2)", async () => {
    const circle = repo({
      "a/.pysast.toml": `extend = "../b/.pysast.toml"\n`,
      "b/.pysast.toml": `extend = "../a/.pysast.toml"\n`,
      "a/utils.py": BILLING_UTILS,
    });
    const r = await runPysast(["scan", "."], circle);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("pysast: a/.pysast.toml: extend goes round in a circle (a/.pysast.toml → b/.pysast.toml → a/.pysast.toml); remove one of these extend keys");

    const missing = repo({ "svc/.pysast.toml": `extend = "../base.toml"\n`, "svc/utils.py": BILLING_UTILS });
    const m = await runPysast(["scan", "."], missing);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain("pysast: svc/.pysast.toml: extend names base.toml, which does not exist; the path is relative to svc");
  });
});

describe("pyproject.toml files that are not pysast's", () => {
  // a project template (cookiecutter) holds a pyproject.toml that is Jinja, not TOML, until it is rendered
  const TEMPLATE = `[project]\nname = "{{ cookiecutter.project }}"\nauthors = [\n    {name = "{{ cookiecutter.author }}"\n        {%- if cookiecutter.email -%}, email = "{{ cookiecutter.email }}"{%- endif -%}\n    }\n]\n`;

  it("an invalid one that names neither pysast nor bandit is passed over, and the scan reports as without it", async () => {
    const root = repo({ "app/utils.py": BILLING_UTILS, "contrib/template/{{cookiecutter.project}}/pyproject.toml": TEMPLATE, "contrib/template/{{cookiecutter.project}}/plugin.py": BILLING_UTILS });
    const r = await report(root);
    expect(r.code).toBe(1);
    expect(r.findings).toEqual([
      "app/utils.py:tar-extraction-traversal",
      "app/utils.py:weak-hash",
      "contrib/template/{{cookiecutter.project}}/plugin.py:tar-extraction-traversal",
      "contrib/template/{{cookiecutter.project}}/plugin.py:weak-hash",
    ]);
  });

  it("an invalid one with a [tool.pysast] table still stops the scan, naming the file, line and column (exit 2)", async () => {
    const root = repo({ "app/utils.py": BILLING_UTILS, "svc/pyproject.toml": `${TEMPLATE}\n[tool.pysast]\nignore = ["weak-hash"]\n`, "svc/utils.py": BILLING_UTILS });
    const r = await runPysast(["scan", "."], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pysast: svc\/pyproject\.toml:\d+:\d+: invalid TOML/);
  });
});

describe("the trust rule for per-folder and path-valued keys", () => {
  it("a repository's extend of a file outside the repository is ignored with a warning, also through a symbolic link", async () => {
    const outside = mkdtempSync(join(tmpdir(), "pysast-outside-"));
    writeFileSync(join(outside, "base.toml"), `ignore = ["weak-hash", "tar-extraction-traversal"]\n`);
    const root = repo({ "svc/.pysast.toml": `extend = "${join(outside, "base.toml")}"\n`, "svc/utils.py": BILLING_UTILS, "linked/utils.py": BILLING_UTILS });
    symlinkSync(outside, join(root, "shared"));
    writeFileSync(join(root, "linked", ".pysast.toml"), `extend = "../shared/base.toml"\n`);
    const r = await report(root);
    expect(r.findings).toEqual(["linked/utils.py:tar-extraction-traversal", "linked/utils.py:weak-hash", "svc/utils.py:tar-extraction-traversal", "svc/utils.py:weak-hash"]);
    expect(r.notices.filter((n) => n.includes("extend is ignored")).length).toBe(2);
    expect(r.notices).toContain(
      `warning: svc/.pysast.toml: extend is ignored: a repository's own configuration may set it only to a path inside the repository, because it would read settings from a file the repository's own diff does not show (${join(outside, "base.toml")}); name that file with --config, or copy its settings into the repository`,
    );
  });

  it("a --config file outside the repository may extend another file outside it", async () => {
    const outside = mkdtempSync(join(tmpdir(), "pysast-team-"));
    writeFileSync(join(outside, "base.toml"), `ignore = ["weak-hash"]\n`);
    writeFileSync(join(outside, "team.toml"), `extend = "base.toml"\nextend-ignore = ["tar-extraction-traversal"]\n`);
    const root = repo({ "svc/utils.py": BILLING_UTILS });
    const r = await report(root, ["--config", join(outside, "team.toml")]);
    expect(r.findings).toEqual([]);
    expect(r.notices).toEqual([]);
  });

  it("output outside the repository is ignored with a warning; output onto a scanned file is refused", async () => {
    const outside = mkdtempSync(join(tmpdir(), "pysast-out-"));
    const target = join(outside, "report.sarif");
    const root = repo({ "pyproject.toml": `[tool.pysast]\noutput = "sarif:${target}"\n`, "app/utils.py": BILLING_UTILS });
    const r = await runPysast(["scan", "."], root);
    expect(existsSync(target)).toBe(false);
    expect(r.stdout).toContain(`pyproject.toml: [tool.pysast] output is ignored: a repository's own configuration may set it only to a path inside the repository, because it decides where pysast writes on this machine (${target})`);

    const over = repo({ "pyproject.toml": `[tool.pysast]\noutput = "sarif:app/utils.py"\n`, "app/utils.py": BILLING_UTILS });
    const o = await runPysast(["scan", "."], over);
    expect(readFileSync(join(over, "app", "utils.py"), "utf8")).toBe(BILLING_UTILS);
    expect(o.stdout).toContain('"version": "2.1.0"');
    expect(o.stderr).toContain("output app/utils.py from the config file is ignored: it is a file pysast scans, and pysast never writes over one; the sarif report goes to standard output instead");
    // named on the command line, the same path stops the run before anything is written
    const cli = await runPysast(["scan", ".", "-o", "app/utils.py"], over);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain("pysast: --output app/utils.py: that is a file pysast scans; write the text report to another file");
    expect(readFileSync(join(over, "app", "utils.py"), "utf8")).toBe(BILLING_UTILS);
    const baseline = await runPysast(["scan", ".", "--write-baseline", "app/utils.py"], over);
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toContain("pysast: --write-baseline app/utils.py: that is a file pysast scans; write the baseline to another file");
    expect(readFileSync(join(over, "app", "utils.py"), "utf8")).toBe(BILLING_UTILS);
  });

  it("a report path below a symbolic link that leads out of the repository counts as outside, though the file does not exist yet", async () => {
    const outside = mkdtempSync(join(tmpdir(), "pysast-linked-"));
    const root = repo({ "pyproject.toml": `[tool.pysast]
output = "sarif:reports/pysast.sarif"
`, "app/utils.py": BILLING_UTILS });
    symlinkSync(outside, join(root, "reports"));
    const r = await runPysast(["scan", "."], root);
    expect(existsSync(join(outside, "pysast.sarif"))).toBe(false);
    expect(r.stdout).toContain(`pyproject.toml: [tool.pysast] output is ignored: a repository's own configuration may set it only to a path inside the repository`);
  });
});

describe("run-wide keys in the config file: baseline, format, output, jobs", () => {
  it("output and format from the file write the report; the summary still reaches the terminal; --format on the command line replaces both", async () => {
    const root = repo({ "pyproject.toml": `[tool.pysast]\nformat = "text"\noutput = ["sarif:reports/pysast.sarif", "junit:reports/pysast.xml"]\njobs = 2\n`, "app/utils.py": BILLING_UTILS });
    const r = await runPysast(["scan", "."], root);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(join(root, "reports", "pysast.sarif"), "utf8")).runs[0].results).toHaveLength(2);
    expect(readFileSync(join(root, "reports", "pysast.xml"), "utf8")).toContain("<testsuites");
    expect(r.stdout).toContain("app/utils.py:6:12  note  weak-hash");
    expect(r.stdout).toContain("2 findings: 1 warning, 1 note.");

    const json = await runPysast(["scan", ".", "--format", "json"], root);
    expect((JSON.parse(json.stdout) as JsonReport).findings).toHaveLength(2);
  });

  it("a baseline named in the file hides the findings it lists; --no-baseline shows them again", async () => {
    const root = repo({ "app/utils.py": BILLING_UTILS });
    expect((await runPysast(["scan", ".", "--write-baseline", "pysast-baseline.sarif"], root)).code).toBe(0);
    writeFileSync(join(root, "pyproject.toml"), `[tool.pysast]\nbaseline = "pysast-baseline.sarif"\n`);
    mkdirSync(join(root, "api"));
    writeFileSync(join(root, "api", "tokens.py"), `import hashlib\n\n\ndef token_digest(token):\n    return hashlib.sha1(token).hexdigest()\n`);
    const r = await report(root);
    expect(r.findings).toEqual(["api/tokens.py:weak-hash"]);
    expect((await report(root, ["--no-baseline"])).findings).toEqual(["api/tokens.py:weak-hash", "app/utils.py:tar-extraction-traversal", "app/utils.py:weak-hash"]);
  });

  it("jobs out of range is a config error naming the file and the key", async () => {
    const root = repo({ ".pysast.toml": "jobs = 0\n", "app/utils.py": BILLING_UTILS });
    const r = await runPysast(["scan", "."], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(".pysast.toml: jobs must be a whole number from 1 to 64 (got 0)");
  });
});
