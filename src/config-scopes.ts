/**
 * Which configuration applies to which file. In a monorepo every package can carry its own `.pysast.toml` or
 * `[tool.pysast]` in its `pyproject.toml`: the nearest one above a file applies to that file, over the user's own
 * config file, and a file can `extend` another (`extend = "../pyproject.toml"`). Keys that are per file by nature
 * (rule selection, ignores, excludes, levels, the fail-on threshold, the size limit) are read per folder; the keys
 * that shape the whole run (`PER_RUN_KEYS`) come from the configuration of the scan root.
 *
 * Every file found in the repository, and every file it extends, goes through the trust rule of
 * src/config-trust.ts on its own, so each warning names the file that set the key.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parse as parseToml } from "smol-toml";
import {
  banditFallback,
  CONFIG_KEYS,
  ConfigError,
  display,
  lastSet,
  layeredExcludes,
  mayConfigurePysast,
  readConfigFile,
  resolveLayeredSelection,
  RuleSelectors,
  type ConfigLayer,
  type FailOn,
  type MinLevel,
  type MinPrecision,
  type PysastConfig,
  type RuleSelection,
  type SelectableRule,
} from "./config.js";
import { insideRepository, realOr, userConfigFile, withoutUserKeys } from "./config-trust.js";
import type { Notification } from "./types.js";

/** Keys read only from the configuration of the scan root: they shape the run, not what is reported for one file. */
export const PER_RUN_KEYS = ["include-local-sources", "include-parameter-sources", "tests-as-code", "category", "baseline", "format", "output", "jobs", "triage"] as const;

export interface ScopeOptions {
  /** The scan root: finding paths are relative to it, and its configuration gives the per-run keys. */
  root: string;
  cwd: string;
  env: Record<string, string | undefined>;
  /** `--config FILE`, as given: it applies to every file instead of the per-folder search. */
  explicit?: string;
  /** False with `--no-repo-config`: no configuration of the repository is read. */
  repositoryConfig?: boolean;
}

/** What one folder's files are scanned and reported with. */
export interface FolderSettings {
  layers: readonly ConfigLayer[];
  selection: RuleSelection;
  /** The folder's `exclude`/`extend-exclude` globs, anchored at their files; undefined when there are none. */
  excludes?: (relPath: string) => boolean;
  minLevel: MinLevel;
  minPrecision: MinPrecision;
  failOn: FailOn;
  /** Bytes; 0 means no limit. */
  maxFileSize: number;
}

/** Values from the command line that replace every folder's (undefined: the folder's own, else the default). */
export interface CommandLineSettings {
  /** `--select`, `--extend-select`, `--ignore`/`--extend-ignore` (as `extendIgnore`). */
  selection: PysastConfig;
  minLevel?: MinLevel;
  minPrecision?: MinPrecision;
  failOn?: FailOn;
  maxFileSize?: number;
}

const DEDICATED = ".pysast.toml";
const PYPROJECT = "pyproject.toml";

/** The nearest configuration above a folder: a pysast file, a `[tool.bandit]` fallback, or none. */
type Nearest = { kind: "pysast"; file: string } | { kind: "bandit"; file: string } | { kind: "none" };

export class ConfigScopes {
  readonly notifications: Notification[] = [];
  /** The user's own config file, when it exists. */
  readonly userFile?: string;
  private readonly userPath: string;
  private readonly userLayers: ConfigLayer[];
  /** With `--config` or `--no-repo-config`: the repository layers of every folder. */
  private readonly fixed?: ConfigLayer[];
  private readonly nearest = new Map<string, Nearest>();
  private readonly chains = new Map<string, ConfigLayer[]>();
  private readonly tables = new Map<string, Record<string, unknown>>();

  private constructor(private readonly opts: ScopeOptions) {
    this.userPath = userConfigFile(opts.env);
    if (existsSync(this.userPath)) this.userFile = this.userPath;
    this.userLayers = this.userFile ? this.chain(this.userFile, true) : [];
    if (opts.explicit !== undefined) {
      const file = resolve(opts.cwd, opts.explicit);
      this.fixed = this.chain(readConfigFile(file).file, !insideRepository(file, opts.root));
    } else if (opts.repositoryConfig === false) {
      this.fixed = [];
    }
  }

  /** Reads the user's file and, with `--config`, that file; the repository's files are read as folders ask for them. */
  static load(opts: ScopeOptions): ConfigScopes {
    return new ConfigScopes(opts);
  }

