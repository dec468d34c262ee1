/**
 * Re-scanning a project with some files changed in memory, through the same phases as the scan:
 * the fix verifier asks "with these contents, what does pysast report?" before any fix is shown.
 * Phase 1 runs again only for the changed files; the data-flow analysis starts again only from the
 * files that can see the change (the changed files, the files importing them, the views whose routes
 * they register) and from the roots the caller names; every other result comes from the first scan.
 */
import { deserialize } from "node:v8";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FileAnalyzer, isolatedParser, statementSpansFor, type FileResult } from "./analyze-file.js";
import { PHASE_BUDGET_MS, RESCAN_MODEL_BUDGET } from "./budget.js";
import type { FileModel, ModuleBase } from "./model/file-model.js";
import { loadPython } from "./parse/grammar.js";
import { PythonParser, type CompactTree } from "./parse/parser.js";
import { SourceText } from "./parse/ast.js";
import { mapOffset } from "./fix/edits.js";
import { decodeSource } from "./read-source.js";
import { isPatternRule, type PatternRule, type Rule, type TaintRule } from "./rule.js";
import { finalize, moduleNaming, threadCount, type FileState, type ScanOptions } from "./scan.js";
import { ProjectFiles } from "./phase2.js";
import { AHEAD_FILES, loadAheadScript, LoadAheadWorker } from "./load-ahead.js";
import type { Phase2Result, ShardOutcome, ShardPlan, ShardTask } from "./taint/shards.js";
import { constantSinkKinds, ModelLru, TaintProject, type ExternalFacts, type TaintFileRecord } from "./taint/index.js";
import { entryRoots, packedCount, recordHead, unpackHead, unpackRecord, type PackedRecords, type RecordHead } from "./taint/project-index.js";
import { isDevelopmentPath } from "../rules/lib/settings.js";
import { overriddenSettings } from "./settings-overrides.js";
import { isTestPath } from "./test-code.js";
import type { Finding, RawFinding } from "./types.js";
import type { PreparedRescan } from "./fix/prepare.js";
import { FlowNeutrality, type HeadedRecord } from "./fix/flow-neutral.js";
import { sha256, skeletonDigest, type PartsOf, type RoundMemo, type ShardMemo, type VerdictMemo } from "./scan-cache.js";
import { modelParts, type FileParts } from "./model/parts.js";
import { timingNote } from "./scan-failure.js";

export interface RescanResult {
  /**
   * Finalised findings (suppressed ones included, without fingerprints) of every changed file and of every file where the
   * re-analysis found a data flow; other files' findings are those of the first scan.
   */
  findings: Map<string, Finding[]>;
  /** Places the parser could not read, per changed file. */
  parseErrors: Map<string, number>;
  /** Every file whose text the re-scan used (changed, loaded for the data flow, or re-reported): what its result depends on besides the index. */
  read: Set<string>;
  /** The files whose data flows the re-scan analysed again (none when no phase-2 shard of the scan could see the change). */
  dataFlowFiles: Set<string>;
}

/**
 * What each phase-2 shard of the scan could see: the files it analysed and every file it loaded (its own
 * and those holding functions it called), in plan order.
 */
export type PhaseTwoReach = readonly { paths: readonly string[]; loaded: readonly string[] }[];

/** What the scan's results were computed from, for the analysis cache: each file's sha256 and the project index's digest. */
export interface SessionInputs {
  hashes: ReadonlyMap<string, string>;
  index: string;
}

export class ScanSession {
  /** The fix verifier's verdicts kept by the analysis cache for this very tree (absent without the cache). */
  fixVerdicts?: VerdictMemo;
  /** The fix verifier's re-scans kept by the analysis cache with what they read (absent without the cache). */
  fixRounds?: RoundMemo;
  /** What the scan was computed from (with the cache only). */
  inputs?: SessionInputs;
  /** The re-scans' data-flow re-analyses kept by the analysis cache, shard by shard (absent without the cache). */
  fixShards?: ShardMemo;
  /** Phase 1 of the patched texts the first fix-verifying re-scan will likely ask about, computed ahead on the phase-1 workers (see fix/prepare.ts). */
  prepared?: Promise<PreparedRescan>;
  /**
   * Compact trees of files as the scan read them (those phase 2 held at its end): a re-scan builds the models of
   * unchanged files from them instead of parsing the files again.
   */
  trees?: ReadonlyMap<string, CompactTree>;
  /** A session of a scan answered whole from the cache: the files it analysed (path → absolute path) until `ready()` rebuilds the rest. */
  private known?: ReadonlyMap<string, string>;
  private restore?: () => Promise<ScanSession>;
  private restoring?: Promise<void>;

