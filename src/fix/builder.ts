/**
 * What a rule's `fix` works with: the file's model plus helpers that produce text edits in the
 * file's own style — its line ending, the indentation of the statement being changed, and imports
 * added once, in the group and order isort would choose, after the docstring and `__future__`.
 * Pure: reads the model, returns edits.
 */
import type { FileModel } from "../model/file-model.js";
import { walk, type PyNode } from "../parse/ast.js";
import type { Region } from "../types.js";
import { lineEnding } from "./edits.js";
import { STDLIB_MODULES } from "./stdlib-modules.js";
import type { TextEdit } from "./types.js";

/** A name to write in the fixed code, and the edits (an import) that make it resolve. */
export interface ImportRef {
  ref: string;
  edits: TextEdit[];
}

const ITEM_CONTAINERS = new Set(["argument_list", "list", "tuple", "set"]);
const IMPORT_TYPES = new Set(["import_statement", "import_from_statement", "future_import_statement"]);
const DEFINITIONS = new Set(["function_definition", "class_definition", "decorated_definition"]);

/** isort's sections: `__future__`, standard library, third party, local (relative). */
function importGroup(module: string): number {
  if (module === "__future__") return 0;
  if (module.startsWith(".")) return 3;
  return STDLIB_MODULES.has(module.split(".")[0]!) ? 1 : 2;
}

function importedModule(stmt: PyNode): string {
  if (stmt.type === "future_import_statement") return "__future__";
  if (stmt.type === "import_from_statement") return stmt.get("module_name")?.text ?? "";
  const first = stmt.get("name");
  return (first?.type === "aliased_import" ? first.get("name") : first)?.text ?? "";
}

export class FixBuilder {
  /** The line ending inserted lines use: the one the file mostly uses. */
  readonly eol: string;

  constructor(
    readonly model: FileModel,
    /** What is known about the rest of the project (data-flow findings only): the modules its files import. */
    readonly project?: { importedModules: ReadonlySet<string> },
  ) {
    this.eol = lineEnding(model.src.text);
  }

  get text(): string {
    return this.model.src.text;
  }

  /** The offset of a 1-based line and column. */
  offset(line: number, column: number): number {
    return this.model.src.lineStart(line - 1) + column - 1;
  }

  /** The node spanning exactly `region` (the innermost one of `type` when given). */
  nodeAt(region: Region, type?: string | ReadonlySet<string>): PyNode | undefined {
    const start = this.offset(region.startLine, region.startColumn);
    const end = this.offset(region.endLine, region.endColumn);
    const matches = (n: PyNode) => (type === undefined ? true : typeof type === "string" ? n.type === type : type.has(n.type));
    let node: PyNode | undefined = this.model.root;
    let found: PyNode | undefined;
    while (node) {
      if (node.start === start && node.end === end && matches(node)) found = node;
      node = node.children.find((c) => c.start <= start && end <= c.end);
    }
    return found;
  }

  /** The leading whitespace of the line a node starts on (tabs and spaces as written). */
  indentOf(node: PyNode): string {
    const line = this.model.src.lineText(node.line);
    return /^[ \t]*/.exec(line)![0];
  }

  /** One indentation step as the file writes it (a tab, or the smallest indent seen; four spaces by default). */
  indentUnit(): string {
    const text = this.text;
    if (/^\t/m.test(text) && !/^ {2,}\S/m.test(text)) return "\t";
    let unit = 0;
    for (const m of text.matchAll(/^( +)\S/gm)) if (unit === 0 || m[1]!.length < unit) unit = m[1]!.length;
    return " ".repeat(unit || 4);
  }

