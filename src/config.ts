/**
 * Project configuration: `.pysast.toml` (top-level keys) or `[tool.pysast]` in `pyproject.toml`, found by
 * walking up from the scan root; validated strictly so a typo is an error naming the key and the file.
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { parse as parseToml, TomlError } from "smol-toml";
import { foreignCheck, foreignCodesWithPrefix } from "./foreign-checks.js";
import { FORMATS, splitTyped, type Format } from "./outputs.js";

export type FailOn = "error" | "warning" | "note" | "none";
export type MinLevel = "error" | "warning" | "note";
export type MinPrecision = "very-high" | "high" | "medium" | "low";
export type TriageAction = "annotate" | "suppress" | "drop";

/** The `[tool.pysast.triage]` settings; absent keys mean "use the CLI's default". */
export interface TriageConfig {
  enabled?: boolean;
  model?: string;
  action?: TriageAction;
  /** Minimum false-positive confidence (0–1) before `suppress`/`drop` act. */
  threshold?: number;
  concurrency?: number;
  maxFindings?: number;
  /** Per-request timeout in milliseconds (written in the file as `timeout`, in seconds). */
  timeoutMs?: number;
  /** Absolute path: a relative `cache-dir` is resolved against the config file's folder. */
  cacheDir?: string;
  baseUrl?: string;
}

/** The validated configuration; every key is optional so CLI flags can tell "unset" from a value. */
export interface PysastConfig {
  select?: string[];
  /** Added to `select` (or to every rule when `select` is unset) — Ruff's `extend-select`. */
  extendSelect?: string[];
  ignore?: string[];
  extendIgnore?: string[];
  /** Glob → rule ids or aliases ignored in matching files. */
  perFileIgnores?: Record<string, string[]>;
  extendPerFileIgnores?: Record<string, string[]>;
  exclude?: string[];
  extendExclude?: string[];
  /** Findings below this level are not reported (Bandit's `-l/-ll/-lll`). */
  minLevel?: MinLevel;
  /** Findings of rules below this precision are not reported (Bandit's `-i/-ii/-iii`). */
  minPrecision?: MinPrecision;
  failOn?: FailOn;
  /** Bytes. */
  maxFileSize?: number;
  includeLocalSources?: boolean;
  /** Library mode: parameters of public functions are sources. */
  includeParameterSources?: boolean;
  testsAsCode?: boolean;
  category?: string;
  triage?: TriageConfig;
  /** Absolute path of the config file this one extends (written relative to the file). */
  extend?: string;
  /** Absolute path of a SARIF baseline (written relative to the file). */
  baseline?: string;
  /** The report format when the command line names no --format/--output. */
  format?: Format;
  /** Report files (`PATH` or `FORMAT:PATH`, the path made absolute) when the command line names no --format/--output. */
  output?: string[];
  /** Worker threads (1–64). */
  jobs?: number;
}

/** A configuration problem the user must fix; the message names the file and the key. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

const CONFIG_FILE = ".pysast.toml";
const PYPROJECT = "pyproject.toml";

/** Finds and validates the nearest `.pysast.toml` or `pyproject.toml` with `[tool.pysast]` above `startDir`. */
export async function loadConfig(startDir: string): Promise<{ config: PysastConfig; file?: string; notice?: string }> {
  return findConfig(startDir);
}

/**
 * The synchronous search behind `loadConfig`: in each folder from `startDir` upwards, `.pysast.toml`, then a
 * `pyproject.toml` with `[tool.pysast]`; a `[tool.bandit]` table on the way is the fallback when none is found.
 */
export function findConfig(startDir: string): { config: PysastConfig; file?: string; notice?: string } {
  let dir = resolve(startDir);
  if (existsSync(dir)) {
    dir = realpathSync(dir);
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  }
  let bandit: { config: PysastConfig; file: string; notice: string } | undefined;
  for (;;) {
    const dedicated = join(dir, CONFIG_FILE);
    if (existsSync(dedicated)) return { config: parseConfigText(readText(dedicated), dedicated), file: dedicated };
    const pyproject = join(dir, PYPROJECT);
    if (existsSync(pyproject)) {
      const text = readText(pyproject);
      const doc = mayConfigurePysast(text) ? parseTomlText(text, pyproject) : {};
      const table = pysastTable(doc, pyproject);
      if (table !== undefined) return { config: validateTable(table, pyproject), file: pyproject };
      bandit ??= banditFallback(doc, pyproject);
    }
    // The repository root bounds the search so a stray config in a parent folder never applies.
    const parent = dirname(dir);
    if (existsSync(join(dir, ".git")) || parent === dir) return bandit ?? { config: {} };
    dir = parent;
  }
}

