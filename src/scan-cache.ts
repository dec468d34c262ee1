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
 *   sha256 of the bytes it was computed from; it is used only when the file's bytes hash the same now. The
 *   bytes are not even read when the file's size, modification and change times, inode and device are those
 *   recorded when it was last hashed (as git's index does), provided it had been modified a few seconds
 *   before that scan (so a write in the same clock tick cannot hide).
 * - A shard's outcome (one round of phase 2 for a group of files, see taint/shards.ts) holds what it was
 *   computed from: a digest of the whole project index with offsets left out (the names, imports, classes,
 *   constants and routes of every module, and which files can hold flows), a digest of the shared state the
 *   round started from, and the sha256 of every file the shard loaded — its own files and every file whose
 *   functions it analysed through summaries. It is used only when all of them are unchanged, so editing a
 *   helper in another module re-analyses exactly the shards that called into it; a change to any module's
 *   names (a new function, a new import) re-analyses every shard.
 * - The files' entries are kept together in one store entry (one read and one write per scan), written file by
 *   file as phase 1 hands them over (a frame each, see `FileFrames`: nothing holds the whole entry in memory,
 *   and a file's serialised result is dropped once written), the shards' one entry per shard and round, and the shard plan computed for the index digest (so that an unchanged
 *   project never even builds its index). The next scan overwrites them: the cache of a repository does not
 *   grow with the number of scans.
 * - On top of them, one entry holds the whole result of the last scan (its findings and notices) under the
 *   tree's digest: the sha256 of every file, in order, with the options that change a report but not a
 *   file's analysis (inline suppressions, test code, the files reported) and the entry points that
 *   deployment descriptors name (they are read on every scan). A rescan whose files all hash
 *   the same (by their metadata, or by reading them) is answered from it with one read: nothing is parsed,
 *   loaded or finalised. The scan's session (what the fix verifier re-scans from) is then rebuilt from the
 *   per-file and per-shard entries only if something asks for it; and the fix verifier's verdicts for the
 *   rules' fixes are kept for the same tree digest, so an unchanged tree re-verifies nothing.
 *
 * Results are the same with and without the cache; a test scans both ways and compares.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import { openCacheStore, repositoryCacheDir, userCacheRoot, type CacheEnv, type CacheStore, type CacheWriter } from "./cache-store.js";
import type { FileResult } from "./analyze-file.js";
import type { DiscoveredFile } from "./discover.js";
import type { ShardReply } from "./phase2.js";
import type { Rule } from "./rule.js";
import type { ExternalFacts, TaintFileRecord } from "./taint/index.js";
import { mergeRoots, passesAgree, rootsIndependent, type RootOutcome, type ShardOutcome, type ShardPlan, type ShardTask, type SharedState } from "./taint/shards.js";
import type { DefinitionText, SummaryBasis } from "./taint/prints.js";
import { timingNote } from "./scan-failure.js";
import type { FileParts } from "./model/parts.js";
import type { TaintModel } from "./taint/model-types.js";
import type { ModuleBase } from "./model/file-model.js";
import type { Finding, Notification } from "./types.js";
import type { VerifyOutcome } from "./fix/verify.js";
import { VERSION } from "./version.js";

/** Namespace of the scan entries in the store (bump when the layout of an entry changes). */
export const SCAN_CACHE_NAMESPACE = "scan-v1";
/** A file modified this recently before a scan is hashed again next time, whatever its metadata says. */
const SETTLE_MS = 3000;

/** Where the cache is and who may read it (the defaults suit the CLI). */
export interface ScanCacheOptions {
  /** Folder of this repository's cache; default `repositoryCacheDir(userCacheRoot(env), root)`. */
  dir?: string;
  /** Where the per-user key lives (default the user's cache root). */
  secretDir?: string;
  env?: CacheEnv;
  /** How long before the scan a file must have been changed for its metadata to stand for its bytes next time (default 3 s). */
  settleMs?: number;
  /** Stands for pysast's code in the fingerprint (default: a digest of the code itself); tests change it to simulate an upgrade. */
  codeFingerprint?: string;
}

/** What phase 2 derives from the project index alone before analysing (see `TaintProject.analyzeWith`). */
export interface PreparedPhase2 {
  plan: ShardPlan[];
  notices: Notification[];
}

/** How much the cache saved in one scan. */
export interface CacheStats {
  files: { hits: number; misses: number };
  shards: { hits: number; misses: number };
  /**
   * Files of shards that ran again for part of their files (`ScanCache.partialShard`): roots whose outcome was kept,
   * and those analysed again; `whole` counts such shards that had to be analysed whole after all.
   */
  roots: { kept: number; analysed: number; whole: number; unusedChanges: number; verified: number };
  /** Files with an entry whose bytes had to be read and hashed (their metadata was not the recorded one). */
  hashed: number;
  /** The whole result came from the entry of the last scan of this very tree (nothing was analysed). */
  tree: boolean;
}

/** Options that change a scan's report but not any file's analysis: part of the tree digest. */
export interface TreeOptions {
  inlineSuppressions: boolean;
  testsAsCode: boolean;
  /** The files the report is restricted to (`--diff`), if any. */
  onlyFiles?: ReadonlySet<string>;
  /** What deployment descriptors and templates say (read from files that are not Python sources). */
  external: ExternalFacts;
}

/** What a scan answered whole from the cache reports: its result without the discovery's notices (discovery runs every time). */
export interface TreeOutput {
  findings: Finding[];
  notifications: Notification[];
  files: number;
  lines: number;
  parseMs: number;
  /** Discovered files the scan could not analyse (unreadable, unparsable): not part of its session. */
  unanalysed: string[];
}

/**
 * One re-scan of the fix verifier (a round of candidates), kept with what it read: `deps` pairs a file with
 * `ScanSession.dependency` of it; the verdicts it gave (undefined: not judged in that round) and the
 * positions of the candidates it sent to be checked alone.
 */
export interface RoundEntry {
  deps: [string, boolean, string][];
  /** `ScanSession.seeing` of the round's patched files: which shards saw them, with their files and loads. */
  seeing: string;
  outcomes: (VerifyOutcome | undefined)[];
  alone: number[];
}

/** The fix verifier's re-scans of the last verification, reused while what they read is unchanged. */
export interface RoundMemo {
  get(round: string): RoundEntry | undefined;
  put(round: string, entry: RoundEntry): void;
  /**
   * The answers of the fix verifier's flow-neutrality judge about the project index (`FlowNeutrality`: whether a
   * project module binds a name, whether a project definition has a last name), kept for the index's digest: they
   * depend on the index records without offsets alone. The judge adds to the map; `flush` keeps it.
   */
  indexAnswers(): Map<string, boolean>;
  /** Keeps the rounds used or computed since the memo was opened (for the next scan), dropping the rest. */
  flush(): void;
}

/**
 * The data-flow re-analyses of the fix verifier's re-scans, shard by shard (see `ScanSession.rescan`), under
 * phase 2's rule: a shard's outcome is reused while the index, its starting state and every file it loaded are
 * unchanged (`hashes`: path → sha256, a patched file's being that of its patched text).
 */
export interface ShardMemo {
  get(task: ShardTask, index: string, hashes: ReadonlyMap<string, string>): ShardOutcome | undefined;
  put(task: ShardTask, index: string, hashes: ReadonlyMap<string, string>, outcome: ShardOutcome): void;
  /**
   * The outcome of a shard `get` had none for, stored: rebuilt from its kept roots and `analyse` of the roots that
   * loaded a changed file when it can be (see `ScanCache.partialShard`), else `analyse` of the whole shard.
   */
  run(task: ShardTask, index: string, hashes: ReadonlyMap<string, string>, analyse: (task: ShardTask) => ShardOutcome, partsOf?: PartsOf): ShardOutcome;
}

/** The verdicts of the fix verifier for one list of candidates, kept for the tree they were computed on. */
export interface VerdictMemo {
  get(candidates: string): VerifyOutcome[] | undefined;
  put(candidates: string, outcomes: VerifyOutcome[]): void;
}

interface TreeEntry {
  digest: string;
  /** Per file, in scan order: its path, its metadata signature when trusted, and its sha256. */
  files: [string, string | undefined, string][];
  /** The `TreeOutput`, serialised once (a rescan that only updates signatures writes the same bytes). */
  output: Uint8Array;
}

/** What the scan's fingerprint is made of (see the module comment). */
export interface FingerprintInputs {
  rules: readonly Rule[];
  models: readonly TaintModel[];
  includeLocalSources: boolean;
  /** Library mode: parameters of public functions are sources (changes every taint result). */
  includeParameterSources?: boolean;
  /** `--tests-as-code`: views in test code are analysed (changes the phase-2 plan). */
  testsAsCode?: boolean;
  /** Whether the rules' fixes are proposed (they are stored with a file's findings). */
  fixes?: boolean;
  /** Where module names start (`moduleBasesOf`): module names, and so every index record, depend on it. */
  naming?: readonly ModuleBase[];
}

interface FileEntry {
  sha: string;
  /** The file's metadata signature (`DiscoveredFile.stamp`) when its bytes were hashed, if it was old enough to trust. */
  stamp?: string;
  skeleton: string;
  /** The file's phase-1 result without its index record, serialised (v8). */
  result: Uint8Array;
  /** Its index record, serialised: read only when phase 2 needs the project index. */
  taint?: Uint8Array;
  relevant?: boolean;
  /** Read from the delta entry (see `FILES_DELTA_KEY`), not from the base one: written to the next delta again. */
  delta?: boolean;
}

/** An index record the cache holds, deserialised only when phase 2 needs the index (see `CachedRecord.load`). */
export interface CachedRecord {
  path: string;
  relevant: boolean;
  bytes: Uint8Array;
}

export function loadRecord(r: CachedRecord): TaintFileRecord {
  return deserialize(r.bytes) as TaintFileRecord;
}

interface ShardEntry {
  index: string;
  state: string;
  deps: [string, string][];
  reply: ShardReply;
  /** The outcome of each root file (`ShardOutcome.roots`), the files it loaded given by their position in `deps`. */
  roots?: StoredRoot[];
  /**
   * The parts of the loaded files that roots read (`RootOutcome.uses`), once per file: its position in `deps`, its
   * outline's digest, the digests of the definitions some root analysed, by ordinal, every outermost definition's
   * offsets and the starts of the definitions summaries are keyed by (`FileParts.anchors`).
   */
  parts?: [number, string, [number, string][], [number, number][], number[]][];
  /**
   * The summaries two roots or more read through them alone, with their constant arguments, and their definitions' texts
   * (`ShardOutcome.bases` and `texts`): what a rescan prints them from, on the old text and the new (`partialShard`).
   */
  bases?: SummaryBasis[];
  texts?: DefinitionText[];
}

interface StoredRoot extends Omit<RootOutcome, "loaded" | "uses" | "via"> {
  loaded: number[];
  /** `RootOutcome.uses`: positions in `deps`, with the ordinals of the definitions read (their digests are in `ShardEntry.parts`). */
  uses?: [number, number[]][];
  /** `RootOutcome.via`, each file by its position in `deps`. */
  via?: [number, number, string[]][];
}

/** A file's parts now (see model/parts.ts), undefined when it cannot be read or parsed. */
export type PartsOf = (rel: string) => FileParts | undefined;

/** An edited definition as it was: its ordinal, its text then and the digest of that text (`FileParts.defs`). */
export interface OldDefinition {
  ordinal: number;
  text: string;
  digest: string;
}

/**
 * Whether summaries print the same on a file's old text and on its new one (`TaintProject.verifyPrints`, twice): asked
 * by `path\0ordinal\0suffix` with the definition's start now and its constant arguments; `writes`, the shared state the
 * shard's roots wrote; `olds`, per changed file, its edited definitions as they were — the old text is the new one with
 * each of them put back (see scan.ts). Undefined for a summary not printed on both; `texts`, the new text of each old
 * definition put back, by `path\0ordinal`.
 */
export type VerifyPrints = (
  asked: { key: string; start: number; spec?: Uint8Array }[],
  writes: ReadonlySet<string>,
  olds: ReadonlyMap<string, OldDefinition[]>,
) => { prints: Map<string, { same: boolean; local: boolean; reads: string[] } | undefined>; texts: Map<string, string> };

/**
 * A shard whose entry is stale only because files some of its roots loaded changed: the other roots' outcomes
 * are kept, and `task` (the shard's roots that loaded a changed file, in its order) is analysed again.
 */
export interface PartialShard {
  task: ShardTask;
  /** The kept outcome of each root, by path. */
  roots: Map<string, RootOutcome>;
  dirty: Set<string>;
  /** The last reply's statement spans and comments of files that did not change. */
  spans: ShardReply["spans"];
  comments: ShardReply["comments"];
  /** The entry's summaries a later scan may print, and their definitions' texts (those of changed files as they are now). */
  bases: Map<string, SummaryBasis>;
  texts: Map<string, DefinitionText>;
}

export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The cache of one scan: lookups and stores for both phases, with counts. */
export class ScanCache {
  readonly stats: CacheStats = { files: { hits: 0, misses: 0 }, shards: { hits: 0, misses: 0 }, roots: { kept: 0, analysed: 0, whole: 0, unusedChanges: 0, verified: 0 }, hashed: 0, tree: false };
  private readonly store: CacheStore;
  private readonly fingerprint: string;
  private readonly stateDigests = new WeakMap<SharedState, string>();
  /** The file entries of the last scan (one store entry for all, read on the first lookup; views into its bytes). */
  private previous?: Map<string, FileEntry>;
  /** The last scan's entries still valid, written again by `flushFiles` (views into the last entry's bytes: no copy). */
  private readonly kept = new Map<string, FileEntry>();
  /**
   * This scan's files entry while it is written: each analysed file's frame goes out as `storeFile` gets it — to a
   * new base entry on a first scan, to the delta entry when the last scan's entries were there (see `flushFiles`).
   */
  private out?: CacheWriter;
  /** `out` is the delta entry. */
  private outDelta = false;
  /** Kept entries whose metadata signature is another than the one recorded (written to the delta). */
  private readonly restamped = new Set<string>();
  /** Entries written to `out` so far. */
  private stored = 0;
  private filesChanged = false;
  private readonly started = Date.now();
  private readonly settleMs: number;
  /** sha256 of the files hashed by this scan so far (the tree check hashes before the files' lookups). */
  private readonly hashedNow = new Map<string, string>();
  /** The last scan's tree entry, once read. */
  private tree?: TreeEntry | null;

  constructor(root: string, inputs: FingerprintInputs, opts: ScanCacheOptions = {}) {
    const env = opts.env ?? process.env;
    this.store = openCacheStore({
      dir: opts.dir ?? repositoryCacheDir(userCacheRoot(env), root),
      namespace: SCAN_CACHE_NAMESPACE,
      env,
      ...(opts.secretDir ? { secretDir: opts.secretDir } : {}),
    });
    this.fingerprint = scanFingerprint(inputs, opts.codeFingerprint ?? codeFingerprint());
    this.settleMs = opts.settleMs ?? SETTLE_MS;
  }

  /** The store's problems (a broken cache costs time, never results), one sentence each. */
  notices(): string[] {
    return this.store.notices();
  }

  /**
   * A file's phase-1 result when its bytes are those it was computed from, and their sha256; its index record
   * comes apart, still serialised. The bytes are read and hashed (`hash`) unless the file's metadata signature
   * is the one recorded with the entry.
   */
  lookupFile(file: DiscoveredFile, hash: () => string | undefined): { result: FileResult; sha: string; skeleton: string; record?: CachedRecord } | undefined {
    this.previous ??= this.readPrevious();
    const entry = this.previous.get(file.rel);
    const stamped = entry?.stamp !== undefined && entry.stamp === file.stamp;
    if (entry && !stamped) {
      let sha = this.hashedNow.get(file.rel);
      if (sha === undefined) {
        this.stats.hashed++;
        sha = hash();
      }
      if (sha !== entry.sha) return this.miss();
    }
    if (!entry) return this.miss();
    let result: FileResult;
    try {
      result = { ...(deserialize(entry.result) as FileResult), rel: file.rel, abs: file.abs, parseMs: 0 };
    } catch {
      return this.miss();
    }
    this.stats.files.hits++;
    const stamp = this.trustedStamp(file);
    if (!stamped && stamp !== entry.stamp) this.filesChanged = true;
    const { stamp: _recorded, ...kept } = entry;
    this.kept.set(file.rel, { ...kept, ...(stamp ? { stamp } : {}) });
    if (stamp !== entry.stamp) this.restamped.add(file.rel);
    return { result, sha: entry.sha, skeleton: entry.skeleton, ...(entry.taint ? { record: { path: file.rel, relevant: entry.relevant ?? false, bytes: entry.taint } } : {}) };
  }

  private miss(): undefined {
    this.stats.files.misses++;
    return undefined;
  }

  /**
   * The metadata signature to record for a file, when it is safe to trust later: the file must have been
   * modified and changed well before this scan started, so that a write in the same clock tick as our look at it cannot go
   * unnoticed (the "racy" case git guards against too).
   */
  private trustedStamp(file: DiscoveredFile): string | undefined {
    return file.stamp !== undefined && file.changedMs !== undefined && file.changedMs < this.started - this.settleMs ? file.stamp : undefined;
  }

  /** Keeps a file's phase-1 result (computed from bytes hashing to `sha`) for `flushFiles`; returns its index skeleton digest. */
  storeFile(result: FileResult, sha: string, file: DiscoveredFile): string {
    const packed = result.packedTaint;
    const skeleton = packed?.skeleton ?? skeletonDigest(result.taint);
    // unreadable or unparsable, or part of its analysis was lost (a crash, a wall-clock budget): analysed again next time
    if (result.lines === undefined || result.lost) return skeleton;
    const { rel: _rel, abs: _abs, compact: _compact, text: _text, parseMs: _ms, sha: _sha, taint, packedTaint: _packed, ...rest } = result;
    const stamp = this.trustedStamp(file);
    if (!this.out) {
      this.previous ??= this.readPrevious();
      this.outDelta = this.previous.size > 0;
      this.out = this.store.writer(this.entryKey(this.outDelta ? FILES_DELTA_KEY : FILES_KEY));
    }
    const record = packed ? { taint: packed.bytes, relevant: packed.relevant } : taint ? { taint: serialize(taint), relevant: taint.relevant } : {};
    writeFileFrame(this.out, result.rel, { sha, ...(stamp ? { stamp } : {}), skeleton, result: serialize(rest), ...record });
    this.stored++;
    if (this.outDelta) this.storedPaths.add(result.rel);
    this.filesChanged = true;
    return skeleton;
  }

  /**
   * Ends this scan's files entry (the last scan's entries still valid, then those `storeFile` wrote) when it differs
   * from the last scan's; then lets go of both scans' entries (the index records handed out stay usable).
   *
   * The entries are kept in two store entries: a base, and a delta read over it. A first scan writes the base. A
   * later one writes only what differs from the base into a new delta — the files it analysed, the entries whose
   * metadata signature changed, and the last delta's entries it kept — so that one edited file does not rewrite every
   * file's entry; when those kept from the last delta grow beyond an eighth of the files (or files went away), the
   * base is written again from the entries kept, and the delta holds just the files analysed. Each frame stands on
   * its own (a result for the bytes hashing to its sha256, under this fingerprint), so a delta read over any base
   * gives right answers, at worst stale ones (which then miss).
   */
  flushFiles(): void {
    const previous = this.previous ?? new Map<string, FileEntry>();
    const warm = this.out ? this.outDelta : previous.size > 0;
    if (!warm) {
      if (this.filesChanged || this.kept.size + this.stored !== previous.size) {
        const out = (this.out ??= this.store.writer(this.entryKey(FILES_KEY)));
        for (const [rel, entry] of this.kept) writeFileFrame(out, rel, entry);
        out.commit();
      }
    } else {
      let fromDelta = 0;
      for (const entry of this.kept.values()) if (entry.delta) fromDelta++;
      let replaced = 0;
      for (const rel of this.storedPaths) if (previous.has(rel)) replaced++;
      const gone = previous.size - this.kept.size - replaced;
      if (gone > 0 || this.stored > 0 || this.restamped.size > 0) {
        const out = (this.out ??= this.store.writer(this.entryKey(FILES_DELTA_KEY)));
        if (gone > 0 || fromDelta + this.stored > Math.max(DELTA_MIN, previous.size / 8)) {
          const base = this.store.writer(this.entryKey(FILES_KEY));
          for (const [rel, entry] of this.kept) writeFileFrame(base, rel, entry);
          base.commit();
        } else {
          for (const [rel, entry] of this.kept) if (entry.delta || this.restamped.has(rel)) writeFileFrame(out, rel, entry);
        }
        out.commit();
      }
    }
    this.out?.abort();
    this.out = undefined;
    this.outDelta = false;
    this.kept.clear();
    this.restamped.clear();
    this.storedPaths.clear();
    this.previous = new Map();
  }

  /** Paths `storeFile` wrote to a delta (files analysed again). */
  private readonly storedPaths = new Set<string>();
  /** The last scan's file entries: the base entry's, with the delta's read over them (see `flushFiles`). */
  private readPrevious(): Map<string, FileEntry> {
    const entries = readFileFrames(this.store.get(this.entryKey(FILES_KEY)));
    const delta = readFileFrames(this.store.get(this.entryKey(FILES_DELTA_KEY)));
    for (const [rel, entry] of delta) entries.set(rel, { ...entry, delta: true });
    return entries;
  }

  /**
   * The whole result of the last scan when every file is as it was then (by its metadata signature, else by
   * hashing it with `hash`) and the options are the same; with the tree's digest for `verdicts`.
   */
  lookupTree(files: readonly DiscoveredFile[], options: TreeOptions, hash: (file: DiscoveredFile) => string | undefined): { output: TreeOutput; digest: string } | undefined {
    const entry = (this.tree ??= this.read<TreeEntry>("tree") ?? null);
    if (!entry || entry.files.length !== files.length) return undefined;
    const shas: string[] = [];
    let restamped = false;
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      const [rel, stamp, sha] = entry.files[i]!;
      if (rel !== file.rel) return undefined;
      if (stamp === undefined || stamp !== file.stamp) {
        this.stats.hashed++;
        const now = hash(file);
        if (now === undefined) return undefined;
        this.hashedNow.set(rel, now);
        if (now !== sha) return undefined;
        restamped ||= this.trustedStamp(file) !== stamp;
      }
      shas.push(sha);
    }
    const digest = treeDigest(options, files, shas);
    if (digest !== entry.digest) return undefined;
    let output: TreeOutput;
    try {
      output = deserialize(entry.output) as TreeOutput;
    } catch {
      return undefined;
    }
    // files that settled since: trust their metadata next time instead of reading them again
    if (restamped) this.write("tree", { ...entry, files: files.map((f, i) => [f.rel, this.trustedStamp(f), shas[i]!]) } satisfies TreeEntry);
    this.stats.tree = true;
    this.stats.files.hits = files.length;
    return { output, digest };
  }

  /** Keeps a scan's whole result for the next scan of the same tree; returns the tree's digest (undefined: a file has no hash, nothing kept). */
  storeTree(files: readonly DiscoveredFile[], options: TreeOptions, hashes: ReadonlyMap<string, string>, output: TreeOutput): string | undefined {
    const shas = files.map((f) => hashes.get(f.rel));
    if (shas.some((sha) => sha === undefined)) return undefined;
    const digest = treeDigest(options, files, shas as string[]);
    this.write("tree", { digest, files: files.map((f, i) => [f.rel, this.trustedStamp(f), shas[i]!]), output: serialize(output) } satisfies TreeEntry);
    return digest;
  }

  /** The fix verifier's memory for the tree with this digest (one list of candidates is kept: the last one verified). */
  verdicts(tree: string): VerdictMemo {
    const key = (candidates: string) => sha256(`${tree}\0${candidates}`);
    return {
      get: (candidates) => {
        const entry = this.read<{ key: string; outcomes: VerifyOutcome[] }>("fix-verdicts");
        return entry?.key === key(candidates) ? entry.outcomes : undefined;
      },
      put: (candidates, outcomes) => this.write("fix-verdicts", { key: key(candidates), outcomes }),
    };
  }

  /** The fix verifier's re-scans, keyed by their candidates and the project index's digest (`index`). */
  fixRounds(index: string): RoundMemo {
    let previous: Map<string, RoundEntry> | undefined;
    const used = new Map<string, RoundEntry>();
    const key = (round: string) => sha256(`${index}\0${round}`);
    let answers: Map<string, boolean> | undefined;
    let known = 0;
    return {
      indexAnswers: () => {
        if (!answers) {
          const entry = this.read<{ index: string; answers: Map<string, boolean> }>("fix-index-answers");
          answers = entry?.index === index && entry.answers instanceof Map ? entry.answers : new Map();
          known = answers.size;
        }
        return answers;
      },
      get: (round) => {
        previous ??= this.read<Map<string, RoundEntry>>("fix-rounds") ?? new Map();
        const entry = previous.get(key(round));
        if (entry) used.set(key(round), entry);
        return entry;
      },
      put: (round, entry) => {
        used.set(key(round), entry);
      },
      flush: () => {
        if (used.size > 0) this.write("fix-rounds", used);
        if (answers && answers.size !== known) this.write("fix-index-answers", { index, answers });
      },
    };
  }

  /** The shard plan and the index's notices computed for this index digest by the last scan that had it. */
  lookupPlan(index: string): PreparedPhase2 | undefined {
    const entry = this.read<{ index: string; prepared: PreparedPhase2 }>("plan");
    return entry?.index === index ? entry.prepared : undefined;
  }

  storePlan(index: string, prepared: PreparedPhase2): void {
    this.write("plan", { index, prepared });
  }

  /** The fix verifier's re-analyses by shard (kept apart from phase 2's shards, which have the same paths). */
  fixShards(): ShardMemo {
    return {
      get: (task, index, hashes) => this.lookupShard(task, index, hashes, FIX_SHARD)?.outcome,
      put: (task, index, hashes, outcome) => this.storeShard(task, index, hashes, { outcome, spans: [], comments: [] }, FIX_SHARD),
      run: (task, index, hashes, analyse, partsOf) => {
        const partial = this.partialShard(task, index, hashes, FIX_SHARD, partsOf);
        // no root read what changed: nothing to analyse
        const fresh = (t: ShardTask) => (t.shard.paths.length === 0 ? noRootsOutcome(t) : analyse(t));
        const outcome = (partial && this.completeShard(task, partial, { outcome: fresh(partial.task), spans: [], comments: [] }, false)?.outcome) ?? analyse({ ...task, roots: true });
        this.storeShard(task, index, hashes, { outcome, spans: [], comments: [] }, FIX_SHARD);
        return outcome;
      },
    };
  }

  /** A shard's reply when the index, the starting state and every file it loaded are unchanged (`hashes`: path → sha256). */
  lookupShard(task: ShardTask, index: string, hashes: ReadonlyMap<string, string>, kind = PHASE2_SHARD): ShardReply | undefined {
    const key = shardKey(task, kind);
    const entry = this.read<ShardEntry>(key);
    // `partialShard` looks at the same entry next when it is stale
    this.lastShard = { key, entry };
    const fresh = entry && entry.index === index && entry.state === this.stateDigest(task.state) && entry.deps.every(([rel, sha]) => hashes.get(rel) === sha);
    // the scan's counts are phase 2's (the fix verifier's re-analyses run after the scan reported them)
    if (!fresh) {
      if (kind === PHASE2_SHARD) this.stats.shards.misses++;
      return undefined;
    }
    if (kind === PHASE2_SHARD) this.stats.shards.hits++;
    // the same files may sit at another position of today's plan
    return { ...entry.reply, outcome: { ...entry.reply.outcome, shard: task.shard.index, round: task.round } };
  }

  storeShard(task: ShardTask, index: string, hashes: ReadonlyMap<string, string>, reply: ShardReply, kind = PHASE2_SHARD): void {
    // the roots' outcomes go to the entry, not into the scan's memory
    const { roots, bases, texts, ...outcome } = reply.outcome;
    delete reply.outcome.roots;
    delete reply.outcome.bases;
    delete reply.outcome.texts;
    // a failure or a wall-clock budget in the shard: its outcome depends on more than its inputs
    if (outcome.notifications.some((n) => n.kind === "analysis-error")) return;
    const deps: [string, string][] = [];
    const at = new Map<string, number>();
    for (const rel of new Set([...task.shard.paths, ...outcome.loaded])) {
      const sha = hashes.get(rel);
      if (sha === undefined) return; // a file the scan did not hash: never cache what cannot be checked
      at.set(rel, deps.length);
      deps.push([rel, sha]);
    }
    const table = new Map<number, PartsThen>();
    const stored = roots?.every((r) => r.loaded.every((p) => at.has(p))) ? roots.map((r): StoredRoot => storedRoot(r, at, table)) : undefined;
    const parts = [...table].map(([i, { outline, defs, spans, anchors }]): NonNullable<ShardEntry["parts"]>[number] => [i, outline, [...defs], spans, anchors]);
    this.write(shardKey(task, kind), { index, state: this.stateDigest(task.state), deps, reply: { ...reply, outcome }, ...(stored ? { roots: stored, parts, ...(bases ? { bases, texts } : {}) } : {}) } satisfies ShardEntry);
  }

  /**
   * When a first-round shard's entry is stale only because some of the files it loaded changed, and it kept its
   * roots' outcomes: what to analyse again (the roots that loaded a changed file) and what to keep. A root that read
   * edited definitions of another file only through their summaries is kept when `verify` finds that each summary of
   * them it reached prints the same on the old text and on the new (taint/prints.ts): the entry holds which summaries
   * may be asked about (`bases`) and the definitions' texts then (`texts`), from which the old text is rebuilt.
   */
  partialShard(task: ShardTask, index: string, hashes: ReadonlyMap<string, string>, kind = PHASE2_SHARD, partsOf?: PartsOf, verify?: VerifyPrints): PartialShard | undefined {
    if (task.round !== 1 || task.state) return undefined;
    const key = shardKey(task, kind);
    const entry = this.lastShard?.key === key ? this.lastShard.entry : this.read<ShardEntry>(key);
    this.lastShard = undefined;
    if (!entry?.roots || entry.index !== index || entry.state !== "") return undefined;
    const changed = entry.deps.map(([rel, sha]) => hashes.get(rel) !== sha);
    const roots = new Map<string, RootOutcome>();
    const dirty = new Set<string>();
    const table = new Map((entry.parts ?? []).map(([i, outline, defs, spans, anchors]): [number, PartsThen] => [i, { outline, defs: new Map(defs), spans, anchors: anchors ?? [] }]));
    // a changed file whose outline and every definition a root read are the same: the root is kept (`unusedChange`)
    const now = new Map<number, FileParts | undefined>();
    const partsNow = (i: number) => {
      if (!now.has(i)) now.set(i, partsOf?.(entry.deps[i]![0]));
      return now.get(i);
    };
    let unused = 0;
    /** Roots kept only if the summaries they reached of changed definitions print the same now (`needs`). */
    const pending: { root: RootOutcome; needs: string[] }[] = [];
    for (const r of entry.roots) {
      let root: RootOutcome | undefined = restoredRoot(r, entry.deps, table);
      roots.set(r.path, root);
      const touched = r.loaded.filter((i) => changed[i]);
      if (touched.length === 0) continue;
      const needs: string[] = [];
      for (const i of partsOf ? touched : []) root = root && unusedChange(root, r, i, entry.deps[i]![0], table.get(i), partsNow, verify ? needs : undefined);
      if (partsOf && root && needs.length > 0) pending.push({ root, needs });
      else if (partsOf && root) {
        roots.set(r.path, root);
        unused++;
      } else dirty.add(r.path);
    }
    if (kind === PHASE2_SHARD && unused > 0) {
      this.stats.roots.unusedChanges += unused;
      timingNote(`phase 2 cache: shard ${task.shard.index}: ${unused} root(s) kept whose loaded files changed only in definitions they did not read`);
    }
    // the summaries a later scan may print, and their definitions' texts: those of changed files hold only for a
    // definition the same now, or put back as it is now once verified (below)
    const bases = new Map((entry.bases ?? []).map((b) => [b[0], b]));
    const texts = new Map<string, DefinitionText>();
    const depOf = new Map(entry.deps.map(([rel], i) => [rel, i]));
    /** The definition `k` of a loaded file (by its position in `deps`) changed since the entry. */
    const edited = (i: number, k: number) => changed[i] && partsNow(i)?.defs[k] !== table.get(i)?.defs.get(k);
    for (const t of entry.texts ?? []) {
      const i = depOf.get(t[0]);
      if (i !== undefined && !edited(i, t[1])) texts.set(`${t[0]}\0${t[1]}`, t);
    }
    if (pending.length > 0 && verify) {
      // per changed file, its edited definitions whose text then the entry holds (the old text is the new one with each
      // of them put back: see scan.ts)
      const olds = new Map<string, OldDefinition[]>();
      const back = new Set<string>();
      for (const [rel, ordinal, text] of entry.texts ?? []) {
        const i = depOf.get(rel);
        if (i === undefined || !edited(i, ordinal)) continue;
        const span = partsNow(i)?.spans[ordinal];
        const digest = table.get(i)?.defs.get(ordinal);
        if (!span || digest === undefined) continue;
        let list = olds.get(rel);
        if (!list) olds.set(rel, (list = []));
        list.push({ ordinal, text, digest });
        back.add(`${rel}\0${ordinal}`);
      }
      const asked = new Map<string, { key: string; start: number; spec?: Uint8Array }>();
      for (const { needs } of pending) {
        for (const key of needs) {
          const basis = bases.get(key);
          const [rel, ordinal] = key.split("\0") as [string, string];
          const start = partsNow(depOf.get(rel) ?? -1)?.spans[Number(ordinal)]?.[0];
          if (basis && start !== undefined && back.has(`${rel}\0${ordinal}`) && !asked.has(key)) asked.set(key, { key, start, ...(basis[1] ? { spec: basis[1] } : {}) });
        }
      }
      const writes = new Set(entry.roots.flatMap((r) => r.writes));
      const { prints, texts: nowTexts } = asked.size > 0 ? verify([...asked.values()], writes, olds) : { prints: new Map<string, { same: boolean; local: boolean; reads: string[] } | undefined>(), texts: new Map<string, string>() };
      const same = [...prints.values()].filter((p) => p?.same).length;
      let verified = 0;
      // two summaries of one edited definition whose prints renamed its positions: nothing ties the positions of one to
      // the other's (an object both return), so the root is not kept
      const defOf = (key: string) => key.slice(0, key.lastIndexOf("\0"));
      const tied = (needs: string[]) => {
        const defs = new Map<string, number>();
        for (const key of needs) defs.set(defOf(key), (defs.get(defOf(key)) ?? 0) + 1);
        return needs.every((key) => (defs.get(defOf(key)) ?? 0) < 2 || !prints.get(key)!.local);
      };
      for (const { root, needs } of pending) {
        if (needs.every((key) => prints.get(key)?.same === true) && tied(needs)) {
          // the module globals the new summaries read join the root's reads (those only the old ones read stay: a superset
          // can only make a shard run whole, or run again in a later round, where it finds what it found)
          const reads = new Set(root.reads);
          for (const key of needs) for (const read of prints.get(key)!.reads) reads.add(read);
          roots.set(root.path, { ...root, reads: [...reads].sort() });
          // the definitions compared are read as they are now: their texts too, for the next rescan
          for (const key of needs) {
            const at = defOf(key);
            const text = nowTexts.get(at);
            if (text !== undefined) texts.set(at, [at.slice(0, at.indexOf("\0")), Number(at.slice(at.indexOf("\0") + 1)), text]);
          }
          verified++;
        } else dirty.add(root.path);
      }
      if (kind === PHASE2_SHARD) {
        this.stats.roots.verified += verified;
        timingNote(`phase 2 cache: shard ${task.shard.index}: ${same} of ${asked.size} changed summaries print the same on the old and the new text; ${verified} of ${pending.length} root(s) reading only those kept`);
      }
    } else for (const { root } of pending) dirty.add(root.path);
    // a file of the shard that gave no outcome (it could not be read then) is analysed again if it changed
    for (const rel of task.shard.paths) if (!roots.has(rel) && hashes.get(rel) !== entry.deps.find(([p]) => p === rel)?.[1]) dirty.add(rel);
    if (kind === PHASE2_SHARD && dirty.size > 0 && dirty.size <= 4) timingNote(`phase 2 cache: shard ${task.shard.index}: analysed again: ${[...dirty].join(", ")}`);
    const gone = new Set(entry.deps.filter((_, i) => changed[i]).map(([rel]) => rel));
    return {
      // a kept root made the shard's second pass: the roots analysed again make it too
      task: { shard: { index: task.shard.index, paths: task.shard.paths.filter((p) => dirty.has(p)) }, round: 1, roots: true, ...(entry.roots.some((r) => r.tainted && !dirty.has(r.path)) ? { secondPass: true } : {}) },
      roots,
      dirty,
      spans: entry.reply.spans.filter(([key]) => !gone.has(key.slice(0, key.lastIndexOf(":", key.lastIndexOf(":") - 1)))),
      comments: entry.reply.comments.filter(([rel]) => !gone.has(rel)),
      bases,
      texts,
    };
  }

  /**
   * The shard's reply from a partial entry and the fresh analysis of its dirty roots (`fresh`, in a new analyser), when
   * that analysis kept its roots apart (else undefined: the whole shard is analysed again). What makes the merge the
   * outcome a whole new analysis of the shard would give is that a root's outcome does not depend on the other roots
   * analysed before it in the same shard (see `RootOutcome` and docs/architecture.md): the clean roots' outcomes are
   * those any analysis of the shard gives them, and so are the dirty roots' fresh ones.
   */
  completeShard(task: ShardTask, partial: PartialShard, fresh: ShardReply, count = true): ShardReply | undefined {
    const now = fresh.outcome.roots;
    if (!now) return undefined;
    const nowByPath = new Map(now.map((r) => [r.path, r]));
    const all: RootOutcome[] = [];
    let clean = 0;
    for (const rel of task.shard.paths) {
      const kept = partial.roots.get(rel);
      if (partial.dirty.has(rel)) {
        const r = nowByPath.get(rel);
        if (r) all.push(r);
      } else if (kept) {
        clean++;
        all.push(kept);
      }
    }
    // a module global a kept root wrote that a fresh one now reads (or writes too), or the other way round: the roots
    // depend on each other's order now; or a kept root that reads what it writes was analysed with a second pass the
    // shard no longer makes (or without one it now makes)
    if (!rootsIndependent(all) || !passesAgree(all)) return undefined;
    if (count) {
      this.stats.roots.kept += clean;
      this.stats.roots.analysed += partial.task.shard.paths.length;
    }
    const bases = new Map(partial.bases);
    for (const b of fresh.outcome.bases ?? []) bases.set(b[0], b);
    const texts = new Map(partial.texts);
    for (const t of fresh.outcome.texts ?? []) texts.set(`${t[0]}\0${t[1]}`, t);
    const outcome: ShardOutcome = { ...mergeRoots(task, all), roots: all, ...(bases.size > 0 ? { bases: [...bases.values()], texts: [...texts.values()] } : {}) };
    return { outcome, spans: [...fresh.spans, ...partial.spans], comments: [...fresh.comments, ...partial.comments] };
  }

  /**
   * Phase 2's shards of one round through the cache: each shard's outcome is reused when its inputs are unchanged
   * (`lookupShard`), rebuilt from its roots when only some of its roots' inputs changed (`partialShard`), else
   * analysed by `compute` (asked to keep its roots apart for the next scan), and stored.
   */
  async shards(tasks: readonly ShardTask[], index: string, hashes: ReadonlyMap<string, string>, compute: (tasks: ShardTask[]) => Promise<ShardReply[]>, partsOf?: PartsOf, verify?: VerifyPrints): Promise<ShardReply[]> {
    const out: (ShardReply | undefined)[] = [];
    const partial: (PartialShard | undefined)[] = [];
    tasks.forEach((task, i) => {
      out[i] = this.lookupShard(task, index, hashes);
      if (!out[i]) partial[i] = this.partialShard(task, index, hashes, PHASE2_SHARD, partsOf, verify);
    });
    // a shard whose changed files none of its roots read (`unusedChange`) has no root to analyse: nothing runs
    const idle = (i: number) => partial[i]?.task.shard.paths.length === 0;
    const jobs = tasks.flatMap((task, i) => (out[i] || idle(i) ? [] : [partial[i]?.task ?? { ...task, roots: true }]));
    timingNote(
      `phase 2 cache: ${out.filter(Boolean).length} of ${tasks.length} shard(s) reused; analysed again: ${
        tasks.flatMap((t, i) => (out[i] ? [] : [partial[i] ? `${partial[i]!.task.shard.paths.length} of ${t.shard.paths.length} file(s)` : `${t.shard.paths.length} file(s)`])).join(", ") || "none"
      }`,
    );
    const computed = jobs.length > 0 ? await compute(jobs) : [];
    let next = 0;
    const again: number[] = [];
    tasks.forEach((task, i) => {
      if (out[i]) return;
      const reply = idle(i) ? { outcome: noRootsOutcome(partial[i]!.task), spans: [], comments: [] } : computed[next++]!;
      const p = partial[i];
      if (p) {
        const whole = this.completeShard(task, p, reply);
        if (!whole) {
          again.push(i);
          return;
        }
        out[i] = whole;
      } else out[i] = reply;
      this.storeShard(task, index, hashes, out[i]!);
    });
    if (again.length > 0) {
      this.stats.roots.whole += again.length;
      timingNote(`phase 2 cache: ${again.length} shard(s) analysed whole after all (their roots' outcomes could not be combined)`);
      const whole = await compute(again.map((i) => ({ ...tasks[i]!, roots: true })));
      again.forEach((i, k) => {
        out[i] = whole[k]!;
        this.storeShard(tasks[i]!, index, hashes, out[i]!);
      });
    }
    return out as ShardReply[];
  }

  /** The shard entry `lookupShard` read last (read once when `partialShard` follows). */
  private lastShard?: { key: string; entry: ShardEntry | undefined };

  private stateDigest(state: SharedState | undefined): string {
    if (!state) return "";
    let digest = this.stateDigests.get(state);
    if (digest === undefined) this.stateDigests.set(state, (digest = sha256(serialize(state))));
    return digest;
  }

  private entryKey(key: string): string {
    return `${this.fingerprint}\0${key}`;
  }

  private read<T>(key: string): T | undefined {
    const bytes = this.store.get(this.entryKey(key));
    if (!bytes) return undefined;
    try {
      return deserialize(bytes) as T;
    } catch {
      return undefined;
    }
  }

  private write(key: string, value: unknown): void {
    this.store.put(this.entryKey(key), serialize(value));
  }
}

/** The outcome of a partial shard with no root left to analyse again (every changed file unread): the kept roots' alone. */
function noRootsOutcome(task: ShardTask): ShardOutcome {
  return { ...mergeRoots(task, []), roots: [] };
}

/** The parts of one loaded file as a shard's entry keeps them (see `ShardEntry.parts`). */
interface PartsThen {
  outline: string;
  defs: Map<number, string>;
  spans: [number, number][];
  anchors: number[];
}

/** A root's outcome as its shard's entry holds it: loaded files and parts used by position in `deps`, digests in `table`. */
function storedRoot(r: RootOutcome, at: ReadonlyMap<string, number>, table: Map<number, PartsThen>): StoredRoot {
  const { uses, via, ...rest } = r;
  // a definition read through its summaries is of a loaded file (else the root keeps no `via`: it runs again on an edit)
  const viaAt = via?.every(([p]) => at.has(p)) ? via.map(([p, k, suffixes]): [number, number, string[]] => [at.get(p)!, k, suffixes]) : undefined;
  const out: StoredRoot = { ...rest, loaded: r.loaded.map((p) => at.get(p)!), ...(viaAt && viaAt.length > 0 ? { via: viaAt } : {}) };
  if (!uses) return out;
  const stored: [number, number[]][] = [];
  for (const [p, outline, defs, spans, anchors] of uses) {
    const i = at.get(p);
    let t = i === undefined ? undefined : table.get(i);
    if (i !== undefined && !t) table.set(i, (t = { outline, defs: new Map(), spans, anchors }));
    // one text per file within an entry: digests that disagree (cannot happen) leave the root read whole
    if (i === undefined || t!.outline !== outline || defs.some(([k, d]) => (t!.defs.get(k) ?? d) !== d)) return out;
    for (const [k, d] of defs) t!.defs.set(k, d);
    stored.push([i, defs.map(([k]) => k)]);
  }
  return { ...out, uses: stored };
}

/** A stored root's outcome with paths and digests back in place. */
function restoredRoot(r: StoredRoot, deps: readonly [string, string][], table: ReadonlyMap<number, PartsThen>): RootOutcome {
  const { uses, loaded, via, ...rest } = r;
  const out: RootOutcome = { ...rest, loaded: loaded.map((i) => deps[i]![0]), ...(via ? { via: via.map(([i, k, suffixes]): [string, number, string[]] => [deps[i]![0], k, suffixes]) } : {}) };
  if (!uses) return out;
  const restored: NonNullable<RootOutcome["uses"]> = [];
  for (const [i, ordinals] of uses) {
    const t = table.get(i);
    if (!t || ordinals.some((k) => !t.defs.has(k))) return out;
    restored.push([deps[i]![0], t.outline, ordinals.map((k): [number, string] => [k, t.defs.get(k)!]), t.spans, t.anchors]);
  }
  return { ...out, uses: restored };
}

/**
 * A root's outcome for a loaded file's new text although the file changed (its position `i` in the entry's `deps`,
 * path `rel`), or undefined when it may not hold: the file is not the root itself, the root read only parts of it
 * (`RootOutcome.uses`) that are the same now — the outline, and each outermost definition it analysed, at the same
 * ordinal, digested without their layout (model/parts.ts) — and its outcome names no place in that file but the
 * specialised summaries it asked for, whose offsets are moved to the same definitions now (`moveAnchor`). The analysis
 * then met the same syntax tree in every part it read, in the same order; its offsets moved (an edit in a definition it
 * never read, or a comment or blank line anywhere, shifts what is below) but kept their order, and offsets and lines
 * reach an outcome only with their file's path (findings' regions and traces, sources, sink and response sites,
 * specialisation keys).
 */
function unusedChange(root: RootOutcome, stored: StoredRoot, i: number, rel: string, then: PartsThen | undefined, partsNow: (i: number) => FileParts | undefined, needs?: string[]): RootOutcome | undefined {
  if (!then || !stored.uses) return undefined;
  const used = stored.uses.find(([at]) => at === i);
  if (!used) return undefined;
  const now = partsNow(i);
  if (!now || now.outline !== then.outline || now.spans.length !== then.spans.length) return undefined;
  // a definition read that changed: only one read through its own summaries, to be compared (`needs`), may keep the root
  const edited = used[1].filter((k) => now.defs[k] !== then.defs.get(k));
  const via = edited.length > 0 && needs && rel !== root.path ? root.via?.filter(([p, k]) => p === rel && edited.includes(k)) : undefined;
  if (edited.length > 0 && via?.length !== edited.length) return undefined;
  // the root's own file: read whole (every definition, see `flattenRoot`), so only a change of its layout keeps it
  if (rel === root.path && used[1].length !== now.defs.length) return undefined;
  if (names(root, rel)) return undefined;
  // specialisation keys (`path:start|...`) of definitions in the file: each in the outline or a definition the root read
  const specs: string[] = [];
  for (const key of root.specs) {
    const head = `${rel}:`;
    if (!key.startsWith(head)) {
      specs.push(key);
      continue;
    }
    const bar = key.indexOf("|", head.length);
    const start = Number(key.slice(head.length, bar < 0 ? undefined : bar));
    // a specialisation of an edited definition itself (not of a function nested in it) starts where the definition starts now
    const at = edited.find((k) => then.spans[k]![0] === start);
    const moved = at !== undefined ? now.spans[at]![0] : Number.isInteger(start) ? moveAnchor(start, then, now, used[1].filter((k) => !edited.includes(k))) : undefined;
    if (moved === undefined) return undefined;
    specs.push(`${head}${moved}${bar < 0 ? "" : key.slice(bar)}`);
  }
  for (const [p, k, suffixes] of via ?? []) for (const suffix of suffixes) needs!.push(`${p}\0${k}\0${suffix}`);
  // the edited definitions are read as they are now (their digests for the next rescan)
  const digests = (defs: [number, string][]): [number, string][] => defs.map(([k, d]) => [k, edited.includes(k) ? now.defs[k]! : d]);
  return { ...root, specs, uses: root.uses?.map((u) => (u[0] === rel ? [u[0], u[1], digests(u[2]), now.spans, now.anchors] : u)) };
}

/**
 * Where the definition that started at `start` in the file's last text starts now, when it lies in a part that is the
 * same (the outline, or one of the outermost definitions `read`): the k-th definition of a part is the k-th of the same
 * part now, since equal digests mean equal syntax trees. Undefined when it is no definition start or its part changed.
 */
export function moveAnchor(start: number, then: { spans: readonly [number, number][]; anchors: readonly number[] }, now: { spans: readonly [number, number][]; anchors: readonly number[] }, read: readonly number[]): number | undefined {
  const partOf = (spans: readonly [number, number][], at: number) => spans.findIndex(([from, to]) => from <= at && at < to);
  const part = partOf(then.spans, start);
  if (part >= 0 && !read.includes(part)) return undefined;
  const k = then.anchors.filter((a) => a < start && partOf(then.spans, a) === part).length;
  if (!then.anchors.includes(start)) return undefined;
  return now.anchors.filter((a) => partOf(now.spans, a) === part)[k];
}

/**
 * Whether a root's outcome names a file where it may hold one of its offsets or lines (the keys of the shared state it
 * read and wrote name files and variables only; specialisation keys are moved apart, see `unusedChange`).
 */
function names(root: RootOutcome, rel: string): boolean {
  const { findings, responses, constancy, notices, state } = root;
  // a walk of every string (keys of maps and objects too), each object once: traces share their tails
  const seen = new Set<object>();
  const stack: unknown[] = [findings, responses, constancy, notices, state];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.includes(rel)) return true;
      continue;
    }
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set || Array.isArray(v)) for (const x of v) stack.push(x);
    else for (const [k, x] of Object.entries(v)) stack.push(k, x);
  }
  return false;
}

