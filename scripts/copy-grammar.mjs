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
// The tree export does not ask wasm for the children of a node whose type only a token (a terminal) can have.
// That list must come from the grammar's own parse tables too: a node type that a rule can also produce
// (directly or through an alias) may have children, and leaving it out of the list only costs a question.
const leaves = leafTypes(readFileSync(join(pkgDir, "src", "parser.c"), "utf8"));
if (JSON.stringify(leaves) !== JSON.stringify(manifest.leafTypes)) {
  console.error(
    `grammars/manifest.json lists leafTypes that differ from ${manifest.package}@${manifest.version}'s src/parser.c; set them to:\n${JSON.stringify(leaves)}`,
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

/**
 * The visible node types only terminals (tokens, external tokens included) take, from the generated parser: a
 * terminal is a symbol below TOKEN_COUNT; a type is left out when a non-terminal has the same public name and
 * namedness, or can be aliased to it (ts_non_terminal_alias_map). `named` and `anonymous` types, each sorted.
 */
function leafTypes(parserC) {
  const define = (name) => {
    const m = new RegExp(`#define ${name} (\\d+)`).exec(parserC);
    if (!m) throw new Error(`src/parser.c has no ${name}`);
    return Number(m[1]);
  };
  const tokenCount = define("TOKEN_COUNT");
  const section = (name) => {
    const at = parserC.indexOf(`${name}[`);
    const open = parserC.indexOf("{", at);
    const close = parserC.indexOf("\n};", open);
    if (at < 0 || open < 0 || close < 0) throw new Error(`src/parser.c has no ${name}`);
    return parserC.slice(open + 1, close);
  };
  const ids = new Map([["ts_builtin_sym_end", 0]]);
  const enumBody = /enum ts_symbol_identifiers \{([^}]*)\}/.exec(parserC);
  if (!enumBody) throw new Error("src/parser.c has no enum ts_symbol_identifiers");
  for (const m of enumBody[1].matchAll(/(\w+) = (\d+),/g)) ids.set(m[1], Number(m[2]));
  const id = (sym) => {
    const v = ids.get(sym);
    if (v === undefined) throw new Error(`src/parser.c: unknown symbol ${sym}`);
    return v;
  };
  const names = new Map();
  for (const m of section("ts_symbol_names").matchAll(/\[(\w+)\] = ("(?:[^"\\]|\\.)*"),/g)) names.set(id(m[1]), JSON.parse(m[2]));
  const publicOf = new Map();
  for (const m of section("ts_symbol_map").matchAll(/\[(\w+)\] = (\w+),/g)) publicOf.set(id(m[1]), id(m[2]));
  const meta = new Map();
  for (const m of section("ts_symbol_metadata").matchAll(/\[(\w+)\] = \{([^}]*)\}/g)) {
    meta.set(id(m[1]), { visible: /\.visible = true/.test(m[2]), named: /\.named = true/.test(m[2]) });
  }
  const key = (sym) => {
    const p = publicOf.get(sym) ?? sym;
    return `${meta.get(p)?.named ? "named" : "anonymous"}:${names.get(p)}`;
  };
  const nonTerminal = new Set();
  for (const [sym] of names) if (sym >= tokenCount) nonTerminal.add(key(sym));
  // the alias map: a non-terminal, the count of its aliases, the aliases; a 0 ends it
  const words = section("ts_non_terminal_alias_map").match(/\w+/g) ?? [];
  for (let i = 0; i < words.length && words[i] !== "0"; ) {
    const count = Number(words[i + 1]);
    for (const alias of words.slice(i + 2, i + 2 + count)) nonTerminal.add(key(id(alias)));
    i += 2 + count;
  }
  const named = new Set();
  const anonymous = new Set();
  for (const [sym, name] of names) {
    if (sym === 0 || sym >= tokenCount || !meta.get(sym)?.visible || nonTerminal.has(key(sym))) continue;
    (meta.get(publicOf.get(sym) ?? sym)?.named ? named : anonymous).add(names.get(publicOf.get(sym) ?? sym) ?? name);
  }
  return { named: [...named].sort(), anonymous: [...anonymous].sort() };
}