/**
 * `[tool.bandit]` read as a fallback when no pysast configuration exists: `tests` → `select`, `skips` → `ignore`,
 * `exclude_dirs` → `exclude` (Bandit ids are pysast selectors). Other Bandit keys configure Bandit's own plugins
 * and have no pysast equivalent.
 */
export function banditFallback(doc: Record<string, unknown>, file: string): { config: PysastConfig; file: string; notice: string } | undefined {
  const tool = doc.tool;
  if (!isTable(tool) || !isTable(tool.bandit)) return undefined;
  const bandit = tool.bandit;
  const ctx: Context = { file, section: "[tool.bandit] " };
  const config: PysastConfig = {};
  const used: string[] = [];
  const list = (key: string) => (bandit[key] === undefined ? undefined : stringList(bandit[key], key, ctx));
  const tests = list("tests");
  const skips = list("skips");
  const excludeDirs = list("exclude_dirs");
  if (tests?.length) {
    config.select = tests;
    used.push("tests → select");
  }
  if (skips?.length) {
    config.ignore = skips;
    used.push("skips → ignore");
  }
  if (excludeDirs?.length) {
    config.exclude = excludeDirs.map((d) => d.replace(/^\.\//, ""));
    used.push("exclude_dirs → exclude");
  }
  if (used.length === 0) return undefined;
  const notice = `${display(file)}: no [tool.pysast] table, so pysast read [tool.bandit] instead (${used.join(", ")}); add a [tool.pysast] table to configure pysast itself (docs/migrating-from-bandit.md)`;
  return { config, file, notice };
}

export async function loadConfigFile(file: string): Promise<{ config: PysastConfig; file: string }> {
  return readConfigFile(file);
}

/** Reads and validates one config file (a `pyproject.toml` must have `[tool.pysast]`). */
export function readConfigFile(file: string): { config: PysastConfig; file: string } {
  const path = resolve(file);
  return { config: parseConfigText(readText(path), path), file: path };
}

/** Parses the text of a config file; `file` decides the layout (pyproject table or top-level keys). */
export function parseConfigText(text: string, file: string): PysastConfig {
  const doc = parseTomlText(text, file);
  if (!isPyproject(file)) return validateTable(doc, file);
  const table = pysastTable(doc, file);
  if (table === undefined) throw new ConfigError(`${display(file)}: has no [tool.pysast] table`, file);
  return validateTable(table, file);
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ConfigError(`${display(file)}: cannot read the config file (${code})`, file);
  }
}

function parseTomlText(text: string, file: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      const reason = err.message.split("\n")[0].replace(/^Invalid TOML document:\s*/, "");
      throw new ConfigError(`${display(file)}:${err.line}:${err.column}: invalid TOML (${reason})`, file);
    }
    throw err;
  }
}

/**
 * Whether a `pyproject.toml` can hold anything pysast reads (`[tool.pysast]`, or `[tool.bandit]` as the
 * fallback), however its tables are spelled (`[tool.pysast]`, dotted keys, inline tables): the names must
 * appear in the text. Another tool's file that is not valid TOML (a cookiecutter template's
 * `{{cookiecutter.project}}/pyproject.toml`, a fixture) is then not pysast's business and does not stop a scan.
 */
export function mayConfigurePysast(text: string): boolean {
  return text.includes("pysast") || text.includes("bandit");
}

function isPyproject(file: string): boolean {
  return basename(file) === PYPROJECT;
}

function pysastTable(doc: Record<string, unknown>, file: string): Record<string, unknown> | undefined {
  const tool = doc.tool;
  if (!isTable(tool) || tool.pysast === undefined) return undefined;
  if (!isTable(tool.pysast)) throw new ConfigError(`${display(file)}: [tool.pysast] must be a table (got ${describe(tool.pysast)})`, file);
  return tool.pysast;
}

/** Paths under the working directory are shown relative to it, others in full. */
export function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === "" || isOutside(rel) ? file : rel;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** How a wrong value is shown in an error: scalars as TOML would spell them, containers by kind. */
function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  if (isTable(value)) return "a table";
  return String(value);
}

