// Copies the tree-sitter-python grammar from the installed package into grammars/ and checks it
// against the pinned manifest, so a build never ships a grammar nobody reviewed.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(root, "grammars", "manifest.json"), "utf8"));
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve(`${manifest.package}/package.json`));
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
if (pkg.version !== manifest.version) {
  console.error(`grammars/manifest.json pins ${manifest.package}@${manifest.version} but ${pkg.version} is installed; run npm ci, or update the manifest after reviewing the new grammar.`);
  process.exit(1);
}
const bytes = readFileSync(join(pkgDir, manifest.file));
const sha = createHash("sha256").update(bytes).digest("hex");
if (sha !== manifest.sha256) {
  console.error(`${manifest.package}/${manifest.file} has sha256 ${sha}, expected ${manifest.sha256} (grammars/manifest.json). Refusing to copy it.`);
  process.exit(1);
}
writeFileSync(join(root, "grammars", manifest.file), bytes);