  /** A Python string literal in the quote style the file's own string literals mostly use. */
  quote(value: string): string {
    if (this.quoteChar === undefined) {
      let single = 0;
      let double = 0;
      walk(this.model.root, (n) => {
        if (n.type !== "string") return;
        const opening = /^[a-zA-Z]*(["'])/.exec(n.text)?.[1];
        if (opening === "'") single++;
        else if (opening === '"') double++;
        return false;
      });
      this.quoteChar = single > double ? "'" : '"';
    }
    const q = this.quoteChar;
    return `${q}${value.replace(/\\/g, "\\\\").replace(new RegExp(q, "g"), `\\${q}`)}${q}`;
  }

  private quoteChar: string | undefined;

  /**
   * Adds `keyword=value` to a call: after the last argument (so a trailing comma and the closing
   * parenthesis of a multi-line call stay where they are), or inside empty parentheses.
   */
  addKeyword(call: PyNode, text: string): TextEdit | undefined {
    const list = call.get("arguments");
    if (list?.type !== "argument_list") return undefined;
    const args = list.namedChildren.filter((c) => c.type !== "comment");
    const last = args[args.length - 1];
    if (last) return { start: last.end, end: last.end, text: `, ${text}` };
    return { start: list.end - 1, end: list.end - 1, text };
  }

  /**
   * Deletes one item of a call's arguments or of a list, tuple or set display, with its separator. An
   * item on a line of its own goes with that line (and a comment at its end); otherwise it goes up to
   * the next item, or from the end of the previous one (a trailing comma stays), or, alone, with a
   * comma after it.
   */
  removeItem(item: PyNode): TextEdit | undefined {
    const container = item.parent;
    if (!container || !ITEM_CONTAINERS.has(container.type)) return undefined;
    const items = container.namedChildren.filter((c) => c.type !== "comment");
    const i = items.findIndex((a) => a.start === item.start && a.end === item.end);
    // a tuple left with one item needs a trailing comma to stay a tuple: leave short tuples alone
    if (i < 0 || (container.type === "tuple" && items.length <= 2)) return undefined;
    const text = this.text;
    const lineStart = this.model.src.lineStart(item.line);
    const rest = /^[ \t]*,?[ \t]*(?:#[^\r\n]*)?(?:\r\n|\n|\r)/.exec(text.slice(item.end));
    if (rest && /^[ \t]*$/.test(text.slice(lineStart, item.start))) return { start: lineStart, end: item.end + rest[0].length, text: "" };
    const next = items[i + 1];
    if (next) return { start: item.start, end: next.start, text: "" };
    const prev = items[i - 1];
    if (prev) return { start: prev.end, end: item.end, text: "" };
    const comma = container.children.find((c) => c.type === "," && c.start >= item.end);
    return { start: item.start, end: comma ? comma.end : item.end, text: "" };
  }

  /** The keyword argument node (`name=value`) of a call, if present. */
  keyword(call: PyNode, name: string): PyNode | undefined {
    return call.get("arguments")?.namedChildren.find((a) => a.type === "keyword_argument" && a.get("name")?.text === name);
  }

  replace(node: PyNode, text: string): TextEdit {
    return { start: node.start, end: node.end, text };
  }

  /** True when `name` is bound nowhere that `at` can see, nor at module level. */
  isFree(name: string, at: PyNode): boolean {
    return this.model.lookup(name, at) === undefined && !this.model.moduleScope.bindings.has(name) && !BUILTIN_NAMES.has(name);
  }

  /**
   * A reference to `module.name` usable at `at`: an existing import (`from m import name`, its alias,
   * or `m.name` after `import m`), else a new import, else undefined when every spelling is taken.
   */
  importName(module: string, name: string, at: PyNode): ImportRef | undefined {
    const qualified = `${module}.${name}`;
    for (const imp of this.moduleImports()) {
      if (imp.qualified === qualified && this.resolvesToImport(imp.local, at, qualified)) return { ref: imp.local, edits: [] };
    }
    for (const imp of this.moduleImports()) {
      if (imp.qualified === module && imp.imported === module && this.resolvesToImport(imp.local, at, module)) return { ref: `${imp.local}.${name}`, edits: [] };
    }
    if (this.isFree(name, at)) {
      const existing = this.rootImports().find((s) => s.type === "import_from_statement" && importedModule(s) === module && !s.children.some((c) => c.type === "wildcard_import"));
      if (existing) {
        const names = existing.all("name");
        const last = names[names.length - 1];
        if (last) return { ref: name, edits: [{ start: last.end, end: last.end, text: `, ${name}` }] };
      }
      return { ref: name, edits: [this.addImportLine(`from ${module} import ${name}`, module)] };
    }
    const top = module.split(".")[0]!;
    if (this.isFree(top, at)) return { ref: qualified, edits: [this.addImportLine(`import ${module}`, module)] };
    return undefined;
  }

  /** A reference to a module usable at `at`: an existing `import module [as x]`, else a new one. */
  importModule(module: string, at: PyNode): ImportRef | undefined {
    for (const imp of this.moduleImports()) {
      if (imp.qualified === module && this.resolvesToImport(imp.local, at, module)) return { ref: imp.local, edits: [] };
    }
    const top = module.split(".")[0]!;
    if (!this.isFree(top, at)) return undefined;
    return { ref: module, edits: [this.addImportLine(`import ${module}`, module)] };
  }

  private moduleImports() {
    return this.model.imports.filter((i) => i.scope === this.model.moduleScope);
  }

  /** The name is an import of `qualified` wherever it is bound in sight of `at`. */
  private resolvesToImport(local: string, at: PyNode, qualified: string): boolean {
    const bindings = this.model.lookup(local, at);
    return bindings !== undefined && bindings.every((b) => b.kind === "import" && b.qualified === qualified);
  }

  /** Import statements at module level before the first definition (the file's import block). */
  private rootImports(): PyNode[] {
    const out: PyNode[] = [];
    for (const stmt of this.model.root.namedChildren) {
      if (DEFINITIONS.has(stmt.type)) break;
      if (IMPORT_TYPES.has(stmt.type)) out.push(stmt);
    }
    return out;
  }

  /** Offset of the start of the line after the one `offset` is on (the text's end when there is none). */
  private nextLineStart(offset: number): number | undefined {
    const src = this.model.src;
    const line = src.lineOf(offset);
    return line + 1 < src.lineCount ? src.lineStart(line + 1) : undefined;
  }

  /** An insertion of one import line where isort would put it. */
  private addImportLine(line: string, module: string): TextEdit {
    const eol = this.eol;
    const group = importGroup(module);
    const imports = this.rootImports();
    const key = (m: string) => m.toLowerCase();
    const before = (node: PyNode, text: string): TextEdit => {
      const at = this.model.src.lineStart(node.line);
      return { start: at, end: at, text };
    };
    const after = (node: PyNode, text: string): TextEdit => {
      const at = this.nextLineStart(Math.max(node.start, node.end - 1));
      return at === undefined ? { start: this.text.length, end: this.text.length, text: `${eol}${text.replace(new RegExp(`${eol}$`), "")}` } : { start: at, end: at, text };
    };
    const same = imports.filter((s) => importGroup(importedModule(s)) === group);
    if (same.length > 0) {
      const next = same.find((s) => key(importedModule(s)) > key(module));
      return next ? before(next, `${line}${eol}`) : after(same[same.length - 1]!, `${line}${eol}`);
    }
    const later = imports.find((s) => importGroup(importedModule(s)) > group);
    if (later) return before(later, `${line}${eol}${eol}`);
    const earlier = imports.filter((s) => importGroup(importedModule(s)) < group);
    if (earlier.length > 0) return after(earlier[earlier.length - 1]!, `${eol}${line}${eol}`);
    const statements = this.model.root.namedChildren;
    const first = statements[0];
    const docstring = first?.type === "expression_statement" && first.namedChildren.length === 1 && first.namedChildren[0]!.type === "string" ? first : undefined;
    if (docstring) return after(docstring, `${eol}${line}${eol}`);
    if (first) return before(first, `${line}${eol}${eol}`);
    return { start: this.text.length, end: this.text.length, text: `${line}${eol}` };
  }
}

/** Builtins a fix must not shadow with an import of the same name. */
const BUILTIN_NAMES = new Set(["open", "input", "compile", "eval", "exec", "format", "hash", "id", "type", "filter", "map", "list", "dict", "set", "str", "bytes", "int", "float"]);