  constructor(
    readonly opts: ScanOptions,
    private states: ReadonlyMap<string, FileState>,
    /**
     * Phase-1 taint records in the scan's (deterministic) order, packed as phase 2 reads them (built on first use:
     * they may come from the cache); undefined when the scan kept none.
     */
    private packedRecords: () => PackedRecords | undefined,
    /** Sink calls the scan's data-flow analysis saw with constant data only, per file. */
    private constantSinks: ReadonlyMap<string, Set<string>>,
    /** What the scan learnt from deployment descriptors and templates. */
    private external: ExternalFacts = { entryPoints: [], templates: [] },
    /** What phase 2's shards saw (absent when phase 2 did not run to its end: the re-scan then analyses every dependent). */
    private reach?: PhaseTwoReach,
  ) {}

  /**
   * The session of a scan whose result came whole from the cache: it knows the analysed files (`files`,
   * path → absolute path) and reads their text from disk; `restore` (a scan from the per-file and per-shard
   * entries) gives it the rest when `ready()` is awaited, before a re-scan or the first scan's findings.
   */
  static deferred(opts: ScanOptions, files: ReadonlyMap<string, string>, restore: () => Promise<ScanSession>): ScanSession {
    const session = new ScanSession(opts, new Map(), () => undefined, new Map());
    session.known = files;
    session.restore = restore;
    return session;
  }

  /** Rebuilds what a deferred session lacks (see `deferred`); at once for any other session. */
  ready(): Promise<void> {
    const restore = this.restore;
    if (!restore) return Promise.resolve();
    this.restoring ??= restore().then((full) => {
      this.states = full.states;
      this.packedRecords = full.packedRecords;
      this.constantSinks = full.constantSinks;
      this.external = full.external;
      this.reach = full.reach;
      this.inputs = full.inputs;
      this.trees = full.trees;
      this.known = undefined;
      this.restore = undefined;
    });
    return this.restoring;
  }

  private readonly finalised = new Map<string, Finding[]>();

  private assertReady(what: string): void {
    if (this.restore) throw new Error(`internal error: ${what} of a scan answered from the cache needs \`await session.ready()\` first`);
  }

  /** The first scan's findings of one file, suppressed ones included (also for files `onlyFiles` left out of the report), without fingerprints. */
  findings(rel: string): Finding[] {
    this.assertReady("the findings");
    let out = this.finalised.get(rel);
    if (out) return out;
    const st = this.states.get(rel);
    const text = st && st.raw.length > 0 ? this.text(rel) : undefined;
    const rulesById = new Map<string, Rule>(this.opts.rules.map((r) => [r.meta.id, r]));
    out = st && text !== undefined ? finalize({ ...st, text }, rulesById, this.opts.inlineSuppressions, this.constantSinks.get(rel), !this.opts.testsAsCode && isTestPath(rel), undefined, false) : [];
    this.finalised.set(rel, out);
    return out;
  }

  /**
   * What a re-scan's result depends on in one file, as a string that changes when it does: the file's sha256
   * and, for a file the re-scan reported (`reported`), the first scan's findings and constant sinks there
   * (which other files decide). Undefined without the cache's inputs or for a file the scan did not hash.
   */
  dependency(rel: string, reported: boolean): string | undefined {
    const sha = this.inputs?.hashes.get(rel);
    if (sha === undefined) return undefined;
    if (!reported) return sha;
    return `${sha}:${sha256(JSON.stringify([this.findings(rel), [...(this.constantSinks.get(rel) ?? [])]]))}`;
  }

  /**
   * Which of the scan's phase-2 shards analysed or loaded any of `paths`, with their files and every file they
   * loaded, as a digest ("" when the shards' reach is unknown). A re-scan patching `paths` narrows its data-flow
   * re-analysis to these shards (see `narrowed`): with the patched files, the files the re-scan read and the
   * index, this is what its result depends on, so the fix verifier keeps a re-scan for as long as the same
   * shards see the same files (an edit elsewhere in the project does not re-run it).
   */
  seeing(paths: Iterable<string>): string {
    const reach = this.reach;
    if (!reach) return "";
    const patched = new Set(paths);
    return sha256(JSON.stringify(shardsReading(reach, (rel) => patched.has(rel)).map((shard) => [shard.paths, shard.loaded])));
  }

