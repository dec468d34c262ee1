/**
 * An authenticated on-disk cache that any part of pysast can reuse (triage verdicts, per-file results).
 *
 * Why authenticated: a cache answers questions without doing the work, so whoever can place an entry
 * can choose the answer. A scanned repository can commit files anywhere in its own tree, so an entry
 * is trusted only when pysast itself wrote it on this machine: each carries an HMAC-SHA256 under a
 * per-user secret that lives in the user's cache folder, never in a repository. An entry that fails
 * the check is ignored (counted in a notice) and recomputed.
 *
 * Where: by default `$XDG_CACHE_HOME/pysast/<repository key>/` (`~/.cache/pysast/...`), outside the
 * work tree, so nothing is ever read from a checkout; a caller may name another folder.
 *
 * Layout and rules:
 * - `<dir>/<namespace>/<2 hex>/<sha256 of namespace and key>`; an entry is the line
 *   `pysast-cache-v1 <hex mac>\n` followed by the payload bytes; the MAC covers namespace, key and payload.
 * - Writes are atomic (temporary file + rename, mode 0600; folders 0700).
 * - Nothing below `<dir>` is ever followed through a symbolic link: a link where a folder or an entry
 *   should be turns the store off for the run with a notice, so it can never read or write outside.
 * - A file where a folder should be, or a folder that cannot be created, is a notice too, never an error:
 *   a cache only saves work, so a broken one costs time, not results.
 *
 * Usage:
 * ```ts
 * const store = openCacheStore({ dir: repositoryCacheDir(userCacheRoot(env), root), namespace: "triage-v2", env });
 * const hit = store.getJson(key);          // unknown | undefined
 * store.putJson(key, value);               // false when it could not be written (see store.notices())
 * const w = store.writer(key);             // a big entry written piece by piece, never held whole in memory
 * w.write(piece); w.write(more);
 * w.commit();                              // false when it could not be written; abort() drops it
 * for (const message of store.notices()) report(message);
 * ```
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { closeSync, constants, fstatSync, linkSync, lstatSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { basename, isAbsolute, join, resolve } from "node:path";
import { makeDirs, WriteError } from "./safe-fs.js";

const MAGIC = "pysast-cache-v1";
const SECRET_FILE = "secret-key";
const SECRET_BYTES = 32;
/** Length of an entry's first line: the magic, a space, 64 hex digits of MAC and a newline. */
const HEADER_BYTES = MAGIC.length + 1 + 64 + 1;
/** Bytes a writer gathers before it writes them out (see `CacheStore.writer`). */
const WRITE_CHUNK = 1 << 20;

/** Environment variables the cache location depends on (a subset of process.env). */
export type CacheEnv = Record<string, string | undefined>;

/** The user's pysast cache folder: `$XDG_CACHE_HOME/pysast`, else `~/.cache/pysast`. */
export function userCacheRoot(env: CacheEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, "pysast");
  const home = env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir();
  return join(home, ".cache", "pysast");
}

/** The cache folder of one repository under `cacheRoot`: `<folder name>-<16 hex of its absolute path>`. */
export function repositoryCacheDir(cacheRoot: string, repositoryRoot: string): string {
  const abs = resolve(repositoryRoot);
  const name = basename(abs).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 40) || "root";
  const hash = createHash("sha256").update(abs).digest("hex").slice(0, 16);
  return join(cacheRoot, `${name}-${hash}`);
}

export interface CacheStoreOptions {
  /** Absolute folder the store owns (created when first written). */
  dir: string;
  /** Separates users of one folder and versions of their layout, e.g. `triage-v2`; `[a-z0-9._-]+`. */
  namespace: string;
  /** Where the per-user secret lives; default `userCacheRoot(env)`. */
  secretDir?: string;
  env?: CacheEnv;
}

/** A keyed byte store whose entries are authenticated; see the module comment. */
export interface CacheStore {
  readonly dir: string;
  readonly namespace: string;
  /** The payload stored under `key`, or undefined (absent, unreadable, or failing the check). */
  get(key: string): Buffer | undefined;
  /** Stores `data` under `key`; false when it could not be written (the reason is in `notices()`). */
  put(key: string, data: Uint8Array): boolean;
  /** `get` + JSON.parse; undefined when absent or not JSON. */
  getJson(key: string): unknown;
  putJson(key: string, value: unknown): boolean;
  /**
   * Writes the entry for `key` in pieces, straight to a temporary file (the payload is never held whole in
   * memory); the entry appears, atomically, on `commit`. Same entry format as `put`.
   */
  writer(key: string): CacheWriter;
  /** What went wrong so far, one sentence each, ready for a notification (deduplicated). */
  notices(): string[];
}

/** An entry being written piece by piece (see `CacheStore.writer`). */
export interface CacheWriter {
  write(piece: Uint8Array): void;
  /** Makes the entry visible; false when it could not be written (the reason is in the store's `notices()`). */
  commit(): boolean;
  /** Drops what was written. */
  abort(): void;
}

