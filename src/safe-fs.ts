/**
 * File-system writes that stay well-behaved on odd or hostile paths: folders are created one level
 * at a time (Node's recursive `mkdirSync` spins forever at 100 % CPU under `/proc`), a file where a
 * folder should be is a clear error (the cache store writes its entries atomically itself: `CacheStore.writer`).
 * Side files the scan reads besides Python (deployment descriptors, templates) are read with a size cap.
 */
import { lstatSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** A folder or file that cannot be created; `message` names the path and the reason. */
export class WriteError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "WriteError";
  }
}

function codeOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException)?.code;
}

/**
 * Creates `dir` and its missing parents, one level at a time. Throws a WriteError when a path on the
 * way is a file (ENOTDIR) or a level cannot be created (its code: ENOENT under /proc, EACCES, EROFS…).
 */
export function makeDirs(dir: string, mode = 0o777): void {
  const missing: string[] = [];
  let d = resolve(dir);
  // a path has finitely many parents, so this loop ends at the file-system root at the latest
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(d).isDirectory();
    } catch (err) {
      if (codeOf(err) !== "ENOENT" && codeOf(err) !== "ENOTDIR") throw new WriteError(`cannot use the folder ${d} (${codeOf(err) ?? String(err)})`, codeOf(err));
      const parent = dirname(d);
      if (parent === d) throw new WriteError(`cannot create ${dir}: the file-system root does not exist`, "ENOENT");
      missing.push(d);
      d = parent;
      continue;
    }
    if (!isDir) throw new WriteError(`cannot create the folder ${dir}: ${d} is a file, not a folder`, "ENOTDIR");
    break;
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m, { mode });
    } catch (err) {
      if (codeOf(err) === "EEXIST" && statSync(m).isDirectory()) continue;
      throw new WriteError(`cannot create the folder ${m} (${codeOf(err) ?? String(err)})`, codeOf(err));
    }
  }
}

/** True when `path` exists and is a symbolic link (not followed). */
export function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * A file's text (UTF-8) when it is at most `maxBytes` long, `undefined` when it is larger: the size is
 * checked before anything is read, so a huge generated file costs one `stat`. Throws what the file
 * system throws (the caller names the file in its notice).
 */
export function readCappedText(file: string, maxBytes: number): string | undefined {
  if (statSync(file).size > maxBytes) return undefined;
  const bytes = readFileSync(file);
  return bytes.length > maxBytes ? undefined : bytes.toString("utf8");
}
