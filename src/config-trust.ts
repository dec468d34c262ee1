/**
 * Who may configure what. pysast scans code its user does not trust, and a repository's own config file
 * (`.pysast.toml`, `pyproject.toml`) is part of that code. So settings come from two kinds of place:
 *
 * - **the user**: the command line, the environment, and the user's own config file
 *   (`$XDG_CONFIG_HOME/pysast/config.toml`, by default `~/.config/pysast/config.toml`), or a file named
 *   with `--config` that lies outside the scanned repository. These may set every key.
 * - **the repository**: the config file found by searching upwards from the scan root, or a `--config`
 *   file inside the scanned tree. It may set only the keys classified "project" below; any other key it
 *   sets is ignored with a warning naming the file and the key.
 *
 * `docs/security.md` explains the threat model; `docs/configuration.md` lists where each key may come from.
 */
import { existsSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { CONFIG_KEYS, loadConfig, loadConfigFile, type PysastConfig } from "./config.js";
import type { Notification } from "./types.js";

/** "project": a repository may set it. "user": only the user may (the string says why, for the warning). */
export type KeyTrust = { trust: "project" } | { trust: "user"; because: string };

const PROJECT: KeyTrust = { trust: "project" };
const user = (because: string): KeyTrust => ({ trust: "user", because });

/**
 * THE trust rule: which keys a repository's own config may set. Every key of the config (`CONFIG_KEYS`)
 * must be listed here — tests/config-trust.test.ts fails when one is missing, and an unlisted key is
 * treated as "user" at run time. When you add a key, classify it:
 * - "project" only when it tunes what pysast looks for in the repository's own code (rules, paths,
 *   levels) and its effect stays visible in the report or the repository's own diff;
 * - "user" when it could send data off the machine, choose where pysast writes outside the repository,
 *   spend the user's money or time, or decide whether a finding is hidden.
 */
export const KEY_TRUST: Readonly<Record<string, KeyTrust>> = {
  select: PROJECT,
  "extend-select": PROJECT,
  ignore: PROJECT,
  "extend-ignore": PROJECT,
  "per-file-ignores": PROJECT,
  "extend-per-file-ignores": PROJECT,
  exclude: PROJECT,
  "extend-exclude": PROJECT,
  // display filters, like ignore: visible in the repository's config diff and counted nowhere else
  "min-level": PROJECT,
  "min-precision": PROJECT,
  "fail-on": PROJECT,
  "max-file-size": PROJECT,
  "include-local-sources": PROJECT,
  // raises levels only: without it, pattern findings in test code are notes
  "tests-as-code": PROJECT,
  category: PROJECT,
  "triage.enabled": user("it would send the repository's code to an LLM with your API key"),
  "triage.base-url": user("it decides where the code and your API key are sent"),
  "triage.cache-dir": user("it decides where pysast writes and which cached verdicts it trusts"),
  "triage.model": user("it decides which model reads the code and what it costs you"),
  "triage.action": user("it decides whether triage verdicts hide findings"),
  "triage.threshold": user("it decides how sure a verdict must be to hide a finding"),
  "triage.concurrency": user("it decides how hard your API key is used"),
  "triage.max-findings": user("it decides how much triage costs you"),
  "triage.timeout": user("it decides how long a scan may wait on the network"),
};

/** Whether a repository's own config file may set `key` (TOML spelling, e.g. `triage.base-url`). */
export function repositoryMaySet(key: string): boolean {
  return KEY_TRUST[key]?.trust === "project";
}

/** The user's own config file: `$XDG_CONFIG_HOME/pysast/config.toml`, else `~/.config/pysast/config.toml`. */
export function userConfigFile(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir(), ".config");
  return join(base, "pysast", "config.toml");
}

export interface EffectiveConfig {
  /** Project keys from the repository over the user's file; everything else from the user's file only. */
  config: PysastConfig;
  /** The repository's config file (or the `--config` file), when one was read. */
  file?: string;
  /** The user's config file, when it exists. */
  userFile?: string;
  /** The file each top-level key came from (globs are anchored at their file's folder). */
  origin: Partial<Record<keyof PysastConfig, string>>;
  /** Warnings for keys a repository tried to set. */
  notifications: Notification[];
}

export interface LoadOptions {
  /** The scan root (the repository's config is searched upwards from it). */
  root: string;
  cwd: string;
  env: Record<string, string | undefined>;
  /** `--config FILE`, as given. */
  explicit?: string;
  /** False with `--no-repo-config`: the repository's own config file is not read. */
  repositoryConfig?: boolean;
}