type KeyParser<T> = (value: unknown, key: string, ctx: Context) => T;

interface Context {
  file: string;
  /** "[tool.pysast] " / "[tool.pysast.triage] " or "" / "[triage] " for a dedicated file. */
  section: string;
}

function fail(ctx: Context, key: string, expectation: string, value: unknown): never {
  throw new ConfigError(`${display(ctx.file)}: ${ctx.section}${key} ${expectation} (got ${describe(value)})`, ctx.file);
}

function expectation<T>(check: (value: unknown) => T | undefined, text: string): KeyParser<T> {
  return (value, key, ctx) => {
    const parsed = check(value);
    if (parsed === undefined) fail(ctx, key, text, value);
    return parsed;
  };
}

const nonEmptyString = expectation((v) => (typeof v === "string" && v.trim() !== "" ? v : undefined), "must be a non-empty string");
const boolean = expectation((v) => (typeof v === "boolean" ? v : undefined), "must be true or false");

function oneOf<T extends string>(choices: readonly T[]): KeyParser<T> {
  return expectation((v) => (choices.includes(v as T) ? (v as T) : undefined), `must be one of ${choices.join(", ")}`);
}

function wholeNumber(min: number): KeyParser<number> {
  const text = min === 0 ? "must be a whole number, 0 or more" : `must be a whole number, ${min} or more`;
  return expectation((v) => (typeof v === "number" && Number.isInteger(v) && v >= min ? v : undefined), text);
}

const stringList: KeyParser<string[]> = (value, key, ctx) => {
  if (!Array.isArray(value)) fail(ctx, key, "must be a list of strings", value);
  return value.map((item, i) => nonEmptyString(item, `${key}[${i}]`, ctx));
};

const perFileIgnores: KeyParser<Record<string, string[]>> = (value, key, ctx) => {
  if (!isTable(value)) fail(ctx, key, "must be a table of glob = [rule ids]", value);
  const out: Record<string, string[]> = {};
  for (const [glob, ids] of Object.entries(value)) out[glob] = stringList(ids, `${key}.${JSON.stringify(glob)}`, ctx);
  return out;
};

const size = expectation((v) => {
  try {
    return typeof v === "number" || typeof v === "string" ? parseSize(v) : undefined;
  } catch {
    return undefined;
  }
}, 'must be a positive number of bytes or a size such as "5MB"');

const threshold = expectation((v) => (typeof v === "number" && v >= 0 && v <= 1 ? v : undefined), "must be a number from 0 to 1");
const seconds = expectation((v) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v * 1000 : undefined), "must be a positive number of seconds");
const httpUrl = expectation((v) => (typeof v === "string" && /^https?:\/\/[^\s/]+/i.test(v) ? v : undefined), "must be an http:// or https:// URL");

const cacheDir: KeyParser<string> = (value, key, ctx) => resolve(dirname(ctx.file), nonEmptyString(value, key, ctx));

/** A path written relative to the config file's folder, made absolute. */
const configPath: KeyParser<string> = cacheDir;

/** `output = "report.sarif"`, `"sarif:report.sarif"` or a list of those; paths made absolute against the file's folder. */
const outputs: KeyParser<string[]> = (value, key, ctx) => {
  const list = typeof value === "string" ? [nonEmptyString(value, key, ctx)] : stringList(value, key, ctx);
  return list.map((spec) => {
    let typed: ReturnType<typeof splitTyped>;
    try {
      typed = splitTyped(spec);
    } catch {
      fail(ctx, key, "must name a file after FORMAT:", spec);
    }
    if (typed) return `${typed.format}:${resolve(dirname(ctx.file), typed.path!)}`;
    return resolve(dirname(ctx.file), spec);
  });
};

const jobs = expectation((v) => (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 64 ? v : undefined), "must be a whole number from 1 to 64");

const TRIAGE_KEYS: Record<string, [keyof TriageConfig, KeyParser<unknown>]> = {
  enabled: ["enabled", boolean],
  model: ["model", nonEmptyString],
  action: ["action", oneOf(["annotate", "suppress", "drop"] as const)],
  threshold: ["threshold", threshold],
  concurrency: ["concurrency", wholeNumber(1)],
  "max-findings": ["maxFindings", wholeNumber(0)],
  timeout: ["timeoutMs", seconds],
  "cache-dir": ["cacheDir", cacheDir],
  "base-url": ["baseUrl", httpUrl],
};

