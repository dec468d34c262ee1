/**
 * Settings split across modules: Django projects often keep `settings/base.py` and a
 * `settings/production.py` that does `from .base import *` and then assigns some settings again.
 * The value that counts in production is the later module's, so a finding about a setting in
 * `base.py` (`DEBUG = True`) is dropped when every deployed module that imports it assigns the
 * setting again without a finding of the same rule there (`DEBUG = False`, `DEBUG = env("DEBUG")`).
 * Modules that are evidently for development (`dev.py`, `local.py`, `test.py`) do not count either
 * way. Only modules in the same folder are consulted, and only when such findings exist.
 *
 * A settings module that leaves `SECRET_KEY` empty (`''` or `None`, as its last module-level
 * assignment), imports no other settings and is star-imported by none of its siblings is a table
 * of defaults, not a deployment's configuration: a framework's own defaults module (values the
 * project's settings override) or a template to copy. Django refuses to serve with an empty
 * `SECRET_KEY` ("The SECRET_KEY setting must not be empty") and Flask cannot sign sessions without
 * one, so such a module cannot be what a site runs with; its setting findings are dropped. A
 * `base.py` that a sibling star-imports is not dropped this way: the importer inherits its values.
 */
import path from "node:path";
import type { FileModel } from "./model/file-model.js";
import { walk, type PyNode } from "./parse/ast.js";
import type { RawFinding } from "./types.js";

/** What the override pass needs to know about one scanned file. */
export interface SettingsFile {
  rel: string;
  raw: RawFinding[];
}

interface ModuleFacts {
  rel: string;
  module: string;
  /** Modules star-imported at module level, with the offset of the import. */
  starImports: { module: string; at: number }[];
  /** Names assigned unconditionally at module level, with the offset of the (last) assignment. */
  assigned: Map<string, number>;
  /** The last module-level assignment of `SECRET_KEY` is an empty string or `None`. */
  emptySecretKey: boolean;
}

/**
 * The findings about settings that every deployed importing module overrides. `load` parses a
 * file again (null when it cannot); `isDevelopment` says whether a path is for development only.
 */
export function overriddenSettings(files: ReadonlyMap<string, SettingsFile>, load: (rel: string) => FileModel | null, isDevelopment: (rel: string) => boolean): Set<RawFinding> {
  const dropped = new Set<RawFinding>();
  const withSettings = [...files.values()].filter((f) => f.raw.some((r) => r.setting));
  if (withSettings.length === 0) return dropped;
  const facts = new Map<string, ModuleFacts | null>();
  const factsOf = (rel: string): ModuleFacts | null => {
    if (!facts.has(rel)) {
      const model = load(rel);
      facts.set(rel, model ? describe(model) : null);
    }
    return facts.get(rel)!;
  };
  const siblingsByDir = new Map<string, string[]>();
  for (const rel of files.keys()) {
    const dir = path.posix.dirname(rel);
    const list = siblingsByDir.get(dir) ?? [];
    list.push(rel);
    siblingsByDir.set(dir, list);
  }
  for (const file of withSettings) {
    const siblings = (siblingsByDir.get(path.posix.dirname(file.rel)) ?? []).filter((r) => r !== file.rel);
    const self = factsOf(file.rel);
    if (!self) continue;
    if (isDefaultsTable(self, siblings, factsOf)) {
      for (const finding of file.raw) if (finding.setting) dropped.add(finding);
      continue;
    }
    if (siblings.length === 0) continue;
    for (const finding of file.raw) {
      if (finding.setting && overriddenEverywhere(self, finding, siblings, factsOf, files, isDevelopment)) dropped.add(finding);
    }
  }
  return dropped;
}

/**
 * True when at least one deployed module imports `origin` (directly or through other siblings)
 * and every deployed importer sees the setting assigned again without a finding of the rule.
 */
function overriddenEverywhere(
  origin: ModuleFacts,
  finding: RawFinding,
  siblings: string[],
  factsOf: (rel: string) => ModuleFacts | null,
  files: ReadonlyMap<string, SettingsFile>,
  isDevelopment: (rel: string) => boolean,
): boolean {
  const setting = finding.setting!;
  let overrides = 0;
  const seen = new Set<string>([origin.rel]);
  const visit = (from: ModuleFacts): boolean => {
    for (const rel of siblings) {
      if (seen.has(rel)) continue;
      const f = factsOf(rel);
      if (!f) continue;
      const imp = f.starImports.find((i) => sameModule(i.module, from.module));
      if (!imp) continue;
      seen.add(rel);
      if (isDevelopment(rel)) continue;
      const at = f.assigned.get(setting);
      if (at !== undefined && at > imp.at) {
        const flagged = files.get(rel)?.raw.some((r) => r.ruleId === finding.ruleId && r.setting === setting);
        if (flagged) return false;
        overrides++;
        continue;
      }
      // the importer inherits the value: it counts unless its own importers all override it
      const importedFurther = siblings.some((s) => !seen.has(s) && factsOf(s)?.starImports.some((i) => sameModule(i.module, f.module)));
      if (!importedFurther) return false;
      if (!visit(f)) return false;
    }
    return true;
  };
  return visit(origin) && overrides > 0;
}

/** A module of default values nobody deploys as it is (see the file comment). */
function isDefaultsTable(self: ModuleFacts, siblings: string[], factsOf: (rel: string) => ModuleFacts | null): boolean {
  if (!self.emptySecretKey || self.starImports.length > 0) return false;
  return !siblings.some((rel) => factsOf(rel)?.starImports.some((i) => sameModule(i.module, self.module)));
}

/** `pkg.settings.base` written in an import matches the module `src.pkg.settings.base` named from its path. */
function sameModule(imported: string, module: string): boolean {
  return imported === module || module.endsWith(`.${imported}`) || imported.endsWith(`.${module}`);
}

function describe(model: FileModel): ModuleFacts {
  // FileModel lists module-scope star imports (also those inside `try:`/`if`) in document order
  const starNodes: PyNode[] = [];
  walk(model.root, (n) => {
    if (n.type === "function_definition" || n.type === "class_definition" || n.type === "lambda") return false;
    if (n.type === "import_from_statement" && n.children.some((c) => c.type === "wildcard_import")) starNodes.push(n);
  });
  const starImports = starNodes.flatMap((n, i) => {
    const module = model.starImports[i];
    return module === undefined ? [] : [{ module, at: n.start }];
  });
  const assigned = new Map<string, number>();
  let emptySecretKey = false;
  for (const stmt of model.root.namedChildren) {
    const expr = stmt.type === "expression_statement" ? stmt.namedChildren[0] : null;
    if (expr?.type !== "assignment") continue;
    const left = expr.get("left");
    if (left?.type !== "identifier") continue;
    assigned.set(left.text, stmt.start);
    if (left.text === "SECRET_KEY") {
      const right = expr.get("right");
      const v = right ? model.constant(right) : undefined;
      emptySecretKey = v !== undefined && (v.t === "none" || ((v.t === "str" || v.t === "bytes") && v.v.length === 0));
    }
  }
  return { rel: model.path, module: model.moduleName, starImports, assigned, emptySecretKey };
}
