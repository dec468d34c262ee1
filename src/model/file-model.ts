/**
 * The per-file semantic model: scopes and their bindings, the import table, resolution of names
 * and attribute chains to qualified names, and constant folding through simple assignments.
 */
import { basename, dirname, join, resolve } from "node:path";
import { PhaseBudgetExceeded, type Deadline } from "../budget.js";
import { PyNode, typeExpression, unparen, type SourceText } from "../parse/ast.js";
import type { ParsedFile } from "../parse/parser.js";
import { BUILTINS } from "./builtins.js";
import { foldConstant, type NameLookup } from "./fold.js";
import type { PyValue } from "./values.js";

export type BindingKind =
  | "import"
  | "assign"
  | "unpack"
  | "augassign"
  | "annotation"
  | "param"
  | "def"
  | "class"
  | "loop"
  | "with"
  | "except"
  | "other";

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The node that binds the name (identifier, import alias, def, …). */
  node: PyNode;
  /** For `assign`: the assigned expression. */
  value?: PyNode;
  /** For `import`: the qualified name the binding stands for (`from a import b as c` → `a.b`). */
  qualified?: string;
  scope: Scope;
}

const PARAMETER_TYPES = new Set(["typed_parameter", "default_parameter", "typed_default_parameter"]);

/**
 * Whether `n` is a parameter's annotation or default value, a def's return annotation, a class's bases or the name a
 * def or class binds: the parts of a definition Python evaluates (or binds) in the scope around it, not inside it.
 * (`class ThreadController: ThreadController = proxy(...)` names the class in the module, not its own attribute.)
 */
function isSignaturePart(n: PyNode): boolean {
  const field = n.field;
  // most nodes on a scope walk have another field or none: decided without looking at the parent
  if (field !== "type" && field !== "value" && field !== "return_type" && field !== "name" && field !== "superclasses") return false;
  const parent = n.parent!;
  if (field === "name") return parent.type === "function_definition" || parent.type === "class_definition";
  if (field === "superclasses") return parent.type === "class_definition";
  return field === "return_type" ? parent.type === "function_definition" : PARAMETER_TYPES.has(parent.type);
}

export const SCOPE_TYPES = new Set([
  "module",
  "function_definition",
  "lambda",
  "class_definition",
  "list_comprehension",
  "set_comprehension",
  "dictionary_comprehension",
  "generator_expression",
]);

/** Parent steps a scope lookup takes before it starts to remember answers (see FileModel.scopeAt). */
const SCOPE_MEMO_DEPTH = 24;
const SCOPE_MEMO_STRIDE = 8;

export class Scope {
  readonly bindings = new Map<string, Binding[]>();
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  readonly children: Scope[] = [];
  constructor(
    readonly node: PyNode,
    readonly parent: Scope | null,
  ) {
    parent?.children.push(this);
  }
  get kind(): "module" | "function" | "class" | "comprehension" {
    const t = this.node.type;
    if (t === "module") return "module";
    if (t === "class_definition") return "class";
    if (t === "function_definition" || t === "lambda") return "function";
    return "comprehension";
  }
  add(b: Binding): void {
    const list = this.bindings.get(b.name);
    if (list) list.push(b);
    else this.bindings.set(b.name, [b]);
  }
}

export interface CallArgs {
  readonly positional: readonly PyNode[];
  readonly keywords: ReadonlyMap<string, PyNode>;
  /** True when the call has `*args` or `**kwargs`: positions and keywords are then uncertain. */
  hasSplat: boolean;
}

export interface ImportEntry {
  /** Local name bound (`c` in `import a.b as c`; `a` in `import a.b`). */
  local: string;
  /** What it stands for (`a.b`; for `import a.b` without alias, `a`). */
  qualified: string;
  /** The full imported module or member path as written (`a.b`). */
  imported: string;
  node: PyNode;
  scope: Scope;
}