  /** The layers that apply to files directly in `dir` (absolute): the user's file, then the repository's chain. */
  layersForDir(dir: string): ConfigLayer[] {
    return [...this.userLayers, ...(this.fixed ?? this.repositoryLayers(dir))];
  }

  /** The configuration of the scan root, which the per-run keys come from. */
  rootLayers(): ConfigLayer[] {
    return this.layersForDir(this.opts.root);
  }

  /** The per-run settings: each key from the last layer of the scan root's configuration that sets it; triage merged key by key. */
  runConfig(): PysastConfig {
    const layers = this.rootLayers();
    const out: Record<string, unknown> = {};
    for (const { key, field } of CONFIG_KEYS) {
      if (!(PER_RUN_KEYS as readonly string[]).includes(key) || field.length !== 1) continue;
      const set = lastSet(layers, field[0] as keyof PysastConfig);
      if (set) out[field[0]!] = set.value;
    }
    const triage = Object.assign({}, ...layers.map((l) => l.config.triage ?? {}));
    if (Object.keys(triage).length > 0) out.triage = triage;
    return out as PysastConfig;
  }

  private repositoryLayers(dir: string): ConfigLayer[] {
    const found = this.nearestAbove(realOr(dir));
    if (found.kind === "none") return [];
    if (found.kind === "pysast") return this.chain(found.file, false);
    const key = `bandit:${found.file}`;
    let layers = this.chains.get(key);
    if (!layers) {
      const fallback = banditFallback(this.table(found.file), found.file)!;
      this.notifications.push({ kind: "config", level: "note", message: fallback.notice, path: this.shown(found.file) });
      layers = [{ config: fallback.config, file: found.file }];
      this.chains.set(key, layers);
    }
    return layers;
  }

  /** The nearest configuration at or above `dir`, bounded by the repository root (the folder holding `.git`). */
  private nearestAbove(dir: string): Nearest {
    const cached = this.nearest.get(dir);
    if (cached) return cached;
    let result: Nearest;
    const dedicated = join(dir, DEDICATED);
    const pyproject = join(dir, PYPROJECT);
    if (existsSync(dedicated)) result = { kind: "pysast", file: dedicated };
    else if (existsSync(pyproject) && pysastTableIn(this.table(pyproject))) result = { kind: "pysast", file: pyproject };
    else {
      const parent = dirname(dir);
      const above: Nearest = existsSync(join(dir, ".git")) || parent === dir ? { kind: "none" } : this.nearestAbove(parent);
      const bandit = above.kind !== "pysast" && existsSync(pyproject) && banditFallback(this.table(pyproject), pyproject) ? ({ kind: "bandit", file: pyproject } as const) : undefined;
      result = bandit ?? above;
    }
    this.nearest.set(dir, result);
    return result;
  }

  /** The layers of `file` and of the files it extends (the extended file first), each through the trust rule unless `trusted`. */
  private chain(file: string, trusted: boolean, seen: string[] = []): ConfigLayer[] {
    const key = `${trusted ? "user" : "repo"}:${file}`;
    const cached = this.chains.get(key);
    if (cached) return cached;
    if (seen.includes(file)) {
      const circle = [...seen.slice(seen.indexOf(file)), file].map(display).join(" → ");
      throw new ConfigError(`${display(file)}: extend goes round in a circle (${circle}); remove one of these extend keys`, file);
    }
    const read = readConfigFile(file).config;
    const config = trusted ? read : withoutUserKeys(read, file, this.opts.root, this.notifications, this.userPath);
    let base: ConfigLayer[] = [];
    if (config.extend !== undefined) {
      const target = config.extend;
      if (!existsSync(target) || !statSync(target).isFile()) {
        throw new ConfigError(`${display(file)}: ${section(file)}extend names ${display(target)}, which does not exist; the path is relative to ${display(dirname(file))}`, file);
      }
      base = this.chain(realOr(target), trusted && !insideRepository(target, this.opts.root), [...seen, file]);
    }
    const own = { ...config };
    delete own.extend;
    const layers = [...base, { config: own, file }];
    this.chains.set(key, layers);
    return layers;
  }

