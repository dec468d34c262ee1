/** Command-line parsing and the scan command's orchestration (config → scan → triage → report → exit code). */
import { Command, CommanderError, Option } from "commander";
import { closeSync, existsSync, openSync, readFileSync, realpathSync, statSync, writeFileSync, writeSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import pc from "picocolors";
import { rules as allRules } from "../rules/index.js";
import { MODELS } from "../rules/models/index.js";
import { BaselineError, filterByBaseline, filterByChangedLines, readBaseline } from "./baseline.js";
import {
  ConfigError,
  MIN_LEVEL_WORDS,
  parseSize,
  PRECISIONS,
  RuleSelectors,
  type FailOn,
  type MinLevel,
  type MinPrecision,
  type PysastConfig,
} from "./config.js";
import { ConfigScopes, FolderResolver } from "./config-scopes.js";
import { DEFAULT_MAX_FILE_SIZE, discover, tooLargeNotification, type DiscoveredFile } from "./discover.js";
import { changedFiles, changedLines, GitError, provenance } from "./git.js";
// triage (and with it @anthropic-ai/sdk and zod) is loaded only when a scan asks for it: it costs a quarter second at startup
import { addTriageOptions, triageOptionsFrom, TriageOptionsError } from "./triage/options.js";
import { renderRuleHelpText } from "./report/markdown.js";
import { toCodeClimate } from "./report/codeclimate.js";
import { toGithub } from "./report/github.js";
import { toGitlab } from "./report/gitlab.js";
import { sourceReader, toHtml } from "./report/html.js";
import { jsonReportPieces, toJson } from "./report/json.js";
import { toJunit } from "./report/junit.js";
import { toMarkdownSummary } from "./report/summary.js";
import { commandLineNamesOutputs, FORMATS, OutputOptionError, planOutputs, type Format, type OutputTarget } from "./outputs.js";
import { toSarif } from "./report/sarif.js";
import { toText } from "./report/text.js";
import type { Rule } from "./rule.js";
import { loadPython } from "./parse/grammar.js";
import { PythonParser } from "./parse/parser.js";
import { progressLine } from "./progress.js";
import { makeDirs, WriteError } from "./safe-fs.js";
import { realpathOr, runScan, workerStarter } from "./scan.js";
import { dropSpares } from "./worker-pool.js";
import { repositoryCacheDir, userCacheRoot } from "./cache-store.js";
import type { ScanSession } from "./scan-session.js";
import { attachFixes, type FixStats } from "./fix/index.js";
import { applicable, planFixes, writeFixedFile } from "./fix/apply.js";
import { unifiedDiff } from "./fix/edits.js";
import { verifyTriagePatches } from "./fix/patch.js";
import { enterPhase, PHASES, ScanFailure } from "./scan-failure.js";
import { applySuppressions, planSuppressions } from "./suppress-writer.js";
import type { Finding, Level, Notification, ScanResult } from "./types.js";
import { VERSION } from "./version.js";

export interface CliIO {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The arguments as given, for the SARIF invocation's command line. */
  argv: string[];
}

export class UsageError extends Error {}

const LEVEL_RANK: Record<Level, number> = { note: 1, warning: 2, error: 3 };

/** Parses `--max-file-size` ("5MB", "512KB", "1048576"); 0 means no limit. */
export function parseSizeOption(value: string): number {
  if (value.trim() === "0") return 0;
  try {
    return parseSize(value);
  } catch {
    throw new UsageError(`--max-file-size: expected a size such as 5MB or 500000 (0 for no limit), got "${value}"`);
  }
}

function countFlag(_value: unknown, previous: number): number {
  return previous + 1;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}

/** Chooses the scan root: `--root`, else the working directory when it contains every path, else the paths' common folder. */
export function chooseRoot(cwd: string, paths: string[], explicit?: string): string {
  const abs = paths.map((p) => realpathSync(resolve(cwd, p)));
  const inside = (p: string, dir: string) => {
    const r = relative(dir, p);
    return r === "" || (!r.startsWith("..") && !isAbsolute(r));
  };
  if (explicit !== undefined) {
    // result paths are relative to the root: a root that is not a folder, or a path outside it, has no such path
    let root: string;
    try {
      root = realpathSync(resolve(cwd, explicit));
    } catch {
      throw new UsageError(`--root ${explicit}: no such folder`);
    }
    if (!statSync(root).isDirectory()) throw new UsageError(`--root ${explicit}: it is a file; --root must be a folder that contains every path scanned`);
    const outside = paths.find((_p, i) => !inside(abs[i]!, root));
    if (outside !== undefined) throw new UsageError(`${outside} is outside --root ${explicit}; scan paths inside the root, or choose a root that contains them`);
    return root;
  }
  const realCwd = realpathSync(cwd);
  if (abs.every((p) => inside(p, realCwd))) return realCwd;
  let common = statSync(abs[0]!).isDirectory() ? abs[0]! : dirname(abs[0]!);
  while (!abs.every((p) => inside(p, common))) common = dirname(common);
  return common;
}

function buildProgram(io: CliIO, onScan: (paths: string[], opts: Record<string, unknown>) => Promise<number>): Command {
  const program = new Command();
  program
    .name("pysast")
    .description("Security scanner for Python: injection, path traversal, weak hashing and CORS, with data-flow paths.")
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(run `pysast --help` or `pysast scan --help` for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  const scan = program
    .command("scan")
    .description("scan Python files and folders for security problems")
    .argument("[paths...]", "files or folders to scan", ["."])
    .option("-f, --format <format>", `output format: ${FORMATS.join(", ")} (repeatable: one report per format)`, collect)
    .option("-o, --output <file>", "write the report of the --format before it to this file, or FORMAT:FILE (repeatable)", collect)
    .option("--statistics", "print the number of findings per rule instead of the findings")
    .option("-q, --quiet", "print only the findings: no progress, notices or summary")
    .addOption(new Option("--fail-on <level>", "exit 1 when a finding at or above this level remains").choices(["error", "warning", "note", "none"]))
    .option("--exit-zero", "always exit 0 when the scan itself succeeded")
    .option("--select <rules>", "only run these rules: ids, names, Bandit/Ruff codes or prefixes (S6, B3), CWE-89, ALL (comma-separated)", collect)
    .option("--extend-select <rules>", "run these rules in addition to the selected ones", collect)
    .option("--ignore <rules>", "do not run these rules (same selectors as --select)", collect)
    .option("--extend-ignore <rules>", "same as --ignore (for Ruff users)", collect)
    .addOption(new Option("--min-level <level>", "report only findings at or above this level (Bandit's -l)").choices(Object.keys(MIN_LEVEL_WORDS)))
    .addOption(new Option("--min-precision <precision>", "report only findings of rules at or above this precision (Bandit's -i)").choices([...PRECISIONS]))
    .option("-l, --level-count", "Bandit's -l/-ll/-lll: report findings at or above note / warning / error", countFlag, 0)
    .option("-i, --precision-count", "Bandit's -i/-ii/-iii: report findings of rules at or above low / medium / high precision", countFlag, 0)
    .option("--no-inline-suppressions", "report findings even when a # nosec / # noqa / # pysast: ignore comment suppresses them")
    .option("--show-suppressed", "list inline-suppressed findings in text output")
    .option("--sarif-all-rules", "list every enabled rule in SARIF, not only those that fired")
    .option("--no-repo-config", "do not read the scanned repository's own config file (your ~/.config/pysast/config.toml still applies)")
    .option("--category <id>", "SARIF automationDetails.id, to keep several analyses of one repository apart")
    .option("--baseline <file>", "report only findings that are not in this SARIF baseline")
    .option("--no-baseline", "ignore the baseline key of the config file: report every finding")
    .option("--write-baseline <file>", "write every current finding to this SARIF baseline file and exit 0")
    .option("--diff <ref>", "report only Python files changed since this git ref")
    .option("--diff-lines", "with --diff, report only findings on changed lines")
    .option("--fix", "apply the verified safe fixes to the scanned files, then report what remains (this writes your files)")
    .option("--unsafe-fixes", "with --fix or --fix-dry-run, also apply fixes that change behaviour (see each rule's page)")
    .option("--fix-dry-run", "print the unified diff --fix would apply and write nothing")
    .option("--show-fixes", "print each finding's verified fix as a diff in text output")
    .option("--no-fixes", "do not compute and verify fixes (a faster scan; no [*], no fixes in any report)")
    .option("--whole-project", "analyse every Python file under the root (for cross-file flows) but report only on the paths given (the pre-commit hook)")
    .option("--color", "force coloured text output")
    .option("--no-color", "disable coloured text output");
  addDiscoveryOptions(scan);
  addTriageOptions(scan);
  scan.action(async (paths: string[], opts: Record<string, unknown>) => {
    await onScan(paths, opts);
  });

  const suppress = program
    .command("suppress")
    .description("add `# pysast: ignore[rule]` comments for the current findings (adopting pysast on an existing codebase)")
    .argument("[paths...]", "files or folders to scan", ["."])
    .option("--rule <rules>", "only these rules: ids, names, Bandit/Ruff codes or prefixes, CWE-89 (repeatable, comma-separated; default: every rule)", collect)
    .option("--reason <text>", "the reason written after each comment (kept as the SARIF justification)")
    .option("--dry-run", "print what would be added, change nothing");
  addDiscoveryOptions(suppress);
  suppress.action(async (paths: string[], opts: Record<string, unknown>) => {
    await onScan(paths, { ...opts, suppressMode: true, format: "text", inlineSuppressions: true });
  });

  program
    .command("rules")
    .description("list the rules")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action((opts: { format: string }) => {
      io.stdout.write(opts.format === "json" ? `${JSON.stringify(allRules.map((r) => r.meta), null, 2)}\n` : rulesTable(allRules));
    });

  program
    .command("explain")
    .description("print a rule's documentation")
    .argument("<id>", "rule id or Bandit/Ruff alias")
    .action((id: string) => {
      const rule = findRule(id);
      if (!rule) throw new UsageError(`unknown rule "${id}"; run \`pysast rules\` to list them`);
      io.stdout.write(`${rule.meta.id}: ${rule.meta.shortDescription}\n\n${renderRuleHelpText(rule.meta)}\n`);
    });
  return program;
}

/** The options that choose what is analysed, shared by `scan` and `suppress`. */
function addDiscoveryOptions(command: Command): void {
  command
    .option("--exclude <glob>", "exclude files or folders matching a glob (repeatable, comma-separated)", collect)
    .option("--no-default-excludes", "also scan .git, node_modules, .venv, venv, __pycache__, site-packages, build, dist")
    .option("--no-gitignore", "do not honour .gitignore files")
    .option("--max-file-size <size>", "skip files larger than this (e.g. 5MB; 0 = no limit below the 64 MiB ceiling)")
    .option("--include-local-sources", "also treat sys.argv, input() and os.environ as untrusted input")
    .option("--include-parameter-sources", "library mode: parameters of public functions and methods are untrusted (warnings, precision medium)")
    .option("--tests-as-code", "report findings in test code (tests/, test_*.py, *_test.py, tests.py, conftest.py) at their rule's level, not as notes, and analyse the views defined there")
    .option("--root <dir>", "folder that result paths are relative to; it must hold every path scanned (default: the working directory)")
    .option("--config <file>", "read settings from this .pysast.toml or pyproject.toml instead of searching upwards")
    .option("-j, --jobs <n>", "worker threads for parsing and pattern rules (default: number of CPUs; 1 = no workers)")
    .option("--no-cache", "neither read nor write the analysis cache (every file is analysed again)")
    .option("--cache-dir <dir>", "analysis cache folder (default: a folder per repository under $XDG_CACHE_HOME/pysast, outside the work tree)");
}

function findRule(idOrAlias: string): Rule | undefined {
  const key = idOrAlias.toLowerCase();
  return allRules.find(
    (r) =>
      r.meta.id === key ||
      (r.meta.aliases.bandit ?? []).some((a) => a.toLowerCase() === key) ||
      (r.meta.aliases.ruff ?? []).some((a) => a.toLowerCase() === key),
  );
}

function rulesTable(rules: readonly Rule[]): string {
  const rows = rules.map((r) => [
    r.meta.id,
    r.meta.name,
    r.meta.cwe.map((c) => `CWE-${c}`).join(","),
    r.meta.level,
    r.meta.precision,
    [...(r.meta.aliases.bandit ?? []), ...(r.meta.aliases.ruff ?? [])].join(","),
  ]);
  const head = ["ID", "NAME", "CWE", "LEVEL", "PRECISION", "ALIASES"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return `${[fmt(head), ...rows.map(fmt)].join("\n")}\n`;
}

/** 1 when an unsuppressed finding is at or above the fail-on level of its folder (`none` never fails). */
function exitCodeFor(findings: Finding[], failOnOf: (f: Finding) => FailOn): number {
  return findings.some((f) => {
    const failOn = failOnOf(f);
    return !f.suppression && failOn !== "none" && LEVEL_RANK[f.level] >= LEVEL_RANK[failOn as Level];
  })
    ? 1
    : 0;
}

/** Runs the CLI with the given arguments; returns the exit code. */
export async function runCli(argv: string[], ioIn: Omit<CliIO, "argv">): Promise<number> {
  const io: CliIO = { ...ioIn, argv };
  let code = 0;
  const program = buildProgram(io, async (paths, opts) => {
    code = await scanCommand(paths, opts, io);
    return code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    dropSpares();
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return 0;
      return 2;
    }
    if (
      err instanceof UsageError ||
      err instanceof OutputOptionError ||
      err instanceof ConfigError ||
      err instanceof GitError ||
      err instanceof BaselineError ||
      err instanceof TriageOptionsError ||
      err instanceof ScanFailure ||
      err instanceof WriteError
    ) {
      io.stderr.write(`pysast: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  dropSpares();
  return code;
}

async function scanCommand(paths: string[], opts: Record<string, unknown>, io: CliIO): Promise<number> {
  const started = new Date();
  const t0 = performance.now();
  for (const p of paths) {
    if (!existsSync(resolve(io.cwd, p))) throw new UsageError(`path not found: ${p}`);
  }
  // an empty ref would mean "no --diff" further down: everything scanned while the user asked for a diff
  if (opts.diff !== undefined && String(opts.diff).trim() === "") throw new UsageError("--diff: the git ref is empty; give a ref such as origin/main or HEAD~1");
  const wholeProject = Boolean(opts.wholeProject);
  // --whole-project analyses the whole root; with --root, the files it reports on must lie inside it
  const defaultPath = paths.length === 1 && paths[0] === ".";
  const rootPaths = !wholeProject ? paths : opts.root === undefined ? ["."] : defaultPath ? [] : paths;
  const root = chooseRoot(io.cwd, rootPaths, opts.root as string | undefined);
  // git runs while the scan does (on another core, forked from a small heap), not after it: four processes on a repository
  const vcsFacts = provenance(root).catch(() => undefined);
  // --whole-project (the pre-commit hook): analyse the whole project, report only on the files named
  const named = wholeProject && !(paths.length === 1 && paths[0] === ".") ? new Set(paths.map((p) => relativePath(root, resolve(io.cwd, p)))) : undefined;
  // the nearest config file above each file applies to it; the trust rule (src/config-trust.ts) applies to each file
  const scopes = ConfigScopes.load({
    root,
    cwd: io.cwd,
    env: io.env,
    ...(opts.config !== undefined ? { explicit: String(opts.config) } : {}),
    repositoryConfig: opts.repoConfig !== false,
  });
  const run = scopes.runConfig();
  // command-line flags override every folder's config, key by key
  const folders = new FolderResolver(
    scopes,
    root,
    allRules.map((r) => r.meta),
    {
      selection: commandLineSelection(opts),
      ...optional("minLevel", minLevelFlag(opts)),
      ...optional("minPrecision", minPrecisionFlag(opts)),
      ...optional("failOn", opts.failOn as FailOn | undefined),
      ...optional("maxFileSize", opts.maxFileSize !== undefined ? parseSizeOption(String(opts.maxFileSize)) : undefined),
    },
    { maxFileSize: DEFAULT_MAX_FILE_SIZE },
  );
  const rootSettings = folders.forDir("");
  const category = (opts.category as string | undefined) ?? run.category;
  const triageOptions = triageOptionsFrom(opts, io.env, { cwd: io.cwd, config: run.triage, stderrIsTTY: Boolean(io.stderr.isTTY) });
  const jobs = opts.jobs !== undefined ? Number(opts.jobs) : run.jobs;
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) throw new UsageError(`--jobs: expected a whole number from 1 to 64, got "${String(opts.jobs)}"`);
  if (opts.diffLines && !opts.diff) throw new UsageError("--diff-lines needs --diff <ref>");
  if (opts.fixes === false && (opts.fix || opts.fixDryRun || opts.showFixes)) throw new UsageError("--no-fixes cannot be combined with --fix, --fix-dry-run or --show-fixes, which need the fixes");
  if (opts.writeBaseline && opts.baseline) throw new UsageError("--write-baseline and --baseline cannot be combined: a baseline records every current finding");
  // a baseline from the config file gives way to --write-baseline and --no-baseline
  const baseline = opts.baseline === false || opts.writeBaseline ? undefined : opts.baseline !== undefined ? resolve(io.cwd, String(opts.baseline)) : run.baseline;
  let targets = opts.suppressMode ? [] : planOutputs(io.argv, { ...optional("format", run.format), ...optional("output", run.output) });

  const changed = opts.diff ? new Set(await changedFiles(root, String(opts.diff))) : undefined;
  const onlyFiles = changed && named ? new Set([...changed].filter((f) => named.has(f))) : (changed ?? named);

  const progress = progressLine(io.stderr, !opts.quiet);
  const wantFixes = opts.fixes !== false && !opts.suppressMode && !opts.writeBaseline;
  // the worker threads start while discovery walks a big tree, unless a cached result may answer the scan
  const cacheDir = opts.cacheDir !== undefined ? resolve(io.cwd, String(opts.cacheDir)) : repositoryCacheDir(userCacheRoot(io.env), root);
  const onCandidates = opts.cache === false || !existsSync(cacheDir) ? workerStarter(jobs) : undefined;
  /** The files to scan, each folder's excludes and size limit applied (again after `--fix` wrote files: their metadata changed). */
  const discoverFiles = async () => {
    const discovered = await discover(root, wholeProject ? [root] : paths.map((p) => resolve(io.cwd, p)), {
      exclude: (opts.exclude as string[] | undefined) ?? [],
      defaultExcludes: opts.defaultExcludes !== false,
      // without --max-file-size each folder's own limit applies (below)
      maxFileSize: opts.maxFileSize !== undefined ? parseSizeOption(String(opts.maxFileSize)) : 0,
      gitignore: opts.gitignore !== false,
      ...(onCandidates ? { onCandidates } : {}),
    });
    const files: DiscoveredFile[] = [];
    const skipped: Notification[] = [];
    for (const file of discovered.files) {
      if (folders.excluded(file.rel)) continue;
      const max = folders.forFile(file.rel).maxFileSize;
      if (max > 0 && file.size > max) skipped.push(tooLargeNotification(file.rel, file.size, max));
      else files.push(file);
    }
    return { files, notifications: [...discovered.notifications, ...skipped], descriptors: (discovered.descriptors ?? []).filter((d) => !folders.excluded(d)), templates: (discovered.templates ?? []).filter((t) => !folders.excluded(t)) };
  };
  const found = await discoverFiles();
  const settings = [rootSettings, ...new Set(found.files.map((f) => folders.forFile(f.rel)))];
  const rules = allRules.filter((r) => settings.some((s) => s.selection.enabled(r.meta.id)));
  if (rules.length === 0) throw new UsageError("no rules are enabled: check --select/--ignore and the select/ignore keys of the config file");
  const outputNotes: Notification[] = [];
  targets = refuseScannedOutputs(targets, found.files, opts, io, outputNotes);
  // nor any other Python source (an excluded one, a symbolic link to one), nor through --triage-dry-run
  const written = [
    // (an `output` from the config file that names a scanned file is redirected to standard output below)
    ...(commandLineNamesOutputs(io.argv) ? targets.flatMap((t) => (t.path === undefined ? [] : [{ option: "--output", path: t.path }])) : []),
    ...(opts.writeBaseline ? [{ option: "--write-baseline", path: String(opts.writeBaseline) }] : []),
    ...(triageOptions.enabled && triageOptions.dryRunFile ? [{ option: "--triage-dry-run", path: triageOptions.dryRunFile }] : []),
  ];
  for (const { option, path } of written) refuseSourceTarget(option, path, resolve(io.cwd, path));

  const precisionOf = new Map(rules.map((r) => [r.meta.id, r.meta.precision]));
  const lineFilter = opts.diffLines ? await changedLines(root, String(opts.diff)) : undefined;
  const baselineData = baseline ? await readBaseline(baseline) : undefined;

  /** The scan and everything decided from it; run again after `--fix` writes files. */
  const analyse = async (discovered: Awaited<ReturnType<typeof discoverFiles>>) => {
    const out = await runScan({
      onProgress: (event) => progress.update(event),
      root,
      paths: [],
      // module names start from the folders scanned, whatever the working directory or --root (see moduleBasesOf)
      moduleBases: wholeProject ? [root] : paths.map((p) => resolve(io.cwd, p)),
      discovered,
      rules,
      discover: { exclude: [], defaultExcludes: true, maxFileSize: 0, gitignore: true },
      inlineSuppressions: opts.inlineSuppressions !== false,
      includeLocalSources: Boolean(opts.includeLocalSources ?? run.includeLocalSources),
      includeParameterSources: Boolean(opts.includeParameterSources ?? run.includeParameterSources),
      testsAsCode: Boolean(opts.testsAsCode ?? run.testsAsCode),
      models: MODELS,
      ...(onlyFiles ? { onlyFiles } : {}),
      ...(jobs ? { jobs } : {}),
      ...(opts.cache !== false ? { cache: { env: io.env, ...(opts.cacheDir !== undefined ? { dir: resolve(io.cwd, String(opts.cacheDir)) } : {}) } } : {}),
      fixes: wantFixes,
    });
    progress.done();
    let findings = out.findings.filter((f) => {
      const folder = folders.forFile(f.path);
      return (
        folder.selection.enabled(f.ruleId) &&
        !folder.selection.ignoredForFile(f.ruleId, f.path) &&
        LEVEL_RANK[f.level] >= LEVEL_RANK[folder.minLevel] &&
        // a finding may carry a lower precision than its rule (library-mode parameter sources)
        PRECISIONS.indexOf((f.properties?.precision as (typeof PRECISIONS)[number] | undefined) ?? precisionOf.get(f.ruleId) ?? "low") >= PRECISIONS.indexOf(folder.minPrecision)
      );
    });
    const notices = [...new Set(folders.all().flatMap((folder) => folder.selection.notices))];
    const notifications: Notification[] = [
      ...notices.map((message) => ({ kind: "config" as const, level: "note" as const, message })),
      ...scopes.notifications,
      ...outputNotes,
      ...out.notifications,
    ];
    let baselined = 0;
    if (lineFilter) findings = filterByChangedLines(findings, lineFilter).kept;
    if (baselineData) {
      const filtered = filterByBaseline(findings, baselineData);
      findings = filtered.kept;
      baselined = filtered.baselined;
    }
    let fixStats: FixStats | undefined;
    if (wantFixes) {
      enterPhase(PHASES.fixes);
      const fixed = await attachFixes(findings, out.session);
      notifications.push(...fixed.notifications);
      fixStats = fixed.stats;
    }
    return { out, findings, notifications, baselined, fixStats };
  };
  const failOnOf = (f: Finding) => folders.forFile(f.path).failOn;
  let scanned = await analyse(found);
  if (opts.fixDryRun) return fixDryRun(scanned.findings, scanned.out.session, Boolean(opts.unsafeFixes), io, opts, failOnOf);
  let fixSummary: FixRun | undefined;
  if (opts.fix) {
    fixSummary = { fixed: 0, files: new Set(), failures: [] };
    // a pass applies every compatible fix; overlapping ones and fixes the new text allows wait for the next pass
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const plans = planFixes(applicable(scanned.findings, Boolean(opts.unsafeFixes)), (p) => scanned.out.session.text(p)).filter((p) => p.fixed.length > 0);
      let written = 0;
      for (const plan of plans) {
        const failure = writeFixedFile(root, plan);
        if (failure) {
          fixSummary.failures.push(`${plan.path}: not fixed: the file ${failure}`);
          continue;
        }
        written++;
        fixSummary.fixed += plan.fixed.length;
        fixSummary.files.add(plan.path);
      }
      if (written === 0) break;
      scanned = await analyse(await discoverFiles());
    }
  }
  const { out } = scanned;
  let findings = scanned.findings;
  const baselined = scanned.baselined;
  const notifications = scanned.notifications;

  if (opts.suppressMode) return writeSuppressions(findings, out.sources, opts, root, io);

  const rulesById = new Map(rules.map((r) => [r.meta.id, r.meta]));
  let triage: ScanResult["triage"];
  if (triageOptions.enabled && !opts.writeBaseline) {
    const toTriage = findings.filter((f) => !f.suppression);
    const { runTriage } = await import("./triage/index.js");
    enterPhase(PHASES.triage);
    const outcome = await runTriage(toTriage, out.sources, rulesById, triageOptions, root, { stderr: io.stderr });
    // the reviewer's patches go through the same verifier as the rules' fixes before anyone sees them
    await verifyTriagePatches(toTriage, out.session);
    const kept = new Set(outcome.findings);
    findings = findings.filter((f) => f.suppression?.kind === "inline" || kept.has(f));
    notifications.push(...outcome.notifications);
    triage = outcome.summary;
  }

  const result: ScanResult = {
    root,
    findings,
    notifications,
    rules: rules.map((r) => r.meta).sort((a, b) => (a.id < b.id ? -1 : 1)),
    stats: {
      files: out.files,
      lines: out.lines,
      skipped: out.skipped,
      suppressed: findings.filter((f) => f.suppression?.kind === "inline").length,
      baselined,
      durationMs: Math.round(performance.now() - t0),
      parseMs: Math.round(out.parseMs),
    },
    toolVersion: VERSION,
    commandLine: ["pysast", ...io.argv].join(" "),
    startTime: started.toISOString(),
    endTime: new Date().toISOString(),
    // a file whose analysis was partly lost makes the report incomplete: say so, never pass silently
    executionSuccessful: out.analysisLost === 0,
    ...(triage ? { triage } : {}),
    ...(category ? { category } : {}),
    ...(scanned.fixStats ? { fixStats: scanned.fixStats } : {}),
  };
  const vcs = await vcsFacts;
  if (vcs) result.vcs = vcs;

  if (opts.writeBaseline) {
    writeReport(resolve(io.cwd, String(opts.writeBaseline)), `${JSON.stringify(toSarif(withoutInlineSuppressed(result), { allRules: true }), null, 2)}\n`);
    io.stderr.write(`pysast: wrote ${result.findings.filter((f) => !f.suppression).length} findings to the baseline ${String(opts.writeBaseline)}\n`);
    return 0;
  }

  enterPhase(PHASES.report);
  // inline-suppressed findings are audited with --show-suppressed; GitHub would otherwise open alerts for them
  const shown = opts.showSuppressed ? result : withoutInlineSuppressed(result);
  const render = (format: Format, toFile: boolean): string => {
    switch (format) {
      case "json":
        return `${JSON.stringify(toJson(shown), null, 2)}\n`;
      case "sarif":
        return `${JSON.stringify(toSarif(shown, { allRules: Boolean(opts.sarifAllRules) }), null, 2)}\n`;
      case "github":
        return toGithub(result, { prefix: githubPrefix(io.env, root) });
      case "markdown":
        return toMarkdownSummary(result);
      case "junit":
        return toJunit(shown);
      case "gitlab":
        return `${JSON.stringify(toGitlab(result), null, 2)}\n`;
      case "codeclimate":
        return `${JSON.stringify(toCodeClimate(result), null, 2)}\n`;
      case "html":
        return toHtml(shown, { sources: out.sources, readSource: sourceReader(root) });
      case "text": {
        const color = opts.color === true ? true : opts.color === false ? false : colorWanted(io, toFile);
        return toText(result, {
          color,
          showSuppressed: Boolean(opts.showSuppressed),
          quiet: Boolean(opts.quiet),
          statistics: Boolean(opts.statistics),
          showFixes: Boolean(opts.showFixes),
          unsafeFixes: Boolean(opts.unsafeFixes),
        });
      }
    }
  };
  for (const target of targets) {
    if (target.format === "json" && target.path !== undefined) {
      // a file is written a finding at a time: the report of many findings is never held whole
      writeReport(resolve(io.cwd, target.path), jsonReportPieces(shown));
      continue;
    }
    const report = render(target.format, target.path !== undefined);
    if (target.path === undefined) {
      io.stdout.write(report);
      continue;
    }
    writeReport(resolve(io.cwd, target.path), report);
  }
  // the report went to files only: the summary still goes to the terminal
  if (!opts.quiet && targets.every((t) => t.path !== undefined)) {
    const color = opts.color === true ? true : opts.color === false ? false : Boolean(io.stderr.isTTY) && !io.env.NO_COLOR && pc.isColorSupported;
    const written = targets.map((t) => `${t.format} report to ${t.path}`).join(", ");
    io.stderr.write(`${toText(result, { color, summaryOnly: true, statistics: Boolean(opts.statistics) })}Wrote the ${written}.\n`);
  }

  if (fixSummary) reportFixRun(fixSummary, result.findings, Boolean(opts.unsafeFixes), io);

  if (!result.executionSuccessful) {
    io.stderr.write(
      `pysast: the analysis of ${out.analysisLost === 1 ? "one file" : `${out.analysisLost} files`} failed in part, so the report is incomplete (see the analysis-error notifications); exit code 2\n`,
    );
    return 2;
  }

  if (opts.exitZero) return 0;
  return exitCodeFor(result.findings, (f) => folders.forFile(f.path).failOn);
}

const MAX_FIX_PASSES = 4;

/** What `--fix` did, for the closing lines on standard error. */
interface FixRun {
  fixed: number;
  files: Set<string>;
  failures: string[];
}

function reportFixRun(run: FixRun, remaining: readonly Finding[], unsafe: boolean, io: CliIO): void {
  for (const failure of run.failures) io.stderr.write(`pysast: ${failure}\n`);
  const left = remaining.filter((f) => !f.suppression);
  const unsafeLeft = unsafe ? 0 : left.filter((f) => f.fix?.safety === "unsafe").length;
  const files = run.files.size;
  io.stderr.write(
    `pysast: fixed ${plural(run.fixed, "finding")} in ${plural(files, "file")}; ${plural(left.length, "finding")} remain` +
      `${unsafeLeft > 0 ? ` (${unsafeLeft} fixable with --unsafe-fixes)` : ""}\n`,
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `--fix-dry-run`: the unified diff of every file `--fix` would change; nothing is written. */
function fixDryRun(findings: readonly Finding[], session: ScanSession, unsafe: boolean, io: CliIO, opts: Record<string, unknown>, failOn: (f: Finding) => FailOn): number {
  const plans = planFixes(applicable(findings, unsafe), (p) => session.text(p)).filter((p) => p.fixed.length > 0);
  const diff = plans.map((p) => unifiedDiff(p.path, p.before, p.after)).join("");
  if (opts.output) {
    const target = resolve(io.cwd, String(opts.output));
    writeReport(target, diff);
  } else io.stdout.write(diff);
  const fixed = plans.reduce((n, p) => n + p.fixed.length, 0);
  const later = plans.reduce((n, p) => n + p.deferred.length, 0);
  const unsafeOnly = unsafe ? 0 : findings.filter((f) => f.fix?.safety === "unsafe" && !f.suppression).length;
  io.stderr.write(
    `pysast: --fix would fix ${plural(fixed, "finding")} in ${plural(plans.length, "file")}` +
      `${later > 0 ? `, and ${later} overlapping fix${later === 1 ? "" : "es"} in a second pass` : ""}` +
      `${unsafeOnly > 0 ? `; ${unsafeOnly} more with --unsafe-fixes` : ""}; nothing was written\n`,
  );
  if (opts.exitZero) return 0;
  return exitCodeFor([...findings], failOn);
}

/** Python source names: what pysast scans, so never what it writes a report over. */
const SOURCE_NAME = /\.pyi?$/i;

/**
 * Refuses a report, baseline or dry-run file that would replace a Python source: the file named, or the
 * file a symbolic link at that name points to.
 */
function refuseSourceTarget(option: string, given: string, file: string): void {
  let real = file;
  try {
    real = realpathSync(file);
  } catch {
    return; // nothing there yet: nothing to overwrite
  }
  if (SOURCE_NAME.test(file) || SOURCE_NAME.test(real)) {
    throw new UsageError(`${option} ${given}: refusing to write over a Python source file (${real}); choose a report name such as report.sarif`);
  }
}

/** Writes `pieces` to `file` (created or truncated) in writes of about a megabyte. */
function writePieces(file: string, pieces: Iterable<string>): void {
  const fd = openSync(file, "w");
  try {
    let batch: string[] = [];
    let size = 0;
    const flush = () => {
      const bytes = Buffer.from(batch.join(""));
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      batch = [];
      size = 0;
    };
    for (const piece of pieces) {
      batch.push(piece);
      size += piece.length;
      if (size >= 1 << 20) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
}

/** Writes a report file (whole, or given in pieces), creating its folder one level at a time; failures are a WriteError (exit 2). */
function writeReport(file: string, data: string | Iterable<string>): void {
  makeDirs(dirname(file));
  try {
    if (typeof data === "string") writeFileSync(file, data);
    else writePieces(file, data);
  } catch (err) {
    throw new WriteError(`cannot write the report ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}); choose another --output path`);
  }
}

/** `pysast suppress`: writes a suppression comment for each unsuppressed finding of the chosen rules. */
async function writeSuppressions(findings: Finding[], sources: Map<string, string>, opts: Record<string, unknown>, root: string, io: CliIO): Promise<number> {
  const selectors = new RuleSelectors(allRules.map((r) => r.meta));
  const wanted = new Set<string>();
  for (const name of (opts.rule as string[] | undefined) ?? ["ALL"]) {
    const resolved = selectors.resolve(name);
    if (!resolved) throw new UsageError(`--rule: unknown rule "${name}"; run \`pysast rules\` to list them`);
    for (const id of resolved.ids) wanted.add(id);
  }
  const reason = opts.reason === undefined ? undefined : String(opts.reason).replace(/[\r\n]+/g, " ").trim() || undefined;
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) if (!f.suppression && wanted.has(f.ruleId)) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
  const parser = new PythonParser(await loadPython());
  let comments = 0;
  let files = 0;
  try {
    for (const [path, fileFindings] of byFile) {
      const plan = planSuppressions(fileFindings, sources.get(path) ?? "", parser);
      const target = join(root, path);
      const updated = applySuppressions(readFileSync(target), plan, reason);
      if (!updated) {
        io.stderr.write(`pysast: ${path}: not changed: the reason is not ASCII and the file is not UTF-8; use an ASCII --reason\n`);
        continue;
      }
      if (opts.dryRun) for (const [line, ids] of [...plan].sort((a, b) => a[0] - b[0])) io.stdout.write(`${path}:${line}: # pysast: ignore[${[...ids].join(", ")}]\n`);
      else writeFileSync(target, updated);
      comments += plan.size;
      files++;
    }
  } finally {
    parser.delete();
  }
  const verb = opts.dryRun ? "would add" : "added";
  io.stderr.write(`pysast: ${verb} ${comments} suppression comment${comments === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}\n`);
  return 0;
}

function withoutInlineSuppressed(result: ScanResult): ScanResult {
  return { ...result, findings: result.findings.filter((f) => f.suppression?.kind !== "inline") };
}

/**
 * The command line's selection, as the last layer over every folder's config (as Ruff does): `--select` replaces the
 * files' `select` and `extend-select`; `--extend-select`, `--ignore` and `--extend-ignore` add to the files' lists.
 */
function commandLineSelection(opts: Record<string, unknown>): PysastConfig {
  const list = (key: string) => {
    const value = opts[key] as string[] | undefined;
    return value && value.length > 0 ? value : undefined;
  };
  const ignore = [...(list("ignore") ?? []), ...(list("extendIgnore") ?? [])];
  return { ...optional("select", list("select")), ...optional("extendSelect", list("extendSelect")), ...(ignore.length > 0 ? { extendIgnore: ignore } : {}) };
}

/** `{ [key]: value }`, or nothing when the value is undefined (for optional properties). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const COUNTED_LEVELS: MinLevel[] = ["note", "warning", "error"];
const COUNTED_PRECISIONS: MinPrecision[] = ["low", "medium", "high"];

/** The lowest level reported, from the command line: --min-level, else Bandit's -l count. */
function minLevelFlag(opts: Record<string, unknown>): MinLevel | undefined {
  if (opts.minLevel !== undefined) return MIN_LEVEL_WORDS[String(opts.minLevel)]!;
  const count = Number(opts.levelCount ?? 0);
  return count > 0 ? COUNTED_LEVELS[Math.min(count, 3) - 1]! : undefined;
}

/** The lowest rule precision reported, from the command line: --min-precision, else Bandit's -i count. */
function minPrecisionFlag(opts: Record<string, unknown>): MinPrecision | undefined {
  if (opts.minPrecision !== undefined) return opts.minPrecision as MinPrecision;
  const count = Number(opts.precisionCount ?? 0);
  return count > 0 ? COUNTED_PRECISIONS[Math.min(count, 3) - 1]! : undefined;
}

/**
 * Whether `target` (absolute) is one of `files`, by real path. Only the files with the target's inode (from their
 * discovery stamp) have theirs resolved: one realpath per scanned file cost ~0.1 s on the standard library.
 */
function scannedFileAt(files: readonly DiscoveredFile[], target: string): boolean {
  let st;
  try {
    st = statSync(target);
  } catch {
    // no such file (yet): only a scanned file that has gone since and had this very path can be it
    return files.some((f) => f.abs === target && realpathOr(f.abs) === target);
  }
  const real = realpathOr(target);
  const inode = `:${st.ino}:${st.dev}`;
  return files.some((f) => (f.stamp === undefined || f.stamp.endsWith(inode)) && realpathOr(f.abs) === real);
}

/**
 * pysast never writes a report over a file it scans. A report file the command line names there stops the run before
 * the scan; one from a config file is dropped with a warning (its report goes to standard output instead).
 * `--write-baseline` is held to the same rule.
 */
function refuseScannedOutputs(targets: OutputTarget[], files: readonly DiscoveredFile[], opts: Record<string, unknown>, io: CliIO, notes: Notification[]): OutputTarget[] {
  const isScanned = (path: string) => scannedFileAt(files, resolve(io.cwd, path));
  if (opts.writeBaseline !== undefined && isScanned(String(opts.writeBaseline))) {
    throw new UsageError(`--write-baseline ${String(opts.writeBaseline)}: that is a file pysast scans; write the baseline to another file`);
  }
  const fromCommandLine = commandLineNamesOutputs(io.argv);
  const kept: OutputTarget[] = [];
  for (const target of targets) {
    if (target.path === undefined || !isScanned(target.path)) {
      kept.push(target);
      continue;
    }
    if (fromCommandLine) throw new UsageError(`--output ${target.path}: that is a file pysast scans; write the ${target.format} report to another file`);
    const message = `output ${shownFrom(io.cwd, target.path)} from the config file is ignored: it is a file pysast scans, and pysast never writes over one; the ${target.format} report goes to standard output instead`;
    notes.push({ kind: "config", level: "warning", message });
    // a machine-readable report on standard output carries the notice inside it, where nobody reads it at the terminal
    if (target.format !== "text") io.stderr.write(`pysast: warning: ${message}\n`);
    kept.push({ format: target.format });
  }
  return kept;
}

/** A path as the user sees it: relative to the working directory when below it, else in full. */
function shownFrom(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/** A path relative to the root, with forward slashes (the form finding paths take). */
function relativePath(root: string, abs: string): string {
  let real = abs;
  try {
    real = realpathSync(abs);
  } catch {
    // a named file that does not exist is caught earlier ("path not found")
  }
  return relative(root, real).split(/[\\/]/).join("/");
}

/** The scan root relative to the GitHub workspace, which annotation paths must be relative to. */
function githubPrefix(env: NodeJS.ProcessEnv, root: string): string {
  const workspace = env.GITHUB_WORKSPACE;
  if (!workspace) return "";
  const rel = relative(realpathOr(workspace), root);
  return rel.startsWith("..") || isAbsolute(rel) ? "" : rel.split(/[\\/]/).join("/");
}

function colorWanted(io: CliIO, toFile: boolean): boolean {
  if (toFile) return false;
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== "0") return true;
  return Boolean(io.stdout.isTTY) && pc.isColorSupported;
}
