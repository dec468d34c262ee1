/**
 * The project index built in phase 1: for every module, its functions, classes (bases, methods,
 * annotated fields), module-level imports, constants and instances, and the routes other files
 * register for its views. Compact by design: no trees are kept, only names and offsets.
 */
import { deserialize, serialize } from "node:v8";
import type { FileModel } from "../model/file-model.js";
import { isTestPath } from "../test-code.js";
import { genericParts, typeExpression, unparen, walk, type PyNode } from "../parse/ast.js";
import { asString, type PyValue } from "../model/values.js";
import type { ArgRef } from "./model-types.js";
import { paramNodes } from "./params.js";

/**
 * How many of `ProjectIndex.resolve`'s answers the index keeps between phase-2 shards (`trim`): beyond it they are
 * forgotten before the next shard, even when the modules they name are kept.
 */
export const RESOLVED_ANSWERS = 16_384;

/**
 * How many base classes (transitively) a class may have before the walk stops: real hierarchies are a
 * few levels deep (Django's generic views about ten); a generated chain thousands deep would otherwise
 * make every method lookup walk all of it.
 */
export const MAX_ANCESTORS = 32;

export interface FunctionRef {
  path: string;
  /** Offset of the `function_definition` (or assigned `lambda`) node (stable across re-parses of the same text). */
  start: number;
  qualified: string;
  /** Qualified name of the class for a method. */
  cls?: string;
  decorators: string[];
}

export interface ClassInfo {
  path: string;
  start: number;
  qualified: string;
  bases: string[];
  methods: Map<string, FunctionRef>;
  /** Class-level annotated fields, in order, with the annotation's qualified name or text. */
  fields: Map<string, string>;
  /** Constraint calls of fields (in the annotation, `Annotated[...]` metadata or the default), by field. */
  constraints?: Map<string, FieldConstraint[]>;
  /** Class attributes assigned a call (`year = forms.IntegerField()`), with the constraint calls of each. */
  declared?: Map<string, FieldConstraint[]>;
  /** Methods whose decorator names the fields they validate (`@field_validator("name")`), by field. */
  fieldValidators?: Map<string, { method: string; decorator: string }[]>;
  /** A constant class attribute `regex = "..."`: what a Werkzeug or Django route converter class matches. */
  regex?: string;
  /** Class attributes holding a constant collection (`ALLOWED = frozenset({"first", "last"})`): allow-lists read as `self.ALLOWED`. */
  collections?: Map<string, PyValue>;
  /**
   * A generic class deriving from a sequence of its own type parameter (`class IdFilter[T](Sequence[T])`,
   * `class Batch(list[T], Generic[T])`): `IdFilter[UUID]` holds values of the argument's type.
   */
  sequence?: true;
}

/** The standard generic collections whose elements are of their type argument (`Sequence[int]` holds ints). */
export const SEQUENCE_TYPES: ReadonlySet<string> = new Set([
  "typing.List",
  "typing.Set",
  "typing.FrozenSet",
  "typing.Tuple",
  "typing.Sequence",
  "typing.MutableSequence",
  "typing.AbstractSet",
  "typing.Collection",
  "typing.Iterable",
  "collections.abc.Sequence",
  "collections.abc.MutableSequence",
  "collections.abc.Set",
  "collections.abc.Collection",
  "collections.abc.Iterable",
  "builtins.list",
  "builtins.set",
  "builtins.tuple",
  "builtins.frozenset",
]);

/** A project class as `ProjectIndex.classHeads` describes it: enough to plan phase 2 and to warn about cut hierarchies. */
export interface ClassHead {
  qualified: string;
  path: string;
  /** A base is a project class (`baseClass` finds it). */
  projectBase: boolean;
  /** `ancestors` of the class. */
  ancestors: readonly string[];
  /** `hierarchyCut` of the class. */
  cut: boolean;
}

/** A call constraining a model field: `Field(pattern=...)`, `conint(gt=0)`, `AfterValidator(check)`. */
export interface FieldConstraint {
  /** The callee's qualified name. */
  call: string;
  /** A constant `pattern=` / `regex=` argument. */
  pattern?: string;
  /** The qualified name of a function passed as the first argument. */
  fn?: string;
  /** The first positional argument when it is a constant string (`RegexValidator(r"^[a-z]+$")`). */
  first?: string;
}

export interface ModuleInfo {
  path: string;
  name: string;
  functions: Map<string, FunctionRef>;
  classes: Map<string, ClassInfo>;
  imports: Map<string, string>;
  constants: Map<string, PyValue>;
  /** Module-level `name = SomeCall(...)`: the qualified callee. */
  instances: Map<string, string>;
  /**
   * Module-level type aliases `Alias = Annotated[T, meta(...), ...]`: the qualified `T` (or `""`), then
   * the qualified callee of each metadata call (`SessionDep = Annotated[Session, Depends(get_db)]`),
   * followed by a line break and its constant `pattern=`/`regex=` when it has one (or, for
   * `annotated_types.Predicate(check)`, by `PREDICATE_MARK` and the check function's qualified name), so
   * a FastAPI parameter annotated with an alias imported from another module is judged as its definition.
   * `Alias = Literal[...]` is recorded as its qualified head alone (`["typing.Literal"]`).
   */
  annotated?: Map<string, string[]>;
  /**
   * Route converters the module registers under a name (`app.url_map.converters["uuid_str"] = UUIDConverter`,
   * `app.url_map.converters.update(slug=SlugConverter)`, Django's `register_converter(YearConverter, "yyyy")`):
   * name → the class's qualified name. Looked for in module-level statements and in the bodies of
   * module-level functions (application factories).
   */
  converters?: Map<string, string>;
  /**
   * Modules whose names this one takes with `from m import *` at module level, in order (a package's
   * `__init__.py` re-exporting its submodules' classes: `from .types import *`).
   */
  stars?: string[];
}

/** One file's contribution to the index (see `ProjectIndex.describe`). */
export interface IndexEntry {
  mod: ModuleInfo;
  routes: [string, RegisteredRoute][];
  /** Qualified names of handlers that are not views (`handler404 = views.not_found`). */
  notViews: string[];
  /** Callees that application code (not tests) calls with the request it was given (`login(request, user)`), as written. */
  requestHelpers: string[];
  /** The first segment of every module the file imports, at any scope (`import cgi` inside a function too): see `ProjectIndex.roots`. */
  importRoots?: string[];
}

/** A route registered for a view somewhere in the project (`path()`, `add_url_rule`, `Route`, `add_route`, …). */
export interface RegisteredRoute {
  /** Index of the endpoint spec (in the knowledge's list) the registration belongs to. */
  spec: number;
  /** The file that registers the route. */
  from: string;
  /** The route template when it is a constant. */
  route?: string;
  /** The handler-method suffix the route serves (class views registered per suffix). */
  suffix?: string;
}

/** One way of registering a view, compiled from the models' endpoint specs (see `Knowledge.routeTable`). */
export interface RouteRegistration {
  spec: number;
  /** Files must import one of these for a method-name registration to count. */
  requiresImport?: readonly string[];
  /** Classes of the spec's application objects: a receiver made by another framework's class is not one. */
  appClasses?: readonly string[];
  view: ArgRef;
  route?: ArgRef;
  suffix?: ArgRef;
  /** See `RegistrationSpec.moreRoutes`, `table` and `entry`. */
  moreRoutes?: boolean;
  table?: ArgRef;
  entry?: { route: number; view: number };
}

/** The registration calls the phase-1 index looks for. */
export interface RouteTable {
  byMethod: Map<string, RouteRegistration[]>;
  byCall: Map<string, RouteRegistration[]>;
  /** Route decorators called on a function (`app.route("/")(index)`), by method and by qualified name; `route` is read from the inner call. */
  curriedMethods: Map<string, RouteRegistration[]>;
  curriedNames: Map<string, RouteRegistration[]>;
  /** Module-level names whose value is a handler that is not a view (`handler404`). */
  handlerNames: Set<string>;
  /** Parameter names that stand for the request in inferred views (`request`). */
  requestNames: Set<string>;
  /** Every spec's application classes (`flask.Flask`, `aiohttp.web.Application`). */
  appClasses: Set<string>;
}

export type Resolved =
  | { kind: "function"; fn: FunctionRef }
  | { kind: "class"; cls: ClassInfo }
  | { kind: "method"; cls: ClassInfo; fn: FunctionRef }
  | { kind: "constant"; value: PyValue }
  | { kind: "instance"; callee: string };

