/**
 * The `--triage*` command-line options and their validation into TriageOptions. Commander gets no
 * defaults, so a value from the config file can fill what the command line leaves unset.
 */
import { Command, Option } from "commander";
import { isAbsolute, resolve } from "node:path";
import { userCacheRoot } from "../cache-store.js";
import type { TriageConfig } from "../config.js";
import { DEFAULT_MODEL } from "./models.js";
import type { TriageAction } from "./policy.js";

export interface TriageOptions {
  enabled: boolean;
  /** From ANTHROPIC_API_KEY; never printed, logged or stored. */
  apiKey?: string;
  baseUrl?: string;
  model: string;
  action: TriageAction;
  threshold: number;
  concurrency: number;
  maxFindings?: number;
  timeoutMs: number;
  /** Wall-clock budget of the whole triage stage (requests, retries and waits), in milliseconds. */
  deadlineMs?: number;
  maxRetries: number;
  /**
   * Verdict cache folder; a relative path is resolved against the scan root; null disables it;
   * undefined means the repository's folder under `cacheRoot` (outside the work tree).
   */
  cacheDir?: string | null;
  /** The user's pysast cache folder (`$XDG_CACHE_HOME/pysast`), which also holds the cache key. */
  cacheRoot?: string;
  /** Absolute path of the JSONL file for `--triage-dry-run`. */
  dryRunFile?: string;
  /** Draw a progress line on stderr (only when it is a TTY). */
  progress: boolean;
}

/** The `[tool.pysast.triage]` settings, as the config loader validates them. */
export type TriageConfigDefaults = TriageConfig;

export const TRIAGE_DEFAULTS = {
  model: DEFAULT_MODEL,
  action: "annotate" as TriageAction,
  threshold: 0.8,
  concurrency: 4,
  timeoutMs: 120_000,
  deadlineMs: 300_000,
  maxRetries: 4,
};

/** A bad `--triage*` value; the message names the option and what is expected. */
export class TriageOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TriageOptionsError";
  }
}

/** Adds the `--triage*` options to a command (e.g. `scan`). */
export function addTriageOptions(cmd: Command): Command {
  return cmd
    .option("--triage", "ask Claude to judge each finding (needs ANTHROPIC_API_KEY; sends code, see docs/triage.md)")
    .option("--triage-model <id>", `Claude model id (default: ${TRIAGE_DEFAULTS.model})`)
    .option("--triage-base-url <url>", "Messages API base URL, e.g. a proxy (default: $ANTHROPIC_BASE_URL or https://api.anthropic.com)")
    .addOption(
      new Option("--triage-action <action>", "what a confident false-positive verdict does (default: annotate)").choices([
        "annotate",
        "suppress",
        "drop",
      ]),
    )
    .option("--triage-threshold <0..1>", `minimum confidence for suppress/drop (default: ${TRIAGE_DEFAULTS.threshold})`)
    .option("--triage-concurrency <n>", `parallel requests (default: ${TRIAGE_DEFAULTS.concurrency})`)
    .option("--triage-max-findings <n>", "triage at most this many findings, most severe first; the rest are marked not triaged")
    .option("--triage-timeout <ms>", `per-request timeout in milliseconds (default: ${TRIAGE_DEFAULTS.timeoutMs})`)
    .option("--triage-deadline <seconds>", `stop triaging after this many seconds in all; the rest are reported without a verdict (default: ${TRIAGE_DEFAULTS.deadlineMs / 1000})`)
    .option("--triage-max-retries <n>", `retries per request on 429/5xx/timeouts (default: ${TRIAGE_DEFAULTS.maxRetries})`)
    .option("--triage-cache-dir <dir>", "verdict cache folder (default: a folder per repository under $XDG_CACHE_HOME/pysast, outside the work tree)")
    .option("--no-triage-cache", "neither read nor write the verdict cache")
    .option("--triage-dry-run <file.jsonl>", "write the request bodies that would be sent to a JSONL file and send nothing");
}

export interface TriageOptionContext {
  /** Folder that relative command-line paths are resolved against. */
  cwd?: string;
  /** Settings from the project's config file, used where the command line is silent. */
  config?: TriageConfigDefaults;
  /** Whether stderr is a terminal (for the progress line). */
  stderrIsTTY?: boolean;
}

/**
 * Validates parsed `--triage*` values (from addTriageOptions) and the environment into
 * TriageOptions. Precedence: command line, then environment (base URL), then config, then defaults.
 */
