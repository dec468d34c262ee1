/**
 * Incremental analysis: a scan keeps each file's phase-1 result and each phase-2 shard's outcome in the
 * authenticated cache store (src/cache-store.ts, outside the work tree by default), and the next scan
 * reuses whatever its inputs have not changed.
 *
 * What an entry depends on, and how a stale one is recognised:
 * - Every entry is keyed under the scan's fingerprint: pysast's version, a digest of its own code (rules,
 *   models and engine: any change to them is a new "rule version"), the enabled rules with their metadata,
 *   the taint models and the options that change results (`--include-local-sources`). Another fingerprint
 *   never sees the entry.
 * - A file's phase-1 result (pattern findings, index record, notices) is stored under its path and holds the
 *   sha256 of the bytes it was computed from; it is used only when the file's bytes hash the same now.
 * - A shard's outcome (one round of phase 2 for a group of files, see taint/shards.ts) holds what it was
 *   computed from: a digest of the whole project index with offsets left out (the names, imports, classes,
 *   constants and routes of every module, and which files can hold flows), a digest of the shared state the
 *   round started from, and the sha256 of every file the shard loaded — its own files and every file whose
 *   functions it analysed through summaries. It is used only when all of them are unchanged, so editing a
 *   helper in another module re-analyses exactly the shards that called into it; a change to any module's
 *   names (a new function, a new import) re-analyses every shard.
 * - Entries are stored by path (file) and by shard and round, so a file or shard has one entry that the next
 *   scan overwrites: the cache of a repository does not grow with the number of scans.
 *
 * Results are the same with and without the cache; a test scans both ways and compares.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import { openCacheStore, repositoryCacheDir, userCacheRoot, type CacheEnv, type CacheStore } from "./cache-store.js";
import type { FileResult } from "./analyze-file.js";
import type { ShardReply } from "./phase2.js";
import type { Rule } from "./rule.js";
import type { TaintFileRecord } from "./taint/index.js";
import type { ShardTask, SharedState } from "./taint/shards.js";
import type { TaintModel } from "./taint/model-types.js";
import { VERSION } from "./version.js";

/** Namespace of the scan entries in the store (bump when the layout of an entry changes). */
export const SCAN_CACHE_NAMESPACE = "scan-v1";

/** Where the cache is and who may read it (the defaults suit the CLI). */
export interface ScanCacheOptions {
  /** Folder of this repository's cache; default `repositoryCacheDir(userCacheRoot(env), root)`. */
  dir?: string;
  /** Where the per-user key lives (default the user's cache root). */
  secretDir?: string;
  env?: CacheEnv;
  /** Stands for pysast's code in the fingerprint (default: a digest of the code itself); tests change it to simulate an upgrade. */
  codeFingerprint?: string;
}

/** How much the cache saved in one scan. */
export interface CacheStats {
  files: { hits: number; misses: number };
  shards: { hits: number; misses: number };
}

/** What the scan's fingerprint is made of (see the module comment). */
export interface FingerprintInputs {
  rules: readonly Rule[];
  models: readonly TaintModel[];
  includeLocalSources: boolean;
}

interface FileEntry {
  sha: string;
  skeleton: string;
  result: Omit<FileResult, "rel" | "abs" | "compact" | "text" | "parseMs">;
}

interface ShardEntry {
  index: string;
  state: string;
  deps: [string, string][];
  reply: ShardReply;
}

export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The cache of one scan: lookups and stores for both phases, with counts. */
export class ScanCache {
  readonly stats: CacheStats = { files: { hits: 0, misses: 0 }, shards: { hits: 0, misses: 0 } };
  private readonly store: CacheStore;
  private readonly fingerprint: string;
  private readonly stateDigests = new WeakMap<SharedState, string>();

  constructor(root: string, inputs: FingerprintInputs, opts: ScanCacheOptions = {}) {
    const env = opts.env ?? process.env;
    this.store = openCacheStore({
      dir: opts.dir ?? repositoryCacheDir(userCacheRoot(env), root),
      namespace: SCAN_CACHE_NAMESPACE,
      env,
      ...(opts.secretDir ? { secretDir: opts.secretDir } : {}),
    });
    this.fingerprint = scanFingerprint(inputs, opts.codeFingerprint ?? codeFingerprint());
  }

  /** The store's problems (a broken cache costs time, never results), one sentence each. */
  notices(): string[] {
    return this.store.notices();
  }

  /** A file's phase-1 result when its bytes (`sha`) are those it was computed from. */
  lookupFile(rel: string, abs: string, sha: string): { result: FileResult; skeleton: string } | undefined {
    const entry = this.read<FileEntry>(`file\0${rel}`);
    if (!entry || entry.sha !== sha) {
      this.stats.files.misses++;
      return undefined;
    }
    this.stats.files.hits++;
    return { result: { ...entry.result, rel, abs, parseMs: 0 }, skeleton: entry.skeleton };
  }