const triage: KeyParser<TriageConfig> = (value, key, ctx) => {
  if (!isTable(value)) fail(ctx, key, "must be a table", value);
  const inner: Context = { file: ctx.file, section: isPyproject(ctx.file) ? "[tool.pysast.triage] " : "[triage] " };
  return readKeys(value, TRIAGE_KEYS, inner) as TriageConfig;
};

/** Bandit's severity words are accepted for `min-level` (low = note, medium = warning, high = error). */
const minLevel = expectation((v) => {
  const word = typeof v === "string" ? v.toLowerCase() : undefined;
  return word === undefined ? undefined : MIN_LEVEL_WORDS[word];
}, "must be one of error, warning, note (or Bandit's high, medium, low)");

/** Bandit's confidence words are accepted for `min-precision`. */
const minPrecision = expectation((v) => {
  const word = typeof v === "string" ? v.toLowerCase() : undefined;
  return word !== undefined && (PRECISIONS as readonly string[]).includes(word) ? (word as MinPrecision) : undefined;
}, "must be one of very-high, high, medium, low");

const TOP_KEYS: Record<string, [keyof PysastConfig, KeyParser<unknown>]> = {
  select: ["select", stringList],
  "extend-select": ["extendSelect", stringList],
  ignore: ["ignore", stringList],
  "extend-ignore": ["extendIgnore", stringList],
  "per-file-ignores": ["perFileIgnores", perFileIgnores],
  "extend-per-file-ignores": ["extendPerFileIgnores", perFileIgnores],
  exclude: ["exclude", stringList],
  "extend-exclude": ["extendExclude", stringList],
  "min-level": ["minLevel", minLevel],
  "min-precision": ["minPrecision", minPrecision],
  "fail-on": ["failOn", oneOf(["error", "warning", "note", "none"] as const)],
  "max-file-size": ["maxFileSize", size],
  "include-local-sources": ["includeLocalSources", boolean],
  "include-parameter-sources": ["includeParameterSources", boolean],
  "tests-as-code": ["testsAsCode", boolean],
  category: ["category", nonEmptyString],
  extend: ["extend", configPath],
  baseline: ["baseline", configPath],
  format: ["format", oneOf(FORMATS)],
  output: ["output", outputs],
  jobs: ["jobs", jobs],
  triage: ["triage", triage],
};

/**
 * Every key a config file can hold, as written in TOML (`triage.base-url`) and where it lands in
 * PysastConfig (`["triage", "baseUrl"]`). src/config-trust.ts classifies each one.
 */
export const CONFIG_KEYS: readonly { key: string; field: readonly string[] }[] = [
  ...Object.entries(TOP_KEYS)
    .filter(([key]) => key !== "triage")
    .map(([key, [field]]) => ({ key, field: [field] })),
  ...Object.entries(TRIAGE_KEYS).map(([key, [field]]) => ({ key: `triage.${key}`, field: ["triage", field] })),
];

function validateTable(table: Record<string, unknown>, file: string): PysastConfig {
  return readKeys(table, TOP_KEYS, { file, section: isPyproject(file) ? "[tool.pysast] " : "" }) as PysastConfig;
}

function readKeys(table: Record<string, unknown>, keys: Record<string, [string, KeyParser<unknown>]>, ctx: Context): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(table)) {
    const spec = Object.hasOwn(keys, key) ? keys[key] : undefined;
    if (spec === undefined) throw unknownKey(key, Object.keys(keys), ctx);
    out[spec[0]] = spec[1](value, key, ctx);
  }
  return out;
}

function unknownKey(key: string, known: string[], ctx: Context): ConfigError {
  // Python users often write snake_case and JS users camelCase; point them at the kebab-case spelling.
  const kebab = key.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/_/g, "-").toLowerCase();
  const hint = known.includes(kebab) ? `did you mean "${kebab}"?` : `expected one of ${known.join(", ")}`;
  return new ConfigError(`${display(ctx.file)}: ${ctx.section}unknown key "${key}" (${hint})`, ctx.file);
}

/** Level names, and Bandit's severity words, to the lowest level a report keeps. */
export const MIN_LEVEL_WORDS: Readonly<Record<string, MinLevel>> = {
  note: "note",
  warning: "warning",
  error: "error",
  low: "note",
  medium: "warning",
  high: "error",
};

/** Precisions from the least to the most precise. */
export const PRECISIONS = ["low", "medium", "high", "very-high"] as const;

