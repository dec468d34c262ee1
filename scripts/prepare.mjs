// `npm run prepare`: builds pysast (tsc to dist/, grammar copied and verified). npm runs it for a local
// `npm install`, for `npm pack`, and when it installs pysast from a git URL. In that last case
// (`npm install -g git+https://…`, and pre-commit's installs) npm prepares the clone with its global mode still
// set, which leaves the clone without its dev dependencies, so the TypeScript compiler is missing and the build
// failed with "tsc: not found". Then this script builds a copy of the sources in a temporary folder with the
// locked dev dependencies and copies dist/ and the grammar back, without touching the clone's node_modules (which
// npm is managing at that moment). A packed tarball (`npm pack`) already holds dist/ and is never built again.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const npmCli = process.env.npm_execpath;

function npm(args, cwd) {
  const env = { ...process.env };
  // the outer `npm install -g` leaves its global mode in the environment; the build's own install must be local
  for (const key of Object.keys(env)) if (/^npm_(config_(global|location|prefix|omit|production|only|include)|lifecycle_|package_)/i.test(key)) delete env[key];
  const [cmd, argv] = npmCli && /\.(c|m)?js$/.test(npmCli) ? [process.execPath, [npmCli, ...args]] : ["npm", args];
  execFileSync(cmd, argv, { cwd, env, stdio: ["ignore", process.stderr, process.stderr] });
}

if (existsSync(join(root, "node_modules", "typescript", "bin", "tsc"))) {
  npm(["run", "build"], root);
} else {
  const build = mkdtempSync(join(tmpdir(), "pysast-build-"));
  try {
    console.error("pysast: building from source with the locked build tools (the dev dependencies are not installed here)");
    const skip = new Set(["node_modules", ".git", "dist"]);
    cpSync(root, build, { recursive: true, filter: (src) => !skip.has(relative(root, src).split(/[\\/]/)[0]) });
    npm(["ci", "--include=dev", "--ignore-scripts", "--no-audit", "--no-fund"], build);
    npm(["run", "build"], build);
    cpSync(join(build, "dist"), join(root, "dist"), { recursive: true });
    cpSync(join(build, "grammars"), join(root, "grammars"), { recursive: true });
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
}
