import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  ConfigError,
  configPathMatcher,
  loadConfig,
  loadConfigFile,
  parseConfigText,
  parseSize,
  resolveRuleSelection,
  type SelectableRule,
} from "../src/config.js";

const base = realpathSync(mkdtempSync(join(tmpdir(), "pysast-config-")));
afterAll(() => rmSync(base, { recursive: true, force: true }));

let counter = 0;
/** A fresh project folder with the given files (path → content). */
function project(files: Record<string, string>): string {
  const root = join(base, `p${counter++}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig discovery", () => {
  it("finds .pysast.toml in a parent folder of the scan root", async () => {
    const root = project({ ".git/HEAD": "ref: refs/heads/main\n", ".pysast.toml": 'fail-on = "warning"\n', "app/views/x.py": "" });
    const found = await loadConfig(join(root, "app", "views"));
    expect(found).toEqual({ config: { failOn: "warning" }, file: join(root, ".pysast.toml") });
  });

  it("lets the nearest config win and skips a pyproject.toml without [tool.pysast]", async () => {
    const root = project({
      ".pysast.toml": 'fail-on = "error"\n',
      "svc/pyproject.toml": '[tool.pysast]\nfail-on = "note"\n',
      "svc/api/pyproject.toml": '[project]\nname = "api"\n[tool.ruff]\nline-length = 100\n',
      "svc/api/app.py": "",
    });
    const found = await loadConfig(join(root, "svc", "api"));
    expect(found).toEqual({ config: { failOn: "note" }, file: join(root, "svc", "pyproject.toml") });
  });

  it("prefers .pysast.toml over pyproject.toml in the same folder", async () => {
    const root = project({ ".pysast.toml": 'category = "dedicated"\n', "pyproject.toml": '[tool.pysast]\ncategory = "pyproject"\n' });
    expect(await loadConfig(root)).toEqual({ config: { category: "dedicated" }, file: join(root, ".pysast.toml") });
  });

  it("stops at the folder holding .git, so a config above the repository does not apply", async () => {
    const root = project({ ".pysast.toml": 'fail-on = "none"\n', "repo/.git/HEAD": "ref: refs/heads/main\n", "repo/src/app.py": "" });
    expect(await loadConfig(join(root, "repo", "src"))).toEqual({ config: {} });
  });

  it("also stops at a .git file (worktrees and submodules)", async () => {
    const root = project({ ".pysast.toml": 'fail-on = "none"\n', "sub/.git": "gitdir: ../.git/modules/sub\n", "sub/a.py": "" });
    expect(await loadConfig(join(root, "sub"))).toEqual({ config: {} });
  });

  it("starts from the folder of a file given as the scan root", async () => {
    const root = project({ ".git/HEAD": "", "pkg/.pysast.toml": 'select = ["B324"]\n', "pkg/mod.py": "" });
    expect(await loadConfig(join(root, "pkg", "mod.py"))).toEqual({ config: { select: ["B324"] }, file: join(root, "pkg", ".pysast.toml") });
  });

  it("reports invalid TOML with the file, line and column", async () => {
    const root = project({ ".git/HEAD": "", "pyproject.toml": '[tool.pysast]\nfail-on = "error"\nfail-on = "note"\n' });
    await expect(loadConfig(root)).rejects.toThrow(
      new ConfigError(`${join(root, "pyproject.toml")}:3:1: invalid TOML (trying to redefine an already defined table or value)`, join(root, "pyproject.toml")),
    );
  });
});

describe("config values", () => {
  it("reads every key of [tool.pysast] into the camelCase config", () => {
    const file = join(base, "full", "pyproject.toml");
    const config = parseConfigText(
      `[project]
name = "shop"

[tool.pysast]
select = ["weak-hash", "S608"]
ignore = ["B324"]
exclude = ["migrations", "tests/fixtures/**"]
fail-on = "warning"
max-file-size = "2MB"
include-local-sources = true
tests-as-code = true
category = "pysast-backend"

[tool.pysast.per-file-ignores]
"tests/**" = ["weak-hash"]
"conftest.py" = ["S324", "B324"]

[tool.pysast.triage]
enabled = true
model = "claude-sonnet-4-5"
action = "suppress"
threshold = 0.9
concurrency = 2
max-findings = 50
timeout = 45
cache-dir = ".cache/pysast"
base-url = "http://127.0.0.1:8080"
`,
      file,
    );
    expect(config).toEqual({
      select: ["weak-hash", "S608"],
      ignore: ["B324"],
      exclude: ["migrations", "tests/fixtures/**"],
      failOn: "warning",
      maxFileSize: 2 * 1024 * 1024,
      includeLocalSources: true,
      testsAsCode: true,
      category: "pysast-backend",
      perFileIgnores: { "tests/**": ["weak-hash"], "conftest.py": ["S324", "B324"] },
      triage: {
        enabled: true,
        model: "claude-sonnet-4-5",
        action: "suppress",
        threshold: 0.9,
        concurrency: 2,
        maxFindings: 50,
        timeoutMs: 45_000,
        cacheDir: join(base, "full", ".cache", "pysast"),
        baseUrl: "http://127.0.0.1:8080",
      },
    });
  });

  it("reads top-level keys and a [triage] table from .pysast.toml", () => {
    const file = join(base, "dedicated", ".pysast.toml");
    expect(parseConfigText('max-file-size = 1000\n[triage]\naction = "drop"\ncache-dir = "/var/cache/pysast"\n', file)).toEqual({
      maxFileSize: 1000,
      triage: { action: "drop", cacheDir: "/var/cache/pysast" },
    });
  });

  const pyproject = join(base, "bad", "pyproject.toml");
  const dedicated = join(base, "bad", ".pysast.toml");
  const cases: Array<[string, string, string]> = [
    [pyproject, '[tool.pysast]\nfail-on = "high"', `${pyproject}: [tool.pysast] fail-on must be one of error, warning, note, none (got "high")`],
    [dedicated, 'fail-on = "high"', `${dedicated}: fail-on must be one of error, warning, note, none (got "high")`],
    [pyproject, "[tool.pysast]\nseverity = 1", `${pyproject}: [tool.pysast] unknown key "severity" (expected one of select, extend-select, ignore, extend-ignore, per-file-ignores, extend-per-file-ignores, exclude, extend-exclude, min-level, min-precision, fail-on, max-file-size, include-local-sources, tests-as-code, category, extend, baseline, format, output, jobs, triage)`],
    [pyproject, '[tool.pysast]\nfail_on = "error"', `${pyproject}: [tool.pysast] unknown key "fail_on" (did you mean "fail-on"?)`],
    [dedicated, "maxFileSize = 10", `${dedicated}: unknown key "maxFileSize" (did you mean "max-file-size"?)`],
    [pyproject, '[tool.pysast]\nselect = "B324"', `${pyproject}: [tool.pysast] select must be a list of strings (got "B324")`],
    [pyproject, '[tool.pysast]\nignore = ["B324", 3]', `${pyproject}: [tool.pysast] ignore[1] must be a non-empty string (got 3)`],
    [pyproject, "[tool.pysast]\nexclude = [[]]", `${pyproject}: [tool.pysast] exclude[0] must be a non-empty string (got a list)`],
    [pyproject, '[tool.pysast]\nper-file-ignores = ["tests"]', `${pyproject}: [tool.pysast] per-file-ignores must be a table of glob = [rule ids] (got a list)`],
    [pyproject, '[tool.pysast.per-file-ignores]\n"tests/**" = "B101"', `${pyproject}: [tool.pysast] per-file-ignores."tests/**" must be a list of strings (got "B101")`],
    [pyproject, '[tool.pysast]\nmax-file-size = "huge"', `${pyproject}: [tool.pysast] max-file-size must be a positive number of bytes or a size such as "5MB" (got "huge")`],
    [pyproject, "[tool.pysast]\nmax-file-size = 0", `${pyproject}: [tool.pysast] max-file-size must be a positive number of bytes or a size such as "5MB" (got 0)`],
    [pyproject, '[tool.pysast]\ninclude-local-sources = "yes"', `${pyproject}: [tool.pysast] include-local-sources must be true or false (got "yes")`],
    [pyproject, '[tool.pysast]\ncategory = ""', `${pyproject}: [tool.pysast] category must be a non-empty string (got "")`],
    [pyproject, "[tool.pysast]\ntriage = true", `${pyproject}: [tool.pysast] triage must be a table (got true)`],
    [pyproject, "[tool.pysast.triage]\nenabled = 1", `${pyproject}: [tool.pysast.triage] enabled must be true or false (got 1)`],
    [pyproject, "[tool.pysast.triage]\nmodel = 4", `${pyproject}: [tool.pysast.triage] model must be a non-empty string (got 4)`],
    [pyproject, '[tool.pysast.triage]\naction = "delete"', `${pyproject}: [tool.pysast.triage] action must be one of annotate, suppress, drop (got "delete")`],
    [pyproject, "[tool.pysast.triage]\nthreshold = 1.5", `${pyproject}: [tool.pysast.triage] threshold must be a number from 0 to 1 (got 1.5)`],
    [pyproject, "[tool.pysast.triage]\nconcurrency = 0", `${pyproject}: [tool.pysast.triage] concurrency must be a whole number, 1 or more (got 0)`],
    [pyproject, "[tool.pysast.triage]\nmax-findings = 2.5", `${pyproject}: [tool.pysast.triage] max-findings must be a whole number, 0 or more (got 2.5)`],
    [pyproject, '[tool.pysast.triage]\ntimeout = "30s"', `${pyproject}: [tool.pysast.triage] timeout must be a positive number of seconds (got "30s")`],
    [pyproject, "[tool.pysast.triage]\ncache-dir = 2020-01-01", `${pyproject}: [tool.pysast.triage] cache-dir must be a non-empty string (got a date)`],
    [pyproject, '[tool.pysast.triage]\nbase-url = "localhost:8080"', `${pyproject}: [tool.pysast.triage] base-url must be an http:// or https:// URL (got "localhost:8080")`],
    [pyproject, "[tool.pysast.triage]\ntemperature = 0", `${pyproject}: [tool.pysast.triage] unknown key "temperature" (expected one of enabled, model, action, threshold, concurrency, max-findings, timeout, cache-dir, base-url)`],
    [dedicated, "[triage]\nmax_findings = 3", `${dedicated}: [triage] unknown key "max_findings" (did you mean "max-findings"?)`],
    [pyproject, "[tool]\npysast = 3", `${pyproject}: [tool.pysast] must be a table (got 3)`],
  ];
  it.each(cases)("rejects %#: the message names the file, the key and what is expected", (file, text, message) => {
    expect(configError(() => parseConfigText(text, file))).toBe(message);
  });

  it("shows files under the working directory by their relative path", () => {
    const file = join(process.cwd(), "sub", "pyproject.toml");
    expect(configError(() => parseConfigText('[tool.pysast]\nfail-on = "all"', file))).toBe(
      `${join("sub", "pyproject.toml")}: [tool.pysast] fail-on must be one of error, warning, note, none (got "all")`,
    );
  });

  it("requires [tool.pysast] in a pyproject.toml named with --config", async () => {
    const root = project({ "pyproject.toml": '[project]\nname = "x"\n' });
    await expect(loadConfigFile(join(root, "pyproject.toml"))).rejects.toThrow(
      new ConfigError(`${join(root, "pyproject.toml")}: has no [tool.pysast] table`, join(root, "pyproject.toml")),
    );
  });

  it("reads any other file named with --config as top-level keys", async () => {
    const root = project({ "ci/pysast-ci.toml": 'fail-on = "error"\ncategory = "ci"\n' });
    expect(await loadConfigFile(join(root, "ci", "pysast-ci.toml"))).toEqual({
      config: { failOn: "error", category: "ci" },
      file: join(root, "ci", "pysast-ci.toml"),
    });
  });

  it("says when a --config file cannot be read", async () => {
    const missing = join(base, "nowhere", "pysast.toml");
    await expect(loadConfigFile(missing)).rejects.toThrow(new ConfigError(`${missing}: cannot read the config file (ENOENT)`, missing));
  });
});