/** Store key of the files entry (its layout: `FileFrames`). */
const FILES_KEY = "files-v2";
/** Store key of the entries written since the base one (same layout; read over it, see `ScanCache.flushFiles`). */
const FILES_DELTA_KEY = "files-delta-v1";
/** A delta may hold this many entries whatever the number of files before the base is written again. */
const DELTA_MIN = 256;

/**
 * The files entry is a sequence of frames, one per file: a 4-byte length (little-endian), a small v8-serialised
 * `FrameHead`, then the bytes of the file's result and of its index record. Written one file at a time, read in
 * one piece; the results and records read are views into the entry's bytes, not copies.
 */
interface FrameHead {
  rel: string;
  sha: string;
  stamp?: string;
  skeleton: string;
  relevant?: boolean;
  /** Byte lengths of the result and of the index record (-1: none) that follow. */
  result: number;
  taint: number;
}

function writeFileFrame(out: CacheWriter, rel: string, entry: FileEntry): void {
  const head = serialize({ rel, sha: entry.sha, ...(entry.stamp !== undefined ? { stamp: entry.stamp } : {}), skeleton: entry.skeleton, ...(entry.relevant !== undefined ? { relevant: entry.relevant } : {}), result: entry.result.length, taint: entry.taint?.length ?? -1 } satisfies FrameHead);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(head.length);
  out.write(size);
  out.write(head);
  out.write(entry.result);
  if (entry.taint) out.write(entry.taint);
}