const SIZE_UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** Parses a byte count: a positive number, or a string such as "800", "512KB", "5MB", "1.5GiB" (units of 1024). */
export function parseSize(value: string | number): number {
  const match = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value) : null;
  const amount = typeof value === "number" ? value : match ? Number(match[1]) : NaN;
  const unit = match ? SIZE_UNITS[match[2].toLowerCase()] : 1;
  const bytes = Math.round(amount * (unit ?? NaN));
  if (!Number.isFinite(bytes) || bytes <= 0 || (typeof value === "number" && !Number.isInteger(value))) {
    throw new ConfigError(`invalid size ${JSON.stringify(value)}: expected a positive number of bytes or a size such as "512KB" or "5MB"`);
  }
  return bytes;
}

/** The identity of a rule as far as selection is concerned (a RuleMeta satisfies it). */
export interface SelectableRule {
  id: string;
  name?: string;
  cwe?: readonly number[];
  aliases: { bandit?: string | string[]; ruff?: string | string[] };
}

/** Which rules run, and which are silenced for which files. */
export interface RuleSelection {
  enabled(ruleId: string): boolean;
  ignoredForFile(ruleId: string, relPath: string): boolean;
  /** Names that select nothing pysast has (a Bandit or Ruff check without a pysast rule), to report as notices. */
  notices: string[];
}

/** Where config globs are anchored: the config file's folder, translated from paths relative to the scan root. */
export interface SelectionOptions {
  /** The config file the lists came from, named in errors and anchoring `per-file-ignores` globs. */
  file?: string;
  /** The scan root that finding paths are relative to. */
  scanRoot?: string;
}

/**
 * Resolves rule selectors to rule ids. A selector is a rule id (`sql-injection`), a rule name (`SqlInjection`), a
 * Bandit or Ruff code (`B608`, `S608`) or a prefix of one (`S6`, `B3`, `S`), a CWE (`CWE-89`) or `ALL`. Everything is
 * derived from the rules' metadata, so rules added later are selected by the same prefixes and CWEs.
 */
export class RuleSelectors {
  private readonly byName = new Map<string, Set<string>>();
  private readonly aliases: [string, string][] = [];
  private readonly cwes = new Map<number, Set<string>>();
  private readonly all: Set<string>;

  constructor(rules: readonly SelectableRule[]) {
    const add = (map: Map<string | number, Set<string>>, key: string | number, id: string) => {
      const ids = map.get(key) ?? new Set<string>();
      ids.add(id);
      map.set(key, ids);
    };
    for (const rule of rules) {
      add(this.byName as Map<string | number, Set<string>>, rule.id.toLowerCase(), rule.id);
      if (rule.name) add(this.byName as Map<string | number, Set<string>>, rule.name.toLowerCase(), rule.id);
      for (const alias of [rule.aliases.bandit ?? [], rule.aliases.ruff ?? []].flat()) {
        add(this.byName as Map<string | number, Set<string>>, alias.toLowerCase(), rule.id);
        this.aliases.push([alias.toUpperCase(), rule.id]);
      }
      for (const cwe of rule.cwe ?? []) add(this.cwes as Map<string | number, Set<string>>, cwe, rule.id);
    }
    this.all = new Set(rules.map((r) => r.id));
  }

  /**
   * The rule ids a selector names; `undefined` when it names nothing at all (a typo). A Bandit/Ruff code or CWE that
   * no pysast rule covers gives an empty set and a notice.
   */
  resolve(selector: string): { ids: Set<string>; notice?: string } | undefined {
    const key = selector.trim().toLowerCase();
    const exact = this.byName.get(key);
    if (exact) return { ids: exact };
    if (key === "all") return { ids: this.all };
    const cwe = /^cwe-?0*(\d+)$/.exec(key);
    if (cwe) {
      const ids = this.cwes.get(Number(cwe[1])) ?? new Set<string>();
      return ids.size > 0 ? { ids } : { ids, notice: `${selector}: no pysast rule reports CWE-${cwe[1]}` };
    }
    if (/^[a-z]{1,4}\d{0,4}$/.test(key)) {
      const prefix = key.toUpperCase();
      const ids = new Set(this.aliases.filter(([alias]) => alias.startsWith(prefix)).map(([, id]) => id));
      if (ids.size > 0) return { ids };
      const foreign = foreignCheck(prefix);
      if (foreign) return { ids, notice: `${selector}: pysast has no rule for ${foreign.tool}'s ${foreign.code} (${foreign.name})` };
      const codes = foreignCodesWithPrefix(prefix);
      if (codes.length > 0) return { ids, notice: `${selector}: pysast has no rule for the Bandit/Ruff checks ${codes.join(", ")}` };
    }
    return undefined;
  }
}

