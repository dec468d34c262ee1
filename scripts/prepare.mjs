// `npm run prepare`: builds pysast (tsc to dist/, grammar copied and verified, each thread's entry point bundled by
// scripts/bundle.mjs). npm runs it for a local `npm install`, for `npm pack`, and when it installs pysast from a git
// URL. Three things go wrong in that last case, all in npm itself (npm/cli#6984, #8440, #9406), and pysast works
// around each:
//
// 1. No build tools. `npm install -g git+…` (and pre-commit's installs) prepare the clone with npm's global mode still
//    set, which leaves the clone without its dev dependencies, so the TypeScript compiler is missing. Then this script
//    builds a copy of the sources in a temporary folder with the locked dev dependencies and copies dist/ and the
//    grammar back, without touching the clone's node_modules (which npm is managing at that moment).
// 2. A link into a folder npm deletes. npm prepares a git clone by running `npm install` inside it; in global mode
//    that installs the clone itself as the global package, as a symbolic link to the temporary clone. npm then packs
//    the clone, deletes it, and unpacks the tarball through that link into nowhere (TAR_ENTRY_ERRORs, no `pysast`
//    command). When this script runs inside such a clone and finds the global package folder linked to it, it puts an
//    empty folder in the link's place, so the tarball is unpacked into a real folder.
// 3. Dependencies unpacked into the folder that step replaces. npm unpacks a package's dependencies (into
//    `<global>/pysast/node_modules`) while it is still fetching and preparing the package itself, so the nested install
//    of point 2 moved them away with the folder. npm unpacks a package that bundles dependencies before anything else,
//    so package.json declares `"bundleDependencies": ["pysast-unpack-first"]`: a name that is not a dependency, so
//    nothing is bundled and every dependency is still installed from the registry, but only after pysast is unpacked.
//
// npm prepares a git clone twice (once in that nested install, once before packing); the second time finds dist/ built
// from the same sources (a hash in dist/.built-from) and does not build again. A packed tarball (`npm pack`) already
// holds dist/ and is never built again. scripts/test-install.sh proves each install path.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const npmCli = process.env.npm_execpath;
const stampFile = join(root, "dist", ".built-from");

function npm(args, cwd) {
  const env = { ...process.env };
  // the outer `npm install -g` leaves its global mode in the environment; the build's own install must be local
  for (const key of Object.keys(env)) if (/^npm_(config_(global|location|prefix|omit|production|only|include)|lifecycle_|package_)/i.test(key)) delete env[key];
  const [cmd, argv] = npmCli && /\.(c|m)?js$/.test(npmCli) ? [process.execPath, [npmCli, ...args]] : ["npm", args];
  execFileSync(cmd, argv, { cwd, env, stdio: ["ignore", process.stderr, process.stderr] });
}

/** True when `dir` is one of the temporary git clones npm prepares packages in (`<cache>/_cacache/tmp/git-clone…`). */
function isNpmGitClone(dir) {
  return basename(dir).startsWith("git-clone") && basename(dirname(dir)) === "tmp";
}

/** Point 2 above: replaces a global package link into this temporary clone by an empty folder. */
function unlinkGlobalPackageFromClone() {
  const here = realpathSync(root);
  const globalPrefix = process.env.npm_config_global_prefix;
  if (!globalPrefix || !isNpmGitClone(here)) return;
  const name = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).name;
  const link = join(globalPrefix, process.platform === "win32" ? "node_modules" : join("lib", "node_modules"), name);
  try {
    if (!lstatSync(link).isSymbolicLink() || realpathSync(link) !== here) return;
  } catch {
    return; // no global package of that name, or a dangling link from another install: not ours to touch
  }
  try {
    unlinkSync(link);
  } catch {
    rmdirSync(link); // a directory junction on Windows
  }
  mkdirSync(link);
}

/** A hash of every file the build reads (everything but node_modules, .git and the build output). */
function sourceHash() {
  const hash = createHash("sha256");
  const skip = new Set(["node_modules", ".git", "dist"]);
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      const rel = relative(root, path).split(/[\\/]/).join("/");
      if (skip.has(rel) || rel.endsWith(".wasm")) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) hash.update(`${rel}\0`).update(readFileSync(path)).update("\0");
    }
  };
  walk(root);
  return hash.digest("hex");
}

function buildWithoutDevDependencies() {
  const hash = sourceHash();
  if (existsSync(join(root, "dist", "src", "cli.js")) && existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === hash) {
    console.error("pysast: dist/ is already built from these sources");
    return;
  }
  const build = mkdtempSync(join(tmpdir(), "pysast-build-"));
  try {
    console.error("pysast: building from source with the locked build tools (the dev dependencies are not installed here)");
    const skip = new Set(["node_modules", ".git", "dist"]);
    cpSync(root, build, { recursive: true, filter: (src) => !skip.has(relative(root, src).split(/[\\/]/)[0]) });
    npm(["ci", "--include=dev", "--ignore-scripts", "--no-audit", "--no-fund"], build);
    npm(["run", "build"], build);
    cpSync(join(build, "dist"), join(root, "dist"), { recursive: true });
    cpSync(join(build, "grammars"), join(root, "grammars"), { recursive: true });
    writeFileSync(stampFile, `${hash}\n`);
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
}

unlinkGlobalPackageFromClone();
if (existsSync(join(root, "node_modules", "typescript", "bin", "tsc"))) npm(["run", "build"], root);
else buildWithoutDevDependencies();