  /** A parsed TOML file (pyproject.toml files are read once however many folders look at them). */
  private table(file: string): Record<string, unknown> {
    let doc = this.tables.get(file);
    if (!doc) {
      try {
        const text = readFileSync(file, "utf8");
        doc = mayConfigurePysast(text) ? (parseToml(text) as Record<string, unknown>) : {};
      } catch {
        // readConfigFile reports the problem with its line and column when the file is used
        doc = { tool: { pysast: {} } };
      }
      this.tables.set(file, doc);
    }
    return doc;
  }

  private shown(file: string): string {
    const rel = relative(this.opts.root, file);
    return rel && !rel.startsWith("..") ? rel.split(sep).join("/") : file;
  }
}

function pysastTableIn(doc: Record<string, unknown>): boolean {
  const tool = doc.tool;
  return typeof tool === "object" && tool !== null && (tool as Record<string, unknown>).pysast !== undefined;
}

function section(file: string): string {
  return file.endsWith(PYPROJECT) ? "[tool.pysast] " : "";
}

/**
 * Per-folder settings for a scan: each folder's layers with the command line on top, resolved once per distinct
 * configuration. `excluded` walks a path from the scan root down, matching each folder and the file against the
 * configuration of the folder that holds it, so a root file's `exclude = ["legacy"]` skips `legacy/` even when
 * `legacy/` has a config file of its own.
 */
export class FolderResolver {
  private readonly byLayers = new Map<string, FolderSettings>();
  private readonly byDir = new Map<string, FolderSettings>();
  private readonly dirExcluded = new Map<string, boolean>();
  private readonly selectors: RuleSelectors;

  constructor(
    private readonly scopes: ConfigScopes,
    private readonly root: string,
    private readonly rules: readonly SelectableRule[],
    private readonly cli: CommandLineSettings,
    private readonly defaults: { maxFileSize: number },
  ) {
    this.selectors = new RuleSelectors(rules);
  }

  /** The settings for a file (its path relative to the scan root). */
  forFile(relPath: string): FolderSettings {
    const parts = relPath.split("/");
    return this.forDir(parts.slice(0, -1).join("/"));
  }

  /** The settings for the files of a folder (relative to the scan root, "" for the root). */
  forDir(relDir: string): FolderSettings {
    let settings = this.byDir.get(relDir);
    if (settings) return settings;
    const layers = this.scopes.layersForDir(join(this.root, relDir));
    const key = layers.map((l) => l.file ?? "").join("\n") + `\n${layers.length}`;
    settings = this.byLayers.get(key);
    if (!settings) {
      settings = this.resolve(layers);
      this.byLayers.set(key, settings);
    }
    this.byDir.set(relDir, settings);
    return settings;
  }

  /** Every distinct settings object resolved so far (the rules to run are their union). */
  all(): FolderSettings[] {
    return [...this.byLayers.values()];
  }

  /** True when a config file excludes the file or one of the folders above it (see the class comment). */
  excluded(relPath: string): boolean {
    const parts = relPath.split("/");
    const dir = parts.slice(0, -1).join("/");
    return this.folderExcluded(dir) || Boolean(this.forDir(dir).excludes?.(relPath));
  }

  private folderExcluded(relDir: string): boolean {
    if (relDir === "") return false;
    const cached = this.dirExcluded.get(relDir);
    if (cached !== undefined) return cached;
    const parent = relDir.includes("/") ? relDir.slice(0, relDir.lastIndexOf("/")) : "";
    const result = this.folderExcluded(parent) || Boolean(this.forDir(parent).excludes?.(relDir));
    this.dirExcluded.set(relDir, result);
    return result;
  }

  private resolve(fileLayers: readonly ConfigLayer[]): FolderSettings {
    const layers = [...fileLayers, { config: this.cli.selection, cli: true }];
    const excludes = layeredExcludes(fileLayers, this.root);
    return {
      layers: fileLayers,
      selection: resolveLayeredSelection(layers, this.rules, this.root, this.selectors),
      ...(excludes ? { excludes } : {}),
      minLevel: this.cli.minLevel ?? lastSet(fileLayers, "minLevel")?.value ?? "note",
      minPrecision: this.cli.minPrecision ?? lastSet(fileLayers, "minPrecision")?.value ?? "low",
      failOn: this.cli.failOn ?? lastSet(fileLayers, "failOn")?.value ?? "note",
      maxFileSize: this.cli.maxFileSize ?? lastSet(fileLayers, "maxFileSize")?.value ?? this.defaults.maxFileSize,
    };
  }
}