/** Loads the user's config and the repository's config and applies the trust rule (see the module comment). */
export async function loadEffectiveConfig(opts: LoadOptions): Promise<EffectiveConfig> {
  const userPath = userConfigFile(opts.env);
  const userFile = existsSync(userPath) ? userPath : undefined;
  const fromUser = userFile ? (await loadConfigFile(userFile)).config : {};

  let repo: { config: PysastConfig; file?: string; notice?: string } = { config: {} };
  let repoTrusted = false;
  if (opts.explicit !== undefined) {
    repo = await loadConfigFile(resolve(opts.cwd, opts.explicit));
    repoTrusted = !insideRepository(repo.file!, opts.root);
  } else if (opts.repositoryConfig !== false) {
    repo = await loadConfig(opts.root);
  }

  const notifications: Notification[] = [];
  if (repo.notice) notifications.push({ kind: "config", level: "note", message: repo.notice, ...(repo.file ? { path: shownPath(repo.file, opts.root) } : {}) });
  const repoConfig = repo.file && !repoTrusted ? withoutUserKeys(repo.config, repo.file, opts.root, notifications, userPath) : repo.config;

  const origin: EffectiveConfig["origin"] = {};
  const config: PysastConfig = {};
  for (const [source, file] of [
    [fromUser, userFile],
    [repoConfig, repo.file],
  ] as const) {
    for (const [field, value] of Object.entries(source) as [keyof PysastConfig, unknown][]) {
      if (value === undefined) continue;
      if (field === "triage") {
        config.triage = { ...config.triage, ...(value as PysastConfig["triage"]) };
        continue;
      }
      (config as Record<string, unknown>)[field] = value;
      if (file) origin[field] = file;
    }
  }
  if (config.triage && Object.keys(config.triage).length === 0) delete config.triage;
  return { config, ...(repo.file ? { file: repo.file } : {}), ...(userFile ? { userFile } : {}), origin, notifications };
}

/** A copy of a repository's config without the keys it may not set, with one warning per key dropped. */
export function withoutUserKeys(config: PysastConfig, file: string, root: string, notifications: Notification[], userFile = "~/.config/pysast/config.toml"): PysastConfig {
  const out = structuredClone(config) as Record<string, unknown>;
  for (const { key, field } of CONFIG_KEYS) {
    const holder = field.slice(0, -1).reduce<Record<string, unknown> | undefined>((o, f) => o?.[f] as Record<string, unknown> | undefined, out);
    const last = field[field.length - 1]!;
    if (!holder || holder[last] === undefined || repositoryMaySet(key)) continue;
    delete holder[last];
    const trust = KEY_TRUST[key];
    const because = trust?.trust === "user" ? trust.because : "it is not known to be safe for a repository to set";
    notifications.push({
      kind: "config",
      level: "warning",
      path: shownPath(file, root),
      message: `${shownPath(file, root)}: ${section(file, key)} is ignored: a repository's own configuration may not set it, because ${because}; pass ${flagFor(key)} on the command line or set it in your own config file (${userFile})`,
    });
  }
  if (isEmptyTable(out.triage)) delete out.triage;
  return out as PysastConfig;
}

function section(file: string, key: string): string {
  const pyproject = file.endsWith("pyproject.toml");
  const dot = key.lastIndexOf(".");
  if (dot < 0) return pyproject ? `[tool.pysast] ${key}` : key;
  const table = key.slice(0, dot);
  return `${pyproject ? `[tool.pysast.${table}]` : `[${table}]`} ${key.slice(dot + 1)}`;
}

/** The command-line flag that sets a key (triage keys are `--triage-<name>`, `enabled` is `--triage`). */
function flagFor(key: string): string {
  if (key === "triage.enabled") return "--triage";
  return `--${key.replace(/^triage\./, "triage-")}`;
}

function isEmptyTable(v: unknown): boolean {
  return typeof v === "object" && v !== null && Object.keys(v).length === 0;
}

function shownPath(file: string, root: string): string {
  const rel = relative(root, file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : file;
}

/** True when `file` lies in the scanned tree: under the scan root or the git work tree that holds it. */
export function insideRepository(file: string, root: string): boolean {
  const real = realOr(file);
  const rootReal = realOr(root);
  if (within(rootReal, real)) return true;
  for (let d = rootReal; ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return within(d, real);
    if (dirname(d) === d) return false;
  }
}

function within(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

function realOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