/** Modules, functions and classes of the whole project, for resolving calls across files. */
export class ProjectIndex {
  /**
   * Modules are numbered in the order they were added: `modules` (by path), `bySuffix` and `classes` name them by
   * number, and the name and path of each are at hand without the module itself (`modNames`, `modPaths`). A module
   * added as an object (`addEntry`) is held in `held`; one added from packed records (`addPacked`) stays serialised
   * in the shared buffer and is made an object when first read (see `mod`).
   */
  private readonly modules = new Map<string, number>();
  /**
   * Every dotted suffix of every module name → modules (so `app.helpers` finds `src/app/helpers.py`): a number for
   * the one module most suffixes name (no list per module: every thread holding the index holds this map).
   */
  private readonly bySuffix = new Map<string, number | number[]>();
  /** Every project class by qualified name: the module defining it (the last added wins). */
  private readonly classes = new Map<string, number>();
  private readonly modNames: string[] = [];
  private readonly modPaths: string[] = [];
  /** The distinct module names each module imports at module level (`RecordHead.imports`), held for every module. */
  private readonly modImports: (readonly string[])[] = [];
  private readonly held: (ModuleInfo | undefined)[] = [];
  /** For a module left serialised: its record's number in `packed`. */
  private readonly packedAt: number[] = [];
  private packed?: PackedRecords;
  /** Serialised modules made objects since the last `trim`, their bytes, and the names they share. */
  private live = new Map<number, ModuleInfo>();
  private liveBytes = 0;
  private liveNames = new Map<string, string>();
  /**
   * While set (a phase-2 shard runs), modules made objects are kept until the next `trim`, so that the shard always
   * sees the same objects; otherwise (planning, the fix verifier's dependents) they go as soon as they exceed it.
   */
  pinned = false;
  /** What `trim` lets go beyond, also when not pinned. */
  liveBudget = Number.POSITIVE_INFINITY;
  readonly routes = new Map<string, RegisteredRoute[]>();
  /** Handlers that are not views as the project names them (`handler500 = "site.views.errors.server_error"`), with the naming file. */
  private readonly handlerNames: [string, string][] = [];
  private handlerKeys: Set<string> | undefined;
  /** Templates by the name a view renders them with (the path after a `templates/` folder): where that folder is, and what the file outputs unescaped. */
  private readonly templates = new Map<string, { parent: string; unescaped: Set<string> }[]>();
  /** `requestHelpers` of every entry, with the file calling them; resolved on first use. */
  private readonly helperCalls: [string, string][] = [];
  private helperKeys: Set<string> | undefined;

  /**
   * One file's index entry, computed without touching the index: plain data (maps and strings) that
   * can cross a worker-thread boundary and be added later with `addEntry`. Routes are collected
   * with `table` (only in files that can hold flows).
   */
  static describe(model: FileModel, table: RouteTable | undefined, requestNames?: ReadonlySet<string>): IndexEntry {
    const mod: ModuleInfo = {
      path: model.path,
      name: model.moduleName,
      functions: new Map(),
      classes: new Map(),
      imports: new Map(),
      constants: new Map(),
      instances: new Map(),
    };
    for (const imp of model.imports) if (imp.scope === model.moduleScope) mod.imports.set(imp.local, imp.qualified);
    indexBody(model, model.root, mod, undefined);
    const converters = convertersOf(model);
    if (converters.size > 0) mod.converters = converters;
    if (model.starImports.length > 0) mod.stars = [...model.starImports];
    return {
      mod,
      routes: table ? routesOf(model, table) : [],
      notViews: table ? handlersOf(model, table) : [],
      // also in files without views: a service module's `def f(request, ...)` passing the request on
      requestHelpers: isTestPath(model.path) ? [] : table ? requestHelpersOf(model, table.requestNames) : requestHelpersOf(model, requestNames, true),
      importRoots: [...new Set(model.imports.flatMap((i) => [rootOf(i.qualified), rootOf(i.imported)]).filter((r) => r !== ""))].sort(),
    };
  }

  /** One copy of each name entries share (see `compactEntry`). */
  private readonly names = new Map<string, string>();
  /** Route converters registered by name anywhere in the project (`ModuleInfo.converters`), with the registering file. */
  private readonly converterClasses = new Map<string, [string, string]>();

  /** The project class registered as the route converter `name` (`<uuid_str:uuid>`), if any. */
  converterClass(name: string): ClassInfo | undefined {
    const found = this.converterClasses.get(name);
    if (!found) return undefined;
    const r = this.resolve(found[0], found[1]);
    return r?.kind === "class" ? r.cls : this.classInfo(found[0]);
  }

  /** Adds an entry made by `describe` (made compact in place, see `compactEntry`). */
  addEntry(entry: IndexEntry): void {
    compactEntry(entry, this.names);
    this.held.push(entry.mod);
    this.packedAt.push(-1);
    this.note(recordHead({ path: entry.mod.path, relevant: false, entry }));
  }

  /**
   * Adds record `k` of `packed` from its head (`unpackHead`, deserialised by the caller), leaving its module
   * serialised in the shared buffer: a thread that receives the project this way holds the routes, names, paths and
   * imported module names of every module but the functions, classes and imports only of those it reads, and those
   * only until `trim`.
   */
  addPacked(head: RecordHead, packed: PackedRecords, k: number): void {
    if (this.packed && this.packed !== packed) throw new Error("the project index takes its packed records from one buffer");
    this.packed = packed;
    const path = (head.modPath = this.one(head.modPath));
    for (const [, route] of head.routes) route.from = path;
    head.notViews = head.notViews.map((q) => this.one(q));
    head.requestHelpers = head.requestHelpers.map((q) => this.one(q));
    head.imports = head.imports.length > 0 ? head.imports.map((q) => this.one(q)) : EMPTY_LIST;
    this.held.push(undefined);
    this.packedAt.push(k);
    this.note(head);
  }

  private one(s: string): string {
    const have = this.names.get(s);
    if (have !== undefined) return have;
    this.names.set(s, s);
    return s;
  }

