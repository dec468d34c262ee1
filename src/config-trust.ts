/**
 * Who may configure what. pysast scans code its user does not trust, and a repository's own config file
 * (`.pysast.toml`, `pyproject.toml`) is part of that code. So settings come from two kinds of place:
 *
 * - **the user**: the command line, the environment, and the user's own config file
 *   (`$XDG_CONFIG_HOME/pysast/config.toml`, by default `~/.config/pysast/config.toml`), or a file named
 *   with `--config` that lies outside the scanned repository. These may set every key.
 * - **the repository**: the config files found by searching upwards from each scanned file's folder, the files
 *   they `extend`, or a `--config` file inside the scanned tree. They may set only the keys classified "project"
 *   below, and the "project-path" keys only to paths inside the repository; any other key they set is ignored with
 *   a warning naming the file and the key.
 *
 * `docs/security.md` explains the threat model; `docs/configuration.md` lists where each key may come from.
 */
import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { CONFIG_KEYS, type PysastConfig } from "./config.js";
import { splitTyped } from "./outputs.js";
import type { Notification } from "./types.js";

/**
 * "project": a repository may set it. "project-path": a repository may set it to a path inside the repository only.
 * "user": only the user may. The string says why, for the warning.
 */
export type KeyTrust = { trust: "project" } | { trust: "project-path"; because: string } | { trust: "user"; because: string };

const PROJECT: KeyTrust = { trust: "project" };
const user = (because: string): KeyTrust => ({ trust: "user", because });
const projectPath = (because: string): KeyTrust => ({ trust: "project-path", because });

/**
 * THE trust rule: which keys a repository's own config may set. Every key of the config (`CONFIG_KEYS`)
 * must be listed here — tests/config-trust.test.ts fails when one is missing, and an unlisted key is
 * treated as "user" at run time. When you add a key, classify it:
 * - "project" only when it tunes what pysast looks for in the repository's own code (rules, paths,
 *   levels) or how the report is shown, and its effect stays visible in the report or the repository's own diff;
 * - "project-path" for a path that is harmless inside the repository (its contents are in the repository's diff)
 *   but would read or write elsewhere on the machine;
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
  "include-parameter-sources": PROJECT,
  // raises levels only: without it, findings in test code are notes
  "tests-as-code": PROJECT,
  category: PROJECT,
  // the report's shape and where it goes inside the repository (never over a scanned file: src/cli-main.ts)
  format: PROJECT,
  output: projectPath("it decides where pysast writes on this machine"),
  // threads on this machine, at most 64: it changes how long the scan takes, never what it finds
  jobs: PROJECT,
  extend: projectPath("it would read settings from a file the repository's own diff does not show"),
  baseline: projectPath("a baseline hides the findings it lists, and one outside the repository is not part of the repository's diff"),
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

/** Whether a repository's own config file may set `key` (TOML spelling, e.g. `triage.base-url`), for "project-path" keys to a path inside it. */
export function repositoryMaySet(key: string): boolean {
  const trust = KEY_TRUST[key]?.trust;
  return trust === "project" || trust === "project-path";
}

/** The user's own config file: `$XDG_CONFIG_HOME/pysast/config.toml`, else `~/.config/pysast/config.toml`. */
export function userConfigFile(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir(), ".config");
  return join(base, "pysast", "config.toml");
}

/** A copy of a repository's config without the keys it may not set, with one warning per key dropped. */
export function withoutUserKeys(config: PysastConfig, file: string, root: string, notifications: Notification[], userFile = "~/.config/pysast/config.toml"): PysastConfig {
  const out = structuredClone(config) as Record<string, unknown>;
  const warn = (key: string, why: string) =>
    notifications.push({
      kind: "config",
      level: "warning",
      path: shownPath(file, root),
      message: `${shownPath(file, root)}: ${section(file, key)} is ignored: ${why}; ${remedy(key, userFile)}`,
    });
  for (const { key, field } of CONFIG_KEYS) {
    const holder = field.slice(0, -1).reduce<Record<string, unknown> | undefined>((o, f) => o?.[f] as Record<string, unknown> | undefined, out);
    const last = field[field.length - 1]!;
    if (!holder || holder[last] === undefined) continue;
    const trust = KEY_TRUST[key];
    if (trust?.trust === "project") continue;
    if (trust?.trust === "project-path") {
      const values = Array.isArray(holder[last]) ? (holder[last] as string[]) : [holder[last] as string];
      const outside = values.filter((value) => !insideRepository(pathOf(value), root));
      if (outside.length === 0) continue;
      const kept = values.filter((value) => !outside.includes(value));
      if (Array.isArray(holder[last]) && kept.length > 0) holder[last] = kept;
      else delete holder[last];
      warn(key, `a repository's own configuration may set it only to a path inside the repository, because ${trust.because} (${outside.map(pathOf).join(", ")})`);
      continue;
    }
    delete holder[last];
    const because = trust?.trust === "user" ? trust.because : "it is not known to be safe for a repository to set";
    warn(key, `a repository's own configuration may not set it, because ${because}`);
  }
  if (isEmptyTable(out.triage)) delete out.triage;
  return out as PysastConfig;
}

/** The path of a path-valued key (`output` values may start with `FORMAT:`). */
function pathOf(value: string): string {
  return splitTyped(value)?.path ?? value;
}

/** What to do instead, for the warning: the flag that sets the key, or the user's own file. */
function remedy(key: string, userFile: string): string {
  if (key === "extend") return "name that file with --config, or copy its settings into the repository";
  return `pass ${flagFor(key)} on the command line or set it in your own config file (${userFile})`;
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

/**
 * Where a path really leads: the real path of its deepest existing folder, with the rest appended. So a file that does
 * not exist yet (a report to write) below a symbolic link to another place, or a dangling link itself, is judged by
 * where the link points.
 */
export function realOr(path: string, depth = 0): string {
  const absolute = resolve(path);
  const rest: string[] = [];
  for (let p = absolute; ; p = dirname(p)) {
    const below = [...rest].reverse();
    try {
      return join(realpathSync(p), ...below);
    } catch {
      const link = depth < 40 ? danglingTarget(p) : undefined;
      if (link !== undefined) return realOr(join(link, ...below), depth + 1);
      if (dirname(p) === p) return absolute;
      rest.push(basename(p));
    }
  }
}

/** The target of `p` when it is a symbolic link (that realpath could not follow), else undefined. */
function danglingTarget(p: string): string | undefined {
  try {
    return lstatSync(p).isSymbolicLink() ? resolve(dirname(p), readlinkSync(p)) : undefined;
  } catch {
    return undefined;
  }
}
