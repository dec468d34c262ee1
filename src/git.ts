/**
 * Git facts for `--diff`, `--diff-lines` and SARIF provenance. Git runs through execFile (no shell), offline, with
 * the repository's own hooks for code execution (fsmonitor, external diff, textconv) switched off, because the
 * repository being scanned is not trusted.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** A git problem the user can act on (unknown ref, not a work tree, git missing). */
export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GitError";
  }
}

export interface Provenance {
  /** The origin remote as an http(s) URL without credentials; absent for local-path remotes. */
  repositoryUri?: string;
  revisionId?: string;
  /** Absent when HEAD is detached (as in most CI checkouts). */
  branch?: string;
}

const PYTHON_EXTENSIONS = [".py"];

const SAFE_OPTIONS = ["--no-pager", "-c", "core.fsmonitor=false", "-c", "core.quotePath=false"];

interface GitRun {
  ok: boolean;
  stdout: string;
  stderr: string;
  missing: boolean;
}

function runGit(cwd: string, args: string[]): Promise<GitRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_OPTIONAL_LOCKS: "0", GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" };
  // Inherited from an enclosing git hook, these would point git at another repository than `cwd`.
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  delete env.GIT_INDEX_FILE;
  return new Promise((resolvePromise) => {
    execFile("git", [...SAFE_OPTIONS, ...args], { cwd, env, maxBuffer: 512 * 1024 * 1024, encoding: "utf8" }, (err, stdout, stderr) => {
      const missing = (err as NodeJS.ErrnoException | null)?.code === "ENOENT";
      resolvePromise({ ok: err === null, stdout, stderr, missing });
    });
  });
}

/** The top folder of the work tree containing `dir`, or undefined outside a work tree (or without git). */
export async function gitRoot(dir: string): Promise<string | undefined> {
  const run = await runGit(dir, ["rev-parse", "--show-toplevel"]);
  const top = run.stdout.trim();
  return run.ok && top !== "" ? top : undefined;
}

async function requireWorkTree(root: string): Promise<void> {
  const run = await runGit(root, ["rev-parse", "--is-inside-work-tree"]);
  // A missing cwd also reports ENOENT, so only blame git when the folder exists.
  if (run.missing && existsSync(root)) throw new GitError("--diff needs git, which was not found on PATH");
  if (!run.ok || run.stdout.trim() !== "true") {
    // Pass on git's reason when it is not the plain one, e.g. "detected dubious ownership" in CI containers.
    const reason = run.stderr.trim().split("\n")[0] ?? "";
    const detail = reason !== "" && !reason.includes("not a git repository") ? ` (git: ${reason})` : "";
    throw new GitError(`--diff: ${root} is not inside a git work tree${detail}`);
  }
}