  /**
   * The analysis cache's outcomes of the re-scans' data-flow re-analyses, for a re-scan patching `overrides`, by
   * phase 2's rule (see scan-cache.ts): a shard's outcome holds while the index (the scan's, with the patched files'
   * records), its starting state and the bytes of every file it loaded, patched or not, are unchanged. Undefined
   * without the cache.
   */
  private shardMemo(overrides: ReadonlyMap<string, string>, changed: ReadonlyMap<string, FileResult>): { get(task: ShardTask): ShardOutcome | undefined; run(task: ShardTask, analyse: (task: ShardTask) => ShardOutcome, partsOf?: PartsOf): ShardOutcome } | undefined {
    const memo = this.fixShards;
    const inputs = this.inputs;
    if (!memo || !inputs) return undefined;
    // the index digest leaves offsets out: a patched record that differs otherwise (a new import) makes another index
    const differing: [string, string][] = [];
    for (const rel of [...overrides.keys()].sort()) {
      const now = changed.get(rel)?.taint;
      const digest = now ? skeletonDigest(now) : "";
      if (digest !== skeletonDigest(this.recordOf(rel))) differing.push([rel, digest]);
    }
    const index = differing.length === 0 ? inputs.index : sha256(JSON.stringify([inputs.index, differing]));
    const hashes = new Map(inputs.hashes);
    for (const [rel, text] of overrides) hashes.set(rel, sha256(text));
    return { get: (task) => memo.get(task, index, hashes), run: (task, analyse, partsOf) => memo.run(task, index, hashes, analyse, partsOf) };
  }

  /**
   * The data-flow re-analysis of a re-scan (`plan`, the shards of the files in `only`), each shard's outcome taken
   * from `memo` when it holds one (`first`: the first round's, looked up already) and kept there when it runs. A
   * reused shard's files and loads count as read (`read`), as when it runs.
   */
  private async reanalyse(taint: TaintProject, load: (rel: string) => FileModel | null, only: ReadonlySet<string>, plan: ShardPlan[], memo: ReturnType<ScanSession["shardMemo"]>, first: ReadonlyMap<number, ShardOutcome>, read: Set<string>): Promise<Phase2Result> {
    if (!memo) return taint.analyze(load, only, plan);
    let reused = 0;
    let ran = 0;
    // the parts of a file a kept root loaded, in the text this re-scan reads (patched or not), to see whether it read what changed
    const parts = new Map<string, FileParts | undefined>();
    const partsOf = (rel: string) => {
      if (!parts.has(rel)) {
        const model = load(rel);
        parts.set(rel, model ? modelParts(model.parsed) : undefined);
      }
      return parts.get(rel);
    };
    const result = await taint.analyzeWith(
      async (tasks) =>
        tasks.map((task) => {
          const kept = task.round === 1 && task.state === undefined ? first.get(task.shard.index) : memo.get(task);
          if (kept) {
            reused++;
            for (const rel of [...task.shard.paths, ...kept.loaded]) read.add(rel);
            return kept;
          }
          ran++;
          // only the roots that loaded a changed file when the shard kept its roots apart (see `ScanCache.partialShard`)
          return memo.run(task, (t) => taint.runShard(t, load, undefined, t.roots === true), partsOf);
        }),
      { plan, notices: [] },
    );
    timingNote(`fix verifier re-scan: shard outcomes reused from the analysis cache: ${reused}, analysed: ${ran}`);
    return result;
  }

  /** Places the parser could not read in the file as the scan read it. */
  errorCount(rel: string): number | undefined {
    this.assertReady("the parse errors");
    return this.states.get(rel)?.errorCount;
  }

  /** Whether the scan analysed this file. */
  has(rel: string): boolean {
    return this.known?.has(rel) ?? this.states.has(rel);
  }