/** The entries of a files entry by path; empty when there is none or it is not well formed (everything is analysed again). */
function readFileFrames(bytes: Buffer | undefined): Map<string, FileEntry> {
  const entries = new Map<string, FileEntry>();
  if (!bytes) return entries;
  try {
    for (let at = 0; at < bytes.length; ) {
      if (at + 4 > bytes.length) throw new Error("truncated");
      const size = bytes.readUInt32LE(at);
      at += 4;
      const head = deserialize(bytes.subarray(at, (at += size))) as FrameHead;
      const end = at + head.result + Math.max(head.taint, 0);
      if (typeof head.rel !== "string" || head.result < 0 || end > bytes.length) throw new Error("truncated");
      const result = bytes.subarray(at, (at += head.result));
      const taint = head.taint >= 0 ? bytes.subarray(at, (at += head.taint)) : undefined;
      entries.set(head.rel, { sha: head.sha, ...(head.stamp !== undefined ? { stamp: head.stamp } : {}), skeleton: head.skeleton, result, ...(taint ? { taint } : {}), ...(head.relevant !== undefined ? { relevant: head.relevant } : {}) });
    }
  } catch {
    return new Map();
  }
  return entries;
}

/** Kinds of shard entries: phase 2's, and the fix verifier's re-analyses (`ScanCache.fixShards`). */
const PHASE2_SHARD = "shard";
const FIX_SHARD = "fix-shard";