/**
 * Module name of a file from its path below the folder its modules are named from (`pkg/sub/mod.py` →
 * `pkg.sub.mod`). `prefix` is the dotted package that folder itself is part of (see `packagePrefixOf`):
 * scanning `src/pkg` directly, `views.py` is `pkg.views`, as the project's own imports spell it.
 */
export function moduleNameOf(relPath: string, prefix = ""): string {
  const noExt = relPath.replace(/\\/g, "/").replace(/\.pyi?$/, "");
  const parts = noExt.split("/").filter((p) => p && p !== ".");
  if (parts[parts.length - 1] === "__init__") parts.pop();
  if (prefix) parts.unshift(prefix);
  return parts.join(".");
}

/**
 * A folder module names start from: a folder scanned (a file scanned stands for its folder), as a path
 * relative to the scan root (`""` for the root itself), with the dotted package it is part of
 * (`packagePrefixOf`). Plain data: it crosses to the worker threads and into the cache's fingerprint.
 */
export interface ModuleBase {
  dir: string;
  prefix: string;
}

/**
 * Module name of a file (its root-relative path) under the base that holds it. The bases come from
 * `moduleBasesOf`, so at most one holds a file besides the root's fallback, which comes last.
 * Without bases, the file is named from the root.
 */
/**
 * The folder scanned that holds a file (its root-relative path, `""` for the root), as `moduleNameIn` picks it: what the
 * user named, so the folders above it and its own name are where the checkout lives, not what the project says of the file.
 */
export function scanBaseOf(relPath: string, bases: readonly ModuleBase[] | undefined): string {
  for (const { dir } of bases ?? []) {
    if (dir === "") return "";
    if (relPath.length > dir.length && relPath.startsWith(dir) && relPath[dir.length] === "/") return dir;
  }
  return "";
}

export function moduleNameIn(relPath: string, bases: readonly ModuleBase[] | undefined): string {
  for (const { dir, prefix } of bases ?? []) {
    if (dir === "") return moduleNameOf(relPath, prefix);
    if (relPath.length > dir.length && relPath.startsWith(dir) && relPath[dir.length] === "/") return moduleNameOf(relPath.slice(dir.length + 1), prefix);
  }
  return moduleNameOf(relPath);
}

/**
 * Where the modules of a scan are named from: each folder scanned (`folders`, root-relative with
 * forward slashes, `""` for the root; a folder inside another scanned one is named from the outer
 * one, as scanning the outer one alone names it), then the root itself for any file outside them.
 * The names so depend on what was scanned, never on the working directory or `--root`:
 * `pysast scan shop` run from the parent names `shop/orders/views.py` `orders.views`, as
 * `pysast scan .` run inside `shop` does (and `shop.orders.views` when `shop` holds an `__init__.py`).
 */
