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
// The tree export skips asking for the field of a child whose parent type has no fields (src/parse/parser.ts):
// the list it trusts must be the grammar's own, or a field could be lost without any error.
const fieldless = fieldlessTypes(JSON.parse(readFileSync(join(pkgDir, "src", "node-types.json"), "utf8")));
if (JSON.stringify(fieldless) !== JSON.stringify(manifest.fieldlessTypes)) {
  console.error(
    `grammars/manifest.json lists fieldlessTypes that differ from ${manifest.package}@${manifest.version}'s src/node-types.json; set them to:\n${JSON.stringify(fieldless)}`,
  );
  process.exit(1);
}
writeFileSync(join(root, "grammars", manifest.file), bytes);

/** The named node types that never hold a child in a field (supertypes, which never appear in a tree, excluded), sorted. */
function fieldlessTypes(nodeTypes) {
  return nodeTypes
    .filter((t) => t.named && !t.subtypes && Object.keys(t.fields ?? {}).length === 0)
    .map((t) => t.type)
    .sort();
}