export function triageOptionsFrom(
  parsed: Record<string, unknown>,
  env: NodeJS.ProcessEnv | Record<string, string | undefined>,
  context: TriageOptionContext = {},
): TriageOptions {
  const cwd = context.cwd ?? process.cwd();
  const config = context.config ?? {};
  const dryRun = parsed.triageDryRun as string | undefined;
  const enabled = parsed.triage === true || dryRun !== undefined || (parsed.triage === undefined && config.enabled === true);

  const model = (parsed.triageModel as string | undefined) ?? config.model ?? TRIAGE_DEFAULTS.model;
  if (!/^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/.test(model)) {
    throw new TriageOptionsError(`--triage-model: "${model}" is not a model id; use e.g. ${TRIAGE_DEFAULTS.model}`);
  }
  const action = (parsed.triageAction as TriageAction | undefined) ?? config.action ?? TRIAGE_DEFAULTS.action;
  if (!["annotate", "suppress", "drop"].includes(action)) {
    throw new TriageOptionsError(`--triage-action: "${action}" is not one of annotate, suppress, drop`);
  }
  const threshold = numberFrom(parsed.triageThreshold, "--triage-threshold", config.threshold, TRIAGE_DEFAULTS.threshold);
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new TriageOptionsError(`--triage-threshold: ${threshold} is outside 0..1; use e.g. 0.8`);
  }
  const concurrency = integerFrom(parsed.triageConcurrency, "--triage-concurrency", config.concurrency, TRIAGE_DEFAULTS.concurrency, 1, 64);
  const maxFindingsRaw = parsed.triageMaxFindings ?? config.maxFindings;
  const maxFindings = maxFindingsRaw === undefined ? undefined : integerFrom(maxFindingsRaw, "--triage-max-findings", undefined, 0, 0, 1_000_000);
  const timeoutMs = integerFrom(parsed.triageTimeout, "--triage-timeout", config.timeoutMs, TRIAGE_DEFAULTS.timeoutMs, 1000, 3_600_000, " (milliseconds, e.g. 60000 for a minute)");
  const deadlineMs =
    1000 * integerFrom(parsed.triageDeadline, "--triage-deadline", undefined, TRIAGE_DEFAULTS.deadlineMs / 1000, 1, 86_400, " (seconds, e.g. 300 for five minutes)");
  const maxRetries = integerFrom(parsed.triageMaxRetries, "--triage-max-retries", undefined, TRIAGE_DEFAULTS.maxRetries, 0, 10);

  const fromCli = parsed.triageBaseUrl as string | undefined;
  const fromEnv = nonEmpty(env.ANTHROPIC_BASE_URL);
  const baseUrl = fromCli ?? fromEnv ?? config.baseUrl;
  if (baseUrl !== undefined) {
    const where = fromCli !== undefined ? "--triage-base-url" : fromEnv !== undefined ? "ANTHROPIC_BASE_URL" : "base-url in your config file";
    const problem = baseUrlProblem(baseUrl);
    if (problem) throw new TriageOptionsError(`${where}: ${problem}`);
  }

  let cacheDir: string | null | undefined;
  if (parsed.triageCache === false) cacheDir = null;
  else if (typeof parsed.triageCacheDir === "string") {
    if (parsed.triageCacheDir.trim() === "") throw new TriageOptionsError("--triage-cache-dir: the folder name is empty");
    cacheDir = resolve(cwd, parsed.triageCacheDir);
  } else cacheDir = config.cacheDir;

  if (dryRun !== undefined && dryRun.trim() === "") throw new TriageOptionsError("--triage-dry-run: the file name is empty");
  const apiKey = nonEmpty(env.ANTHROPIC_API_KEY);
  return {
    enabled,
    ...(apiKey ? { apiKey } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    model,
    action,
    threshold,
    concurrency,
    ...(maxFindings !== undefined ? { maxFindings } : {}),
    timeoutMs,
    deadlineMs,
    maxRetries,
    ...(cacheDir !== undefined ? { cacheDir } : {}),
    cacheRoot: userCacheRoot(env),
    ...(dryRun !== undefined ? { dryRunFile: isAbsolute(dryRun) ? dryRun : resolve(cwd, dryRun) } : {}),
    progress: context.stderrIsTTY === true,
  };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== "" ? v.trim() : undefined;
}

/**
 * Why a Messages API base URL is refused, or undefined when it is fine: the API key and the code travel
 * to it, so it must be HTTPS; plain HTTP only to this machine (a local gateway or test server).
 */
export function baseUrlProblem(v: string): string | undefined {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return `"${v}" is not an http:// or https:// URL`;
  }
  if (u.protocol === "https:") return undefined;
  if (u.protocol !== "http:") return `"${v}" is not an http:// or https:// URL`;
  if (isLoopbackHost(u.hostname)) return undefined;
  return `"${v}" is plain HTTP to another machine: the API key and the code would travel unencrypted; use https:// (plain http:// is accepted only for localhost, 127.0.0.0/8 and [::1])`;
}

function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1") return true;
  return /^127(?:\.\d{1,3}){3}$/.test(h);
}

function numberFrom(raw: unknown, flag: string, fallback: number | undefined, dflt: number): number {
  if (raw === undefined) return fallback ?? dflt;
  const n = typeof raw === "number" ? raw : Number(String(raw).trim());
  if (String(raw).trim() === "" || !Number.isFinite(n)) throw new TriageOptionsError(`${flag}: "${String(raw)}" is not a number`);
  return n;
}

function integerFrom(raw: unknown, flag: string, fallback: number | undefined, dflt: number, min: number, max: number, hint = ""): number {
  const n = numberFrom(raw, flag, fallback, dflt);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new TriageOptionsError(`${flag}: ${String(raw ?? n)} must be a whole number from ${min} to ${max}${hint}`);
  }
  return n;
}