/**
 * The settings of one source, in the order sources apply to a file: the user's own file, the files `extend` reaches
 * (the extended file first), the nearest config file, the command line. A later layer's key replaces an earlier one's;
 * the `extend-` lists add to the list in force (see `accumulated`).
 */
export interface ConfigLayer {
  config: PysastConfig;
  /** The file the settings came from: it anchors the layer's globs and is named in errors. */
  file?: string;
  /** The command line: errors name the flag (`--select`) instead of a key of a file. */
  cli?: boolean;
}

/** A list key and the `extend-` key that adds to it. */
const EXTENDED_LISTS = {
  select: "extendSelect",
  ignore: "extendIgnore",
  exclude: "extendExclude",
  perFileIgnores: "extendPerFileIgnores",
} as const satisfies Partial<Record<keyof PysastConfig, keyof PysastConfig>>;

type ExtendedList = keyof typeof EXTENDED_LISTS;

/** One contribution to a list: its value, the key it was written under, and the layer it came from. */
export interface ListPart<T> {
  value: T;
  key: string;
  layer: ConfigLayer;
}

/**
 * The parts of a list in force over `layers`: the value of the last layer that sets the key itself, then every
 * `extend-` value from that layer on (from the first layer when none sets it). So a file that sets `select` starts
 * afresh — the `extend-select` of the files it extends is dropped with their `select` — and `extend-select` adds to
 * whatever `select` is in force, as `--select` and `--extend-select` do on the command line.
 */
export function accumulated<K extends ExtendedList>(layers: readonly ConfigLayer[], key: K): { base?: ListPart<NonNullable<PysastConfig[K]>>; extensions: ListPart<NonNullable<PysastConfig[K]>>[] } {
  const extendKey = EXTENDED_LISTS[key];
  let start = -1;
  layers.forEach((layer, i) => {
    if (layer.config[key] !== undefined) start = i;
  });
  const base = start >= 0 ? { value: layers[start]!.config[key]!, key: tomlKey(key), layer: layers[start]! } : undefined;
  const extensions = layers
    .slice(Math.max(start, 0))
    .filter((layer) => layer.config[extendKey] !== undefined)
    .map((layer) => ({ value: layer.config[extendKey] as NonNullable<PysastConfig[K]>, key: tomlKey(extendKey), layer }));
  return { ...(base ? { base } : {}), extensions };
}

/** The value of a plain key over `layers`: the last layer that sets it, with that layer. */
export function lastSet<K extends keyof PysastConfig>(layers: readonly ConfigLayer[], key: K): { value: NonNullable<PysastConfig[K]>; layer: ConfigLayer } | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    const value = layers[i]!.config[key];
    if (value !== undefined) return { value: value as NonNullable<PysastConfig[K]>, layer: layers[i]! };
  }
  return undefined;
}

