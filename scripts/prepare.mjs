// `npm run prepare`: builds pysast (tsc to dist/, grammar copied and verified). npm runs it for a local
// `npm install`, for `npm pack`, and when it installs pysast from a git URL. In that last case
// (`npm install -g git+https://…`, pre-commit's installs) npm prepares the clone in global mode, which leaves
// the clone without its dev dependencies, so the TypeScript compiler is missing and the build fails with
// "tsc: not found". Here the build installs the locked dev dependencies into the clone first, so a git install
// needs nothing but Node and the npm registry. A packed tarball (`npm pack`) already holds dist/ and is never
// built again.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const npmCli = process.env.npm_execpath;
const npm = (args) => {
  const env = { ...process.env };
  // the outer `npm install -g` leaves its global mode in the environment; the clone's own install must be local
  for (const key of Object.keys(env)) if (/^npm_config_(global|location|prefix|omit|production|only)$/i.test(key)) delete env[key];
  const [cmd, argv] = npmCli && /\.(c|m)?js$/.test(npmCli) ? [process.execPath, [npmCli, ...args]] : ["npm", args];
  execFileSync(cmd, argv, { cwd: root, env, stdio: "inherit" });
};

if (!existsSync(join(root, "node_modules", "typescript", "bin", "tsc"))) {
  console.error("pysast: installing the build tools (dev dependencies from package-lock.json) to build from source");
  npm(["install", "--include=dev", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", "--location=project"]);
}
npm(["run", "build"]);
