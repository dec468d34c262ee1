/** Loads the pinned tree-sitter-python grammar from grammars/ and verifies its checksum. */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Language, Parser } from "web-tree-sitter";

export interface GrammarManifest {
  language: string;
  package: string;
  version: string;
  file: string;
  sha256: string;
  abi: number;
  /**
   * The named node types whose nodes never hold a child in a field, from the pinned package's
   * src/node-types.json (the build checks the list against it): the tree export does not ask wasm for
   * the field of their children.
   */
  fieldlessTypes?: string[];
  /**
   * The visible node types only a token (a terminal) of the grammar takes, named and anonymous, from the
   * pinned package's src/parser.c (the build checks them against it): such a node never has children, so
   * the tree export does not ask wasm for them.
   */
  leafTypes?: { named: string[]; anonymous: string[] };
}

export class GrammarError extends Error {}

/** The folder holding manifest.json and the copied .wasm (works from src/ and dist/src/). */
export function grammarsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "grammars", "manifest.json"))) return join(dir, "grammars");
    dir = dirname(dir);
  }
  throw new GrammarError("cannot find grammars/manifest.json next to the pysast installation; reinstall pysast");
}

let loaded: Promise<Language> | undefined;

/**
 * The web-tree-sitter module object: `Parser.init` fills it with the module's exports (it becomes the
 * Emscripten `Module`), which the bulk tree export in parser.ts calls directly.
 */
export const wasmBinding: Record<string, unknown> = {};

/** grammars/manifest.json. */
export function grammarManifest(dir = grammarsDir()): GrammarManifest {
  return JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as GrammarManifest;
}

/** Reads the pinned grammar and checks its sha256 against grammars/manifest.json. */
function verifiedGrammar(dir: string): Buffer {
  const manifest = grammarManifest(dir);
  const wasmPath = join(dir, manifest.file);
  if (!existsSync(wasmPath)) {
    throw new GrammarError(
      `grammar ${wasmPath} is missing: run \`npm run build\` (it copies ${manifest.package}@${manifest.version} into grammars/)`,
    );
  }
  const bytes = readFileSync(wasmPath);
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (sha !== manifest.sha256) {
    throw new GrammarError(
      `grammar ${wasmPath} has sha256 ${sha} but grammars/manifest.json pins ${manifest.sha256}: the file was modified or replaced; run \`npm run build\` to restore the pinned grammar`,
    );
  }
  return bytes;
}

let isolatedInstances = 0;

/**
 * The Python grammar in a new, separate instance of the tree-sitter wasm module, with its own memory
 * (and its own module binding for the bulk export). After a wasm trap the old instance's memory (its
 * stack pointer, its heap) cannot be trusted, so a parser made from it may return wrong trees; a fresh
 * instance starts clean.
 */
export async function loadPythonIsolated(dir = grammarsDir()): Promise<{ language: Language; Parser: typeof Parser; binding: Record<string, unknown> }> {
  const bytes = verifiedGrammar(dir);
  // importing the module under another URL gives a distinct module instance, hence a distinct wasm instance
  const url = `${import.meta.resolve("web-tree-sitter")}?instance=${++isolatedInstances}`;
  const mod = (await import(url)) as typeof import("web-tree-sitter");
  const binding: Record<string, unknown> = {};
  await mod.Parser.init(binding);
  return { language: await mod.Language.load(bytes), Parser: mod.Parser, binding };
}

/** Reads, verifies and loads the Python grammar once per process (or per worker). */
export function loadPython(dir = grammarsDir()): Promise<Language> {
  if (!loaded || dir !== grammarsDir()) {
    const p = (async () => {
      const bytes = verifiedGrammar(dir);
      await Parser.init(wasmBinding);
      return Language.load(bytes);
    })();
    if (dir !== grammarsDir()) return p;
    loaded = p;
    loaded.catch(() => {
      loaded = undefined;
    });
  }
  return loaded;
}