function tomlKey(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** How a key of a layer is named in an error: `pyproject.toml: [tool.pysast] select`, `.pysast.toml: select`, `--select`. */
function keyLabel(layer: ConfigLayer, key: string): string {
  if (layer.cli) return `--${key.replace(/\..*$/, "")}`;
  if (!layer.file) return key;
  return `${display(layer.file)}: ${isPyproject(layer.file) ? "[tool.pysast] " : ""}${key}`;
}

/**
 * Maps `select`/`extend-select`/`ignore`/`extend-ignore`/`per-file-ignores` onto rule ids. `select` (default: every
 * rule) plus `extend-select`, minus `ignore` and `extend-ignore`. Unknown names are errors, so a typo never silently
 * turns a rule off; a Bandit/Ruff code pysast has no rule for is a notice.
 */
export function resolveRuleSelection(config: PysastConfig, rules: readonly SelectableRule[], options: SelectionOptions = {}): RuleSelection {
  return resolveLayeredSelection([{ config, ...(options.file ? { file: options.file } : {}) }], rules, options.scanRoot);
}

/** `resolveRuleSelection` over several layers (see `ConfigLayer` and `accumulated`); each layer's globs are anchored at its file. */
export function resolveLayeredSelection(layers: readonly ConfigLayer[], rules: readonly SelectableRule[], scanRoot?: string, selectors = new RuleSelectors(rules)): RuleSelection {
  const notices: string[] = [];
  const idsOf = (names: readonly string[], part: { key: string; layer: ConfigLayer }): Set<string> => {
    const out = new Set<string>();
    for (const name of names) {
      const resolved = selectors.resolve(name);
      if (resolved === undefined) {
        throw new ConfigError(
          `${keyLabel(part.layer, part.key)} names an unknown rule "${name}" (not a pysast rule id or name, a Bandit/Ruff code or prefix, or a CWE such as CWE-89; \`pysast rules\` lists them)`,
          part.layer.file,
        );
      }
      if (resolved.notice && !notices.includes(resolved.notice)) notices.push(resolved.notice);
      for (const id of resolved.ids) out.add(id);
    }
    return out;
  };
  const union = (parts: readonly ListPart<string[]>[]) => new Set(parts.flatMap((part) => [...idsOf(part.value, part)]));
  const select = accumulated(layers, "select");
  const selected = select.base ? idsOf(select.base.value, select.base) : undefined;
  const extended = union(select.extensions);
  const ignore = accumulated(layers, "ignore");
  const ignored = union([...(ignore.base ? [ignore.base] : []), ...ignore.extensions]);
  const perFileParts = accumulated(layers, "perFileIgnores");
  const perFile = [...(perFileParts.base ? [perFileParts.base] : []), ...perFileParts.extensions].flatMap((part) =>
    Object.entries(part.value).map(([glob, names]) => ({
      matches: configPathMatcher([glob], part.layer.file, scanRoot),
      ids: idsOf(names, { key: `${part.key}.${JSON.stringify(glob)}`, layer: part.layer }),
    })),
  );
  return {
    enabled: (ruleId) => (selected === undefined || selected.has(ruleId) || extended.has(ruleId)) && !ignored.has(ruleId),
    ignoredForFile: (ruleId, relPath) => perFile.some((entry) => entry.ids.has(ruleId) && entry.matches(relPath)),
    notices,
  };
}

/** The `exclude` and `extend-exclude` globs in force over `layers` as one test, each glob anchored at its own file. */
export function layeredExcludes(layers: readonly ConfigLayer[], scanRoot: string): ((relPath: string) => boolean) | undefined {
  const parts = accumulated(layers, "exclude");
  const tests = [...(parts.base ? [parts.base] : []), ...parts.extensions].map((part) => configPathMatcher(part.value, part.layer.file, scanRoot));
  return tests.length > 0 ? (relPath) => tests.some((test) => test(relPath)) : undefined;
}

/**
 * Compiles config globs (`exclude`, `per-file-ignores`) into a test on scan-root-relative paths. Globs are anchored
 * at the config file's folder; a glob without "/" matches a file or folder name at any depth; a glob matching a folder
 * matches everything below it. Files outside the config folder are matched relative to the scan root.
 */
export function configPathMatcher(globs: readonly string[], configFile?: string, scanRoot?: string): (relPath: string) => boolean {
  const tests = globs.map((glob) => {
    const pattern = glob.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "");
    const isMatch = picomatch(pattern, { dot: true });
    const candidates = pattern.includes("/") ? prefixes : (parts: string[]) => parts;
    return (parts: string[]) => candidates(parts).some((candidate) => isMatch(candidate));
  });
  const rebase = rebaser(configFile, scanRoot);
  return (relPath) => {
    const parts = rebase(relPath.replace(/\\/g, "/")).split("/").filter((p) => p !== "" && p !== ".");
    return parts.length > 0 && tests.some((test) => test(parts));
  };
}

function prefixes(parts: string[]): string[] {
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

/** Turns a scan-root-relative path into one relative to the config file's folder (when it lies inside it). */
function rebaser(configFile: string | undefined, scanRoot: string | undefined): (relPath: string) => string {
  if (configFile === undefined || scanRoot === undefined) return (p) => p;
  const configDir = realOrResolved(dirname(configFile));
  const root = realOrResolved(scanRoot);
  if (root === configDir) return (p) => p;
  return (p) => {
    const rel = relative(configDir, join(root, p));
    return isOutside(rel) ? p : rel.split(sep).join("/");
  };
}

function isOutside(rel: string): boolean {
  return rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
