// `npm run build`, after tsc: bundles each thread's entry point (the command, its CLI thread, the scan's workers and
// the load-ahead worker) into one file in dist/src, in place of tsc's output for those four files, with the code
// they share in a few `shared-*.js` files beside them. Node then reads and links a handful of files per thread
// instead of about 250 ES modules (the start-up cost docs/architecture.md measures). tsc's per-module output stays
// in dist/ for the scripts that import single modules (scripts/bench-parse.mjs, gen-rule-docs.mjs).
//
// Left out of the bundles, loaded from node_modules as before:
// - web-tree-sitter: it finds its own .wasm next to itself (import.meta.url), and grammar.ts imports it again
//   under another URL for an isolated wasm instance;
// - @anthropic-ai/sdk and zod: only `--triage` loads them (a dynamic import of the triage chunk).
// Every output file gets a `require` (createRequire) for the CommonJS dependencies that are bundled (yaml,
// picomatch, ...), which would otherwise fail with "Dynamic require of ... is not supported" in an ES module.
import { readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "src");
const ENTRIES = ["cli", "cli-worker", "worker", "worker-ahead"];
const SHARED = "shared-";

// shared files of an earlier build (their names are content hashes)
for (const name of readdirSync(out)) if (name.startsWith(SHARED)) rmSync(join(out, name));

await esbuild.build({
  absWorkingDir: root,
  entryPoints: ENTRIES.map((name) => ({ in: `src/${name}.ts`, out: name })),
  outdir: out,
  chunkNames: `${SHARED}[hash]`,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  tsconfig: "tsconfig.json",
  external: ["web-tree-sitter", "@anthropic-ai/sdk", "zod"],
  banner: { js: 'import { createRequire as __pysastRequire } from "node:module"; const require = __pysastRequire(import.meta.url);' },
  // stack traces with `node --enable-source-maps` name the TypeScript sources (the maps hold no copy of them)
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "inline",
  logLevel: "warning",
});