/** Opens a store; never throws (a store that cannot work says why in `notices()` and misses every lookup). */
export function openCacheStore(opts: CacheStoreOptions): CacheStore {
  if (!/^[a-z0-9._-]+$/.test(opts.namespace)) throw new Error(`cache namespace "${opts.namespace}" must match [a-z0-9._-]+`);
  const secret = loadSecret(opts.secretDir ?? userCacheRoot(opts.env));
  return new FileCacheStore(resolve(opts.dir), opts.namespace, secret);
}

interface SecretResult {
  secret?: Buffer;
  problem?: string;
}

/** Reads the per-user secret, creating it on first use (atomically, so parallel scans agree on one). */
function loadSecret(dir: string): SecretResult {
  const file = join(dir, SECRET_FILE);
  const read = (): Buffer | undefined => {
    const st = lstatSync(file, { throwIfNoEntry: false });
    if (!st) return undefined;
    if (!st.isFile()) throw new WriteError(`${file} is not a regular file`);
    const hex = readFileSync(file, "utf8").trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new WriteError(`${file} does not hold a pysast cache key; delete it and pysast makes a new one`);
    return Buffer.from(hex, "hex");
  };
  try {
    const existing = read();
    if (existing) return { secret: existing };
    makeDirs(dir, 0o700);
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    writeFileSync(tmp, `${randomBytes(SECRET_BYTES).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    try {
      linkSync(tmp, file); // fails with EEXIST when another scan created it first: then use theirs
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    } finally {
      rmSync(tmp, { force: true });
    }
    return { secret: read() };
  } catch (err) {
    const why = err instanceof WriteError ? err.message : `${(err as NodeJS.ErrnoException).code ?? String(err)}`;
    return { problem: `the cache is off for this run: pysast cannot keep its cache key in ${dir} (${why}); make that folder writable or set XDG_CACHE_HOME` };
  }
}

class FileCacheStore implements CacheStore {
  private readonly problems = new Set<string>();
  private readonly checkedDirs = new Set<string>();
  private disabled = false;
  private rejected = 0;

  constructor(
    readonly dir: string,
    readonly namespace: string,
    private readonly secret: SecretResult,
  ) {
    if (!secret.secret) this.disable(secret.problem!);
  }

  notices(): string[] {
    const out = [...this.problems];
    if (this.rejected > 0) {
      out.push(
        `ignored ${this.rejected} cache entr${this.rejected === 1 ? "y" : "ies"} under ${this.dir} that pysast did not write on this machine (authentication failed); they were recomputed`,
      );
    }
    return out;
  }

  get(key: string): Buffer | undefined {
    if (this.disabled) return undefined;
    const { folder, file } = this.where(key);
    if (!this.checkFolders(folder, false)) return undefined;
    let bytes: Buffer;
    try {
      bytes = readNoFollow(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return undefined;
      if (code === "ELOOP") this.disable(`the cache under ${this.dir} is off for this run: ${file} is a symbolic link, and pysast never follows links inside its cache; delete it`);
      else if (code === "EISDIR") this.disable(`the cache under ${this.dir} is off for this run: ${file} is a folder where pysast expects a cache entry; delete it`);
      return undefined;
    }
    const payload = this.verify(bytes, key);
    if (!payload) this.rejected++;
    return payload;
  }

  put(key: string, data: Uint8Array): boolean {
    if (this.disabled) return false;
    const w = this.writer(key, false);
    w.write(data);
    return w.commit();
  }

  /** `gather`: collect small pieces into one write (false for `put`, which writes its payload in one piece). */
  writer(key: string, gather = true): CacheWriter {
    const { folder, file } = this.where(key);
    if (this.disabled || !this.checkFolders(folder, true)) return { write: () => {}, commit: () => false, abort: () => {} };
    const mac = this.hmac(key);
    const tmp = join(folder, `.${basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    let fd: number | undefined;
    let at = HEADER_BYTES;
    const fail = (err: unknown) => {
      this.problems.add(`could not write a cache entry under ${this.dir}: cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      abort();
    };
    const abort = () => {
      if (fd === undefined) return;
      closeSync(fd);
      fd = undefined;
      rmSync(tmp, { force: true });
    };
    try {
      fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    } catch (err) {
      fail(err);
    }
    let open = fd !== undefined;
    /** Pieces gathered for one write (see `write`). */
    let pending: Buffer | undefined;
    let used = 0;
    const put = (bytes: Uint8Array) => {
      for (let off = 0; off < bytes.length; ) off += writeSync(fd!, bytes, off, bytes.length - off, at + off);
      at += bytes.length;
      mac.update(bytes);
    };
    /** Writes the gathered pieces; false (and the entry dropped) when that failed. */
    const flush = (): boolean => {
      if (fd === undefined) return false;
      if (used === 0 || !pending) return true;
      try {
        put(pending.subarray(0, used));
        used = 0;
        return true;
      } catch (err) {
        fail(err);
        return false;
      }
    };
    return {
      write: (piece) => {
        if (fd === undefined) return;
        // small pieces are gathered first (a files entry is thousands of frames of a few pieces each: one
        // system call and one MAC update per piece cost seconds); a piece larger than the room left goes alone
        if (gather && used + piece.length <= WRITE_CHUNK) {
          pending ??= Buffer.allocUnsafe(WRITE_CHUNK);
          pending.set(piece, used);
          used += piece.length;
          return;
        }
        if (!flush()) return;
        if (gather && piece.length < WRITE_CHUNK) {
          pending ??= Buffer.allocUnsafe(WRITE_CHUNK);
          pending.set(piece, 0);
          used = piece.length;
        } else {
          try {
            put(piece);
          } catch (err) {
            fail(err);
          }
        }
      },
      commit: () => {
        if (fd === undefined || !open) return false;
        open = false;
        if (!flush()) return false;
        try {
          const head = Buffer.from(`${MAGIC} ${mac.digest("hex")}\n`, "latin1");
          writeSync(fd, head, 0, head.length, 0);
          closeSync(fd);
          fd = undefined;
          renameSync(tmp, file);
          return true;
        } catch (err) {
          fail(err);
          rmSync(tmp, { force: true });
          return false;
        }
      },
      abort: () => {
        open = false;
        abort();
      },
    };
  }

  getJson(key: string): unknown {
    const bytes = this.get(key);
    if (!bytes) return undefined;
    try {
      return JSON.parse(bytes.toString("utf8")) as unknown;
    } catch {
      return undefined;
    }
  }

  putJson(key: string, value: unknown): boolean {
    return this.put(key, Buffer.from(JSON.stringify(value), "utf8"));
  }

  private where(key: string): { folder: string; file: string } {
    const name = createHash("sha256").update(this.namespace).update("\0").update(key).digest("hex");
    const folder = join(this.dir, this.namespace, name.slice(0, 2));
    return { folder, file: join(folder, name) };
  }

  private mac(key: string, data: Uint8Array): string {
    return this.hmac(key).update(data).digest("hex");
  }

  /** The MAC of an entry of `key`, ready for its payload. */
  private hmac(key: string) {
    return createHmac("sha256", this.secret.secret!).update(this.namespace).update("\0").update(key).update("\0");
  }

  private verify(bytes: Buffer, key: string): Buffer | undefined {
    const nl = bytes.indexOf(10);
    if (nl < 0) return undefined;
    const header = bytes.subarray(0, nl).toString("latin1").split(" ");
    if (header.length !== 2 || header[0] !== MAGIC || !/^[0-9a-f]{64}$/.test(header[1]!)) return undefined;
    const payload = bytes.subarray(nl + 1);
    const expected = Buffer.from(this.mac(key, payload), "hex");
    return timingSafeEqual(expected, Buffer.from(header[1]!, "hex")) ? payload : undefined;
  }

  /**
   * Checks (and with `create`, makes) `<dir>`, `<dir>/<namespace>` and the entry's folder: each must be a
   * real folder, never a symbolic link. A missing folder on a read is simply a miss.
   */
  private checkFolders(folder: string, create: boolean): boolean {
    if (this.checkedDirs.has(folder)) return true;
    const levels = [this.dir, join(this.dir, this.namespace), folder];
    for (const level of levels) {
      if (this.checkedDirs.has(level)) continue;
      const st = lstatSync(level, { throwIfNoEntry: false });
      if (st?.isSymbolicLink()) {
        this.disable(`the cache under ${this.dir} is off for this run: ${level} is a symbolic link, and pysast never follows links inside its cache; delete it or choose another cache folder`);
        return false;
      }
      if (st && !st.isDirectory()) {
        this.disable(`the cache under ${this.dir} is off for this run: ${level} is a file where pysast expects a folder; delete it or choose another cache folder`);
        return false;
      }
      if (!st) {
        if (!create) return false;
        try {
          makeDirs(level, 0o700);
          // keep a cache that was put inside a work tree out of commits
          if (level === this.dir) writeFileSync(join(level, ".gitignore"), "*\n", { mode: 0o600 });
        } catch (err) {
          this.disable(`the cache under ${this.dir} is off for this run: ${(err as Error).message}`);
          return false;
        }
      }
      this.checkedDirs.add(level);
    }
    return true;
  }

  private disable(reason: string): void {
    this.disabled = true;
    this.problems.add(reason);
  }
}

/** Reads a whole file without following a symbolic link at its last component (ELOOP instead). */
function readNoFollow(file: string): Buffer {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error(`${file} is a folder`), { code: "EISDIR" });
    const out = Buffer.alloc(st.size);
    let off = 0;
    while (off < out.length) {
      const n = readSync(fd, out, off, out.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return out.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}