  /** Stores a file's phase-1 result (computed from bytes hashing to `sha`); returns its index skeleton digest. */
  storeFile(result: FileResult, sha: string): string {
    const skeleton = skeletonDigest(result.taint);
    const { rel: _rel, abs: _abs, compact: _compact, text: _text, parseMs: _ms, ...rest } = result;
    if (result.lines !== undefined) this.write(`file\0${result.rel}`, { sha, skeleton, result: rest } satisfies FileEntry);
    return skeleton;
  }

  /** A shard's reply when the index, the starting state and every file it loaded are unchanged (`hashes`: path → sha256). */
  lookupShard(task: ShardTask, index: string, hashes: ReadonlyMap<string, string>): ShardReply | undefined {
    const entry = this.read<ShardEntry>(shardKey(task));
    const fresh = entry && entry.index === index && entry.state === this.stateDigest(task.state) && entry.deps.every(([rel, sha]) => hashes.get(rel) === sha);
    if (!fresh) {
      this.stats.shards.misses++;
      return undefined;
    }
    this.stats.shards.hits++;
    // the same files may sit at another position of today's plan
    return { ...entry.reply, outcome: { ...entry.reply.outcome, shard: task.shard.index, round: task.round } };
  }

  storeShard(task: ShardTask, index: string, hashes: ReadonlyMap<string, string>, reply: ShardReply): void {
    const deps: [string, string][] = [];
    for (const rel of new Set([...task.shard.paths, ...reply.outcome.loaded])) {
      const sha = hashes.get(rel);
      if (sha === undefined) return; // a file the scan did not hash: never cache what cannot be checked
      deps.push([rel, sha]);
    }
    this.write(shardKey(task), { index, state: this.stateDigest(task.state), deps, reply } satisfies ShardEntry);
  }

  private stateDigest(state: SharedState | undefined): string {
    if (!state) return "";
    let digest = this.stateDigests.get(state);
    if (digest === undefined) this.stateDigests.set(state, (digest = sha256(serialize(state))));
    return digest;
  }

  private read<T>(key: string): T | undefined {
    const bytes = this.store.get(`${this.fingerprint}\0${key}`);
    if (!bytes) return undefined;
    try {
      return deserialize(bytes) as T;
    } catch {
      return undefined;
    }
  }

  private write(key: string, value: unknown): void {
    this.store.put(`${this.fingerprint}\0${key}`, serialize(value));
  }
}

function shardKey(task: ShardTask): string {
  return `shard\0${task.round}\0${sha256(task.shard.paths.join("\0"))}`;
}

/**
 * Digest of the whole project index, offsets left out: what a shard may learn about modules it did not load.
 * `skeletons` are the files' skeleton digests (see `skeletonDigest`), in the order the records were added.
 */
export function indexDigest(records: readonly TaintFileRecord[], skeletons: ReadonlyMap<string, string>): string {
  const h = createHash("sha256");
  for (const r of records) h.update(`${r.path}\0${r.relevant ? 1 : 0}\0${skeletons.get(r.path) ?? skeletonDigest(r)}\n`);
  return h.digest("hex");
}

/** Digest of one file's index record without offsets (an edit inside a function body leaves it unchanged). */
export function skeletonDigest(record: TaintFileRecord | undefined): string {
  if (!record) return "";
  return sha256(JSON.stringify(record, (key, value: unknown) => (key === "start" ? undefined : value instanceof Map ? [...value] : value instanceof Set ? [...value] : value)));
}

/** Digest of everything besides the file contents that a scan's results depend on. */
export function scanFingerprint(inputs: FingerprintInputs, code: string): string {
  const rules = [...inputs.rules].map((r) => r.meta).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sha256(JSON.stringify([VERSION, code, inputs.includeLocalSources, rules, inputs.models], plainReplacer));
}

function plainReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Map || value instanceof Set) return [...value];
  if (value instanceof RegExp || typeof value === "function") return String(value);
  return value;
}

let codeDigest: string | undefined;

/**
 * Digest of pysast's own code: every module of the engine and of the rules and models (`src/` and `rules/`
 * beside this module's folder, compiled or not), so a changed rule or model is a new fingerprint.
 */
export function codeFingerprint(): string {
  if (codeDigest !== undefined) return codeDigest;
  const top = dirname(dirname(fileURLToPath(import.meta.url)));
  const h = createHash("sha256");
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (/\.(js|ts|json)$/.test(e.name) && !e.name.endsWith(".d.ts")) h.update(`${p.slice(top.length)}\0`).update(readFileSync(p)).update("\0");
    }
  };
  visit(join(top, "src"));
  visit(join(top, "rules"));
  return (codeDigest = h.digest("hex"));
}