function shardKey(task: ShardTask, kind: string): string {
  return `${kind}\0${task.round}\0${sha256(task.shard.paths.join("\0"))}`;
}

/** Digest of a tree: the report options, then every file's path and sha256 in scan order. */
function treeDigest(options: TreeOptions, files: readonly DiscoveredFile[], shas: readonly string[]): string {
  const h = createHash("sha256");
  h.update(JSON.stringify([options.inlineSuppressions, options.testsAsCode, options.onlyFiles ? [...options.onlyFiles].sort() : null, options.external.entryPoints.map((d) => [d.path, d.name, d.framework, d.route ?? null]), options.external.templates.map((t) => [t.path, t.unescaped])]));
  files.forEach((f, i) => h.update(`\n${f.rel}\0${shas[i]}`));
  return h.digest("hex");
}

/**
 * Digest of the whole project index, offsets left out: what a shard may learn about modules it did not load.
 * `skeletons` are the files' skeleton digests (see `skeletonDigest`), in the order the records were added;
 * `external` what deployment descriptors and templates say.
 */
export function indexDigest(records: readonly { path: string; relevant: boolean }[], skeletons: ReadonlyMap<string, string>, external?: ExternalFacts): string {
  const h = createHash("sha256");
  for (const r of records) h.update(`${r.path}\0${r.relevant ? 1 : 0}\0${skeletons.get(r.path) ?? ""}\n`);
  // entry points named by deployment descriptors and templates' unescaped variables change what flows are found
  for (const d of external?.entryPoints ?? []) h.update(`declared\0${d.path}\0${d.name}\0${d.framework}\0${d.route ?? ""}\n`);
  for (const t of external?.templates ?? []) h.update(`template\0${t.path}\0${t.unescaped.join(",")}\n`);
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
  return sha256(JSON.stringify([VERSION, code, inputs.includeLocalSources, inputs.includeParameterSources === true, inputs.testsAsCode === true, Boolean(inputs.fixes), inputs.naming ?? [], rules, inputs.models], plainReplacer));
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
