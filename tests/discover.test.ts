import { chmod, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_EXCLUDES, discover, type DiscoverOptions } from "../src/discover.js";

const made: string[] = [];

/** Creates a temporary tree from `{ "rel/path.py": contents }` and returns its real absolute path. */
async function tree(files: Record<string, string | Buffer>): Promise<string> {
  const root = await realpath(await mkdtemp(path.join(os.tmpdir(), "pysast-discover-")));
  made.push(root);
  for (const [rel, contents] of Object.entries(files)) {
    const abs = path.join(root, rel);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, contents);
  }
  return root;
}

afterEach(async () => {
  for (const dir of made.splice(0)) {
    await chmod(dir, 0o755).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

const defaults: DiscoverOptions = { exclude: [], defaultExcludes: true, maxFileSize: 1024 * 1024, gitignore: true };

async function scan(root: string, opts: Partial<DiscoverOptions> = {}, paths: string[] = []) {
  const result = await discover(root, paths, { ...defaults, ...opts });
  return {
    files: result.files.map((f) => f.rel),
    notes: result.notifications.map((n) => `${n.kind} ${n.level} ${n.path ?? "-"}`),
    result,
  };
}

const VIEW = 'from flask import request\n\ndef view():\n    return request.args["q"]\n';

describe("discover: basics", () => {
  it("yields .py files sorted by code unit order, with absolute paths and sizes", async () => {
    const root = await tree({
      "b.py": VIEW,
      "a/z.py": "",
      "a-b/x.py": "x = 1\n",
      "A.py": "y = 2\n",
      "a.py": "import os\n",
      "README.md": "# app\n",
      "setup.cfg": "[metadata]\n",
      "types/app.pyi": "def view() -> str: ...\n",
    });
    const { files, notes, result } = await scan(root);
    expect(files).toEqual(["A.py", "a-b/x.py", "a.py", "a/z.py", "b.py"]);
    expect(notes).toEqual([]);
    const b = result.files.find((f) => f.rel === "b.py")!;
    expect(b).toMatchObject({ abs: path.join(root, "b.py"), rel: "b.py", size: VIEW.length });
    // what the scan cache compares instead of reading the file: size, times, inode, device
    const st = statSync(b.abs);
    expect(b.stamp).toBe(`${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}:${st.dev}`);
    expect(b.changedMs).toBe(Math.max(st.mtimeMs, st.ctimeMs));
    expect(result.files.find((f) => f.rel === "a/z.py")?.size).toBe(0);
  });

  it("adds .pyi stubs only when includePyi is set", async () => {
    const root = await tree({ "app.py": VIEW, "types/app.pyi": "def view() -> str: ...\n" });
    expect((await scan(root)).files).toEqual(["app.py"]);
    expect((await scan(root, { includePyi: true })).files).toEqual(["app.py", "types/app.pyi"]);
  });

  it("gives the same result on repeated runs", async () => {
    const names = Array.from({ length: 40 }, (_, i) => `pkg${i % 4}/mod_${(i * 7) % 40}.py`);
    const root = await tree(Object.fromEntries(names.map((n) => [n, "x = 1\n"])));
    const first = (await scan(root)).files;
    expect(first).toEqual([...names].sort());
    expect((await scan(root)).files).toEqual(first);
  });
});

describe("discover: .gitignore", () => {
  it("honours the root .gitignore, including negations and folder patterns", async () => {
    const root = await tree({
      ".gitignore": "generated/\n*_pb2.py\n!keep_pb2.py\n",
      "app.py": VIEW,
      "api_pb2.py": "x = 1\n",
      "keep_pb2.py": "x = 1\n",
      "generated/models.py": "x = 1\n",
      "src/generated/deep.py": "x = 1\n",
      "src/views.py": VIEW,
    });
    expect((await scan(root)).files).toEqual(["app.py", "keep_pb2.py", "src/views.py"]);
    expect((await scan(root, { gitignore: false })).files).toEqual([
      "api_pb2.py",
      "app.py",
      "generated/models.py",
      "keep_pb2.py",
      "src/generated/deep.py",
      "src/views.py",
    ]);
  });

  it("applies nested .gitignore patterns relative to their folder, deeper files winning", async () => {
    const root = await tree({
      ".gitignore": "secret_*.py\n",
      "secret_keys.py": "KEY = 'x'\n",
      "fixtures/data.py": "x = 1\n",
      "pkg/.gitignore": "/fixtures\nlocal_settings.py\n!secret_ok.py\n",
      "pkg/fixtures/data.py": "x = 1\n",
      "pkg/sub/fixtures/data.py": "x = 1\n",
      "pkg/local_settings.py": "DEBUG = True\n",
      "pkg/sub/local_settings.py": "DEBUG = True\n",
      "pkg/secret_ok.py": "x = 1\n",
      "pkg/secret_bad.py": "x = 1\n",
      "local_settings.py": "DEBUG = False\n",
    });
    expect((await scan(root)).files).toEqual([
      "fixtures/data.py",
      "local_settings.py",
      "pkg/secret_ok.py",
      "pkg/sub/fixtures/data.py",
    ]);
  });

  it("honours .git/info/exclude, and .gitignore files above the scan root up to the work-tree top", async () => {
    const top = await tree({
      ".git/info/exclude": "scratch.py\n",
      ".git/hooks/pre-commit.py": "x = 1\n",
      ".gitignore": "*.tmp.py\n",
      "service/app.py": VIEW,
      "service/scratch.py": "x = 1\n",
      "service/cache.tmp.py": "x = 1\n",
      "service/.gitignore": "!keep.tmp.py\n",
      "service/keep.tmp.py": "x = 1\n",
    });
    expect((await scan(top)).files).toEqual(["service/app.py", "service/keep.tmp.py"]);
    expect((await scan(path.join(top, "service"))).files).toEqual(["app.py", "keep.tmp.py"]);
    expect((await scan(path.join(top, "service"), { gitignore: false })).files).toEqual([
      "app.py",
      "cache.tmp.py",
      "keep.tmp.py",
      "scratch.py",
    ]);
  });

  it("scans a named folder that an outer .gitignore ignores, without that file's rules", async () => {
    const top = await tree({
      ".git/HEAD": "ref: refs/heads/main\n",
      ".gitignore": "versions/\n*.tmp.py\n",
      "versions/3.12/lib/os.py": "x = 1\n",
      "versions/3.12/lib/cache.tmp.py": "x = 1\n",
      "versions/3.12/lib/.gitignore": "old/\n",
      "versions/3.12/lib/old/compat.py": "x = 1\n",
      "tools/gen.tmp.py": "x = 1\n",
      "tools/run.py": "x = 1\n",
    });
    expect((await scan(top)).files).toEqual(["tools/run.py"]);
    expect((await scan(path.join(top, "versions/3.12"))).files).toEqual(["lib/cache.tmp.py", "lib/os.py"]);
    expect((await scan(top, {}, [path.join(top, "versions")])).files).toEqual([
      "versions/3.12/lib/cache.tmp.py",
      "versions/3.12/lib/os.py",
    ]);
  });

  it("lets a nested .gitignore re-include a folder an outer one ignores", async () => {
    const root = await tree({
      ".gitignore": "generated/\n",
      "generated/schema.py": "x = 1\n",
      "pkg/.gitignore": "!generated/\n",
      "pkg/generated/models.py": "x = 1\n",
    });
    expect((await scan(root)).files).toEqual(["pkg/generated/models.py"]);
  });
});

describe("discover: --exclude and default excludes", () => {
  const layout = {
    "top.py": "x = 1\n",
    "pkg/top.py": "x = 1\n",
    "pkg/views.py": VIEW,
    "pkg/views_test.py": "x = 1\n",
    "pkg/tests/test_views.py": "x = 1\n",
    "tests/conftest.py": "x = 1\n",
    "legacy/old.py": "x = 1\n",
    "legacy/deep/older.py": "x = 1\n",
    "src/gen/a.py": "x = 1\n",
    "src/gen/sub/b.py": "x = 1\n",
  };

  it("matches slash-free patterns by name at any depth and others against the root-relative path", async () => {
    const root = await tree(layout);
    const all = Object.keys(layout).sort();
    expect((await scan(root)).files).toEqual(all);
    expect((await scan(root, { exclude: ["tests"] })).files).toEqual(all.filter((f) => !f.includes("tests/")));
    expect((await scan(root, { exclude: ["*_test.py"] })).files).toEqual(all.filter((f) => f !== "pkg/views_test.py"));
    expect((await scan(root, { exclude: ["legacy/**"] })).files).toEqual(all.filter((f) => !f.startsWith("legacy/")));
    expect((await scan(root, { exclude: ["legacy/"] })).files).toEqual(all.filter((f) => !f.startsWith("legacy/")));
    expect((await scan(root, { exclude: ["src/gen/*.py"] })).files).toEqual(all.filter((f) => f !== "src/gen/a.py"));
    expect((await scan(root, { exclude: ["/top.py"] })).files).toEqual(all.filter((f) => f !== "top.py"));
    expect((await scan(root, { exclude: ["top.py"] })).files).toEqual(all.filter((f) => !f.endsWith("top.py")));
  });

  it("applies a folder-only pattern (trailing slash) to folders, not to files of that name", async () => {
    const root = await tree({ "app/models.py": "x = 1\n", "models.py/x.py": "x = 1\n" });
    expect((await scan(root, { exclude: ["models.py/"] })).files).toEqual(["app/models.py"]);
  });

  it("skips virtualenvs, caches and build output unless defaultExcludes is false", async () => {
    const root = await tree({
      "app.py": VIEW,
      "venv/lib/python3.12/site-packages/flask/app.py": "x = 1\n",
      ".venv/bin/activate_this.py": "x = 1\n",
      "node_modules/pkg/gyp.py": "x = 1\n",
      "pkg/__pycache__/mod.py": "x = 1\n",
      "build/lib/app.py": "x = 1\n",
      "dist/app.py": "x = 1\n",
      ".tox/py312/setup.py": "x = 1\n",
      "pkg/builder.py": "x = 1\n",
    });
    expect((await scan(root)).files).toEqual(["app.py", "pkg/builder.py"]);
    expect((await scan(root, { defaultExcludes: false })).files).toEqual([
      ".tox/py312/setup.py",
      ".venv/bin/activate_this.py",
      "app.py",
      "build/lib/app.py",
      "dist/app.py",
      "node_modules/pkg/gyp.py",
      "pkg/__pycache__/mod.py",
      "pkg/builder.py",
      "venv/lib/python3.12/site-packages/flask/app.py",
    ]);
  });

  it("skips vendored third-party packages: a lib/ an entry script puts on sys.path, a pip --target folder, an ext/ of well-known libraries; not an application's own lib/ or ext/", async () => {
    const root = await tree({
      "Server.py": 'import os, sys\nsys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))\nimport cherrypy\n',
      "lib/cherrypy/__init__.py": "x = 1\n",
      "lib/six.py": "x = 1\n",
      "service/vendor/yaml/__init__.py": "x = 1\n",
      "service/vendor/PyYAML-6.0.dist-info/METADATA": "Name: PyYAML\n",
      "service/handler.py": VIEW,
      "hc/lib/badges.py": "x = 1\n",
      "hc/views.py": "import sys\nsys.path.insert(0, 'src')\nfrom hc.lib import badges\n",
      "shop/vendor/views.py": VIEW,
      "media/ext/tornado/web.py": "x = 1\n",
      "media/ext/requests/api.py": "x = 1\n",
      "media/ext/six.py": "x = 1\n",
      "media/server.py": VIEW,
      "blog/ext/cache.py": "x = 1\n",
      "blog/ext/mail.py": "x = 1\n",
      "blog/ext/yaml.py": "x = 1\n",
    });
    const { files, notes } = await scan(root);
    expect(files).toEqual(["Server.py", "blog/ext/cache.py", "blog/ext/mail.py", "blog/ext/yaml.py", "hc/lib/badges.py", "hc/views.py", "media/server.py", "service/handler.py", "shop/vendor/views.py"]);
    expect(notes).toEqual(["config note lib", "config note media/ext", "config note service/vendor"]);
    expect((await scan(root, { defaultExcludes: false })).files).toContain("lib/cherrypy/__init__.py");
  });

  it("lists the documented default folder names", () => {
    for (const name of [".git", "node_modules", ".venv", "venv", "__pycache__", "site-packages", "build", "dist", ".tox"]) {
      expect(DEFAULT_EXCLUDES).toContain(name);
    }
  });
});

describe("discover: explicit paths", () => {
  it("scans named files and folders even where filters would skip them, and reports the rest", async () => {
    const root = await tree({
      ".gitignore": "generated/\n",
      "app.py": VIEW,
      "generated/schema.py": "x = 1\n",
      "build/gen.py": "x = 1\n",
      "build/__pycache__/gen.py": "x = 1\n",
      "pkg/views.py": VIEW,
      "pkg/notes.txt": "todo\n",
    });
    const outside = await tree({ "other.py": "x = 1\n" });
    const relToCwd = path.relative(process.cwd(), path.join(root, "pkg/views.py"));
    const { files, result } = await scan(root, { exclude: ["views.py"] }, [
      path.join(root, "generated/schema.py"),
      path.join(root, "build"),
      relToCwd,
      path.join(root, "pkg/notes.txt"),
      path.join(root, "missing.py"),
      path.join(outside, "other.py"),
      path.join(root, "app.py"),
      path.join(root, "app.py"),
    ]);
    expect(files).toEqual(["app.py", "build/gen.py", "generated/schema.py", "pkg/views.py"]);
    expect(result.notifications.map((n) => [n.kind, n.level, n.path])).toEqual([
      ["config", "error", undefined],
      ["read-error", "error", "missing.py"],
      ["config", "warning", "pkg/notes.txt"],
    ]);
    expect(result.notifications[0]!.message).toContain(path.join(outside, "other.py"));
    expect(result.notifications[1]!.message).toContain("no such file or folder");
    expect(result.notifications[2]!.message).toContain("only .py files are scanned");
  });

  it("treats an empty path list as the whole root", async () => {
    const root = await tree({ "app.py": VIEW, "pkg/m.py": "x = 1\n" });
    expect((await scan(root, {}, [])).files).toEqual(["app.py", "pkg/m.py"]);
    expect((await scan(root, {}, [root])).files).toEqual(["app.py", "pkg/m.py"]);
    expect((await scan(root, {}, [path.join(root, "pkg")])).files).toEqual(["pkg/m.py"]);
  });
});

describe("discover: symlinks", () => {
  it("does not loop on a folder linked to its parent or to itself", async () => {
    const root = await tree({ "app.py": VIEW, "pkg/mod.py": "x = 1\n" });
    await symlink("..", path.join(root, "pkg/up"));
    await symlink(".", path.join(root, "pkg/self"));
    const { files, notes, result } = await scan(root);
    expect(files).toEqual(["app.py", "pkg/mod.py"]);
    expect(notes).toEqual(["symlink-cycle note pkg/self", "symlink-cycle note pkg/up"]);
    expect(result.notifications[1]!.message).toBe(
      "did not follow pkg/up: it is a symlink to the scan root, a folder that contains it, so following it would loop forever",
    );
  });

  it("fails with a clear error when the root does not exist", async () => {
    const root = await tree({});
    await expect(discover(path.join(root, "nope"), [], defaults)).rejects.toThrow(
      `cannot scan ${path.join(root, "nope")}: ENOENT: no such file or folder; check the path`,
    );
  });

  it("detects a cycle through two links between sibling folders when only one is named", async () => {
    const root = await tree({ "a/one.py": "x = 1\n", "b/two.py": "x = 2\n" });
    await symlink("../b", path.join(root, "a/to_b"));
    await symlink("../a", path.join(root, "b/to_a"));
    const { files, notes } = await scan(root, {}, [path.join(root, "a")]);
    expect(files).toEqual(["a/one.py", "a/to_b/two.py"]);
    expect(notes).toEqual(["symlink-cycle note a/to_b/to_a"]);
  });

  it("never follows links that leave the root, and says where they point", async () => {
    const outside = await tree({ "lib/evil.py": "x = 1\n", "secret.py": "KEY = 1\n" });
    const root = await tree({ "app.py": VIEW });
    await symlink(path.join(outside, "lib"), path.join(root, "vendored"));
    await symlink(path.join(outside, "secret.py"), path.join(root, "settings.py"));
    const { files, notes, result } = await scan(root);
    expect(files).toEqual(["app.py"]);
    expect(notes).toEqual(["symlink-outside-root note settings.py", "symlink-outside-root note vendored"]);
    expect(result.notifications[1]!.message).toContain(path.join(outside, "lib"));
    // Named explicitly, the link is still refused.
    const named = await scan(root, {}, [path.join(root, "vendored")]);
    expect(named.files).toEqual([]);
    expect(named.notes).toEqual(["symlink-outside-root note vendored"]);
  });

  it("does not report an excluded link that points outside the root", async () => {
    const outside = await tree({ "lib/python3.12/os.py": "x = 1\n" });
    const root = await tree({ "app.py": VIEW });
    await symlink(outside, path.join(root, "venv"));
    expect(await scan(root).then((r) => [r.files, r.notes])).toEqual([["app.py"], []]);
  });

  it("scans a file reached through a link inside the root once, under the first path in sorted order", async () => {
    const root = await tree({ "z_real.py": VIEW, "pkg/impl.py": "x = 1\n" });
    await symlink("z_real.py", path.join(root, "a_alias.py"));
    await symlink("pkg/impl.py", path.join(root, "zz_link.py"));
    const { files, notes } = await scan(root);
    expect(files).toEqual(["a_alias.py", "pkg/impl.py"]);
    expect(notes).toEqual([]);
  });

  it("scans a linked folder at its real location, and follows a link into a folder not otherwise walked", async () => {
    const root = await tree({ "src/examples/demo.py": "x = 1\n", "shared/util.py": "x = 1\n" });
    await symlink("../src/examples", path.join(root, "docs_examples"));
    const { files } = await scan(root);
    expect(files).toEqual(["shared/util.py", "src/examples/demo.py"]);
    await mkdir(path.join(root, "app"));
    await symlink("../shared", path.join(root, "app/shared"));
    expect((await scan(root, {}, [path.join(root, "app")])).files).toEqual(["app/shared/util.py"]);
  });

  it("reports a dangling link named like a source file", async () => {
    const root = await tree({ "app.py": VIEW });
    await symlink("gone.py", path.join(root, "broken.py"));
    await symlink("gone", path.join(root, "broken_dir"));
    const { files, notes } = await scan(root);
    expect(files).toEqual(["app.py"]);
    expect(notes).toEqual(["read-error warning broken.py"]);
  });
});

describe("discover: content checks", () => {
  it("skips binary files and files over the size limit, with actionable notes", async () => {
    const root = await tree({
      "app.py": VIEW,
      "blob.py": Buffer.from([0x78, 0x3d, 0x00, 0x01, 0x0a]),
      "exact.py": "x".repeat(100),
      "big.py": "x".repeat(101),
      "late_nul.py": Buffer.concat([Buffer.from("#".repeat(9000)), Buffer.from([0])]),
    });
    const { files, notes, result } = await scan(root, { maxFileSize: 100 });
    expect(files).toEqual(["app.py", "exact.py"]);
    expect(notes).toEqual(["too-large note big.py", "binary-file note blob.py", "too-large note late_nul.py"]);
    expect(result.notifications[0]!.message).toBe(
      "skipped big.py: it is 101 bytes, over the 100 bytes limit; raise the limit with --max-file-size to scan it",
    );
    // Only the first 8 KB are sniffed; readSource catches a NUL byte further in.
    expect((await scan(root, { maxFileSize: 0 })).files).toEqual(["app.py", "big.py", "exact.py", "late_nul.py"]);
  });

  it("formats large sizes in binary units", async () => {
    const root = await tree({ "data.py": "x".repeat(3 * 1024 * 1024 + 512 * 1024) });
    const { result } = await scan(root, { maxFileSize: 1024 * 1024 });
    expect(result.notifications[0]!.message).toBe(
      "skipped data.py: it is 3.5 MiB (3670016 bytes), over the 1 MiB (1048576 bytes) limit; raise the limit with --max-file-size to scan it",
    );
  });

  it.skipIf(process.getuid?.() === 0)("reports unreadable folders and files and carries on (needs a non-root user)", async () => {
    const root = await tree({ "app.py": VIEW, "locked/a.py": "x = 1\n", "private.py": "x = 1\n" });
    await chmod(path.join(root, "locked"), 0o000);
    await chmod(path.join(root, "private.py"), 0o000);
    try {
      const { files, notes } = await scan(root);
      expect(files).toEqual(["app.py"]);
      expect(notes).toEqual(["read-error warning locked", "read-error warning private.py"]);
    } finally {
      await chmod(path.join(root, "locked"), 0o755);
    }
  });
});
