/** Bandit's and Ruff's habits, end to end: selectors, display filters, suppression comments and `pysast suppress`. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTree, REPO, runPysast } from "./helpers.js";

const SHOP = join(REPO, "examples", "shop-app");

interface Report {
  findings: { path: string; region: { startLine: number }; ruleId: string; suppression: { justification: string } | null }[];
  notifications: { kind: string; message: string }[];
}

async function scanJson(cwd: string, args: string[]): Promise<Report & { code: number; stderr: string }> {
  const r = await runPysast(["scan", ...args, "--format", "json"], cwd);
  return { ...(JSON.parse(r.stdout) as Report), code: r.code, stderr: r.stderr };
}

const ruleIds = (report: Report) => [...new Set(report.findings.map((f) => f.ruleId))].sort();

describe("rule selectors as Bandit and Ruff users write them", () => {
  it("selects by alias prefix, CWE and rule name, and names a Bandit check pysast lacks in a notice", async () => {
    const r = await scanJson(SHOP, [".", "--select", "S6,CWE-22,WeakHash,B110"]);
    expect(r.stderr).toBe("");
    // S6 = S602/S605 (command-injection) and S608/S610/S611 (sql-injection); CWE-22 = path traversal and tar extraction
    expect(ruleIds(r)).toEqual(["command-injection", "path-traversal", "sql-injection", "tar-extraction-traversal", "weak-hash"]);
    expect(r.notifications.map((n) => `${n.kind}: ${n.message}`)).toEqual(["config: B110: pysast has no rule for Bandit's B110 (try_except_pass)"]);
  });

  it("extend-select, extend-ignore and extend-exclude in the config file add to the lists", async () => {
    const config = makeTree({
      ".pysast.toml": 'select = ["B3"]\nextend-select = ["CWE-89"]\nextend-ignore = ["unsafe-load"]\nextend-exclude = ["shop_django"]\n',
    });
    const r = await scanJson(SHOP, [".", "--config", join(config, ".pysast.toml")]);
    // B3 = B301/B302 (both deserialization rules), B303/B324 (weak-hash), B307 (code-injection), B308 (reflected-xss), B310 (ssrf),
    // B311 (weak-random), B323 (tls-verification-disabled)
    expect(ruleIds(r)).toEqual(["reflected-xss", "sql-injection", "ssrf", "tls-verification-disabled", "unsafe-deserialization", "weak-hash", "weak-random"]);
    expect(r.findings.some((f) => f.path.startsWith("shop_django/"))).toBe(false);
    // --select on the command line replaces the file's select and extend-select, as in Ruff
    const cli = await scanJson(SHOP, [".", "--config", join(config, ".pysast.toml"), "--select", "S324"]);
    expect(ruleIds(cli)).toEqual(["weak-hash"]);
  });

  it("a selector that names nothing is an error naming it", async () => {
    const r = await runPysast(["scan", ".", "--select", "S6,sql-injektion"], SHOP);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown rule "sql-injektion"');
  });

  it("--min-level, -ll and --min-precision filter the report, separately from --fail-on", async () => {
    const errors = await scanJson(SHOP, [".", "--min-level", "error"]);
    expect(ruleIds(errors)).not.toContain("weak-hash");
    expect(ruleIds(errors)).toContain("sql-injection");
    const bandit = await scanJson(SHOP, [".", "-lll"]);
    expect(bandit.findings).toEqual(errors.findings);
    const medium = await scanJson(SHOP, [".", "-ll"]);
    expect(ruleIds(medium)).toContain("weak-hash");
    // unsafe-load and weak-password-hash are medium precision
    const precise = await scanJson(SHOP, [".", "--min-precision", "high"]);
    expect(ruleIds(precise)).not.toContain("unsafe-load");
    expect(ruleIds(precise)).not.toContain("weak-password-hash");
    expect(ruleIds(precise)).toContain("weak-hash");
  });
});

const LEGACY = `import hashlib
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/orders")
def orders():
    db = sqlite3.connect("shop.db")
    rows = db.execute(
        "SELECT id FROM orders WHERE customer = '%s'" % request.args["customer"],
    )  # nosec B608 - replica with a read-only role, see SEC-41
    return {"ids": [r[0] for r in rows]}


def etag(body: bytes) -> str:
    return hashlib.md5(body).hexdigest()


def checksum(body: bytes) -> str:
    return hashlib.sha1(
        body
    ).hexdigest()
`;

describe("suppression comments", () => {
  it("keeps the reason of '# nosec B608 - reason' as the SARIF justification, from any line of the statement", async () => {
    const root = makeTree({ "app.py": LEGACY });
    const r = await runPysast(["scan", ".", "--format", "sarif", "--show-suppressed"], root);
    const results = (JSON.parse(r.stdout) as { runs: { results: { ruleId: string; suppressions?: { kind: string; justification: string }[] }[] }[] }).runs[0]!.results;
    expect(results.filter((x) => x.suppressions).map((x) => [x.ruleId, x.suppressions])).toEqual([
      ["sql-injection", [{ kind: "inSource", justification: "replica with a read-only role, see SEC-41" }]],
    ]);
  });

  it("'# pysast: ignore-file' hides every finding of the file; --no-inline-suppressions audits it", async () => {
    const root = makeTree({ "app.py": `# pysast: ignore-file generated by the legacy exporter\n${LEGACY}`, "other.py": "import hashlib\nhashlib.md5(b'x')\n" });
    const r = await scanJson(root, ["."]);
    expect(r.findings.map((f) => `${f.path}:${f.ruleId}`)).toEqual(["other.py:weak-hash"]);
    const audit = await scanJson(root, [".", "--no-inline-suppressions"]);
    expect(audit.findings.filter((f) => f.path === "app.py")).toHaveLength(3);
  });

  it("pysast suppress --rule writes comments so the next scan is clean, keeping the code and line endings", async () => {
    const root = makeTree({ "app.py": LEGACY.replace(/\n/g, "\r\n") });
    const dry = await runPysast(["suppress", ".", "--rule", "B324", "--dry-run"], root);
    expect(dry.stdout).toBe("app.py:19: # pysast: ignore[weak-hash]\napp.py:23: # pysast: ignore[weak-hash]\n");
    expect(readFileSync(join(root, "app.py"), "utf8")).toBe(LEGACY.replace(/\n/g, "\r\n"));

    const written = await runPysast(["suppress", ".", "--rule", "weak-hash", "--reason", "checksums, not security"], root);
    expect(written.stderr).toBe("pysast: added 2 suppression comments in 1 file\n");
    const after = readFileSync(join(root, "app.py"), "utf8");
    expect(after.split("\r\n")[18]).toBe("    return hashlib.md5(body).hexdigest()  # pysast: ignore[weak-hash] checksums, not security");
    expect(after.replace(/  # pysast: ignore\[weak-hash\] checksums, not security/g, "")).toBe(LEGACY.replace(/\n/g, "\r\n"));

    const r = await scanJson(root, ["."]);
    expect(r.findings).toEqual([]);
    const all = await scanJson(root, [".", "--show-suppressed"]);
    expect(all.findings.map((f) => `${f.region.startLine}:${f.ruleId}:${f.suppression?.justification}`)).toEqual([
      "12:sql-injection:replica with a read-only role, see SEC-41",
      "19:weak-hash:checksums, not security",
      "23:weak-hash:checksums, not security",
    ]);
  });
});

describe("[tool.bandit] as a fallback", () => {
  const HASHES = "import hashlib\n\n\ndef etag(body):\n    return hashlib.md5(body).hexdigest()\n";

  it("reads skips and exclude_dirs when there is no [tool.pysast], with a notice saying so", async () => {
    const root = makeTree({
      ".git/HEAD": "ref: refs/heads/main\n",
      "pyproject.toml": '[tool.bandit]\nskips = ["B101", "B324"]\nexclude_dirs = ["./legacy"]\n',
      "app/cache.py": HASHES,
      "legacy/old.py": "import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n",
      "app/store.py": "import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n",
    });
    const r = await scanJson(root, ["."]);
    expect(r.findings.map((f) => `${f.path}:${f.ruleId}`)).toEqual(["app/store.py:unsafe-load"]);
    expect(r.notifications.map((n) => n.message)).toContain(
      "pyproject.toml: no [tool.pysast] table, so pysast read [tool.bandit] instead (skips → ignore, exclude_dirs → exclude); add a [tool.pysast] table to configure pysast itself (docs/migrating-from-bandit.md)",
    );
  });

  it("ignores [tool.bandit] when [tool.pysast] exists", async () => {
    const root = makeTree({ ".git/HEAD": "", "pyproject.toml": '[tool.bandit]\nskips = ["B324"]\n\n[tool.pysast]\nfail-on = "warning"\n', "app/cache.py": HASHES });
    const r = await scanJson(root, ["."]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(["weak-hash"]);
    expect(r.notifications).toEqual([]);
  });
});