/** Resolves `ref` to a commit sha, or explains that it is unknown. */
async function resolveCommit(root: string, ref: string): Promise<string> {
  await requireWorkTree(root);
  const unknown = new GitError(`--diff: unknown git ref '${ref}' (CI checkouts are often shallow: fetch it, or use fetch-depth: 0)`);
  // A leading dash would be read as an option by git.
  if (ref === "" || ref.startsWith("-") || /[\s\0]/.test(ref)) throw unknown;
  const run = await runGit(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (!run.ok) throw unknown;
  return run.stdout.trim();
}

async function gitOutput(root: string, args: string[]): Promise<string> {
  const run = await runGit(root, args);
  if (!run.ok) throw new GitError(`git ${args[0]} failed in ${root}: ${run.stderr.trim().split("\n")[0]}`);
  return run.stdout;
}

function hasExtension(path: string, extensions: readonly string[]): boolean {
  return extensions.some((ext) => path.endsWith(ext));
}

/** Files not tracked by git and not ignored, relative to `root`. */
async function untrackedFiles(root: string, extensions: readonly string[]): Promise<string[]> {
  const out = await gitOutput(root, ["ls-files", "--others", "--exclude-standard", "-z"]);
  return out.split("\0").filter((p) => p !== "" && hasExtension(p, extensions));
}

const DIFF_OPTIONS = ["-M", "--relative", "--no-ext-diff", "--no-textconv", "--no-color"];

/**
 * Python files changed since `ref`: the working tree (staged or not) against the ref, plus untracked files that are
 * not ignored; deleted files are left out. Paths are relative to `root` (the scan root) and limited to it.
 */
export async function changedFiles(root: string, ref: string, extensions: readonly string[] = PYTHON_EXTENSIONS): Promise<string[]> {
  const commit = await resolveCommit(root, ref);
  const tracked = await gitOutput(root, ["diff", "--name-only", "-z", "--diff-filter=d", ...DIFF_OPTIONS, commit, "--"]);
  const files = tracked.split("\0").filter((p) => p !== "" && hasExtension(p, extensions));
  return [...new Set([...files, ...(await untrackedFiles(root, extensions))])].sort();
}

/**
 * The added or modified lines (1-based, in the current file) of every Python file changed since `ref`, from the
 * zero-context diff of the working tree against the ref; every line of an untracked file counts as changed. A file
 * whose changes are only deletions maps to an empty set.
 */
export async function changedLines(root: string, ref: string, extensions: readonly string[] = PYTHON_EXTENSIONS): Promise<Map<string, Set<number>>> {
  const commit = await resolveCommit(root, ref);
  const patch = await gitOutput(root, ["diff", "-U0", "--src-prefix=a/", "--dst-prefix=b/", ...DIFF_OPTIONS, commit, "--"]);
  const lines = new Map<string, Set<number>>();
  for (const [path, added] of parseZeroContextDiff(patch)) if (hasExtension(path, extensions)) lines.set(path, added);
  for (const path of await untrackedFiles(root, extensions)) lines.set(path, allLines(await readFile(join(root, path))));
  return new Map([...lines].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function allLines(bytes: Buffer): Set<number> {
  let count = 0;
  for (const byte of bytes) if (byte === 0x0a) count++;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) count++;
  return new Set(Array.from({ length: count }, (_, i) => i + 1));
}

/**
 * Reads `git diff -U0` output into path → added line numbers. Hunk bodies are skipped by their counted length, so an
 * added line that happens to start with "++ " is never mistaken for a file header.
 */
export function parseZeroContextDiff(patch: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  let pending = 0;
  for (const line of patch.split("\n")) {
    if (pending > 0) {
      if (line.startsWith("+") || line.startsWith("-") || line.startsWith(" ")) pending--;
      continue;
    }
    if (line.startsWith("+++ ")) {
      const target = unquoteGitPath(line.slice(4));
      current = target.startsWith("b/") ? new Set<number>() : undefined;
      if (current) out.set(target.slice(2), current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk) {
      const removed = hunk[1] === undefined ? 1 : Number(hunk[1]);
      const start = Number(hunk[2]);
      const added = hunk[3] === undefined ? 1 : Number(hunk[3]);
      for (let n = start; n < start + added; n++) current?.add(n);
      pending = removed + added;
    }
  }
  return out;
}

const C_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };

/** Undoes git's C-style quoting of unusual path names ("b/with\ttab", octal UTF-8 bytes). */
export function unquoteGitPath(text: string): string {
  const trimmed = text.replace(/\t$/, "");
  if (!trimmed.startsWith('"') || !trimmed.endsWith('"')) return trimmed;
  const bytes: number[] = [];
  const body = trimmed.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== "\\") {
      bytes.push(...Buffer.from(ch, "utf8"));
    } else if (/[0-7]{3}/.test(body.slice(i + 1, i + 4))) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(C_ESCAPES[body[i + 1]] ?? body.charCodeAt(i + 1));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Where the scanned code comes from: origin URL (credentials removed), HEAD commit and branch; undefined outside git. */
export async function provenance(root: string): Promise<Provenance | undefined> {
  if ((await gitRoot(root)) === undefined) return undefined;
  const [remote, head, branch] = await Promise.all([
    runGit(root, ["config", "--get", "remote.origin.url"]),
    runGit(root, ["rev-parse", "--verify", "--quiet", "HEAD"]),
    runGit(root, ["symbolic-ref", "--quiet", "--short", "HEAD"]),
  ]);
  const result: Provenance = {};
  const repositoryUri = remote.ok ? normalizeRemoteUrl(remote.stdout.trim()) : undefined;
  if (repositoryUri) result.repositoryUri = repositoryUri;
  if (head.ok && head.stdout.trim()) result.revisionId = head.stdout.trim();
  if (branch.ok && branch.stdout.trim()) result.branch = branch.stdout.trim();
  return result;
}

/**
 * Turns a git remote into a browsable http(s) URL with no user, password or token, no query and no ".git"
 * (`git@github.com:o/r.git` → `https://github.com/o/r`). Local paths and file:// remotes give undefined, so no
 * path of the machine ends up in a report.
 */
export function normalizeRemoteUrl(remote: string): string | undefined {
  const text = remote.trim();
  let host: string;
  let path: string;
  let scheme = "https";
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    const protocol = url.protocol.replace(/:$/, "").toLowerCase();
    if (protocol === "file" || url.hostname === "") return undefined;
    if (protocol === "http") scheme = "http";
    // An https remote keeps its port; an ssh or git port says nothing about the web server.
    host = protocol === "http" || protocol === "https" ? url.host : url.hostname;
    path = url.pathname;
  } else {
    // scp-like syntax: [user@]host:path. A one-letter "host" is a Windows drive, i.e. a local path.
    const scp = /^(?:[^@/]+@)?([^@/:]{2,}):(.+)$/.exec(text);
    if (!scp) return undefined;
    host = scp[1].toLowerCase();
    path = scp[2].startsWith("/") ? scp[2] : `/${scp[2]}`;
  }
  path = path.replace(/\/+$/, "").replace(/\.git$/, "");
  return `${scheme}://${host}${path}`;
}