  /** The text the scan analysed for a file (re-read from disk when the scan did not keep it). */
  text(rel: string): string | undefined {
    const st = this.states.get(rel);
    const abs = this.known?.get(rel) ?? st?.abs;
    if (abs === undefined) return undefined;
    if (st?.text !== undefined) return st.text;
    try {
      return decodeSource(readFileSync(abs), rel).text ?? undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Which of the scan's phase-2 shards can see a change, when that is known: a shard's findings depend only on
   * its files, the files it loaded and the index (the analysis cache's rule, see scan-cache.ts), so a changed file
   * that no shard analysed or loaded, and whose index record is the same apart from offsets (the same
   * definitions, imports, routes, and still as relevant or not), cannot change a data-flow finding. Undefined
   * (analyse every dependent again) when the shards' reach is unknown or a changed file's record changed.
   * When a patch adds imports, the texts of every file the shards read are searched for the new names, and
   * so count as read (`read`): they decide both ways.
   */
  private narrowed(overrides: ReadonlyMap<string, string>, changed: ReadonlyMap<string, FileResult>, neutral: (rel: string) => boolean, read: Set<string>): { seeing: PhaseTwoReach } | undefined {
    const fallBack = (rel: string, why: string): undefined => {
      timingNote(`fix verifier: every importer of the patched files is analysed again: ${rel}: ${why}`);
      return undefined;
    };
    const reach = this.reach;
    if (!reach) return undefined;
    /** Module-level names the patch binds by a new import (`import secrets`), per patched module's qualified name. */
    const added = new Map<string, { path: string; names: string[] }>();
    for (const rel of overrides.keys()) {
      const old = this.recordOf(rel);
      const now = changed.get(rel)?.taint;
      if (!old || !now) return fallBack(rel, "no index record");
      if (skeletonDigest(old) === skeletonDigest(now)) continue;
      const names = addedImports(old, now);
      if (!names) return fallBack(rel, "the patch changes the file's definitions or imports, not only adds imports");
      // a module no other file imports may bring sinks of a kind phase 2 dropped (src/taint/demand.ts)
      if (!entryRoots(now.entry).every((root) => this.knownRoots.has(root))) return fallBack(rel, "a new import of a package no file imported");
      added.set(now.entry.mod.name, { path: rel, names });
    }
    if (added.size > 0) {
      const all = new Set<string>();
      for (const shard of reach) {
        for (const rel of shard.paths) all.add(rel);
        for (const rel of shard.loaded) all.add(rel);
      }
      for (const rel of all) read.add(rel);
      if (!unobserved(added, this.heads(changed), all, (rel) => overrides.get(rel) ?? this.text(rel))) return fallBack([...added.values()].map((a) => a.path).join(", "), "a file a shard read can name a new import");
    }
    return { seeing: shardsReading(reach, (rel) => overrides.has(rel) && !neutral(rel)) };
  }

  /**
   * Whether the data-flow analysis of each patched file (per path, for the text judged) can be kept (see
   * `flowNeutral`), with its sink calls seen with constants only, moved to the patched text.
   */
  private readonly neutrality = new Map<string, { text: string; neutral: boolean; constantSinks?: Set<string> }>();
  private neutralJudge?: FlowNeutrality;

  /**
   * Whether a patched file's data flows are those of the file as scanned, and its constant-only sinks where the
   * patch moves them (see fix/flow-neutral.ts): the file had no data-flow finding, its index record is the same
   * apart from offsets, and the patch is flow-neutral and leaves every constant-only sink outside what it changed.
   */
  private flowNeutral(rel: string, text: string, result: FileResult | undefined, before: () => FileModel, after: () => FileModel | null): { text: string; neutral: boolean; constantSinks?: Set<string> } {
    const no = { text, neutral: false };
    const st = this.states.get(rel);
    const original = this.text(rel);
    const old = this.recordOf(rel);
    if (!st || original === undefined || !old || !result?.taint || (result.errorCount ?? 1) > 0 || st.raw.length > st.patternCount) return no;
    if (skeletonDigest(old) !== skeletonDigest(result.taint)) return no;
    const patched = after();
    if (!patched) return no;
    this.neutralJudge ??= new FlowNeutrality(this.opts.models, { [Symbol.iterator]: () => this.headed() }, this.fixRounds?.indexAnswers());
    const judged = this.neutralJudge.judge(before(), patched);
    let why = judged.why;
    let constantSinks: Set<string> | undefined;
    const sinks = this.constantSinks.get(rel);
    if (judged.why === null && sinks && sinks.size > 0) {
      constantSinks = new Set();
      const before = new SourceText(original);
      const after = new SourceText(text);
      for (const key of sinks) {
        const m = /^(.*)@(\d+):(\d+)$/.exec(key);
        const offset = m ? before.lineStart(Number(m[2]) - 1) + Number(m[3]) - 1 : -1;
        if (!m || judged.edits.some((e) => e.start < offset && offset < e.end)) {
          why = "a sink the data-flow analysis saw with constants only lies in what the patch changed";
          break;
        }
        const pos = after.position(mapOffset(offset, judged.edits));
        constantSinks.add(`${m[1]}@${pos.line + 1}:${pos.column + 1}`);
      }
    }
    timingNote(`fix verifier: ${rel}: ${why ? `data flows analysed again: ${why}` : "the patch cannot change a data flow"}`);
    return why ? no : { text, neutral: true, constantSinks };
  }

  /** The number of each record in the packed records, by path (read once). */
  private recordsByPath?: Map<string, number>;
  private rootsMemo?: Set<string>;
  private namingMemo?: ModuleBase[];

  /** Where the re-scans' module names start (`moduleNaming`): read from the file system once per session. */
  private get naming(): ModuleBase[] {
    return (this.namingMemo ??= moduleNaming(this.opts));
  }

  /** The scan's index record of a file, deserialised from the packed records (a new copy each time). */
  private recordOf(rel: string): TaintFileRecord | undefined {
    const packed = this.packedRecords();
    if (!packed) return undefined;
    if (!this.recordsByPath) {
      this.recordsByPath = new Map();
      for (let k = 0; k < packedCount(packed); k++) this.recordsByPath.set(unpackHead(packed, k).path, k);
    }
    const k = this.recordsByPath.get(rel);
    return k === undefined ? undefined : unpackRecord<TaintFileRecord>(packed, k);
  }

  /**
   * The scan's index records in order, each as its head (see `RecordHead`) and a way to deserialise the whole record
   * when a question needs it (none is held: the project's records as objects took about as much memory as the index
   * they make).
   */
  private *headed(): Generator<HeadedRecord> {
    const packed = this.packedRecords();
    if (!packed) return;
    for (let k = 0; k < packedCount(packed); k++) yield { head: unpackHead(packed, k), record: () => unpackRecord<TaintFileRecord>(packed, k) };
  }

  /** The heads of the scan's index records in order (see `RecordHead`), `changed`'s record's in place of a patched file's. */
  private *heads(changed?: ReadonlyMap<string, FileResult>): Generator<RecordHead> {
    const packed = this.packedRecords();
    if (!packed) return;
    for (let k = 0; k < packedCount(packed); k++) {
      const head = unpackHead(packed, k);
      const patched = changed?.get(head.path)?.taint;
      yield patched ? recordHead(patched) : head;
    }
  }

  /** Every module root the scan's records import or define (see `entryRoots`), and `builtins`: computed once. */
  private get knownRoots(): Set<string> {
    if (!this.rootsMemo) {
      this.rootsMemo = new Set(["builtins"]);
      for (const h of this.heads()) for (const root of h.roots) this.rootsMemo.add(root);
    }
    return this.rootsMemo;
  }

  /**
   * Starts a worker parsing the files a re-analysis of `plan` will likely load (each shard's files, then what they
   * import) that `files` does not hold; undefined when there are none.
   */
  private loadAhead(plan: readonly ShardPlan[], taint: TaintProject, overrides: ReadonlyMap<string, string>, files: ProjectFiles | undefined): LoadAheadWorker | undefined {
    const script = loadAheadScript();
    if (!script || !files) return undefined;
    const list: [string, string][] = [];
    const listed = new Set<string>();
    for (const shard of plan) {
      for (const rel of [...shard.paths, ...taint.likelyLoads(shard.paths, AHEAD_FILES)]) {
        const st = this.states.get(rel);
        if (list.length >= AHEAD_FILES || !st || listed.has(rel) || overrides.has(rel) || files.has(rel)) continue;
        listed.add(rel);
        list.push([rel, st.abs]);
      }
    }
    if (list.length === 0) return undefined;
    const loader = new LoadAheadWorker(script);
    files.ahead = loader.load(list);
    return loader;
  }

  /**
   * Re-runs the rules with `overrides` (path → text) in place of those files; `roots` are analysed for data flows
   * too, or keep the first scan's data-flow findings when no shard could see the change (see `narrowed`).
   */
  async rescan(overrides: ReadonlyMap<string, string>, roots: Iterable<string> = []): Promise<RescanResult> {
    await this.ready();
    const { opts } = this;
    const parser = new PythonParser(await loadPython());
    let analyzer: FileAnalyzer | undefined;
    let unchanged: ProjectFiles | undefined;
    try {
      const patternRules = opts.rules.filter(isPatternRule) as PatternRule[];
      const taintRules = opts.rules.filter((r): r is TaintRule => r.meta.kind === "taint");
      const rulesById = new Map<string, Rule>(opts.rules.map((r) => [r.meta.id, r]));
      const budget = opts.phaseBudgetMs ?? PHASE_BUDGET_MS;
      const taint =
        taintRules.length > 0 || patternRules.some((r) => r.quietWhereConstant)
          ? new TaintProject(taintRules, { includeLocalSources: opts.includeLocalSources, includeParameterSources: opts.includeParameterSources === true, testsAsCode: opts.testsAsCode === true, models: opts.models, fileBudgetMs: budget, constantSinkKinds: constantSinkKinds(patternRules) })
          : undefined;
      const scanner = new FileAnalyzer(parser, patternRules, taint, isolatedParser, budget, false, false, this.naming);
      // a patched file's model is parsed again when the re-analysis loads it: its result needs no copy of its tree
      scanner.keepTrees = false;
      analyzer = scanner;

      const changed = new Map<string, FileResult>();
      const parseErrors = new Map<string, number>();
      // a result computed ahead counts only for the very text asked about (a pure function of it: the same result)
      const ahead: PreparedRescan = (await this.prepared) ?? new Map();
      for (const [rel, text] of overrides) {
        const early = ahead.get(rel);
        const result = early?.text === text ? withRecord(early.result) : scanner.analyzeText({ rel, abs: this.states.get(rel)?.abs ?? join(opts.root, rel) }, text);
        // the same patched text was computed twice (for this re-scan and for the prepared one): one copy is held from now on
        if (early?.text === text) early.text = text;
        changed.set(rel, result);
        parseErrors.set(rel, result.errorCount ?? Number.POSITIVE_INFINITY);
      }

      const read = new Set(overrides.keys());
      const textOf = (rel: string) => overrides.get(rel) ?? this.text(rel);
      // models within a bound (a re-scan can analyse most of the project: keeping every model would hold all their trees at once),
      // a quarter of a shard's: each re-analysis shard keeps its own within it too, so a larger one here held mostly models of
      // shards already done (`RESCAN_MODEL_BUDGET`)
      // unchanged files come from the trees the scan (and earlier re-scans) kept, else are parsed here or ahead, within phase 2's budget
      const project = (): ProjectFiles | undefined => {
        const current = scanner.currentParser;
        if (!unchanged && current) {
          unchanged = new ProjectFiles(current, new Map([...this.states].map(([rel, st]) => [rel, st.abs])), undefined, this.naming);
          for (const [rel, tree] of this.trees ?? []) unchanged.keep(rel, tree);
        }
        return unchanged;
      };
      const models = new ModelLru((rel) => {
        const files = overrides.has(rel) || !this.states.has(rel) ? undefined : project();
        if (files) {
          // the model the text as the scan read it gives, without parsing it again when a tree is held
          const model = files.model(rel);
          if (model) read.add(rel);
          return model;
        }
        const text = this.states.has(rel) || overrides.has(rel) ? textOf(rel) : undefined;
        if (text !== undefined) read.add(rel);
        return text === undefined ? null : scanner.model(rel, text);
      }, RESCAN_MODEL_BUDGET);
      const load = (rel: string): FileModel | null => models.get(rel);

      let flows = new Map<string, RawFinding[]>();
      const constantSinks = new Map(this.constantSinks);
      const dataFlowFiles = new Set<string>();
      // files not analysed again whose data-flow findings the first scan computed (the roots, when the shards never saw the change)
      const kept = new Set<string>();
      /** Patched files whose data flows were not analysed again. */
      const overridden = new Set(overrides.keys());
      if (taint) {
        // patches no data flow can see (see fix/flow-neutral.ts) need no data-flow re-analysis, judged once per file and text
        const neutral = (rel: string): boolean => {
          const text = overrides.get(rel);
          if (text === undefined) return false;
          let verdict = this.neutrality.get(rel);
          if (verdict?.text !== text) {
            // the scanned file from the tree phase 2 held (no parse), the patched one as the re-analysis would load it
            const files = project();
            const original = () => (files?.has(rel) ? files.model(rel) : null) ?? scanner.model(rel, this.text(rel)!);
            verdict = this.flowNeutral(rel, text, changed.get(rel), original, () => load(rel));
            this.neutrality.set(rel, verdict);
          }
          return verdict.neutral;
        };
        const narrowed = this.narrowed(overrides, changed, neutral, read);
        if (narrowed) {
          // which shards saw the patched files decides what is analysed again: the fix verifier keeps that apart
          // (`seeing`), so a re-scan depends on the files of the shards that saw no patched file only when their
          // texts were searched for the names of new imports (`narrowed` counts them as read then)
          for (const rel of roots) if (!overrides.has(rel) && (this.states.get(rel)?.raw.length ?? 0) > (this.states.get(rel)?.patternCount ?? 0)) kept.add(rel);
        }
        if (narrowed && narrowed.seeing.length === 0) timingNote(`fix verifier re-scan: ${overrides.size} patched file(s); no data flow analysed again`);
        if (!narrowed || narrowed.seeing.length > 0) {
          // the index read from the packed records, as in phase 2 (modules made objects only when read, within a
          // budget), the patched files' records held as objects in place of theirs
          const packed = this.packedRecords();
          const patched = new Map<string, TaintFileRecord>();
          for (const [rel, result] of changed) if (result.taint) patched.set(rel, result.taint);
          if (packed) taint.addPacked(packed, patched);
          taint.addExternalFacts(this.external);
          const only = new Set<string>();
          if (!narrowed) for (const rel of [...taint.dependents([...overrides.keys()].filter((rel) => !neutral(rel))), ...roots]) only.add(rel);
          else {
            for (const shard of narrowed.seeing) {
              // the files of a shard that import (or are) a changed file it saw; all of them if none does (the change reached it another way)
              const seen = [...shard.paths, ...shard.loaded].filter((rel) => overrides.has(rel) && !neutral(rel));
              const dependents = taint.dependents(seen);
              const importing = shard.paths.filter((rel) => dependents.has(rel));
              for (const rel of importing.length > 0 ? importing : shard.paths) only.add(rel);
            }
          }
          for (const rel of only) kept.delete(rel);
          const plan = taint.plan(only);
          // the plan keeps only the files that can hold flows: `only` also names every importer of a patched file
          const planned = plan.reduce((n, shard) => n + shard.paths.length, 0);
          timingNote(`fix verifier re-scan: ${overrides.size} patched file(s); data flows analysed again in ${planned} file(s), ${plan.length} shard(s) (${only.size} file(s) could see a patch)`);
          // shard outcomes of earlier re-scans that still hold (see `reanalyse`), the first round's looked up now
          const memo = this.shardMemo(overrides, changed);
          const first = new Map<number, ShardOutcome>();
          for (const shard of memo ? plan : []) {
            const outcome = memo!.get({ shard, round: 1 });
            if (outcome) first.set(shard.index, outcome);
          }
          // a worker parses ahead the files the re-analysis will likely load, as for phase 2's lone shard (see load-ahead.ts)
          const toRun = plan.filter((shard) => !first.has(shard.index));
          const loader = threadCount(this.states.size, opts) > 1 && toRun.length > 0 ? this.loadAhead(toRun, taint, overrides, project()) : undefined;
          let analysed: Phase2Result;
          try {
            analysed = await this.reanalyse(taint, load, only, plan, memo, first, read);
          } finally {
            if (unchanged) unchanged.ahead = undefined;
            if (loader) {
              const sent = await loader.stop();
              const { used, parsedHere, waited, unlisted } = loader.ahead.counts;
              timingNote(`fix verifier: files parsed ahead by a worker: ${sent}, of which used: ${used}; parsed here: ${parsedHere} listed, ${unlisted} not listed; waited for: ${waited}`);
            }
          }
          flows = analysed.findings;
          for (const rel of only) constantSinks.delete(rel);
          for (const [rel, sinks] of analysed.constantSinks) constantSinks.set(rel, sinks);
          for (const rel of only) overridden.delete(rel);
          for (const shard of plan) for (const rel of shard.paths) dataFlowFiles.add(rel);
        }
      }

      // a flow-neutral patched file not analysed again keeps its constant-only sinks, moved to the patched text
      for (const rel of overridden) {
        const verdict = this.neutrality.get(rel);
        if (verdict?.neutral && verdict.text === overrides.get(rel) && verdict.constantSinks) constantSinks.set(rel, verdict.constantSinks);
      }
      const fresh = new Map<string, FileState>();
      const files = new Set([...overrides.keys(), ...kept, ...[...flows].filter(([, raws]) => raws.length > 0).map(([rel]) => rel)]);
      for (const rel of files) {
        const st = this.states.get(rel);
        const text = textOf(rel);
        if (!st || text === undefined) continue;
        const again = changed.get(rel);
        const patternRaw = again ? again.raw : st.raw.slice(0, st.patternCount);
        const patternSpans = again ? again.statementSpans : st.statementSpans.slice(0, st.patternCount);
        const taintRaw = kept.has(rel) ? st.raw.slice(st.patternCount) : (flows.get(rel) ?? []);
        // a file left without findings needs no second parse
        const model = taintRaw.length > 0 && !kept.has(rel) ? load(rel) : null;
        const state: FileState = {
          rel,
          abs: st.abs,
          text,
          raw: [...patternRaw, ...taintRaw],
          patternCount: patternRaw.length,
          comments: again?.comments ?? model?.parsed.comments ?? st.comments,
          statementSpans: [...patternSpans, ...(kept.has(rel) ? st.statementSpans.slice(st.patternCount) : model && taintRaw.length > 0 ? statementSpansFor(model, taintRaw) : [])],
          inMemory: overrides.has(rel),
        };
        fresh.set(rel, state);
        read.add(rel);
      }
      // settings that a later module of the same settings package overrides are dropped, as in the scan
      const dropped = overriddenSettings(new Map([...this.states, ...fresh]), load, isDevelopmentPath);
      const findings = new Map<string, Finding[]>();
      for (const [rel, state] of fresh) {
        const keep = state.raw.map((r) => !dropped.has(r));
        const kept: FileState = { ...state, raw: state.raw.filter((_, i) => keep[i]), statementSpans: state.statementSpans.filter((_, i) => keep[i]), patternCount: keep.slice(0, state.patternCount).filter(Boolean).length };
        findings.set(rel, finalize(kept as FileState & { text: string }, rulesById, opts.inlineSuppressions, constantSinks.get(rel), !opts.testsAsCode && isTestPath(rel), undefined, false));
      }
      return { findings, parseErrors, read, dataFlowFiles };
    } finally {
      // the next re-scan starts from every tree this one held
      if (unchanged) this.trees = unchanged.held();
      // the analyzer owns the parser (and replaces it after a trap)
      if (analyzer) analyzer.dispose();
      else parser.delete();
    }
  }
}

/**
 * The names a patch adds to a module's imports (a fix's `import secrets`) when that is all that changed in
 * its index record apart from offsets; undefined when anything else changed (a definition, a route, a
 * changed or removed import, whether it is analysed in phase 2).
 */
function addedImports(old: TaintFileRecord, now: TaintFileRecord): string[] | undefined {
  const without = (r: TaintFileRecord): TaintFileRecord => ({ ...r, entry: { ...r.entry, mod: { ...r.entry.mod, imports: new Map() }, importRoots: [] } });
  if (skeletonDigest(without(old)) !== skeletonDigest(without(now))) return undefined;
  const names: string[] = [];
  for (const [local, qualified] of now.entry.mod.imports) {
    const had = old.entry.mod.imports.get(local);
    if (had === undefined) names.push(local);
    else if (had !== qualified) return undefined;
  }
  for (const local of old.entry.mod.imports.keys()) if (!now.entry.mod.imports.has(local)) return undefined;
  return names;
}

/**
 * Whether no file phase 2 could read sees the names new imports bind in patched modules (`added`: module →
 * names). Another file reaches such a name only through the module (the module itself is analysed again
 * wherever a shard saw it): an import of it by name anywhere in the project (`from app.tools import secrets`,
 * a re-export included), checked in the index records (the patched ones included); or, in a file a shard
 * analysed or loaded (`reach`), code that names both the module and the name (`tools.secrets`, a star import,
 * an import inside a function), checked in its text, word by word.
 */
function unobserved(added: ReadonlyMap<string, { path: string; names: readonly string[] }>, heads: Iterable<RecordHead>, reach: ReadonlySet<string>, textOf: (rel: string) => string | undefined): boolean {
  for (const head of heads) {
    for (const qualified of head.imports) {
      for (const [mod, { names }] of added) if (names.some((name) => qualified === `${mod}.${name}` || qualified.startsWith(`${mod}.${name}.`))) return false;
    }
  }
  const words = [...added].map(([mod, { path, names }]) => ({ path, mod: wordPattern(mod.split(".").pop()!), names: names.map(wordPattern) }));
  for (const rel of reach) {
    const text = textOf(rel);
    if (text === undefined) return false;
    // the patched module itself is analysed again wherever a shard saw it
    for (const { path, mod, names } of words) if (rel !== path && mod.test(text) && names.some((name) => name.test(text))) return false;
  }
  return true;
}

function wordPattern(word: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_])${word.replace(/[^A-Za-z0-9_]/g, "\\$&")}(?![A-Za-z0-9_])`);
}

/** The shards that analysed or loaded a file `hit` picks. */
function shardsReading(reach: PhaseTwoReach, hit: (rel: string) => boolean): PhaseTwoReach {
  return reach.filter((shard) => shard.paths.some(hit) || shard.loaded.some(hit));
}

/** A result computed ahead on a worker, its index record made an object again (it came serialised, see `prepareRescan`). */
function withRecord(result: FileResult): FileResult {
  if (result.packedTaint) {
    result.taint = deserialize(result.packedTaint.bytes) as TaintFileRecord;
    delete result.packedTaint;
  }
  return result;
}