  /** What every entry adds besides its module: its number under its path, name and class names, its routes, roots and imports. */
  private note(head: RecordHead): void {
    if (this.resolved.size > 0) this.forgetResolved();
    const path = head.modPath;
    const n = this.modNames.length;
    this.modNames.push(head.name);
    this.modPaths.push(path);
    this.modImports.push(head.imports);
    for (const r of head.roots) this.rootNames.add(r);
    this.modules.set(path, n);
    for (const [q, bases] of head.classes) {
      this.classes.set(q, n);
      // the bases of the class `classInfo(q)` now answers (see `classBases`), without the module
      if (bases.length > 0) this.classBases.set(q, bases.map((b) => this.one(b)));
      else this.classBases.delete(q);
    }
    const parts = head.name.split(".").filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const suffix = parts.slice(i).join(".");
      // the whole name is the string `modNames` holds, not a copy
      const key = suffix === head.name ? head.name : suffix;
      const have = this.bySuffix.get(key);
      if (have === undefined) this.bySuffix.set(key, n);
      else if (typeof have === "number") this.bySuffix.set(key, [have, n]);
      else have.push(n);
    }
    for (const [name, q] of head.converters ?? []) this.converterClasses.set(name, [q, path]);
    for (const q of head.notViews) this.handlerNames.push([q, path]);
    if (head.notViews.length) this.handlerKeys = undefined;
    for (const q of head.requestHelpers) this.helperCalls.push([q, path]);
    if (head.requestHelpers.length) this.helperKeys = undefined;
    for (const [q, route] of head.routes) {
      const list = this.routes.get(q) ?? [];
      list.push(route);
      this.routes.set(q, list);
    }
  }

  /** Records the template files of the project (see src/template-files.ts). */
  setTemplates(facts: readonly { path: string; unescaped: readonly string[] }[]): void {
    this.templates.clear();
    for (const t of facts) {
      const parts = t.path.split("/");
      parts.forEach((part, i) => {
        if (part !== "templates" || i === parts.length - 1) return;
        const name = parts.slice(i + 1).join("/");
        const list = this.templates.get(name) ?? [];
        list.push({ parent: parts.slice(0, i).join("/"), unescaped: new Set(t.unescaped) });
        this.templates.set(name, list);
      });
    }
  }

  /**
   * The variables the template `name` outputs unescaped, rendered from the file at `fromPath`: the
   * file of that name under the `templates/` folder nearest to `fromPath` (beside it or beside one
   * of its parent folders), else the only one in the project; undefined when there is none or the
   * choice is ambiguous.
   */
  templateVariables(name: string, fromPath: string): ReadonlySet<string> | undefined {
    const list = this.templates.get(name.replace(/^\.?\//, ""));
    if (!list) return undefined;
    const dirs = fromPath.split("/").slice(0, -1);
    for (let n = dirs.length; n >= 0; n--) {
      const dir = dirs.slice(0, n).join("/");
      const here = list.filter((t) => t.parent === dir);
      if (here.length === 1) return here[0]!.unescaped;
    }
    return list.length === 1 ? list[0]!.unescaped : undefined;
  }

  /**
   * The bases of every project class that has any, as `classInfo(qualified)` lists them, noted as each entry is
   * added: `classHeads` walks these, so planning phase 2 and the hierarchy notices need not make every module an
   * object from its packed record (on the standard library that read every record once more on the scan thread).
   */
  private readonly classBases = new Map<string, readonly string[]>();

  /**
   * Every project class that has bases (those without have no project base and no ancestors), in `classes`' order:
   * its qualified name, its file, whether a base is a project class, and the names of its ancestors and whether they
   * were cut at MAX_ANCESTORS (as `ancestors` and `hierarchyCut` give them). Only the modules that bases resolve
   * into through imports are read.
   */
  *classHeads(): Iterable<ClassHead> {
    for (const [qualified, n] of this.classes) {
      const bases = this.classBases.get(qualified);
      if (!bases) continue;
      const path = this.modPaths[n]!;
      yield { qualified, path, projectBase: bases.some((b) => this.baseOf(b, path) !== undefined), ...this.walkBases(bases, path) };
    }
  }

  /** `baseClass`, as far as `walkBases` needs it (bases and file), without reading a module for a class the index lists. */
  private baseOf(qualified: string, fromPath: string): { bases: readonly string[]; path: string } | undefined {
    const n = this.classes.get(qualified);
    if (n !== undefined) return { bases: this.classBases.get(qualified) ?? EMPTY_LIST, path: this.modPaths[n]! };
    const res = this.resolve(qualified, fromPath);
    return res?.kind === "class" ? res.cls : undefined;
  }

  /** `hierarchy`'s names and cut for a class with `bases` in the file `path` (the same walk, on `baseOf`). */
  private walkBases(bases: readonly string[], path: string): { ancestors: string[]; cut: boolean } {
    const { names, cut } = walkAncestors({ bases, path }, (b, from) => this.baseOf(b, from));
    return { ancestors: names, cut };
  }

  module(path: string): ModuleInfo | undefined {
    const n = this.modules.get(path);
    return n === undefined ? undefined : this.mod(n);
  }

  classInfo(qualified: string): ClassInfo | undefined {
    const n = this.classes.get(qualified);
    return n === undefined ? undefined : classIn(this.mod(n), qualified);
  }

  /**
   * Module number `n` as an object: held, or made from its packed record and kept until `trim`. Within one shard
   * (no `trim` in between) a module and its classes and functions are therefore always the same objects.
   */
  private mod(n: number): ModuleInfo {
    const held = this.held[n] ?? this.live.get(n);
    if (held) return held;
    const { mod, bytes } = this.unpack(n, this.liveNames);
    // between shards nothing keeps index objects from one question to the next: the modules read go beyond the budget
    if (!this.pinned) this.trim(this.liveBudget);
    this.live.set(n, mod);
    this.liveBytes += bytes;
    return mod;
  }

  private unpack(n: number, names: Map<string, string>): { mod: ModuleInfo; bytes: number } {
    const k = this.packedAt[n]!;
    const entry = unpackRecord<{ entry: IndexEntry }>(this.packed!, k).entry;
    compactEntry(entry, names);
    // the path is the one the index holds (routes and every other table compare it)
    const path = this.modPaths[n]!;
    entry.mod.path = path;
    for (const f of entry.mod.functions.values()) f.path = path;
    for (const c of entry.mod.classes.values()) {
      c.path = path;
      for (const m of c.methods.values()) m.path = path;
    }
    return { mod: entry.mod, bytes: packedSize(this.packed!, k) };
  }

  /**
   * Lets go of the modules made from packed records once they take more than `budget` serialised bytes, with
   * every answer remembered about them (resolutions, hierarchies): call it between shards. True when it did.
   */
  trim(budget: number): boolean {
    if (this.liveBytes <= budget) {
      // the answers alone, when they are many: they name only modules still kept, so asked again they are the same
      // objects (a project of small modules never exceeds the budget, and the answers of every file analysed piled up:
      // about 350 bytes a file on each thread holding the index)
      if (this.resolvedCount > RESOLVED_ANSWERS) this.forgetResolved();
      return false;
    }
    this.live = new Map();
    this.liveBytes = 0;
    this.liveNames = new Map();
    this.forgetResolved();
    this.hierarchies.clear();
    return true;
  }

  private forgetResolved(): void {
    this.resolved = new Map();
    this.resolvedCount = 0;
  }

  /**
   * The qualified names of handlers that are not views: as written, and resolved as an import from
   * the naming file would be (a project whose packages sit in a subfolder of the scanned one names
   * them without that folder).
   */
  notViewKeys(): Set<string> {
    if (this.handlerKeys) return this.handlerKeys;
    const keys = new Set<string>();
    for (const [q, from] of this.handlerNames) {
      keys.add(q);
      const r = this.resolve(q, from);
      if (r?.kind === "function" && !r.fn.cls) keys.add(r.fn.qualified);
    }
    this.handlerKeys = keys;
    return keys;
  }

  /** The qualified names of module-level functions the project calls with the request (see `isRequestHelper`). */
  requestHelperKeys(): Set<string> {
    if (this.helperKeys) return this.helperKeys;
    const keys = new Set<string>();
    for (const [q, from] of this.helperCalls) {
      const r = this.resolve(q, from);
      if (r?.kind === "function" && !r.fn.cls) keys.add(r.fn.qualified);
    }
    this.helperKeys = keys;
    return keys;
  }

  /** Resolves a qualified name to a project definition, as seen from the file at `fromPath`. */
  resolve(qualified: string, fromPath: string, hops = 0): Resolved | undefined {
    if (hops > 0) return this.resolveFrom(qualified, fromPath, hops);
    // remembered per importing file and name: phase 2 asks the same few thousand questions tens of thousands of
    // times (twisted: 37,140 calls for 3,386 distinct ones), each splitting and joining the name's prefixes
    let byName = this.resolved.get(fromPath);
    if (!byName) this.resolved.set(fromPath, (byName = new Map()));
    const known = byName.get(qualified);
    if (known !== undefined) return known ?? undefined;
    const r = this.resolveFrom(qualified, fromPath, 0);
    byName.set(qualified, r ?? null);
    this.resolvedCount++;
    return r;
  }

  /** `resolve`'s answers (null: none) by importing file and qualified name; a new entry clears them, and so does `trim` when they are many. */
  private resolved = new Map<string, Map<string, Resolved | null>>();
  private resolvedCount = 0;

  private resolveFrom(qualified: string, fromPath: string, hops: number): Resolved | undefined {
    if (hops > 5) return undefined;
    const parts = qualified.split(".");
    for (let i = parts.length - 1; i >= 1; i--) {
      const mod = this.pickModule(parts.slice(0, i).join("."), fromPath);
      if (mod !== undefined) return this.member(this.mod(mod), parts.slice(i), hops);
    }
    // a bare name from a module at the scan root, whose module name is empty
    const own = this.modules.get(fromPath);
    if (own !== undefined && this.modNames[own] === "") return this.member(this.mod(own), parts, hops);
    return undefined;
  }

  /**
   * The library name a project module re-exports under `qualified` (`app.compat.system` when
   * `app/compat.py` does `from os import system`; also through `__init__.py` and `import x as y`),
   * following re-exports of re-exports; undefined when `qualified` is not one.
   */
  reexported(qualified: string, fromPath: string, hops = 0): string | undefined {
    if (hops > 5) return undefined;
    const parts = qualified.split(".");
    for (let i = parts.length - 1; i >= 1; i--) {
      const n = this.pickModule(parts.slice(0, i).join("."), fromPath);
      if (n === undefined) continue;
      const mod = this.mod(n);
      const imported = mod.imports.get(parts[i]!);
      if (!imported) return undefined;
      const target = [imported, ...parts.slice(i + 1)].join(".");
      return this.reexported(target, mod.path, hops + 1) ?? target;
    }
    return undefined;
  }

  /**
   * The definition of a type alias `Alias = Annotated[T, meta(...)]` another project module declares
   * (see `ModuleInfo.annotated`), followed through re-exports; undefined when `qualified` is not one.
   */
  annotatedAlias(qualified: string, fromPath: string, hops = 0): readonly string[] | undefined {
    if (hops > 5) return undefined;
    const dot = qualified.lastIndexOf(".");
    if (dot <= 0) return undefined;
    const n = this.pickModule(qualified.slice(0, dot), fromPath);
    if (n === undefined) return undefined;
    const mod = this.mod(n);
    const name = qualified.slice(dot + 1);
    const found = mod.annotated?.get(name);
    if (found) return found;
    const imported = mod.imports.get(name);
    return imported ? this.annotatedAlias(imported, mod.path, hops + 1) : undefined;
  }

  /** Finds a method in a class or its project base classes (depth-first, left to right, at most MAX_ANCESTORS deep). */
  findMethod(cls: ClassInfo, name: string): FunctionRef | undefined {
    const own = cls.methods.get(name);
    if (own) return own;
    for (const b of this.ancestorClasses(cls)) {
      const hit = b.methods.get(name);
      if (hit) return hit;
    }
    return undefined;
  }

  /** A base class given by qualified name, if it is in the project. */
  baseClass(qualified: string, fromPath: string): ClassInfo | undefined {
    const r = this.classInfo(qualified);
    if (r) return r;
    const res = this.resolve(qualified, fromPath);
    return res?.kind === "class" ? res.cls : undefined;
  }

  /**
   * All bases of a class, transitively, as qualified names (project bases resolved, library bases as
   * written), depth-first and left to right. Remembered per class and cut at MAX_ANCESTORS, so a class
   * chain thousands deep costs linear time instead of cubic; a cut class is listed in `truncated`.
   */
  ancestors(cls: ClassInfo): readonly string[] {
    return this.hierarchy(cls).names;
  }

  /** The project classes among `ancestors(cls)`, in the same order. */
  ancestorClasses(cls: ClassInfo): readonly ClassInfo[] {
    return this.hierarchy(cls).classes;
  }

  /** Whether the chain of bases of `cls` was cut at MAX_ANCESTORS (`ClassHead.cut` gives it without the class). */
  hierarchyCut(cls: ClassInfo): boolean {
    return this.hierarchy(cls).cut;
  }

  private readonly hierarchies = new Map<ClassInfo, { names: string[]; classes: ClassInfo[]; cut: boolean }>();

  private hierarchy(cls: ClassInfo): { names: string[]; classes: ClassInfo[]; cut: boolean } {
    const cached = this.hierarchies.get(cls);
    if (cached) return cached;
    const { names, found: classes, cut } = walkAncestors(cls, (b, from) => this.baseClass(b, from));
    const result = { names, classes, cut };
    this.hierarchies.set(cls, result);
    return result;
  }

  /** What a class and its project bases list for one key (`constraints`, `fieldValidators` of a field), own first. */
  inherited<T>(cls: ClassInfo, pick: (c: ClassInfo) => readonly T[] | undefined, seen = new Set<string>()): T[] {
    if (seen.has(cls.qualified)) return [];
    seen.add(cls.qualified);
    const out = [...(pick(cls) ?? [])];
    for (const b of cls.bases) {
      const base = this.baseClass(b, cls.path);
      if (base) out.push(...this.inherited(base, pick, seen));
    }
    return out;
  }

  /** Annotated field of a class or its bases. */
  /** A constant collection class attribute of the class or a project base (`ClassInfo.collections`). */
  classCollection(cls: ClassInfo, name: string): PyValue | undefined {
    const own = cls.collections?.get(name);
    if (own !== undefined) return own;
    for (const b of this.ancestorClasses(cls)) {
      const hit = b.collections?.get(name);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  field(cls: ClassInfo, name: string): string | undefined {
    const own = cls.fields.get(name);
    if (own !== undefined) return own;
    for (const b of this.ancestorClasses(cls)) {
      const hit = b.fields.get(name);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** Paths of the project modules that a file's module-level imports refer to. */
  importedPaths(path: string): string[] {
    const n = this.modules.get(path);
    if (n === undefined) return [];
    const out = new Set<string>();
    for (const q of this.modImports[n]!) {
      const parts = q.split(".");
      for (let i = parts.length; i >= 1; i--) {
        const m = this.pickModule(parts.slice(0, i).join("."), path);
        if (m !== undefined) {
          out.add(this.modPaths[m]!);
          break;
        }
      }
    }
    return [...out];
  }

  /** The qualified names every module imports at module level. */
  importedModules(): Set<string> {
    const out = new Set<string>();
    for (const n of this.modules.values()) for (const q of this.modImports[n]!) out.add(q);
    return out;
  }

  /**
   * The first segment of every module name the project's code can reach: what any file imports (at any scope;
   * module-level imports too for records without `importRoots`) and the project's own top-level packages.
   * A library none of these names is never called, so the sinks only its models define are never evaluated
   * (see src/taint/demand.ts).
   */
  roots(): ReadonlySet<string> {
    return this.rootNames;
  }

  /** Grows on every `addEntry` (so that what was derived from `roots()` can be checked for staleness). */
  get rootsVersion(): number {
    return this.rootNames.size;
  }

  private readonly rootNames = new Set<string>(["builtins"]);

  /** Every indexed file path. */
  paths(): string[] {
    return [...this.modules.keys()];
  }

  /**
   * The project functions code that picks them by name at run time may call (`CodePick`): in each module whose dotted
   * name is `mod` (or, unless `modExact`, begins with `mod` and goes on), also as the tail of a longer name (a module
   * named from a folder above its package), the functions called `name` (or whose names begin with it). At most
   * `limit`, in the order of their qualified names; empty for a name prefix that says nothing (`""`).
   */
  pickedFunctions(mod: string, modExact: boolean, name: string, nameExact: boolean, limit: number): FunctionRef[] {
    if (!nameExact && name === "") return [];
    const out: FunctionRef[] = [];
    const matches = (m: string): boolean => {
      if (modExact) return m === mod || m.endsWith(`.${mod}`);
      if (m.length > mod.length && m.startsWith(mod)) return true;
      const at = m.indexOf(`.${mod}`);
      return at >= 0 && m.length > at + 1 + mod.length;
    };
    const mods = this.modNames.map((m, n) => [m, n] as const).filter(([m]) => matches(m)).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [, n] of mods) {
      const fns = [...this.mod(n).functions].filter(([fname]) => (nameExact ? fname === name : fname.startsWith(name)));
      fns.sort((a, b) => (a[0] < b[0] ? -1 : 1));
      for (const [, ref] of fns) {
        out.push(ref);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  /** The number of the module `name` names, as seen from the file at `fromPath`. */
  private pickModule(name: string, fromPath: string): number | undefined {
    const list = this.bySuffix.get(name);
    if (typeof list === "number") return list;
    if (!list || list.length === 0) return undefined;
    const exact = list.filter((m) => this.modNames[m] === name);
    const pool = exact.length > 0 ? exact : list;
    if (pool.length === 1) return pool[0];
    // the candidate sharing the longest folder prefix with the importing file
    let best = pool[0]!;
    let bestScore = -1;
    for (const m of pool) {
      const score = commonPrefix(this.modPaths[m]!, fromPath);
      if (score > bestScore || (score === bestScore && this.modPaths[m]! < this.modPaths[best]!)) {
        best = m;
        bestScore = score;
      }
    }
    return best;
  }

  private member(mod: ModuleInfo, rest: string[], hops: number): Resolved | undefined {
    const [head, ...tail] = rest;
    if (!head) return undefined;
    const fn = mod.functions.get(head);
    if (fn && tail.length === 0) return { kind: "function", fn };
    const cls = mod.classes.get(head);
    if (cls) {
      if (tail.length === 0) return { kind: "class", cls };
      if (tail.length === 1) {
        const m = this.findMethod(cls, tail[0]!);
        if (m) return { kind: "method", cls, fn: m };
      }
      return undefined;
    }
    const imported = mod.imports.get(head);
    if (imported) return this.resolve([imported, ...tail].join("."), mod.path, hops + 1);
    if (tail.length === 0) {
      const value = mod.constants.get(head);
      if (value) return { kind: "constant", value };
      const callee = mod.instances.get(head);
      if (callee) return { kind: "instance", callee };
    }
    // a name the module took from another with `from m import *`, the last such import first (it wins in Python)
    for (let k = (mod.stars?.length ?? 0) - 1; k >= 0; k--) {
      const found = this.resolve([mod.stars![k]!, ...rest].join("."), mod.path, hops + 1);
      if (found) return found;
    }
    return undefined;
  }

}

/**
 * A map or list the index never adds to once an entry is in (empty maps are shared, and a write to one
 * is a bug: it would show up in every module).
 */
class EmptyMap<K, V> extends Map<K, V> {
  override set(): this {
    throw new Error("the project index's shared empty map cannot be written to");
  }
}
const EMPTY_MAP = new EmptyMap<never, never>();
const EMPTY_LIST = Object.freeze([]) as unknown as string[];

/**
 * Makes an entry compact in place before it joins the index, keeping its content: the same index is held
 * by the scan thread and by each phase-2 worker, which receive every entry as a structured-clone copy where
 * each string is a copy of its own. Strings many entries repeat (imported names, decorators, base classes,
 * annotations, the file path of every function) become one shared copy (`names`, the index's table), and
 * empty maps and lists one shared empty map or list.
 */
export function compactEntry(entry: IndexEntry, names: Map<string, string>): void {
  const one = (s: string): string => {
    const have = names.get(s);
    if (have !== undefined) return have;
    names.set(s, s);
    return s;
  };
  // names a module defines are its own: only the values (and an import's local name) are shared
  const map = <V>(m: Map<string, V>, value: (v: V) => V, key = (k: string) => k): Map<string, V> => {
    if (m.size === 0) return EMPTY_MAP;
    const out = new Map<string, V>();
    for (const [k, v] of m) out.set(key(k), value(v));
    return out;
  };
  const list = (l: string[]): string[] => (l.length === 0 ? EMPTY_LIST : l.map(one));
  const { mod } = entry;
  const path = one(mod.path);
  mod.path = path;
  const fn = (ref: FunctionRef, cls?: string): FunctionRef => {
    ref.path = path;
    if (cls !== undefined) ref.cls = cls;
    ref.decorators = list(ref.decorators);
    return ref;
  };
  mod.functions = map(mod.functions, (f) => fn(f));
  mod.classes = map(mod.classes, (c) => {
    c.path = path;
    c.bases = list(c.bases);
    c.methods = map(c.methods, (m) => fn(m, c.qualified));
    c.fields = map(c.fields, one);
    return c;
  });
  mod.imports = map(mod.imports, one, one);
  if (mod.constants.size === 0) mod.constants = EMPTY_MAP;
  mod.instances = map(mod.instances, one);
  if (mod.converters) mod.converters = map(mod.converters, one, one);
  if (mod.annotated) mod.annotated = map(mod.annotated, list);
  if (mod.stars) mod.stars = list(mod.stars);
  for (const [, route] of entry.routes) route.from = path;
  entry.notViews = list(entry.notViews);
  entry.requestHelpers = list(entry.requestHelpers);
  if (entry.importRoots) entry.importRoots = list(entry.importRoots);
}

/**
 * Index records serialised in shared memory: what the scan thread sends its phase-2 workers, each of which reads the
 * same bytes (see `ProjectIndex.addPacked`) instead of holding its own copy of every record. The bytes are in chunks
 * (`RecordPacker` writes each record as it arrives, in whatever order); record `k` is in chunk `at[3k]`, from byte
 * `at[3k + 1]` to byte `at[3k + 2]`. Beside each record, its head (`RecordHead`, serialised the same way in
 * `headChunks` and `headAt`): what a thread adding the record to an index, or asking what it imports, reads instead
 * of the whole record.
 */
export interface PackedRecords {
  chunks: Uint8Array[];
  at: Float64Array;
  headChunks: Uint8Array[];
  headAt: Float64Array;
}

/**
 * What `packRecords` takes for one record: the record as an object, or serialised (`bytes`) with its head serialised
 * too when the caller has it (a phase-1 worker makes both, see `FileResult.packedTaint`); a record without its head is
 * deserialised once to make it (a record from the analysis cache).
 */
export type PackInput = { path: string; relevant: boolean; entry: IndexEntry } | { bytes: Uint8Array; head?: Uint8Array };

/**
 * What every thread needs of a record for its project index without the module's functions and classes as objects
 * (`ProjectIndex.addPacked`), and what the fix verifier asks of every record (its roots and imports): the path and
 * whether the file is analysed, the module's name and path, its classes' qualified names and bases, its route
 * converters, routes, handlers that are not views and request helpers, its roots (`entryRoots`), the distinct
 * module names it imports at module level, in the order of `mod.imports`, and the names it defines.
 */
export interface RecordHead {
  path: string;
  relevant: boolean;
  name: string;
  modPath: string;
  /** Each class of the module in `mod.classes`' order: its qualified name and its bases as `classInfo` lists them. */
  classes: [string, readonly string[]][];
  converters?: [string, string][];
  routes: [string, RegisteredRoute][];
  notViews: string[];
  requestHelpers: string[];
  roots: string[];
  imports: string[];
  /** The names of the module's functions and classes and of its classes' methods, as the module's maps key them. */
  defines: string[];
}

/** The head of an index record (see `RecordHead`). */
export function recordHead(record: { path: string; relevant: boolean; entry: IndexEntry }): RecordHead {
  const { entry } = record;
  const { mod } = entry;
  const classes: [string, readonly string[]][] = [];
  for (const c of mod.classes.values()) classes.push([c.qualified, classIn(mod, c.qualified)!.bases]);
  return {
    path: record.path,
    relevant: record.relevant,
    name: mod.name,
    modPath: mod.path,
    classes,
    ...(mod.converters ? { converters: [...mod.converters] } : {}),
    routes: entry.routes,
    notViews: entry.notViews,
    requestHelpers: entry.requestHelpers,
    roots: entryRoots(entry),
    imports: [...new Set(mod.imports.values())],
    defines: [...mod.functions.keys(), ...[...mod.classes].flatMap(([name, cls]) => [name, ...cls.methods.keys()])],
  };
}

/** The class `qualified` of a module that defines it (keyed by its name in the module). */
function classIn(mod: ModuleInfo, qualified: string): ClassInfo | undefined {
  const local = mod.name === "" ? qualified : qualified.slice(mod.name.length + 1);
  const cls = mod.classes.get(local);
  if (cls?.qualified === qualified) return cls;
  for (const c of mod.classes.values()) if (c.qualified === qualified) return c;
  return undefined;
}

/** Bytes of shared memory `RecordPacker` allocates at a time (a longer record gets a chunk of its own). */
const PACK_CHUNK = 4 << 20;

/** Serialised pieces written one after another into chunks of shared memory, as they come. */
class ChunkWriter {
  readonly chunks: Uint8Array[] = [];
  private used = 0;
  /** Chunk, start and end of every piece added, in the order added. */
  readonly places: number[] = [];

  constructor(private readonly chunkBytes: number) {}

  add(bytes: Uint8Array): void {
    let last = this.chunks[this.chunks.length - 1];
    if (!last || this.used + bytes.length > last.length) {
      last = new Uint8Array(new SharedArrayBuffer(Math.max(this.chunkBytes, bytes.length, 1)));
      this.chunks.push(last);
      this.used = 0;
    }
    last.set(bytes, this.used);
    this.places.push(this.chunks.length - 1, this.used, this.used + bytes.length);
    this.used += bytes.length;
  }

  /** Where the pieces numbered `order` are, as pieces 0, 1, … */
  at(order: readonly number[]): Float64Array {
    const at = new Float64Array(new SharedArrayBuffer(24 * order.length));
    order.forEach((n, k) => {
      at[3 * k] = this.places[3 * n]!;
      at[3 * k + 1] = this.places[3 * n + 1]!;
      at[3 * k + 2] = this.places[3 * n + 2]!;
    });
    return at;
  }
}

/**
 * Writes serialised records and their heads into chunks of shared memory as they come (phase 1's results arrive in no
 * fixed order), so that no thread holds every record as an object or a buffer of its own; `pack` then numbers them
 * in the order the index adds them. Pages of a chunk not written yet are not committed, so the memory held is the
 * records' size.
 */
export class RecordPacker {
  private readonly records: ChunkWriter;
  private readonly heads: ChunkWriter;
  private count = 0;

  constructor(chunkBytes = PACK_CHUNK, headChunkBytes = PACK_CHUNK / 4) {
    this.records = new ChunkWriter(chunkBytes);
    this.heads = new ChunkWriter(headChunkBytes);
  }

  /** Copies one serialised record and its serialised head in; its number for `pack`. */
  add(bytes: Uint8Array, head: Uint8Array): number {
    this.records.add(bytes);
    this.heads.add(head);
    return this.count++;
  }

  /** The records numbered `order` (numbers `add` returned), as records 0, 1, … of the result. */
  pack(order: readonly number[]): PackedRecords {
    return { chunks: [...this.records.chunks], at: this.records.at(order), headChunks: [...this.heads.chunks], headAt: this.heads.at(order) };
  }
}

/** A record's serialised form and its head's (see `PackInput`): a record without its head is deserialised once to make it. */
export function packable(r: PackInput): [Uint8Array, Uint8Array] {
  if ("bytes" in r) return [r.bytes, r.head ?? serialize(recordHead(deserialize(r.bytes) as { path: string; relevant: boolean; entry: IndexEntry }))];
  return [serialize(r), serialize(recordHead(r))];
}

/** Serialises `records` and their heads into shared memory (see `PackedRecords`). */
export function packRecords(records: readonly PackInput[]): PackedRecords {
  const parts = records.map(packable);
  const packer = new RecordPacker(
    parts.reduce((n, [p]) => n + p.length, 0),
    parts.reduce((n, [, h]) => n + h.length, 0),
  );
  return packer.pack(parts.map(([p, h]) => packer.add(p, h)));
}

/** Piece `k` of chunks written by a `ChunkWriter` (`at` as its `at` gave it), deserialised (a new copy each time). */
function unpackPiece(chunks: readonly Uint8Array[], at: Float64Array, k: number): unknown {
  return deserialize(chunks[at[3 * k]!]!.subarray(at[3 * k + 1]!, at[3 * k + 2]!));
}

/** Record `k` of `packed`, deserialised (a new copy each time). */
export function unpackRecord<T>(packed: PackedRecords, k: number): T {
  return unpackPiece(packed.chunks, packed.at, k) as T;
}

/** The serialised size of record `k` of `packed`. */
export function packedSize(packed: PackedRecords, k: number): number {
  return packed.at[3 * k + 2]! - packed.at[3 * k + 1]!;
}

/** The head of record `k` of `packed` (`RecordHead`), deserialised (a new copy each time). */
export function unpackHead(packed: PackedRecords, k: number): RecordHead {
  return unpackPiece(packed.headChunks, packed.headAt, k) as RecordHead;
}

/** How many records `packed` holds. */
export function packedCount(packed: PackedRecords): number {
  return packed.at.length / 3;
}

/** What one entry adds to `ProjectIndex.roots`: its module's first segment and those of the modules it imports. */
export function entryRoots(entry: IndexEntry): string[] {
  const out = new Set<string>();
  for (const q of [entry.mod.name, ...entry.mod.imports.values(), ...(entry.importRoots ?? [])]) {
    const r = rootOf(q);
    if (r !== "") out.add(r);
  }
  return [...out];
}

/** The first segment of a dotted name (`""` for a relative name that stayed relative). */
function rootOf(q: string): string {
  const dot = q.indexOf(".");
  return dot < 0 ? q : q.slice(0, dot);
}

function indexBody(model: FileModel, body: PyNode, mod: ModuleInfo, cls: ClassInfo | undefined): void {
  const prefix = cls ? cls.qualified : model.moduleName;
  for (const raw of body.namedChildren) {
    let stmt = raw;
    let decorators: string[] = [];
    if (stmt.type === "decorated_definition") {
      decorators = stmt.children.filter((c) => c.type === "decorator").map((d) => decoratorName(model, d));
      stmt = stmt.get("definition") ?? stmt;
    }
    if (stmt.type === "function_definition") {
      const name = stmt.get("name")?.text;
      if (!name) continue;
      const ref: FunctionRef = { path: model.path, start: stmt.start, qualified: join(prefix, name), decorators };
      if (cls) {
        ref.cls = cls.qualified;
        // `@name.setter` / `@name.deleter` redefine the name in Python, but reading the attribute still runs the getter
        if (cls.methods.has(name) && decorators.some((d) => d.endsWith(`${name}.setter`) || d.endsWith(`${name}.deleter`))) continue;
        cls.methods.set(name, ref);
        if (raw.type === "decorated_definition") noteFieldValidators(model, raw, name, cls);
      } else mod.functions.set(name, ref);
    } else if (stmt.type === "class_definition") {
      const name = stmt.get("name")?.text;
      if (!name || cls) continue;
      const superclasses = stmt.get("superclasses")?.namedChildren ?? [];
      const info: ClassInfo = {
        path: model.path,
        start: stmt.start,
        qualified: join(prefix, name),
        bases: superclasses
          .filter((b) => b.type !== "keyword_argument")
          .map((b) => model.qualifiedName(b) ?? b.text),
        methods: new Map(),
        fields: new Map(),
      };
      // `class Loader(Loader, abc.Loader)`: a class redefined as an extension of itself (a compatibility
      // branch) keeps the methods, fields and bases it had; its own body overrides them
      const earlier = mod.classes.get(name);
      const itself = (b: string) => b === info.qualified || b === name;
      if (earlier && info.bases.some(itself)) {
        info.bases = info.bases.flatMap((b) => (itself(b) ? earlier.bases : [b]));
        for (const [k, v] of earlier.methods) info.methods.set(k, v);
        for (const [k, v] of earlier.fields) info.fields.set(k, v);
      }
      if (superclasses.some((b) => b.type === "subscript" && SEQUENCE_TYPES.has(model.qualifiedName(b.get("value")) ?? ""))) info.sequence = true;
      mod.classes.set(name, info);
      const block = stmt.get("body");
      if (block) indexBody(model, block, mod, info);
      // a converter's `regex` says what its value is only when `to_python` hands the matched text on as it is
      if (block && info.regex !== undefined && !passesTextOn(block, "to_python")) delete info.regex;
    } else if (stmt.type === "type_alias_statement" && !cls) {
      // `type Slug = Annotated[str, StringConstraints(pattern=...)]` (Python 3.12) declares an alias as an assignment does
      const left = typeExpression(stmt.get("left"));
      const right = typeExpression(stmt.get("right"));
      const entry = left?.type === "identifier" && right ? aliasEntry(model, right) : undefined;
      if (entry) (mod.annotated ??= new Map()).set(left!.text, entry);
    } else if (stmt.type === "expression_statement") {
      const a = stmt.namedChildren[0];
      if (a?.type !== "assignment") continue;
      const left = a.get("left");
      if (left?.type !== "identifier") continue;
      const annotation = a.get("type");
      const right = unparen(a.get("right"));
      // `name = lambda ...:` is a function like a def (a method in a class body)
      if (a.get("right")?.type === "lambda") {
        const ref: FunctionRef = { path: model.path, start: a.get("right")!.start, qualified: join(prefix, left.text), decorators: [] };
        if (cls) {
          ref.cls = cls.qualified;
          cls.methods.set(left.text, ref);
        } else mod.functions.set(left.text, ref);
        continue;
      }
      if (cls) {
        if (left.text === "regex" && !annotation) {
          const text = asString(model.constant(right ?? null));
          if (text !== undefined) cls.regex = text;
          continue;
        }
        const collection = constantCollection(model, right);
        if (collection) {
          (cls.collections ??= new Map()).set(left.text, collection);
          continue;
        }
        if (annotation) {
          const ann = model.typeAlias(unparen(annotation.namedChildren[0] ?? annotation)!);
          cls.fields.set(left.text, annotationName(model, ann));
          const constraints = fieldConstraints(model, ann, right);
          if (constraints.length > 0) (cls.constraints ??= new Map()).set(left.text, constraints);
        } else if (right?.type === "call") {
          const constraints = fieldConstraints(model, null, right);
          if (constraints.length > 0) (cls.declared ??= new Map()).set(left.text, constraints);
        }
        continue;
      }
      if (!right) continue;
      const entry = aliasEntry(model, right);
      if (entry) {
        (mod.annotated ??= new Map()).set(left.text, entry);
        continue;
      }
      if (right.type === "call") {
        const q = model.qualifiedName(right.get("function"));
        if (q) mod.instances.set(left.text, q);
        continue;
      }
      const value = model.constant(right);
      if (value) mod.constants.set(left.text, value);
    } else if (stmt.type === "if_statement" || stmt.type === "try_statement") {
      // conditional definitions (`try: from x import y except ImportError: def y(): ...`)
      for (const b of stmt.namedChildren) {
        const block = b.type === "block" ? b : b.namedChildren.find((c) => c.type === "block");
        if (block) indexBody(model, block, mod, cls);
      }
    }
  }
}

const ANNOTATED = new Set(["typing.Annotated", "typing_extensions.Annotated"]);

/**
 * What `ModuleRecord.annotated` keeps of an alias's value: for `Annotated[T, meta(...), ...]` the qualified `T` (or
 * `""`) and the qualified callee of each metadata call, with its `pattern=`/`regex=` constant after a line break;
 * for `Literal[...]` the one name `typing.Literal` (a parameter annotated with it is one of those constants).
 */
function aliasEntry(model: FileModel, right: PyNode): string[] | undefined {
  const generic = right.type === "subscript" || right.type === "generic_type" ? genericParts(right) : undefined;
  if (!generic) return undefined;
  const head = model.qualifiedName(generic.head) ?? "";
  if (LITERAL.has(head)) return [head];
  if (!ANNOTATED.has(head)) return undefined;
  const [type, ...meta] = generic.args;
  const calls = meta
    .map((m) => unparen(m))
    .filter((m): m is PyNode => m?.type === "call")
    .map((m) => {
      const callee = model.qualifiedName(m.get("function")) ?? "";
      // `Predicate(check)`: the check function, judged where the alias is used (its summary says what it validates)
      const check = PREDICATES.has(callee) ? model.qualifiedName(model.arg(m, 0, "func") ?? null) : undefined;
      if (check) return `${callee}${PREDICATE_MARK}${check}`;
      const pattern = asString(model.constant(model.arg(m, -1, "pattern") ?? model.arg(m, -1, "regex") ?? null));
      return callee + (pattern !== undefined ? `\n${pattern}` : "");
    });
  return [type ? model.qualifiedName(type) ?? "" : "", ...calls];
}

/** Separates a metadata call's callee from the qualified name of the check function it is given (`ModuleRecord.annotated`). */
export const PREDICATE_MARK = "\u0001";

/** `annotated_types.Predicate(check)`: a value is accepted only where `check(value)` is true. */
export const PREDICATES: ReadonlySet<string> = new Set(["annotated_types.Predicate"]);
const LITERAL = new Set(["typing.Literal", "typing_extensions.Literal"]);

/**
 * Whether the class body's method `name` is absent or returns only its first parameter after `self`
 * unchanged (`def to_python(self, value): return value`).
 */
function passesTextOn(block: PyNode, name: string): boolean {
  for (const raw of block.namedChildren) {
    const def = raw.type === "decorated_definition" ? raw.get("definition") ?? raw : raw;
    if (def.type !== "function_definition" || def.get("name")?.text !== name) continue;
    const { params } = paramNodes(def);
    const text = params[1]?.name;
    let identity = text !== undefined;
    walk(def.get("body") ?? def, (n) => {
      if (n.type === "function_definition" || n.type === "lambda") return false;
      if (n.type === "return_statement" && unparen(n.namedChildren[0] ?? null)?.text !== text) identity = false;
      return undefined;
    });
    return identity;
  }
  return true;
}

/** A literal collection of constants, also wrapped in `frozenset(...)`, `set(...)` or `tuple(...)`. */
function constantCollection(model: FileModel, node: PyNode | null): PyValue | undefined {
  let n = unparen(node);
  if (n?.type === "call" && ["frozenset", "set", "tuple"].includes(n.get("function")?.text ?? "")) {
    const args = model.callArgs(n);
    if (args.positional.length !== 1 || args.keywords.size > 0) return undefined;
    n = unparen(args.positional[0]!);
  }
  if (!n || !["list", "tuple", "set", "dictionary"].includes(n.type)) return undefined;
  const v = model.constant(n);
  return v && (v.t === "list" || v.t === "tuple" || v.t === "set" || v.t === "dict") ? v : undefined;
}

/** Django's function registering a path converter class under a name. */
const REGISTER_CONVERTER = new Set(["django.urls.register_converter", "django.urls.converters.register_converter"]);

/** See `ModuleInfo.converters`. */
function convertersOf(model: FileModel): Map<string, string> {
  const out = new Map<string, string>();
  const classOf = (n: PyNode | null | undefined): string | undefined => {
    const v = unparen(n ?? null);
    return v && (v.type === "identifier" || v.type === "attribute") ? model.qualifiedName(v) : undefined;
  };
  // `<app>.url_map.converters` or any `<x>.converters` mapping
  const isConverterMap = (n: PyNode | null | undefined): boolean => {
    const v = unparen(n ?? null);
    return v?.type === "attribute" && v.get("attribute")?.text === "converters";
  };
  const visit = (stmt: PyNode): void => {
    const e = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (e?.type === "assignment") {
      const left = unparen(e.get("left"));
      if (left?.type === "subscript" && isConverterMap(left.get("value"))) {
        const name = asString(model.constant(left.get("subscript") ?? null));
        const q = classOf(e.get("right"));
        if (name !== undefined && q) out.set(name, q);
      }
    } else if (e?.type === "call") {
      const fn = unparen(e.get("function"));
      if (fn?.type === "attribute" && fn.get("attribute")?.text === "update" && isConverterMap(fn.get("object"))) {
        const args = model.callArgs(e);
        for (const [name, value] of args.keywords) {
          const q = classOf(value);
          if (q) out.set(name, q);
        }
        const d = unparen(args.positional[0] ?? null);
        if (d?.type === "dictionary") {
          for (const pair of d.namedChildren) {
            if (pair.type !== "pair") continue;
            const name = asString(model.constant(pair.get("key")));
            const q = classOf(pair.get("value"));
            if (name !== undefined && q) out.set(name, q);
          }
        }
      } else if (REGISTER_CONVERTER.has(model.qualifiedName(fn) ?? "")) {
        const q = classOf(model.arg(e, 0, "converter"));
        const name = asString(model.constant(model.arg(e, 1, "type_name") ?? null));
        if (name !== undefined && q) out.set(name, q);
      }
    }
  };
  for (const raw of model.root.namedChildren) {
    const stmt = raw.type === "decorated_definition" ? raw.get("definition") ?? raw : raw;
    if (stmt.type === "function_definition") {
      for (const inner of stmt.get("body")?.namedChildren ?? []) visit(inner);
    } else visit(stmt);
  }
  return out;
}

/**
 * The calls constraining a field: the annotation itself (`constr(...)`), `Annotated[...]` metadata,
 * the default or declaration (`Field(...)`, `forms.CharField(...)`) and the calls in its
 * `validators=[...]` list (`RegexValidator(...)`) or marshmallow's `validate=`.
 */
export function fieldConstraints(model: FileModel, annotation: PyNode | null, value: PyNode | null): FieldConstraint[] {
  const calls: PyNode[] = [];
  const add = (n: PyNode | null | undefined) => {
    const c = unparen(n ?? null);
    if (c?.type !== "call" || calls.length > 16) return;
    calls.push(c);
    // Django's and DRF's `validators=[...]`, marshmallow's `validate=` (one validator or a list)
    for (const kw of ["validators", "validate"]) {
      const list = unparen(model.arg(c, -1, kw) ?? null);
      if (list?.type === "list" || list?.type === "tuple") list.namedChildren.forEach(add);
      else if (kw === "validate") add(list);
    }
  };
  add(annotation);
  add(value);
  const generic = annotation ? genericParts(annotation) : undefined;
  if (generic && ANNOTATED.has(model.qualifiedName(generic.head) ?? "")) generic.args.slice(1).forEach(add);
  const out: FieldConstraint[] = [];
  for (const c of calls) {
    const call = model.qualifiedName(c.get("function"));
    if (!call) continue;
    const pattern = asString(model.constant(model.arg(c, -1, "pattern") ?? model.arg(c, -1, "regex") ?? null));
    const first = unparen(model.arg(c, 0) ?? null);
    const fn = first && (first.type === "identifier" || first.type === "attribute") ? model.qualifiedName(first) : undefined;
    const text = first ? asString(model.constant(first)) : undefined;
    out.push({ call, ...(pattern !== undefined ? { pattern } : {}), ...(fn ? { fn } : {}), ...(text !== undefined ? { first: text } : {}) });
  }
  return out;
}

/** `@field_validator("name", "email")` on a method: the method validates those fields. */
function noteFieldValidators(model: FileModel, decorated: PyNode, method: string, cls: ClassInfo): void {
  for (const d of decorated.children) {
    if (d.type !== "decorator") continue;
    const call = unparen(d.namedChildren[0] ?? null);
    if (call?.type !== "call") continue;
    const decorator = model.qualifiedName(call.get("function"));
    if (!decorator) continue;
    for (const a of call.get("arguments")?.namedChildren ?? []) {
      const field = asString(model.constant(a));
      if (field === undefined) continue;
      const list = (cls.fieldValidators ??= new Map()).get(field) ?? [];
      list.push({ method, decorator });
      cls.fieldValidators.set(field, list);
    }
  }
}

/** An annotation with qualified names, also inside generics (`builtins.list[app.models.Item]`, `X | None` as `typing.Union[...]`); constants as written. */
function annotationName(model: FileModel, node: PyNode, depth = 0): string {
  const inner = (n: PyNode) => annotationName(model, typeExpression(n) ?? n, depth + 1);
  if (depth < 4) {
    const generic = genericParts(node);
    if (generic) {
      const head = model.qualifiedName(generic.head) ?? generic.head?.text ?? "";
      return `${head}[${generic.args.map(inner).join(", ")}]`;
    }
    if (node.type === "binary_operator" && node.get("operator")?.text === "|") {
      return `typing.Union[${[node.get("left"), node.get("right")].filter((x): x is PyNode => x !== null).map(inner).join(", ")}]`;
    }
  }
  return model.qualifiedName(node) ?? node.text;
}

function importsAny(model: FileModel, prefixes: readonly string[] | undefined): boolean {
  if (!prefixes) return true;
  return model.imports.some((i) => prefixes.some((p) => i.qualified === p || i.qualified.startsWith(`${p}.`) || i.imported === p || i.imported.startsWith(`${p}.`)));
}

function argNode(model: FileModel, call: PyNode, ref: ArgRef | undefined): PyNode | undefined {
  return ref ? model.arg(call, ref.pos ?? -1, ref.kw) : undefined;
}

/** Every view registration in a file, wherever the call is (module level, `create_app()`, `if` blocks). */
function routesOf(model: FileModel, table: RouteTable): [string, RegisteredRoute][] {
  const out: [string, RegisteredRoute][] = [];
  const push = (q: string, spec: RegisteredRoute["spec"], route: string | undefined, suffix?: string) =>
    out.push([q, { spec, from: model.path, ...(route === undefined ? {} : { route }), ...(suffix === undefined ? {} : { suffix }) }]);
  const add = (regs: readonly RouteRegistration[] | undefined, viewCall: PyNode, routeCall: PyNode, recv?: PyNode | null) => {
    const made = recv ? constructorOf(model, recv) : undefined;
    for (const reg of regs ?? []) {
      if (!importsAny(model, reg.requiresImport)) continue;
      // `app.add_route(...)` on another framework's application object
      if (made && table.appClasses.has(made) && !reg.appClasses?.includes(made)) continue;
      if (reg.table && reg.entry) {
        for (const e of tableEntries(model, argNode(model, routeCall, reg.table) ?? null)) {
          const q = viewName(model, e[reg.entry.view] ?? null);
          if (q) push(q, reg.spec, asString(model.constant(e[reg.entry.route] ?? null)));
        }
        continue;
      }
      const q = viewName(model, argNode(model, viewCall, reg.view) ?? null);
      if (!q) continue;
      const routeNode = argNode(model, routeCall, reg.route);
      const route = asString(model.constant(routeNode ?? null));
      const suffix = asString(model.constant(argNode(model, routeCall, reg.suffix) ?? null));
      push(q, reg.spec, route, suffix);
      if (reg.moreRoutes && routeNode && reg.route?.pos !== undefined) {
        // every further positional argument is another route of the view (a starred one is unknown)
        const args = routeCall.get("arguments")?.namedChildren ?? [];
        for (const a of args.slice(reg.route.pos + 1)) {
          if (a.type === "keyword_argument") break;
          push(q, reg.spec, a.type === "list_splat" ? undefined : asString(model.constant(a)));
        }
      }
    }
  };
  walk(model.root, (node) => {
    if (node.type !== "call") return;
    const fn = unparen(node.get("function"));
    if (fn?.type === "attribute") add(table.byMethod.get(fn.get("attribute")?.text ?? ""), node, node, fn.get("object"));
    const q = fn?.type === "attribute" || fn?.type === "identifier" ? model.qualifiedName(fn) : undefined;
    if (q) add(table.byCall.get(q), node, node);
    if (fn?.type === "call" && model.constant(argNode(model, fn, { pos: 0 }) ?? null)?.t === "str") {
      // `app.route("/x")(view)`: a route decorator applied by hand (with a constant route, unlike `handlers.get(kind)(arg)`)
      const inner = unparen(fn.get("function"));
      if (inner?.type === "attribute") add(table.curriedMethods.get(inner.get("attribute")?.text ?? ""), node, fn, inner.get("object"));
      const iq = inner ? model.qualifiedName(inner) : undefined;
      if (iq) add(table.curriedNames.get(iq), node, fn);
    }
  });
  return out;
}

/**
 * The entries of a route table: the elements (tuples or lists) of a list or tuple literal, of a name
 * bound to one in this file, or of a `+` of such (`handlers = [...]; Application(handlers + extra)`).
 */
function tableEntries(model: FileModel, node: PyNode | null, depth = 0): (readonly PyNode[])[] {
  const n = unparen(node);
  if (!n || depth > 4) return [];
  if (n.type === "list" || n.type === "tuple") {
    return n.namedChildren.map((e) => unparen(e)).filter((e): e is PyNode => e?.type === "tuple" || e?.type === "list").map((e) => e.namedChildren);
  }
  if (n.type === "binary_operator" && n.get("operator")?.text === "+") return [...tableEntries(model, n.get("left"), depth + 1), ...tableEntries(model, n.get("right"), depth + 1)];
  if (n.type === "identifier") {
    const out: (readonly PyNode[])[] = [];
    for (const b of model.lookup(n.text, n) ?? []) if (b.kind === "assign" && b.value) out.push(...tableEntries(model, b.value, depth + 1));
    return out;
  }
  return [];
}

/**
 * The key of a registered view: the qualified name of a function or class, through `View.as_view()`,
 * an instance made in place (`Resource()`) or in a variable (`things = Resource()`).
 */
function viewName(model: FileModel, node: PyNode | null): string | undefined {
  let view = unparen(node);
  for (let i = 0; i < 3 && view; i++) {
    if (view.type === "call") {
      const fn = unparen(view.get("function"));
      // a view factory of this module (`view_func = make_view(name)`): the view is the function it returns
      const made = fn?.type === "identifier" ? madeView(model, fn) : undefined;
      if (made !== undefined) return made || undefined;
      view = fn?.type === "attribute" && fn.get("attribute")?.text === "as_view" ? unparen(fn.get("object")) : fn;
      continue;
    }
    if (view.type === "identifier") {
      const bindings = model.lookup(view.text, view);
      const only = bindings?.length === 1 ? bindings[0]! : undefined;
      if (only?.kind === "assign" && unparen(only.value ?? null)?.type === "call") {
        view = unparen(only.value!);
        continue;
      }
    }
    break;
  }
  return nestedDef(model, view) ?? model.qualifiedName(view) ?? localDef(model, view);
}

/**
 * The route-table key of a function defined inside another function: local to the file (its
 * "qualified name" would be its bare name, the same as every other nested `_view` of the project).
 */
function nestedDef(model: FileModel, view: PyNode | null): string | undefined {
  if (view?.type !== "identifier") return undefined;
  const b = model.lookup(view.text, view);
  return b?.length === 1 && b[0]!.kind === "def" && b[0]!.scope.kind === "function" ? localDef(model, view) : undefined;
}

/**
 * For a call of a function defined in this module: the route-table key of the function defined inside it
 * that it returns (`def make_view(name): def _view(): ...; return _view`), or "" when it returns something
 * else (its own parameters are not a view's); undefined when the callee is not such a function.
 */
function madeView(model: FileModel, fn: PyNode): string | undefined {
  const bindings = model.lookup(fn.text, fn);
  const def = bindings?.length === 1 && bindings[0]!.kind === "def" ? bindings[0]!.node : undefined;
  if (def?.type !== "function_definition") return undefined;
  let made = "";
  walk(def.get("body")!, (n) => {
    if (made || n.type === "function_definition" || n.type === "class_definition" || n.type === "lambda") return false;
    if (n.type !== "return_statement") return undefined;
    const r = unparen(n.namedChildren[0] ?? null);
    made = (nestedDef(model, r) ?? model.qualifiedName(r)) ?? "";
    return false;
  });
  return made;
}

/** The class a receiver was made from, when it is a name assigned once from a call (`app = Flask(__name__)`), or such a name's attribute (`app.router`). */
function constructorOf(model: FileModel, recv: PyNode): string | undefined {
  let n = unparen(recv);
  while (n?.type === "attribute") n = unparen(n.get("object"));
  if (n?.type !== "identifier") return undefined;
  const bindings = model.lookup(n.text, n);
  const only = bindings?.length === 1 ? bindings[0]! : undefined;
  const value = only?.kind === "assign" ? unparen(only.value ?? null) : null;
  return value?.type === "call" ? model.qualifiedName(value.get("function")) : undefined;
}

const requestParamPatterns = new WeakMap<ReadonlySet<string>, RegExp>();

/**
 * `def f(request` or `request = ...` for any of `names` (made once per set: phase 1 asks it of every file without
 * views): a file that can hold the request, as a parameter or a local (`request = self.context["request"]`).
 */
function requestParamPattern(names: ReadonlySet<string>): RegExp {
  let re = requestParamPatterns.get(names);
  if (!re) {
    const alt = [...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
    requestParamPatterns.set(names, (re = new RegExp(`\\bdef\\s+\\w+\\s*\\(\\s*(?:${alt})\\b|\\b(?:${alt})\\s*=[^=]|\\[\\s*["'](?:${alt})["']\\s*\\]`)));
  }
  return re;
}

/** Callees whose first argument is the request (`request`, `self.request`), by their written qualified name. */
function requestHelpersOf(model: FileModel, requestNames: ReadonlySet<string> | undefined, gated = false): string[] {
  if (!requestNames || requestNames.size === 0) return [];
  // in a file without views, only a function whose first parameter is the request can pass one on
  if (gated && !requestParamPattern(requestNames).test(model.root.text)) return [];
  const out = new Set<string>();
  walk(model.root, (node) => {
    if (node.type !== "call") return;
    const first = unparen(node.get("arguments")?.namedChildren[0] ?? null);
    // `request`, `self.request`, or the request a serializer or form is given (`self.context["request"]`)
    const name =
      first?.type === "identifier"
        ? first.text
        : first?.type === "attribute" && first.get("object")?.text === "self"
          ? first.get("attribute")?.text
          : first?.type === "subscript"
            ? asString(model.constant(first.get("subscript")))
            : undefined;
    if (!name || !requestNames.has(name)) return;
    const fn = unparen(node.get("function"));
    const lazy = fn?.type === "attribute" ? lazyModule(model, fn.get("object")) : undefined;
    const q = lazy ? `${lazy}.${fn!.get("attribute")?.text}` : fn?.type === "identifier" || fn?.type === "attribute" ? model.qualifiedName(fn) : undefined;
    if (q) out.add(q);
  });
  return [...out];
}

/**
 * `helper()` where `def helper(): from app import helpers; return helpers` (an import deferred to break a
 * cycle): the qualified name of the module the function returns.
 */
function lazyModule(model: FileModel, node: PyNode | null): string | undefined {
  const call = unparen(node);
  const callee = call?.type === "call" && (call.get("arguments")?.namedChildren.length ?? 0) === 0 ? unparen(call.get("function")) : null;
  if (callee?.type !== "identifier") return undefined;
  const bindings = model.lookup(callee.text, callee);
  const def = bindings?.length === 1 && bindings[0]!.kind === "def" ? bindings[0]!.node : undefined;
  const fnDef = def?.type === "function_definition" ? def : def?.parent?.type === "function_definition" ? def.parent : undefined;
  const body = fnDef?.get("body")?.namedChildren ?? [];
  const last = body[body.length - 1];
  const returned = last?.type === "return_statement" ? unparen(last.namedChildren[0] ?? null) : null;
  if (returned?.type !== "identifier") return undefined;
  const inner = model.lookup(returned.text, returned);
  return inner?.length === 1 && inner[0]!.kind === "import" ? inner[0]!.qualified : undefined;
}

/** Module-level assignments naming handlers that are not views (`handler404 = "shop.views.not_found"`). */
function handlersOf(model: FileModel, table: RouteTable): string[] {
  if (table.handlerNames.size === 0) return [];
  const out: string[] = [];
  for (const stmt of model.root.namedChildren) {
    const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    const left = a?.type === "assignment" ? a.get("left") : null;
    if (left?.type !== "identifier" || !table.handlerNames.has(left.text)) continue;
    const right = a!.get("right");
    const q = asString(model.constant(right)) ?? model.qualifiedName(right);
    if (q) out.push(q);
  }
  return out;
}

/** The route-table key of a view defined inside a function, which has no qualified name. */
export function localViewKey(path: string, start: number): string {
  return `${path}#${start}`;
}

/** A view function defined inside a function (`def create_app(): def index(): ...`), by its route-table key. */
function localDef(model: FileModel, view: PyNode | null): string | undefined {
  if (view?.type !== "identifier") return undefined;
  const bindings = model.lookup(view.text, view);
  const def = bindings?.length === 1 && bindings[0]!.kind === "def" ? bindings[0]!.node : undefined;
  return def?.type === "function_definition" ? localViewKey(model.path, def.start) : undefined;
}

function decoratorName(model: FileModel, d: PyNode): string {
  const e = d.namedChildren[0];
  if (!e) return "";
  return model.qualifiedName(e) ?? (e.type === "call" ? e.get("function")?.text ?? e.text : e.text);
}

function join(a: string, b: string): string {
  return a ? `${a}.${b}` : b;
}

function commonPrefix(a: string, b: string): number {
  const pa = a.split("/");
  const pb = b.split("/");
  let n = 0;
  while (n < pa.length && n < pb.length && pa[n] === pb[n]) n++;
  return n;
}

/**
 * The bases of a class, depth first and left to right, each name once, at most MAX_ANCESTORS of them (`cut` when
 * the walk stopped there); `resolve` finds a base's own bases (a project class) or not (a library class, a leaf).
 */
function walkAncestors<C extends { bases: readonly string[]; path: string }>(start: C, resolve: (name: string, fromPath: string) => C | undefined): { names: string[]; found: C[]; cut: boolean } {
  const names: string[] = [];
  const found: C[] = [];
  const seen = new Set<string>();
  let cut = false;
  const stack: { cls: C; next: number }[] = [{ cls: start, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.cls.bases.length) {
      stack.pop();
      continue;
    }
    const b = top.cls.bases[top.next++]!;
    if (seen.has(b)) continue;
    if (names.length >= MAX_ANCESTORS) {
      cut = true;
      break;
    }
    seen.add(b);
    names.push(b);
    const base = resolve(b, top.cls.path);
    if (base) {
      found.push(base);
      stack.push({ cls: base, next: 0 });
    }
  }
  return { names, found, cut };
}