describe("parseSize", () => {
  it.each([
    ["800", 800],
    [800, 800],
    ["512KB", 512 * 1024],
    ["512 kib", 512 * 1024],
    ["5MB", 5 * 1024 * 1024],
    ["5m", 5 * 1024 * 1024],
    ["1.5GiB", 1.5 * 1024 ** 3],
    ["10b", 10],
  ] as Array<[string | number, number]>)("parses %j as %i bytes", (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(["", "MB", "5 XB", "-1", "0", "5MB extra"])("rejects %j", (text) => {
    expect(configError(() => parseSize(text))).toBe(
      `invalid size ${JSON.stringify(text)}: expected a positive number of bytes or a size such as "512KB" or "5MB"`,
    );
  });

  it("rejects a fractional byte count", () => {
    expect(() => parseSize(1.5)).toThrow(ConfigError);
  });
});

const RULES: SelectableRule[] = [
  { id: "weak-hash", aliases: { bandit: ["B324", "B303"], ruff: ["S324"] } },
  { id: "sql-injection", aliases: { bandit: ["B608"], ruff: ["S608"] } },
  { id: "django-raw-sql", aliases: { bandit: ["B608", "B611"], ruff: ["S608", "S611"] } },
  { id: "wildcard-cors", aliases: {} },
  { id: "tar-extraction", aliases: { bandit: "B202", ruff: "S202" } },
];
const ALL_IDS = RULES.map((r) => r.id);
const enabledIds = (selection: ReturnType<typeof resolveRuleSelection>) => ALL_IDS.filter((id) => selection.enabled(id));

describe("resolveRuleSelection", () => {
  it("enables every rule when nothing is selected or ignored", () => {
    expect(enabledIds(resolveRuleSelection({}, RULES))).toEqual(ALL_IDS);
  });

  it("maps Bandit and Ruff aliases (any case, single or listed) to every rule carrying them", () => {
    expect(enabledIds(resolveRuleSelection({ select: ["s608", "B202"] }, RULES))).toEqual(["sql-injection", "django-raw-sql", "tar-extraction"]);
    expect(enabledIds(resolveRuleSelection({ select: ["B303"] }, RULES))).toEqual(["weak-hash"]);
  });

  it("applies ignore after select", () => {
    expect(enabledIds(resolveRuleSelection({ select: ["weak-hash", "S608"], ignore: ["B611"] }, RULES))).toEqual(["weak-hash", "sql-injection"]);
    expect(enabledIds(resolveRuleSelection({ ignore: ["S324", "wildcard-cors"] }, RULES))).toEqual(["sql-injection", "django-raw-sql", "tar-extraction"]);
  });

  it("names an unknown selector, the key and the file", () => {
    const file = join(base, "sel", "pyproject.toml");
    const hint = "(not a pysast rule id or name, a Bandit/Ruff code or prefix, or a CWE such as CWE-89; `pysast rules` lists them)";
    expect(configError(() => resolveRuleSelection({ ignore: ["B999"] }, RULES, { file }))).toBe(`${file}: [tool.pysast] ignore names an unknown rule "B999" ${hint}`);
    expect(configError(() => resolveRuleSelection({ perFileIgnores: { "tests/**": ["weak-hash", "md5"] } }, RULES, { file: join(base, ".pysast.toml") }))).toBe(
      `${join(base, ".pysast.toml")}: per-file-ignores."tests/**" names an unknown rule "md5" ${hint}`,
    );
    expect(configError(() => resolveRuleSelection({ select: ["sqli"] }, RULES))).toBe(`select names an unknown rule "sqli" ${hint}`);
    expect(configError(() => resolveRuleSelection({ extendSelect: ["sql-injektion"] }, RULES))).toBe(`extend-select names an unknown rule "sql-injektion" ${hint}`);
  });

  it("turns a Bandit or Ruff code without a pysast rule into a notice, not an error", () => {
    const selection = resolveRuleSelection({ ignore: ["B101", "S105"], select: ["weak-hash", "B1"] }, RULES);
    expect(enabledIds(selection)).toEqual(["weak-hash"]);
    expect(selection.notices).toEqual([
      expect.stringMatching(/^B1: pysast has no rule for the Bandit\/Ruff checks B101, B102, .*B113$/),
      "B101: pysast has no rule for Bandit's B101 (assert_used)",
      "S105: pysast has no rule for Ruff's S105 (hardcoded-password-string)",
    ]);
  });

  it("selects by code prefix, CWE, rule name and ALL, from the rules' metadata", () => {
    const rules: SelectableRule[] = [
      { id: "weak-hash", name: "WeakHash", cwe: [327, 328], aliases: { bandit: ["B324"], ruff: ["S324"] } },
      { id: "sql-injection", name: "SqlInjection", cwe: [89], aliases: { bandit: ["B608"], ruff: ["S608"] } },
      { id: "command-injection", name: "CommandInjection", cwe: [78], aliases: { bandit: ["B602"], ruff: ["S602"] } },
      { id: "ldap-injection", name: "LdapInjection", cwe: [90], aliases: {} },
    ];
    const ids = (select: string[], extra: Partial<Parameters<typeof resolveRuleSelection>[0]> = {}) => {
      const selection = resolveRuleSelection({ select, ...extra }, rules);
      return rules.map((r) => r.id).filter((id) => selection.enabled(id));
    };
    expect(ids(["S6"])).toEqual(["sql-injection", "command-injection"]);
    expect(ids(["s60"])).toEqual(["sql-injection", "command-injection"]);
    expect(ids(["B3"])).toEqual(["weak-hash"]);
    expect(ids(["S"])).toEqual(["weak-hash", "sql-injection", "command-injection"]);
    expect(ids(["CWE-89", "cwe90"])).toEqual(["sql-injection", "ldap-injection"]);
    expect(ids(["SqlInjection", "weakhash"])).toEqual(["weak-hash", "sql-injection"]);
    expect(ids(["ALL"], { ignore: ["S6"] })).toEqual(["weak-hash", "ldap-injection"]);
    expect(ids(["S3"], { extendSelect: ["CWE-78"], extendIgnore: ["WeakHash"] })).toEqual(["command-injection"]);
    expect(resolveRuleSelection({ select: ["CWE-79"] }, rules).notices).toEqual(["CWE-79: no pysast rule reports CWE-79"]);
  });

  it("ignores rules per file by glob", () => {
    const selection = resolveRuleSelection(
      { perFileIgnores: { "tests/**": ["B324"], "conftest.py": ["sql-injection"], "**/migrations/*.py": ["S608"], "scripts": ["wildcard-cors"] } },
      RULES,
    );
    const ignored = (path: string) => ALL_IDS.filter((id) => selection.ignoredForFile(id, path));
    expect(ignored("tests/unit/test_login.py")).toEqual(["weak-hash"]);
    expect(ignored("app/tests/test_login.py")).toEqual([]);
    expect(ignored("app/conftest.py")).toEqual(["sql-injection"]);
    expect(ignored("shop/migrations/0002_orders.py")).toEqual(["sql-injection", "django-raw-sql"]);
    expect(ignored("migrations/0001_initial.py")).toEqual(["sql-injection", "django-raw-sql"]);
    expect(ignored("shop/migrations/helpers/sql.py")).toEqual([]);
    expect(ignored("tools/scripts/deploy.py")).toEqual(["wildcard-cors"]);
    expect(ignored("app/views.py")).toEqual([]);
  });

  it("anchors globs at the config file's folder when the scan root lies below it", () => {
    const root = project({ "pyproject.toml": "[tool.pysast]\n", "services/api/tests/test_a.py": "" });
    const selection = resolveRuleSelection({ perFileIgnores: { "services/api/tests/**": ["weak-hash"] } }, RULES, {
      file: join(root, "pyproject.toml"),
      scanRoot: join(root, "services", "api"),
    });
    expect(selection.ignoredForFile("weak-hash", "tests/test_a.py")).toBe(true);
    expect(selection.ignoredForFile("weak-hash", "app/test_a.py")).toBe(false);
  });
});

describe("configPathMatcher", () => {
  it("matches folder names at any depth, anchored paths from the root, and dotted folders", () => {
    const excluded = configPathMatcher(["migrations/", "./legacy/old_*.py", ".venv", "*_pb2.py"]);
    expect(["shop/migrations/0001.py", "legacy/old_views.py", ".venv/lib/site.py", "api/user_pb2.py"].map(excluded)).toEqual([true, true, true, true]);
    expect(["shop/migration.py", "app/legacy/old_views.py", "legacy/views.py", "api/user_pb2_extra.py"].map(excluded)).toEqual([false, false, false, false]);
  });

  it("treats Windows separators like forward slashes", () => {
    expect(configPathMatcher(["tests/**"])("tests\\unit\\test_x.py")).toBe(true);
  });
});