export function moduleBasesOf(root: string, folders: readonly string[], isFile: (path: string) => boolean): ModuleBase[] {
  const dirs = [...new Set(folders.map((f) => f.replace(/\\/g, "/").replace(/\/+$/, "")))].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const outer = dirs.filter((d, i) => !dirs.slice(0, i).some((o) => o === "" || d.startsWith(`${o}/`)));
  const bases = outer.map((dir) => ({ dir, prefix: packagePrefixOf(dir ? join(root, dir) : root, isFile) }));
  if (!outer.includes("")) bases.push({ dir: "", prefix: packagePrefixOf(root, isFile) });
  return bases;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The answer of `qualifiedNames` for what resolves to nothing: one shared array (callers only read it). */
const NO_NAMES: readonly string[] = [];

/**
 * The dotted package a scan root belongs to: when the root holds an `__init__.py` it is a package
 * (and so is each parent holding one), so its modules are named from the outermost such folder —
 * `pysast scan django/` names `django/views/defaults.py` `django.views.defaults`, the name every
 * import in the project uses. Empty when the root is not a package.
 */
export function packagePrefixOf(root: string, isFile: (path: string) => boolean): string {
  const names: string[] = [];
  let dir = resolve(root);
  for (let depth = 0; depth < 32 && isFile(join(dir, "__init__.py")); depth++) {
    const name = basename(dir);
    const parent = dirname(dir);
    if (!IDENTIFIER.test(name) || parent === dir) break;
    names.unshift(name);
    dir = parent;
  }
  return names.join(".");
}

export class FileModel {
  readonly root: PyNode;
  readonly src: SourceText;
  readonly moduleScope: Scope;
  readonly imports: ImportEntry[] = [];
  readonly starImports: string[] = [];
  /** Every scope, keyed by its node. */
  readonly scopes = new Map<PyNode, Scope>();
  readonly isPackageInit: boolean;
  readonly moduleName: string;
  /** The folder scanned that holds the file (`scanBaseOf`), `""` when it is the root. */
  readonly scanBase: string;
  private readonly constCache = new Map<Binding, PyValue | null>();
  private readonly qnCache = new Map<PyNode, string | undefined>();
  private readonly qnsCache = new Map<PyNode, readonly string[]>();
  private readonly argsCache = new Map<PyNode, CallArgs>();
  /**
   * The last answers of `qualifiedNames` and `callArgs`, in front of their maps: the pattern rules ask
   * about one call after another, so most questions repeat the one just asked.
   */
  private lastQnsNode: PyNode | null = null;
  private lastQns: readonly string[] = NO_NAMES;
  private lastArgsCall: PyNode | null = null;
  private lastArgs: CallArgs | null = null;
  private readonly resolving = new Set<Binding>();
  private readonly scopeMemo = new Map<PyNode, Scope>();
  private readonly statementMemo = new Map<PyNode, PyNode>();

  constructor(
    readonly parsed: ParsedFile,
    /** Repo-relative path with forward slashes. */
    readonly path: string,
    /** Stops building (PhaseBudgetExceeded) when it passes. */
    deadline?: Deadline,
    /** Where module names start (`moduleBasesOf`); without it the file is named from the root. */
    naming?: readonly ModuleBase[],
  ) {
    this.root = parsed.root;
    this.src = parsed.src;
    this.isPackageInit = /(^|\/)__init__\.pyi?$/.test(path);
    this.moduleName = moduleNameIn(path, naming);
    this.scanBase = scanBaseOf(path, naming);
    this.moduleScope = new Scope(this.root, null);
    this.scopes.set(this.root, this.moduleScope);
    this.build(deadline);
  }

  /** The innermost scope whose body contains `node`. */
  scopeOf(node: PyNode): Scope {
    return node.parent ? this.scopeAt(node.parent, isSignaturePart(node)) : this.moduleScope;
  }

  /**
   * The innermost scope whose node is `start` or one of its ancestors. A walk longer than
   * SCOPE_MEMO_DEPTH remembers its answer for every node it passed, so deeply nested code
   * (`f(f(f(…)))` 100,000 deep) costs O(n) in total instead of O(n × depth); ordinary code never
   * walks that far and pays nothing for the memo. Correct because the model is built in pre-order:
   * every scope above a node exists before the node is asked about.
   */
  private scopeAt(start: PyNode, inSignature = false): Scope {
    let found: Scope = this.moduleScope;
    let steps = 0;
    let n: PyNode | null = start;
    // inside a parameter's annotation or default, or the return annotation: Python evaluates these where the def is,
    // so `def view(sorting: sorting.ListSorting)` reads the module `sorting`, not the parameter (`inSignature`: the
    // node asked about is itself such a part, or a def's or class's name)
    let signature = inSignature;
    let crossedSignature = inSignature;
    for (; n; n = n.parent, steps++) {
      if (!signature && n.parent && isSignaturePart(n)) signature = crossedSignature = true;
      if (steps >= SCOPE_MEMO_DEPTH) {
        const memo = this.scopeMemo.get(n);
        if (memo) {
          found = memo;
          break;
        }
      }
      if (SCOPE_TYPES.has(n.type)) {
        // the name of a def/class binds in the enclosing scope, decorators and defaults evaluate there
        if (signature && (n.type === "function_definition" || n.type === "lambda" || n.type === "class_definition")) {
          signature = false;
          continue;
        }
        const s = this.scopes.get(n);
        if (s) {
          found = s;
          break;
        }
      }
    }
    if (steps > SCOPE_MEMO_DEPTH && !crossedSignature) {
      // every SCOPE_MEMO_STRIDE-th node is enough: a later walk meets one within that many steps
      let m: PyNode | null = start;
      for (let i = 0; m && m !== n; m = m.parent, i++) if (i >= SCOPE_MEMO_DEPTH && i % SCOPE_MEMO_STRIDE === 0) this.scopeMemo.set(m, found);
    }
    return found;
  }

  /** Bindings visible for `name` at `node` (LEGB; class scopes are skipped from nested functions). */
  lookup(name: string, node: PyNode): Binding[] | undefined {
    let scope: Scope | null = this.scopeOf(node);
    const start = scope;
    while (scope) {
      if (scope.globals.has(name)) return this.moduleScope.bindings.get(name);
      if (!(scope.kind === "class" && scope !== start)) {
        const b = scope.bindings.get(name);
        if (b && b.length > 0 && !scope.nonlocals.has(name)) return b;
      }
      scope = scope.parent;
    }
    return undefined;
  }

  /**
   * Resolves a name, attribute chain or call to a dotted qualified name: `h.md5` with
   * `import hashlib as h` → `hashlib.md5`; `open` → `builtins.open`; a module-level def `f` →
   * `<module>.f`. Undefined when the head of the chain is a local value of unknown origin.
   */
  qualifiedName(node: PyNode | null, depth = 0): string | undefined {
    if (depth === 0 && node) {
      if (this.qnCache.has(node)) return this.qnCache.get(node);
      const q = this.qualifiedName(node, 1);
      this.qnCache.set(node, q);
      return q;
    }
    const n = unparen(node);
    if (!n || depth > 50) return undefined;
    if (n.type === "call") return this.qualifiedName(n.get("function"), depth + 1);
    if (n.type === "attribute") {
      const head = this.qualifiedName(n.get("object"), depth + 1);
      const attr = n.get("attribute")?.text;
      return head && attr ? `${head}.${attr}` : undefined;
    }
    if (n.type !== "identifier") return undefined;
    const name = n.text;
    return this.identifierName(name, this.lookup(name, n), depth);
  }

  /** `qualifiedName` of an identifier spelled `name` whose visible bindings are `bindings`. */
  private identifierName(name: string, bindings: Binding[] | undefined, depth: number): string | undefined {
    if (!bindings) {
      if (BUILTINS.has(name)) return `builtins.${name}`;
      if (this.starImports.length === 1) return `${this.starImports[0]}.${name}`;
      return undefined;
    }
    const first = bindings[0]!;
    if (first.kind === "import") return first.qualified;
    if (bindings.length === 1 && first.kind === "assign" && first.value && !this.resolving.has(first)) {
      // an alias such as `digest = hashlib.md5`
      const v = unparen(first.value);
      if (v && (v.type === "identifier" || v.type === "attribute")) {
        this.resolving.add(first);
        try {
          return this.qualifiedName(v, depth + 1);
        } finally {
          this.resolving.delete(first);
        }
      }
    }
    // `class Loader(Loader, abc.Loader)` in a compatibility branch extends the class under its own name:
    // still one class to the project index (see `indexBody`)
    if ((first.kind === "def" || first.kind === "class") && (bindings.length === 1 || selfExtensions(name, bindings))) {
      const prefix = this.definitionPrefix(first.scope);
      return prefix ? `${prefix}.${name}` : name;
    }
    return undefined;
  }

  /** All qualified names a name may stand for (e.g. `try: import cPickle as pickle except: import pickle`). */
  qualifiedNames(node: PyNode | null): readonly string[] {
    if (!node) return [];
    if (node === this.lastQnsNode) return this.lastQns;
    let names = this.qnsCache.get(node);
    if (!names) {
      names = this.computeQualifiedNames(node);
      this.qnsCache.set(node, names);
    }
    this.lastQnsNode = node;
    this.lastQns = names;
    return names;
  }

  /**
   * Every call of every file comes here (each pattern rule asks about its callee), mostly with chains
   * whose head is a local value (`self.items.append`): an unknown head gives one shared empty answer
   * for the whole chain, and a name is looked up once.
   */
  private computeQualifiedNames(node: PyNode): readonly string[] {
    const n = unparen(node);
    if (!n) return NO_NAMES;
    if (n.type === "call") return this.qualifiedNames(n.get("function"));
    if (n.type === "attribute") {
      const heads = this.qualifiedNames(n.get("object"));
      if (heads.length === 0) return NO_NAMES;
      const attr = n.get("attribute")?.text;
      return attr ? heads.map((h) => `${h}.${attr}`) : NO_NAMES;
    }
    if (n.type === "identifier") {
      const name = n.text;
      const bs = this.lookup(name, n);
      if (bs && bs.every((b) => b.kind === "import")) return [...new Set(bs.map((b) => b.qualified!))];
      // what `qualifiedName(n)` gives and remembers, from the bindings already in hand
      let q: string | undefined;
      if (this.qnCache.has(n)) q = this.qnCache.get(n);
      else {
        q = this.identifierName(name, bs, 1);
        this.qnCache.set(n, q);
      }
      return q ? [q] : NO_NAMES;
    }
    const q = this.qualifiedName(n);
    return q ? [q] : NO_NAMES;
  }

  private definitionPrefix(scope: Scope): string | undefined {
    if (scope.kind === "module") return this.moduleName || undefined;
    if (scope.kind === "class") {
      const cls = scope.node.get("name")?.text;
      const outer = this.definitionPrefix(scope.parent!);
      return cls ? (outer ? `${outer}.${cls}` : cls) : undefined;
    }
    return undefined;
  }

  /**
   * Folds an expression to a constant. `lookup` overrides name resolution (the taint engine passes
   * its flow-sensitive environment); by default a name is constant when it has exactly one plain
   * assignment in its scope and that value folds.
   */
  constant(node: PyNode | null, lookup?: NameLookup): PyValue | undefined {
    return foldConstant(node, lookup ?? this.defaultLookup);
  }

  readonly defaultLookup: NameLookup = (name, node) => {
    const bindings = this.lookup(name, node);
    if (!bindings || bindings.length !== 1) return undefined;
    const b = bindings[0]!;
    if (b.kind !== "assign" || !b.value) return undefined;
    if (b.scope.kind === "module" && this.globalWrites.has(name)) return undefined;
    const cached = this.constCache.get(b);
    if (cached !== undefined) return cached ?? undefined;
    if (this.resolving.has(b)) return undefined;
    this.resolving.add(b);
    try {
      const v = foldConstant(b.value, this.defaultLookup);
      this.constCache.set(b, v ?? null);
      return v;
    } finally {
      this.resolving.delete(b);
    }
  };

  /** Names assigned through `global` declarations inside functions. */
  private readonly globalWrites = new Set<string>();

  /** Splits a call's arguments into positional and keyword nodes. */
  callArgs(call: PyNode): CallArgs {
    // several rules ask about the same call: computed once per call of the file
    if (call === this.lastArgsCall) return this.lastArgs!;
    let args = this.argsCache.get(call);
    if (!args) this.argsCache.set(call, (args = this.computeCallArgs(call)));
    this.lastArgsCall = call;
    this.lastArgs = args;
    return args;
  }

  private computeCallArgs(call: PyNode): CallArgs {
    const positional: PyNode[] = [];
    const keywords = new Map<string, PyNode>();
    let hasSplat = false;
    const list = call.get("arguments");
    if (list?.type === "argument_list") {
      for (const a of list.namedChildren) {
        if (a.type === "keyword_argument") {
          const name = a.get("name")?.text;
          const value = a.get("value");
          if (name && value) keywords.set(name, value);
        } else if (a.type === "list_splat" || a.type === "dictionary_splat") hasSplat = true;
        else positional.push(a);
      }
    } else if (list?.type === "generator_expression") positional.push(list);
    return { positional, keywords, hasSplat };
  }

  /** The argument at a position or keyword, or undefined. */
  arg(call: PyNode, position: number, keyword?: string): PyNode | undefined {
    const a = this.callArgs(call);
    if (keyword && a.keywords.has(keyword)) return a.keywords.get(keyword);
    return position >= 0 ? a.positional[position] : undefined;
  }

  /**
   * The annotation a module-level type alias stands for (`Slug = Annotated[str, ...]`, `Code =
   * constr(pattern=...)`), followed through aliases of aliases; the node itself otherwise.
   */
  typeAlias(node: PyNode): PyNode {
    let n = unparen(node) ?? node;
    for (let i = 0; i < 4 && n.type === "identifier"; i++) {
      const bindings = this.lookup(n.text, n);
      const b = bindings?.length === 1 ? bindings[0]! : undefined;
      const v = b?.kind === "assign" && b.scope.kind === "module" ? unparen(b.value ?? null) : bindings ? null : this.typeStatement(n.text);
      if (!v || !["subscript", "generic_type", "call", "binary_operator", "union_type", "identifier"].includes(v.type)) break;
      n = v;
    }
    return n;
  }

  private typeStatements?: Map<string, PyNode>;

  /** The value of a module-level `type Name = ...` statement (Python 3.12), which binds no name as an assignment does. */
  private typeStatement(name: string): PyNode | null {
    if (!this.typeStatements) {
      this.typeStatements = new Map();
      for (const stmt of this.root.namedChildren) {
        if (stmt.type !== "type_alias_statement") continue;
        const id = typeExpression(stmt.get("left"));
        const value = typeExpression(stmt.get("right"));
        if (id?.type === "identifier" && value) this.typeStatements.set(id.text, value);
      }
    }
    return this.typeStatements.get(name) ?? null;
  }

  /** The enclosing function definition of a node, if any. */
  enclosingFunction(node: PyNode): PyNode | null {
    for (let n = node.parent; n; n = n.parent) if (n.type === "function_definition") return n;
    return null;
  }

  /** The statement that contains a node (the child of a block or module). */
  statementOf(node: PyNode): PyNode {
    let n = node;
    let steps = 0;
    let found: PyNode | undefined;
    // deep expressions (`f(f(f(…)))`) remember the answer along the way, as scopeAt does
    for (; n.parent && n.parent.type !== "block" && n.parent.type !== "module"; n = n.parent, steps++) {
      if (steps >= SCOPE_MEMO_DEPTH) {
        found = this.statementMemo.get(n);
        if (found) break;
      }
    }
    // a decorated definition starts at its first decorator
    found ??= n.parent?.type === "decorated_definition" ? n.parent : n;
    if (steps > SCOPE_MEMO_DEPTH) {
      let m: PyNode | null = node;
      for (let i = 0; m && m !== n; m = m.parent, i++) if (i >= SCOPE_MEMO_DEPTH && i % SCOPE_MEMO_STRIDE === 0) this.statementMemo.set(m, found);
    }
    return found;
  }

  // ---- building -------------------------------------------------------------------------

  private build(deadline: Deadline | undefined): void {
    let visited = 0;
    // a pre-order walk (as `walk()` in ast.ts) that never stacks a leaf: no leaf binds a name or opens a scope
    const stack: PyNode[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (deadline && (++visited & 4095) === 0 && deadline.passed()) throw new PhaseBudgetExceeded("model", deadline.ms);
      if (this.visit(node) === false) continue;
      const ch = node.children;
      for (let i = ch.length - 1; i >= 0; i--) {
        const c = ch[i]!;
        if (c.children.length > 0) stack.push(c);
      }
    }
  }

  /** Records what one (inner) node binds or opens; false when its children have nothing more to record. */
  private visit(node: PyNode): boolean | undefined {
    if (node !== this.root && SCOPE_TYPES.has(node.type)) {
      const parentScope = this.scopeOf(node);
      const scope = new Scope(node, parentScope);
      this.scopes.set(node, scope);
      if (node.type === "function_definition" || node.type === "class_definition") {
        const name = node.get("name");
        if (name) {
          parentScope.add({ name: name.text, kind: node.type === "class_definition" ? "class" : "def", node, scope: parentScope });
        }
      }
      if (node.type === "function_definition" || node.type === "lambda") this.bindParams(node, scope);
      return;
    }
    switch (node.type) {
      case "import_statement":
        this.bindImport(node);
        return false;
      case "import_from_statement":
        this.bindFromImport(node);
        return false;
      case "assignment":
        this.bindAssignment(node);
        return;
      case "augmented_assignment":
        this.bindTargets(node.get("left"), "augassign");
        return;
      case "for_statement":
      case "for_in_clause":
        this.bindTargets(node.get("left"), "loop");
        return;
      case "with_item": {
        const v = node.get("value");
        if (v?.type === "as_pattern") this.bindTargets(v.get("alias")?.namedChildren[0] ?? v.get("alias"), "with");
        return;
      }
      case "as_pattern": {
        if (node.parent?.type === "with_item") return;
        const alias = node.get("alias");
        this.bindTargets(alias?.namedChildren[0] ?? alias, "other");
        return;
      }
      case "except_clause": {
        const alias = node.get("alias") ?? node.namedChildren.find((c) => c.type === "as_pattern")?.get("alias");
        if (alias) this.bindTargets(alias.type === "as_pattern_target" ? alias.namedChildren[0] ?? alias : alias, "except");
        return;
      }
      case "named_expression": {
        const name = node.get("name");
        if (name) {
          let scope = this.scopeOf(node);
          while (scope.kind === "comprehension" && scope.parent) scope = scope.parent;
          scope.add({ name: name.text, kind: "assign", node: name, value: node.get("value") ?? undefined, scope });
        }
        return;
      }
      case "global_statement":
      case "nonlocal_statement": {
        const scope = this.scopeOf(node);
        for (const id of node.namedChildren) {
          if (id.type !== "identifier") continue;
          if (node.type === "global_statement") {
            scope.globals.add(id.text);
            this.globalWrites.add(id.text);
          } else scope.nonlocals.add(id.text);
        }
        return;
      }
      default:
        return;
    }
  }

  private bindParams(fn: PyNode, scope: Scope): void {
    const params = fn.get("parameters");
    if (!params) return;
    for (const p of params.namedChildren) {
      let id: PyNode | null = null;
      if (p.type === "identifier") id = p;
      else if (p.type === "default_parameter" || p.type === "typed_default_parameter") id = p.get("name");
      else if (p.type === "typed_parameter") id = p.namedChildren.find((c) => c.type === "identifier" || c.type.endsWith("splat_pattern")) ?? null;
      else if (p.type === "list_splat_pattern" || p.type === "dictionary_splat_pattern") id = p.namedChildren[0] ?? null;
      if (id && (id.type === "list_splat_pattern" || id.type === "dictionary_splat_pattern")) id = id.namedChildren[0] ?? null;
      if (id?.type === "identifier") scope.add({ name: id.text, kind: "param", node: id, scope });
    }
  }

  private bindAssignment(node: PyNode): void {
    const left = node.get("left");
    let value = node.get("right");
    // chained `a = b = value`: tree-sitter nests the inner assignment as the right side
    while (value?.type === "assignment") value = value.get("right");
    if (!left) return;
    if (!value && node.get("type")) {
      this.bindTargets(left, "annotation");
      return;
    }
    if (left.type === "identifier") {
      const scope = this.scopeOf(node);
      scope.add({ name: left.text, kind: "assign", node: left, value: value ?? undefined, scope });
    } else this.bindTargets(left, "unpack");
  }

  private bindTargets(target: PyNode | null, kind: BindingKind): void {
    if (!target) return;
    const scope = this.scopeOf(target);
    const stack = [target];
    while (stack.length) {
      const t = stack.pop()!;
      if (t.type === "identifier") scope.add({ name: t.text, kind, node: t, scope });
      else if (
        t.type === "pattern_list" ||
        t.type === "tuple_pattern" ||
        t.type === "list_pattern" ||
        t.type === "list_splat_pattern" ||
        t.type === "tuple" ||
        t.type === "list" ||
        t.type === "parenthesized_expression" ||
        t.type === "expression_list"
      ) {
        stack.push(...t.namedChildren);
      }
    }
  }

  private bindImport(node: PyNode): void {
    const scope = this.scopeOf(node);
    for (const item of node.all("name")) {
      if (item.type === "aliased_import") {
        const mod = item.get("name")?.text.replace(/\s+/g, "");
        const alias = item.get("alias")?.text;
        if (mod && alias) this.addImport(scope, alias, mod, mod, item);
      } else {
        const mod = item.text.replace(/\s+/g, "");
        const head = mod.split(".")[0]!;
        this.addImport(scope, head, head, mod, item);
      }
    }
  }

  private bindFromImport(node: PyNode): void {
    const scope = this.scopeOf(node);
    const modNode = node.get("module_name");
    if (!modNode) return;
    const base = this.resolveModule(modNode);
    if (node.children.some((c) => c.type === "wildcard_import")) {
      if (scope === this.moduleScope) this.starImports.push(base);
      return;
    }
    for (const item of node.all("name")) {
      if (item.type === "aliased_import") {
        const name = item.get("name")?.text.replace(/\s+/g, "");
        const alias = item.get("alias")?.text;
        if (name && alias) this.addImport(scope, alias, joinName(base, name), joinName(base, name), item);
      } else {
        const name = item.text.replace(/\s+/g, "");
        this.addImport(scope, name, joinName(base, name), joinName(base, name), item);
      }
    }
  }

  /** Resolves `from ..x import` module names against this file's package. */
  private resolveModule(modNode: PyNode): string {
    if (modNode.type !== "relative_import") return modNode.text.replace(/\s+/g, "");
    const prefix = modNode.children.find((c) => c.type === "import_prefix")?.text ?? ".";
    const rest = modNode.children.find((c) => c.type === "dotted_name")?.text ?? "";
    const parts = this.moduleName ? this.moduleName.split(".") : [];
    if (!this.isPackageInit) parts.pop();
    for (let i = 1; i < prefix.length; i++) parts.pop();
    return joinName(parts.join("."), rest);
  }

  private addImport(scope: Scope, local: string, qualified: string, imported: string, node: PyNode): void {
    scope.add({ name: local, kind: "import", node, qualified, scope });
    this.imports.push({ local, qualified, imported, node, scope });
  }
}

function joinName(a: string, b: string): string {
  return a && b ? `${a}.${b}` : a || b;
}

/** Whether every binding is a class statement, each after the first naming the class itself among its bases. */
function selfExtensions(name: string, bindings: readonly Binding[]): boolean {
  return bindings.every(
    (b, i) => b.kind === "class" && (i === 0 || (b.node?.get("superclasses")?.namedChildren ?? []).some((c) => c.type === "identifier" && c.text === name)),
  );
}
