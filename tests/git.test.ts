import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  changedFiles,
  changedLines,
  GitError,
  gitRoot,
  normalizeRemoteUrl,
  parseZeroContextDiff,
  provenance,
  unquoteGitPath,
} from "../src/git.js";

// Keep the developer's own git configuration (signing, hooks, templates) out of the temporary repositories.
process.env.GIT_CONFIG_GLOBAL = "/dev/null";
process.env.GIT_CONFIG_NOSYSTEM = "1";
process.env.GIT_AUTHOR_NAME = process.env.GIT_COMMITTER_NAME = "Test";
process.env.GIT_AUTHOR_EMAIL = process.env.GIT_COMMITTER_EMAIL = "test@example.com";

const base = realpathSync(mkdtempSync(join(tmpdir(), "pysast-git-")));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
}

function write(root: string, path: string, content: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

const numbered = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}_${i + 1} = ${i + 1}\n`).join("");

const VIEWS = [
  "from flask import Flask, request\n",
  "import hashlib\n",
  "app = Flask(__name__)\n",
  "\n",
  "@app.route('/hash')\n",
  "def digest():\n",
  "    data = request.args['q']\n",
  "    return hashlib.sha256(data.encode()).hexdigest()\n",
  "# end of module\n",
  "VERSION = 1\n",
];

/** A repository with one tagged commit, one later commit and a working tree full of kinds of change. */
function buildRepository(): string {
  const root = join(base, "shop");
  mkdirSync(root);
  git(root, "init", "-q", "-b", "main");
  write(root, ".gitignore", "build/\n");
  write(root, "app/views.py", VIEWS.join(""));
  write(root, "app/models.py", numbered("FIELD", 5));
  write(root, "app/helpers.py", numbered("HELPER", 12));
  write(root, "app/old.py", "OLD = True\n");
  write(root, "app/ünïcode file.py", numbered("NAME", 3));
  write(root, "lib/util.py", numbered("UTIL", 4));
  write(root, "README.md", "# shop\n");
  git(root, "add", ".");
  git(root, "commit", "-q", "-m", "initial");
  git(root, "tag", "v1");

  write(root, "app/models.py", numbered("FIELD", 5).replace("FIELD_3 = 3", "FIELD_3 = 33"));
  git(root, "commit", "-q", "-am", "change a model field");

  // Unstaged: line 2 changed, two lines inserted after line 5, line 9 deleted.
  const views = [...VIEWS];
  views[1] = "import hashlib as h\n";
  views.splice(5, 0, "# new route\n", "# really\n");
  views.splice(10, 1);
  write(root, "app/views.py", views.join(""));
  // Staged modification.
  write(root, "lib/util.py", numbered("UTIL", 4) + "UTIL_5 = 5\n");
  git(root, "add", "lib/util.py");
  // Rename with one edited line: only that line is new.
  git(root, "mv", "app/helpers.py", "app/renamed.py");
  write(root, "app/renamed.py", numbered("HELPER", 12).replace("HELPER_7 = 7", "HELPER_7 = 70"));
  // A new file staged, an untracked file without a final newline, ignored and non-Python untracked files.
  write(root, "app/staged_new.py", "STAGED = 1\nMORE = 2\n");
  git(root, "add", "app/staged_new.py");
  write(root, "app/new_api.py", "import os\n\nos.system('ls')");
  write(root, "build/generated.py", "GENERATED = 1\n");
  write(root, "docs/notes.md", "notes\n");
  unlinkSync(join(root, "app/old.py"));
  // An unusual path name, which git quotes in its diff headers.
  write(root, "app/ünïcode file.py", numbered("NAME", 3).replace("NAME_2 = 2", "NAME_2 = 'two'"));
  return root;
}

let repo: string;
beforeAll(() => {
  repo = buildRepository();
});

describe("gitRoot", () => {
  it("finds the top of the work tree from a subfolder, and nothing outside one", async () => {
    expect(await gitRoot(join(repo, "app"))).toBe(repo);
    const outside = join(base, "plain");
    mkdirSync(outside);
    expect(await gitRoot(outside)).toBeUndefined();
  });
});

describe("changedFiles", () => {
  it("lists Python files changed since a ref: committed, staged, unstaged, renamed and untracked, not ignored or deleted", async () => {
    expect(await changedFiles(repo, "v1")).toEqual([
      "app/models.py",
      "app/new_api.py",
      "app/renamed.py",
      "app/staged_new.py",
      "app/views.py",
      "app/ünïcode file.py",
      "lib/util.py",
    ]);
  });

  it("leaves out what was committed before the ref", async () => {
    expect(await changedFiles(repo, "HEAD")).not.toContain("app/models.py");
    expect(await changedFiles(repo, "HEAD")).toContain("app/views.py");
  });

  it("gives paths relative to a scan root below the repository top and stays inside it", async () => {
    expect(await changedFiles(join(repo, "app"), "v1")).toEqual([
      "models.py",
      "new_api.py",
      "renamed.py",
      "staged_new.py",
      "views.py",
      "ünïcode file.py",
    ]);
  });

  it("takes other extensions when asked", async () => {
    expect(await changedFiles(repo, "v1", [".md"])).toEqual(["docs/notes.md"]);
    write(repo, "docs/extra.pyi", "def f() -> int: ...\n");
    expect(await changedFiles(repo, "v1", [".pyi"])).toEqual(["docs/extra.pyi"]);
    rmSync(join(repo, "docs/extra.pyi"));
  });

  it("names an unknown ref", async () => {
    const message = "--diff: unknown git ref 'origin/nope' (CI checkouts are often shallow: fetch it, or use fetch-depth: 0)";
    await expect(changedFiles(repo, "origin/nope")).rejects.toThrow(new GitError(message));
  });

  it("refuses a ref that git would read as an option", async () => {
    await expect(changedFiles(repo, "--output=/tmp/x")).rejects.toThrow(
      new GitError("--diff: unknown git ref '--output=/tmp/x' (CI checkouts are often shallow: fetch it, or use fetch-depth: 0)"),
    );
  });

  it("says when the scan root is not in a git work tree", async () => {
    const outside = join(base, "not-a-repo");
    mkdirSync(outside);
    await expect(changedFiles(outside, "HEAD")).rejects.toThrow(new GitError(`--diff: ${outside} is not inside a git work tree`));
    await expect(changedLines(join(base, "missing"), "HEAD")).rejects.toThrow(new GitError(`--diff: ${join(base, "missing")} is not inside a git work tree`));
  });
});

describe("changedLines", () => {
  it("maps each changed Python file to its added and modified lines in the current text", async () => {
    const lines = await changedLines(repo, "v1");
    expect(Object.fromEntries([...lines].map(([path, set]) => [path, [...set].sort((a, b) => a - b)]))).toEqual({
      "app/models.py": [3],
      "app/new_api.py": [1, 2, 3],
      "app/renamed.py": [7],
      "app/staged_new.py": [1, 2],
      "app/views.py": [2, 6, 7],
      "app/ünïcode file.py": [2],
      "lib/util.py": [5],
    });
  });

  it("counts only the changes after the ref", async () => {
    const lines = await changedLines(repo, "HEAD");
    expect(lines.has("app/models.py")).toBe(false);
    expect([...(lines.get("app/views.py") ?? [])]).toEqual([2, 6, 7]);
  });

  it("maps a file whose only change is a deletion to no lines", async () => {
    const root = join(base, "deletion");
    mkdirSync(root);
    git(root, "init", "-q", "-b", "main");
    write(root, "a.py", "x = 1\ny = 2\nz = 3\n");
    git(root, "add", ".");
    git(root, "commit", "-q", "-m", "one");
    write(root, "a.py", "x = 1\nz = 3\n");
    expect(await changedLines(root, "HEAD")).toEqual(new Map([["a.py", new Set()]]));
  });
});

describe("parseZeroContextDiff", () => {
  it("skips hunk bodies by count, so added text that looks like a header is content", () => {
    const patch = [
      "diff --git a/calc.py b/calc.py",
      "index 1111111..2222222 100644",
      "--- a/calc.py",
      "+++ b/calc.py",
      "@@ -3,0 +4,2 @@ def f():",
      "++++ b/evil.py",
      "+@@ -1 +99,3 @@",
      "@@ -10 +12 @@",
      "-old",
      "+new",
      "\\ No newline at end of file",
      "diff --git a/gone.py b/gone.py",
      "deleted file mode 100644",
      "--- a/gone.py",
      "+++ /dev/null",
      "@@ -1,2 +0,0 @@",
      "-a",
      "-b",
      "",
    ].join("\n");
    expect(parseZeroContextDiff(patch)).toEqual(new Map([["calc.py", new Set([4, 5, 12])]]));
  });

  it("unquotes C-style quoted path names", () => {
    expect(unquoteGitPath('"b/dir/tab\\there.py"')).toBe("b/dir/tab\there.py");
    expect(unquoteGitPath('"b/caf\\303\\251.py"')).toBe("b/café.py");
    expect(unquoteGitPath("b/with space.py\t")).toBe("b/with space.py");
  });
});

describe("provenance", () => {
  it("reports the origin without credentials, the HEAD commit and the branch", async () => {
    git(repo, "remote", "add", "origin", "https://ci-bot:ghp_s3cr3tT0ken@github.com/acme/shop.git");
    const found = await provenance(join(repo, "app"));
    expect(found).toEqual({ repositoryUri: "https://github.com/acme/shop", revisionId: git(repo, "rev-parse", "HEAD"), branch: "main" });
    expect(JSON.stringify(found)).not.toMatch(/ghp_|ci-bot/);
  });

  it("leaves the branch out on a detached HEAD", async () => {
    const root = join(base, "detached");
    mkdirSync(root);
    git(root, "init", "-q", "-b", "main");
    write(root, "a.py", "A = 1\n");
    git(root, "add", ".");
    git(root, "commit", "-q", "-m", "one");
    git(root, "checkout", "-q", "--detach");
    git(root, "remote", "add", "origin", "git@github.com:acme/detached.git");
    expect(await provenance(root)).toEqual({ repositoryUri: "https://github.com/acme/detached", revisionId: git(root, "rev-parse", "HEAD") });
  });

  it("has only the branch in a repository without commits or remote, and nothing outside git", async () => {
    const root = join(base, "empty");
    mkdirSync(root);
    git(root, "init", "-q", "-b", "trunk");
    expect(await provenance(root)).toEqual({ branch: "trunk" });
    const outside = join(base, "nogit");
    mkdirSync(outside);
    expect(await provenance(outside)).toBeUndefined();
  });
});

describe("normalizeRemoteUrl", () => {
  it.each([
    ["https://github.com/acme/shop.git", "https://github.com/acme/shop"],
    ["https://x-access-token:ghs_abc123@github.com/acme/shop", "https://github.com/acme/shop"],
    ["https://oauth2:glpat-xyz@gitlab.example.com:8443/group/sub/shop.git/", "https://gitlab.example.com:8443/group/sub/shop"],
    ["https://github.com/acme/shop.git?access_token=abc#frag", "https://github.com/acme/shop"],
    ["http://user@git.internal/shop", "http://git.internal/shop"],
    ["git@github.com:acme/shop.git", "https://github.com/acme/shop"],
    ["deploy:hunter2@GitHub.com:acme/shop.git", "https://github.com/acme/shop"],
    ["ssh://git@github.com:22/acme/shop.git", "https://github.com/acme/shop"],
    ["git+ssh://git@bitbucket.org/acme/shop.git", "https://bitbucket.org/acme/shop"],
    ["git://example.org/shop.git", "https://example.org/shop"],
  ])("%s → %s", (remote, expected) => {
    expect(normalizeRemoteUrl(remote)).toBe(expected);
  });

  it.each(["/srv/git/shop.git", "../shop", "file:///srv/git/shop.git", "C:/repos/shop", "C:\\repos\\shop", ""])("drops the local remote %j", (remote) => {
    expect(normalizeRemoteUrl(remote)).toBeUndefined();
  });
});
