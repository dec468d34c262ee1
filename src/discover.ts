/**
 * File discovery: walks the paths given on the command line and yields the Python files to scan.
 *
 * Filters (applied to what is found inside a folder, never to a path named on the command line):
 * default excluded folder names, `--exclude` globs, and `.gitignore` files (root, nested, in the
 * folders above the scan root up to the git work-tree top, plus `.git/info/exclude`). Ignore rules
 * that exclude a folder being walked anyway are not applied inside it.
 * Symlinks are followed only when their target stays inside the scan root, and never around a cycle.
 * Binary and oversized files are skipped with a notification.
 */
import { closeSync, fstatSync, openSync, readSync, type Dirent } from "node:fs";
import { readFile, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import { isDescriptorName } from "./deploy-descriptors.js";
import { isTemplatePath } from "./template-files.js";
import type { Notification } from "./types.js";
import { vendoredReason } from "./vendored.js";

export interface DiscoverOptions {
  /** Globs matched against the root-relative path; a pattern without "/" matches a name at any depth; "dir/" matches folders only. */
  exclude: string[];
  /** Skip the folders named in DEFAULT_EXCLUDES. */
  defaultExcludes: boolean;
  /** Largest file scanned, in bytes; 0 means no limit. */
  maxFileSize: number;
  /** Honour .gitignore files and .git/info/exclude. */
  gitignore: boolean;
  /** Also yield .pyi stub files. */
  includePyi?: boolean;
  /** Told the number of candidate files found so far, each time it grows (the CLI starts worker threads once a tree is big enough for them). */
  onCandidates?: (count: number) => void;
}

export interface DiscoveredFile {
  /** Absolute path as reached from the scan root (symlinks not resolved). */
  abs: string;
  /** Path relative to the scan root, forward slashes. */
  rel: string;
  /** Size in bytes when discovered. */
  size: number;
  /** The later of the file's modification and change times, and a signature of its metadata (size, times, inode), when discovered; for the scan cache. */
  changedMs?: number;
  stamp?: string;
}

export interface DiscoveryResult {
  /** Files sorted by `rel` (UTF-16 code unit order, independent of locale). */
  files: DiscoveredFile[];
  /** Sorted by path, then kind. */
  notifications: Notification[];
  /** Deployment descriptors found while walking (`serverless.yml`, SAM `template.yaml`; see deploy-descriptors.ts), sorted rel paths. */
  descriptors?: string[];
  /** HTML templates under `templates/` folders (see template-files.ts), sorted rel paths. */
  templates?: string[];
}

/** Folder names skipped at any depth unless `defaultExcludes` is false: VCS data, virtualenvs, caches, build output. */
export const DEFAULT_EXCLUDES: string[] = [
  ".eggs",
  ".git",
  ".hg",
  ".mypy_cache",
  ".nox",
  ".pytest_cache",
  ".ruff_cache",
  ".svn",
  ".tox",
  ".venv",
  "__pycache__",
  "build",
  "dist",
  "node_modules",
  "site-packages",
  "venv",
];

/** The CLI's default `maxFileSize` (5 MB): larger files are almost always generated code. */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/**
 * The largest file pysast reads whatever `--max-file-size` says (0 included): beyond this a file is
 * machine-generated data, and reading it whole would exhaust memory (a string cannot pass 512 MB).
 */
export const HARD_MAX_FILE_SIZE = 64 * 1024 * 1024;

/** How many bytes are sniffed for a NUL byte to call a file binary (the same heuristic git uses). */
export const BINARY_SNIFF_BYTES = 8192;

/** The buffer each candidate's first bytes are read into (`checkFile`, synchronous). */
const SNIFF = Buffer.allocUnsafe(BINARY_SNIFF_BYTES);

/** Git matches ignore patterns case-insensitively where the file system usually is (core.ignorecase). */
const CASE_INSENSITIVE_FS = process.platform === "darwin" || process.platform === "win32";


/** Walks `paths` (files or folders; empty means the root) and returns the Python files under `root`, with notifications for what was skipped. */
export async function discover(root: string, paths: string[], opts: DiscoverOptions): Promise<DiscoveryResult> {
  const rootAbs = path.resolve(root);
  let rootReal: string;
  try {
    rootReal = await realpath(rootAbs);
  } catch (err) {
    throw new Error(`cannot scan ${rootAbs}: ${errorText(err)}; check the path`);
  }
  const walk = new Walk(rootAbs, rootReal, opts, opts.gitignore ? await gitTopAbove(rootAbs) : rootAbs);
  for (const arg of paths.length > 0 ? paths : [rootAbs]) await walk.addArgument(arg);
  await walk.followDirLinks();
  const files = await walk.checkFiles();
  files.sort((a, b) => compareText(a.rel, b.rel));
  walk.descriptors.sort(compareText);
  walk.templates.sort(compareText);
  walk.notifications.sort(
    (a, b) => compareText(a.path ?? "", b.path ?? "") || compareText(a.kind, b.kind) || compareText(a.message, b.message),
  );
  return { files, notifications: walk.notifications, descriptors: walk.descriptors, templates: walk.templates };
}

/** The notice for a file skipped because it is larger than `max` bytes. */
export function tooLargeNotification(rel: string, size: number, max: number): Notification {
  return {
    kind: "too-large",
    level: "note",
    path: rel,
    message: `skipped ${rel}: it is ${formatBytes(size)}, over the ${formatBytes(max)} limit; raise the limit with --max-file-size to scan it`,
  };
}

/** The notification for a file whose bytes contain NUL (shared with readSource). */
export function binaryFileNotification(rel: string): Notification {
  return {
    kind: "binary-file",
    level: "note",
    path: rel,
    message: `skipped ${rel}: it contains NUL bytes, so it is binary rather than Python source; exclude it with --exclude to silence this note`,
  };
}

/** The notification for a file or folder that could not be read (shared with readSource). */
export function readErrorNotification(rel: string, what: "file" | "folder", err: unknown): Notification {
  return {
    kind: "read-error",
    level: "warning",
    path: rel,
    message: `could not read ${what} ${rel} (${errorText(err)}); it was skipped: fix its permissions or exclude it with --exclude`,
  };
}

interface Candidate {
  abs: string;
  rel: string;
}

/** A symlink to a folder inside the root, followed after the real folders have been walked. */
interface DirLink {
  abs: string;
  rel: string;
  /** Real path of the target folder. */
  real: string;
  /** Real path of the folder holding the link. */
  parentReal: string;
  layers: IgnoreLayer[];
  /** Real paths of the folders on the walked path down to the link. */
  chain: string[];
}

/** The ignore rules of one folder (its .gitignore, plus .git/info/exclude in a work-tree top). */
interface IgnoreLayer {
  /** Absolute folder the patterns are relative to. */
  dir: string;
  rules: Ignore;
}

class Walk {
  readonly notifications: Notification[] = [];
  readonly descriptors: string[] = [];
  readonly templates: string[] = [];
  private readonly visitedDirs = new Set<string>();
  /** Real path → the candidate reaching it with the smallest rel path. */
  private readonly candidates = new Map<string, Candidate>();
  private readonly dirLinks: DirLink[] = [];
  private readonly layerCache = new Map<string, Promise<IgnoreLayer | undefined>>();
  private readonly defaultExcludes: Set<string>;
  private readonly isExcluded: (rel: string, name: string, isDir: boolean) => boolean;

  constructor(
    private readonly rootAbs: string,
    private readonly rootReal: string,
    private readonly opts: DiscoverOptions,
    /** Highest folder whose .gitignore applies: the git work-tree top, or the root outside git. */
    private readonly ignoreBase: string,
  ) {
    this.defaultExcludes = new Set(opts.defaultExcludes ? DEFAULT_EXCLUDES : []);
    this.isExcluded = compileExcludes(opts.exclude);
  }

  /** Handles one command-line path; named paths are scanned even when a filter would skip them inside a folder. */
  async addArgument(arg: string): Promise<void> {
    let abs = path.resolve(arg);
    let st;
    let real: string;
    try {
      st = await stat(abs);
      real = await realpath(abs);
    } catch (err) {
      this.notifications.push({
        kind: "read-error",
        level: "error",
        ...this.pathField(abs),
        message: `cannot scan ${arg}: ${errorText(err)}; check the path`,
      });
      return;
    }
    let rel = relativeInside(this.rootAbs, abs);
    if (rel === undefined) {
      // The root may have been given through a symlink and the argument by its real path (or the reverse).
      rel = relativeInside(this.rootReal, real);
      if (rel === undefined) {
        this.notifications.push({
          kind: "config",
          level: "error",
          message: `cannot scan ${arg}: it is outside the scan root ${this.rootAbs}; scan from a folder that contains it`,
        });
        return;
      }
      abs = rel === "" ? this.rootAbs : path.join(this.rootAbs, rel);
    }
    if (!isWithin(this.rootReal, real)) {
      this.notifications.push(outsideRootNotification(rel, real, this.rootReal));
      return;
    }
    if (st.isDirectory()) {
      await this.walkDir(abs, real, rel, await this.layersAbove(abs), []);
    } else if (st.isFile() && this.isSourceName(path.basename(abs))) {
      this.addCandidate(abs, rel, real);
    } else {
      const what = st.isFile() ? `only ${this.opts.includePyi ? ".py and .pyi" : ".py"} files are scanned` : "it is not a regular file or folder";
      this.notifications.push({
        kind: "config",
        level: "warning",
        path: rel,
        message: `skipped ${rel}: ${what}; name Python files or folders on the command line`,
      });
    }
  }

  /** Follows the queued folder symlinks, nearest-first by path, skipping cycles and folders already walked. */
  async followDirLinks(): Promise<void> {
    while (this.dirLinks.length > 0) {
      this.dirLinks.sort((a, b) => compareText(a.rel, b.rel));
      const link = this.dirLinks.shift()!;
      if (link.chain.includes(link.real) || isWithin(link.real, link.parentReal)) {
        const target = relativeInside(this.rootReal, link.real) || "the scan root";
        this.notifications.push({
          kind: "symlink-cycle",
          level: "note",
          path: link.rel,
          message: `did not follow ${link.rel}: it is a symlink to ${target}, a folder that contains it, so following it would loop forever`,
        });
      } else if (!this.visitedDirs.has(link.real)) {
        await this.walkDir(link.abs, link.real, link.rel, link.layers, link.chain);
      }
    }
  }

  /**
   * Opens each candidate once: size limit, then a NUL-byte sniff; unreadable files become notifications.
   * Synchronously: three system calls a file take microseconds each, while awaiting them one by one left
   * the thread idle for most of a rescan answered from the cache.
   */
  async checkFiles(): Promise<DiscoveredFile[]> {
    const out: DiscoveredFile[] = [];
    for (const c of this.candidates.values()) {
      const file = this.checkFile(c);
      if (file) out.push(file);
    }
    return out;
  }

  private checkFile(c: Candidate): DiscoveredFile | undefined {
    let fd: number;
    try {
      fd = openSync(c.abs, "r");
    } catch (err) {
      this.notifications.push(readErrorNotification(c.rel, "file", err));
      return undefined;
    }
    try {
      const { size, mtimeMs, ctimeMs, ino, dev } = fstatSync(fd);
      const max = this.opts.maxFileSize;
      if (size > HARD_MAX_FILE_SIZE && !(max > 0 && max < size)) {
        this.notifications.push({
          kind: "too-large",
          level: "warning",
          path: c.rel,
          message: `skipped ${c.rel}: it is ${formatBytes(size)}, over the hard ceiling of ${formatBytes(HARD_MAX_FILE_SIZE)} that applies whatever --max-file-size says; split the file to scan it`,
        });
        return undefined;
      }
      if (max > 0 && size > max) {
        this.notifications.push(tooLargeNotification(c.rel, size, max));
        return undefined;
      }
      // one buffer for every file (only the bytes read are looked at): a fresh zeroed one per file cost ~0.1 s on the standard library
      const head = SNIFF;
      const bytesRead = size > 0 ? readSync(fd, head, 0, Math.min(size, BINARY_SNIFF_BYTES), 0) : 0;
      if (head.subarray(0, bytesRead).includes(0)) {
        this.notifications.push(binaryFileNotification(c.rel));
        return undefined;
      }
      return { abs: c.abs, rel: c.rel, size, changedMs: Math.max(mtimeMs, ctimeMs), stamp: `${size}:${mtimeMs}:${ctimeMs}:${ino}:${dev}` };
    } catch (err) {
      this.notifications.push(readErrorNotification(c.rel, "file", err));
      return undefined;
    } finally {
      closeSync(fd);
    }
  }

  /** Walks one folder; `chain` holds the real paths of the folders above it on this walk, for cycle detection. */
  private async walkDir(abs: string, real: string, rel: string, layersAbove: IgnoreLayer[], chain: string[]): Promise<void> {
    if (this.visitedDirs.has(real)) return;
    this.visitedDirs.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (err) {
      this.notifications.push(readErrorNotification(rel || ".", "folder", err));
      return;
    }
    if (entries.some((e) => e.name.includes("\uFFFD"))) entries = await this.dropUndecodableNames(abs, rel, entries);
    let layers = layersAbove.filter((layer) => !layerIgnores(layer, abs, true));
    if (this.opts.gitignore) {
      const names = new Set(entries.map((e) => e.name));
      const own = await this.layerFor(abs, names.has(".gitignore"), names.has(".git"));
      if (own) layers = [...layersAbove, own];
    }
    const here = [...chain, real];
    const pending: Promise<void>[] = [];
    for (const entry of entries) {
      const name = entry.name;
      const childAbs = path.join(abs, name);
      const childRel = rel === "" ? name : `${rel}/${name}`;
      if (entry.isDirectory()) {
        if (this.keepDir(name, childAbs, childRel, layers)) {
          // a copy of third-party packages (`lib/` on the import path, a `pip --target` folder): library code
          const vendored = this.opts.defaultExcludes ? vendoredReason(abs, name, entries) : undefined;
          if (vendored) {
            this.notifications.push({
              kind: "config",
              level: "note",
              path: childRel,
              message: `skipped ${childRel}: a vendored copy of third-party packages (${vendored}), library code rather than the application; --no-default-excludes scans it`,
            });
            continue;
          }
          pending.push(this.walkDir(childAbs, path.join(real, name), childRel, layers, here));
        }
      } else if (entry.isFile()) {
        if (this.isSourceName(name) && this.keepFile(name, childAbs, childRel, layers)) {
          this.addCandidate(childAbs, childRel, path.join(real, name));
        } else if (isDescriptorName(name) && this.keepFile(name, childAbs, childRel, layers)) {
          this.descriptors.push(childRel);
        } else if (isTemplatePath(childRel) && this.keepFile(name, childAbs, childRel, layers)) {
          this.templates.push(childRel);
        }
      } else if (entry.isSymbolicLink()) {
        pending.push(this.inspectLink(name, childAbs, childRel, layers, real, here));
      }
    }
    await Promise.all(pending);
  }

  /**
   * Node decodes names as UTF-8 and turns bytes that are not UTF-8 into U+FFFD, so such a name no longer
   * opens (ENOENT) and the file would be skipped silently. Re-reads the folder as bytes and reports each
   * name that is not UTF-8 (a Python file, or a folder that may hold some) with a warning instead.
   */
  private async dropUndecodableNames(abs: string, rel: string, entries: Dirent[]): Promise<Dirent[]> {
    let raw: Dirent<Buffer>[];
    try {
      raw = await readdir(abs, { withFileTypes: true, encoding: "buffer" });
    } catch {
      return entries;
    }
    const bad = raw.filter((e) => !Buffer.from(e.name.toString("utf8"), "utf8").equals(e.name));
    for (const e of bad) {
      const shown = undecodableName(e.name);
      const childRel = rel === "" ? shown : `${rel}/${shown}`;
      if (!e.isDirectory() && !e.isSymbolicLink() && !this.isSourceName(e.name.toString("latin1"))) continue;
      this.notifications.push({
        kind: "read-error",
        level: "warning",
        path: childRel,
        message: `could not scan ${childRel}: its name is not valid UTF-8, so pysast cannot name it in a report; rename it (e.g. with convmv) to scan it`,
      });
    }
    const badNames = new Set(bad.map((e) => e.name.toString("utf8")));
    return entries.filter((e) => !badNames.has(e.name));
  }

  /** Decides what a symlink found in a folder becomes: a candidate file, a queued folder link, or a notification. */
  private async inspectLink(
    name: string,
    abs: string,
    rel: string,
    layers: IgnoreLayer[],
    parentReal: string,
    chain: string[],
  ): Promise<void> {
    let target;
    let real: string;
    try {
      target = await stat(abs);
      real = await realpath(abs);
    } catch (err) {
      // Dangling links are common and harmless unless they look like the source files we were asked for.
      if (this.isSourceName(name) && this.keepFile(name, abs, rel, layers)) {
        this.notifications.push({
          kind: "read-error",
          level: "warning",
          path: rel,
          message: `could not read ${rel}: it is a symlink whose target cannot be opened (${errorText(err)}); fix or remove the link`,
        });
      }
      return;
    }
    if (target.isDirectory()) {
      if (!this.keepDir(name, abs, rel, layers)) return;
      if (!isWithin(this.rootReal, real)) {
        this.notifications.push(outsideRootNotification(rel, real, this.rootReal));
        return;
      }
      this.dirLinks.push({ abs, rel, real, parentReal, layers, chain });
    } else if (target.isFile()) {
      if (!this.isSourceName(name) || !this.keepFile(name, abs, rel, layers)) return;
      if (!isWithin(this.rootReal, real)) {
        this.notifications.push(outsideRootNotification(rel, real, this.rootReal));
        return;
      }
      this.addCandidate(abs, rel, real);
    }
  }

  /** Keeps one path per real file: the smallest rel, so the choice does not depend on walk order. */
  private addCandidate(abs: string, rel: string, real: string): void {
    const seen = this.candidates.get(real);
    if (!seen || compareText(rel, seen.rel) < 0) this.candidates.set(real, { abs, rel });
    if (!seen) this.opts.onCandidates?.(this.candidates.size);
  }

  private isSourceName(name: string): boolean {
    return name.endsWith(".py") || (this.opts.includePyi === true && name.endsWith(".pyi"));
  }

  private keepDir(name: string, abs: string, rel: string, layers: IgnoreLayer[]): boolean {
    return !this.defaultExcludes.has(name) && !this.isExcluded(rel, name, true) && !isGitIgnored(layers, abs, true);
  }

  private keepFile(name: string, abs: string, rel: string, layers: IgnoreLayer[]): boolean {
    return !this.isExcluded(rel, name, false) && !isGitIgnored(layers, abs, false);
  }

  /** The ignore layers of the folders from the ignore base down to the parent of `abs`. */
  private async layersAbove(abs: string): Promise<IgnoreLayer[]> {
    if (!this.opts.gitignore) return [];
    const dirs: string[] = [];
    for (let dir = path.dirname(abs); abs !== this.ignoreBase && isWithin(this.ignoreBase, dir); dir = path.dirname(dir)) {
      dirs.unshift(dir);
      if (dir === this.ignoreBase) break;
    }
    const layers = await Promise.all(dirs.map((dir) => this.layerFor(dir, true, true)));
    return layers.filter((l): l is IgnoreLayer => l !== undefined);
  }

  /** Reads a folder's ignore files once; .git/info/exclude goes first so the folder's .gitignore overrides it, as in git. */
  private layerFor(dir: string, hasGitignore: boolean, hasGit: boolean): Promise<IgnoreLayer | undefined> {
    let layer = this.layerCache.get(dir);
    if (!layer) {
      layer = (async () => {
        const sources = [
          ...(hasGit ? [path.join(dir, ".git", "info", "exclude")] : []),
          ...(hasGitignore ? [path.join(dir, ".gitignore")] : []),
        ];
        const texts = await Promise.all(sources.map((file) => this.readIgnoreFile(file)));
        const present = texts.filter((t): t is string => t !== undefined && t.trim() !== "");
        if (present.length === 0) return undefined;
        const rules = ignore({ ignorecase: CASE_INSENSITIVE_FS });
        // add() splits a string on newlines but takes each array element as one pattern, so add file by file.
        for (const text of present) rules.add(text);
        return { dir, rules };
      })();
      this.layerCache.set(dir, layer);
    }
    return layer;
  }

  private async readIgnoreFile(file: string): Promise<string | undefined> {
    try {
      return await readFile(file, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR" && code !== "EISDIR") {
        const rel = relativeInside(this.rootAbs, file) ?? file;
        this.notifications.push({
          kind: "read-error",
          level: "warning",
          path: rel,
          message: `could not read ignore file ${rel} (${errorText(err)}); its patterns were not applied: fix its permissions`,
        });
      }
      return undefined;
    }
  }

  private pathField(abs: string): { path?: string } {
    const rel = relativeInside(this.rootAbs, abs);
    return rel ? { path: rel } : {};
  }
}

/** Applies the layers from the top folder down: a later (deeper) match, ignore or `!` re-include, wins, as in git. */
function isGitIgnored(layers: IgnoreLayer[], abs: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const result = layer.rules.test(pathInLayer(layer, abs, isDir));
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/**
 * Whether one layer on its own ignores `abs`. A folder walked anyway (named on the command line, or
 * re-included by a deeper .gitignore) drops such layers: `ignore` also reports every path below an
 * ignored folder as ignored, which would hide the whole folder the user asked for.
 */
function layerIgnores(layer: IgnoreLayer, abs: string, isDir: boolean): boolean {
  return layer.rules.test(pathInLayer(layer, abs, isDir)).ignored;
}

function pathInLayer(layer: IgnoreLayer, abs: string, isDir: boolean): string {
  return toPosix(abs.slice(layer.dir.length + 1)) + (isDir ? "/" : "");
}

/** Compiles --exclude globs into one predicate over (root-relative path, base name, is-folder). */
function compileExcludes(patterns: string[]): (rel: string, name: string, isDir: boolean) => boolean {
  const matchers = patterns
    .map((raw) => raw.trim())
    .filter((raw) => raw !== "")
    .map((raw) => {
      const dirOnly = raw.endsWith("/");
      let glob = raw.replace(/\/+$/, "").replace(/^\.\//, "");
      const anchored = glob.startsWith("/");
      glob = glob.replace(/^\/+/, "");
      const byName = !anchored && !glob.includes("/");
      return { dirOnly, byName, match: picomatch(glob, { dot: true }) };
    });
  return (rel, name, isDir) =>
    matchers.some((m) => (!m.dirOnly || isDir) && m.match(m.byName ? name : rel));
}

/** The git work-tree top containing `dir` (a folder with a `.git` entry), or `dir` itself outside git. */
async function gitTopAbove(dir: string): Promise<string> {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      await stat(path.join(d, ".git"));
      return d;
    } catch {
      if (path.dirname(d) === d) return dir;
    }
  }
}

function outsideRootNotification(rel: string, real: string, rootReal: string): Notification {
  return {
    kind: "symlink-outside-root",
    level: "note",
    path: rel,
    message: `did not follow ${rel}: it is a symlink to ${real}, outside the scan root ${rootReal}; scan that location separately if it should be checked`,
  };
}

/** `child` relative to `parent` with forward slashes, "" for the folder itself, undefined when outside it. */
function relativeInside(parent: string, child: string): string | undefined {
  if (!isWithin(parent, child)) return undefined;
  return toPosix(path.relative(parent, child));
}

function isWithin(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

function toPosix(p: string): string {
  return path.sep === "/" ? p : p.split(path.sep).join("/");
}

/** Locale-independent ordering, so output is identical on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === "EACCES" || e?.code === "EPERM") return `${e.code}: permission denied`;
  if (e?.code === "ENOENT") return "ENOENT: no such file or folder";
  if (e?.code === "ELOOP") return "ELOOP: too many levels of symbolic links";
  return e?.code ? `${e.code}: ${e.message}` : String(err);
}

/** A name that is not UTF-8, readable: ASCII kept, every other byte as `\xNN`. */
function undecodableName(name: Buffer): string {
  let out = "";
  for (const byte of name) out += byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`;
  return out;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ["KiB", "MiB", "GiB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]} (${n} bytes)`;
}
