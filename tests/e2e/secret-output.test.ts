/**
 * A hard-coded secret is reported without ever being printed: no output format of `pysast scan`
 * (messages, snippets, code frames, HTML source views, SARIF regions) contains the secret values
 * of the hardcoded-secret fixtures, while the findings themselves are there.
 */
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, runPysast } from "./helpers.js";

const FIXTURE = join(REPO, "tests", "fixtures", "hardcoded-secret");

/** Every secret the fixtures plant (the parts a reader must never see). */
const SECRETS = [
  "q8Zt3vLm9XpR2wKc7YbN4sJd6FhG1aQe5UoP0iTy",
  "N7f!kq2Lz9",
  "Q3VZ7XK2LMN4PB6R",
  "R7pLq2Vx9TzK4mWc8YbN3sJd6FhG1aQe5UoP",
  "51HqLz2eZvKYlo2C9xR7wQm4Tn8",
  "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
  "q8Zt3vLm9XpR2wKc7YbN4sJd",
  "Xq7!mR2wPz",
  "Hs256-Sign1ng-K3y-For-Orders",
  "hunter22",
  "letmein",
];
const FORMATS = ["text", "json", "sarif", "github", "html", "junit", "gitlab", "codeclimate", "markdown"];

describe("hard-coded secrets in reports", () => {
  it("are reported in every format without the secret values", async () => {
    // outside tests/ so the fixture is not taken for test code
    const root = mkdtempSync(join(tmpdir(), "pysast-secrets-"));
    cpSync(FIXTURE, join(root, "project"), { recursive: true });
    const outputs = FORMATS.flatMap((f) => ["--format", f, "--output", join(root, `report.${f}`)]);
    const r = await runPysast(["scan", "project", "--select", "hardcoded-secret", "--exit-zero", ...outputs], root);
    expect(r.code).toBe(0);
    for (const format of FORMATS) {
      const report = readFileSync(join(root, `report.${format}`), "utf8");
      expect(report, `${format} report names the rule`).toContain("hardcoded-secret");
      for (const secret of SECRETS) expect(report.includes(secret), `${format} report shows ${secret.slice(0, 3)}…`).toBe(false);
    }
    const json = JSON.parse(readFileSync(join(root, "report.json"), "utf8")) as { findings: { ruleId: string; snippet: string }[] };
    const own = json.findings.filter((f) => f.ruleId === "hardcoded-secret");
    expect(own.length).toBeGreaterThanOrEqual(15);
    // the key block of a private key starts on the line after its header
    expect(own.filter((f) => !f.snippet.includes("PRIVATE KEY")).every((f) => f.snippet.includes("•"))).toBe(true);
  });
});
