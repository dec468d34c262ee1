/** Compiles declarative taint models into lookup tables keyed by qualified name, type and method. */
import { ownString } from "../own-string.js";
import type { PyValue } from "../model/values.js";
import type {
  FormSpec,
  ComponentGuardSpec,
  ContentTypeSpec,
  EndpointSpec,
  InvokerSpec,
  WriteSpec,
  GuardSpec,
  MappingSpec,
  PropagatorSpec,
  RegexGuardSpec,
  RegexSanitizerSpec,
  RetypeSpec,
  SanitizerSpec,
  SinkSpec,
  SourceSpec,
  Syntax,
  TaintModel,
  TypeSpec,
} from "./model-types.js";
import type { RouteRegistration, RouteTable } from "./project-index.js";

/** Everything the models say about one call target. */
export interface CallInfo {
  sinks: SinkSpec[];
  sanitizers: SanitizerSpec[];
  propagators: PropagatorSpec[];
  sources: SourceSpec[];
  types: TypeSpec[];
  guards: GuardSpec[];
  regexGuards: RegexGuardSpec[];
  regexSanitizers: RegexSanitizerSpec[];
  contentTypes: ContentTypeSpec[];
  retypes: RetypeSpec[];
  invokers: InvokerSpec[];
  writes: WriteSpec[];
  noReturn: boolean;
}

type Selectable = SinkSpec | SanitizerSpec | PropagatorSpec | GuardSpec | RegexGuardSpec | RegexSanitizerSpec | ContentTypeSpec | RetypeSpec | InvokerSpec | WriteSpec;
type Role = "sinks" | "sanitizers" | "propagators" | "guards" | "regexGuards" | "regexSanitizers" | "contentTypes" | "retypes" | "invokers" | "writes";

function emptyInfo(): CallInfo {
  return { sinks: [], sanitizers: [], propagators: [], sources: [], types: [], guards: [], regexGuards: [], regexSanitizers: [], contentTypes: [], retypes: [], invokers: [], writes: [], noReturn: false };
}

/** Lookup tables over the taint models, and the bit of each sink kind. */
export class Knowledge {
  /** Bit of each sink kind. */
  readonly kindBits = new Map<string, number>();
  readonly allKinds: number;
  /** Kinds only sources naming them are dangerous for (`SourceSpec.kinds`). */
  readonly reservedKinds: number;
  /** Constant string beginnings that neutralise kinds for what follows them (`FixedPrefixSpec`). */
  readonly fixedPrefixes: { re: RegExp; mask: number }[] = [];
  /** Names of development-only code and the kinds not reported there (`DevelopmentOnlySpec`). */
  readonly developmentOnly: { re: RegExp; mask: number }[] = [];
  /** Name patterns of boolean check functions and the kinds a passed check validates (`CheckPredicateSpec`). */
  readonly checkPredicates: { re: RegExp; mask: number }[] = [];
  /** Name patterns of validating functions and the kinds their result is clean for (`TaintModel.validatorNames`). */
  readonly validatorNames: { re: RegExp; mask: number }[] = [];
  private readonly validatorCache = new Map<string, number>();
  private readonly checkCache = new Map<string, number>();
  /** Methods whose calls without arguments are repeated reads (`TaintModel.pureAccessors`). */
  readonly pureAccessors = new Set<string>();
  readonly triggers: string[] = [];
  /**
   * `mentionTriggers` of the models, split into the module and the name a file must mention, with the library's
   * top-level package (`root`), whose own modules never count.
   */
  readonly mentionTriggers: { qualified: string; module: string; name: string; root: string }[] = [];
  /** Qualified names of local sources (for deciding which files can contain local flows). */
  readonly localSourceNames: string[] = [];
  readonly endpoints: EndpointSpec[] = [];
  /** The registration calls of every endpoint spec, for the phase-1 index. */
  readonly routeTable: RouteTable = { byMethod: new Map(), byCall: new Map(), curriedMethods: new Map(), curriedNames: new Map(), handlerNames: new Set(), requestNames: new Set(), appClasses: new Set() };
  /** Decorators that make a function something other than a view (template tags, signal receivers). */
  readonly notViews = { decorators: new Set<string>(), decoratorMethods: new Set<string>() };
  readonly escapingFormatters = new Map<string, number>();
  /** Library string constants by qualified name. */
  readonly constants = new Map<string, string>();
  /** Field constraints of validating models, merged over the models (`FieldValidationSpec`). */
  readonly fieldValidation = {
    numeric: new Set<string>(),
    safeTypes: new Set<string>(),
    hostTypes: new Set<string>(),
    /** `FieldValidationSpec.formatTypes`: the kinds each type or field class leaves its value clean of. */
    formatTypes: new Map<string, number>(),
    validatorWrappers: new Set<string>(),
    fieldValidators: new Set<string>(),
    patternValidators: new Set<string>(),
    forms: [] as FormSpec[],
  };
  /** How text reaching sinks of each kind is read. */
  readonly syntaxes = new Map<string, Syntax>();
  private readonly byCall = new Map<string, CallInfo>();
  private readonly byMethod = new Map<string, CallInfo>();
  /** Untyped method entries, with the import prefixes that enable them (empty = always). */
  private readonly untyped = new Map<string, { info: CallInfo; imports: string[] | null }[]>();
  private readonly nameSources = new Map<string, SourceSpec>();
  private readonly nameTypes = new Map<string, string>();
  private readonly requestScopedTypes = new Set<string>();
  private readonly classTypes = new Map<string, TypeSpec>();
  private readonly attrSources = new Map<string, SourceSpec>();
  private readonly attrTypes = new Map<string, string>();
  /** Kinds cleared by reading an attribute of a typed value, keyed `type.attr`. */
  private readonly attrSanitizers = new Map<string, number>();
  private readonly untypedAttrs = new Map<string, TypeSpec[]>();
  private readonly mappingCtors = new Map<string, MappingSpec>();
  private readonly mappingTypes = new Map<string, MappingSpec>();
  /** Per mapping type (and the types of its nested levels), whether its keys compare case-insensitively. */
  private readonly foldCaseTypes = new Set<string>();
  private readonly caughtSources = new Map<string, SourceSpec>();
  private readonly components = new Map<string, { mask: number; test: ComponentGuardSpec["test"] }>();

  constructor(
    models: readonly TaintModel[],
    readonly includeLocalSources: boolean,
  ) {
    for (const m of models) for (const s of m.sinks ?? []) this.bit(s.kind);
    this.allKinds = (1 << this.kindBits.size) - 1;
    let reserved = 0;
    for (const m of models) for (const s of m.sources ?? []) reserved |= this.mask([...(s.kinds ?? []), ...(s.alsoKinds ?? [])]);
    this.reservedKinds = reserved;
    for (const m of models) this.add(m);
    // endpoint specs come before the types that name their application classes: resolve them last
    for (const m of models) for (const e of m.endpoints ?? []) if (!e.local || includeLocalSources) this.addEndpoint(e);
  }

  /** The kinds not reported in code named `name` (a function, or the flag an `if` tests): `DevelopmentOnlySpec`. */
  developmentKinds(name: string): number {
    let m = 0;
    for (const d of this.developmentOnly) if (d.re.test(name)) m |= d.mask;
    return m;
  }

  /** The kinds the result of a function of this name is clean for (`TaintModel.validatorNames`); 0 for most names. */
  validatorKinds(name: string): number {
    return namedKinds(this.validatorNames, this.validatorCache, name);
  }

  /** The kinds a passed check by a function of this name validates its arguments for (`CheckPredicateSpec`). */
  checkKinds(name: string): number {
    return namedKinds(this.checkPredicates, this.checkCache, name);
  }

  /** The kinds a source's values are dangerous for: its own `kinds`, else every kind not reserved, less its `exceptKinds`. */
  sourceMask(spec: SourceSpec): number {
    return this.liveMask(spec) & ~this.deadKinds;
  }

  /**
   * Kinds no sink of the scanned project can have (src/taint/demand.ts): sources drop them, and a source left
   * with no kind is no source (set by `TaintProject` from the project index before phase 2).
   */
  deadKinds = 0;

  private liveMask(spec: SourceSpec): number {
    const mask = (spec.kinds ? this.mask(spec.kinds) : this.allKinds & ~this.reservedKinds) | (spec.alsoKinds ? this.mask(spec.alsoKinds) : 0);
    return spec.exceptKinds ? mask & ~this.mask(spec.exceptKinds) : mask;
  }

  /** The source an exception of this class bound by `except ... as name` is, if any. */
  caughtSource(qualified: string): SourceSpec | undefined {
    return this.caughtSources.get(qualified);
  }

  /** Whether some model declares sources caught as exceptions (cheap test before resolving handlers). */
  get hasCaughtSources(): boolean {
    return this.caughtSources.size > 0;
  }

  /** How checking an attribute of a parsed value validates what it was parsed from (`ComponentGuardSpec`). */
  component(type: string, attr: string): { mask: number; test: ComponentGuardSpec["test"] } | undefined {
    return this.components.get(`${type}.${attr}`);
  }

  /** The bit mask for a list of kinds ("all" → every kind). */
  mask(kinds: readonly string[] | "all"): number {
    if (kinds === "all") return this.allKinds;
    let m = 0;
    for (const k of kinds) m |= this.kindBits.get(k) ?? 0;
    return m;
  }

  /** Kind names in a mask. */
  kindsOf(mask: number): string[] {
    return [...this.kindBits].filter(([, b]) => (mask & b) !== 0).map(([k]) => k);
  }

  call(qualified: string): CallInfo | undefined {
    return this.byCall.get(qualified);
  }

  method(type: string, method: string): CallInfo | undefined {
    // `"*"` stands for any method name (Trac's `req.href.<realm>(...)`)
    return this.byMethod.get(`${type}#${method}`) ?? this.byMethod.get(`${type}#*`);
  }

  /** Entries for a method on a receiver of unknown type, given the file's imported names. */
  untypedMethod(method: string, imports: readonly string[]): CallInfo | undefined {
    const list = this.untyped.get(method);
    if (!list) return undefined;
    const out = emptyInfo();
    let any = false;
    for (const { info, imports: req } of list) {
      if (req && !req.some((p) => imports.some((i) => i === p || i.startsWith(`${p}.`)))) continue;
      mergeInfo(out, info);
      any = true;
    }
    return any ? out : undefined;
  }

  nameSource(qualified: string): SourceSpec | undefined {
    return this.nameSources.get(qualified);
  }

  /** Whether values of a type are a request-scoped namespace (`flask.g`). */
  isRequestScoped(type: string): boolean {
    return this.requestScopedTypes.has(type);
  }

  nameType(qualified: string): string | undefined {
    return this.nameTypes.get(qualified);
  }

  classType(qualified: string): TypeSpec | undefined {
    return this.classTypes.get(qualified);
  }

  private libraryModules?: Set<string>;

  /**
   * True when a class is defined in a module whose classes the models describe (`http.server`,
   * `socketserver`, Django's `django.views`): the library's own implementation, scanned as a
   * project (the standard library, a framework's repository), not an application built on it.
   */
  inLibraryModule(cls: string): boolean {
    if (!this.libraryModules) {
      const mods = new Set<string>();
      const add = (q: string) => {
        const d = q.lastIndexOf(".");
        if (d > 0) mods.add(q.slice(0, d));
      };
      for (const c of this.classTypes.keys()) add(c);
      for (const e of this.endpoints) for (const b of e.viewBases ?? []) add(b);
      this.libraryModules = mods;
    }
    for (let d = cls.lastIndexOf("."); d > 0; d = cls.lastIndexOf(".", d - 1)) if (this.libraryModules.has(cls.slice(0, d))) return true;
    return false;
  }

  attrSource(type: string, attr: string): SourceSpec | undefined {
    return this.attrSources.get(`${type}.${attr}`);
  }

  attrType(type: string, attr: string): string | undefined {
    // `"*"` stands for any attribute name (a database client's databases, a database's collections)
    return this.attrTypes.get(`${type}.${attr}`) ?? this.attrTypes.get(`${type}.*`);
  }

  /** The kinds an attribute read of a typed value clears (0: none). */
  attrSanitizer(type: string, attr: string): number {
    return this.attrSanitizers.get(`${type}.${attr}`) ?? 0;
  }

  /** Whether some model types this attribute name on values of unknown type (cheap test before `untypedAttrType`). */
  hasUntypedAttr(attr: string): boolean {
    return this.untypedAttrs.has(attr);
  }

  untypedAttrType(attr: string, imports: readonly string[]): string | undefined {
    // one attribute name may be typed by several libraries (`Model.objects`: Django's manager, mongoengine's queryset)
    for (const spec of this.untypedAttrs.get(attr) ?? []) {
      const req = spec.requiresImport;
      if (!req || req.some((p) => imports.some((i) => i === p || i.startsWith(`${p}.`)))) return spec.type;
    }
    return undefined;
  }

  /** The mapping a constructor call makes (`configparser.ConfigParser`, `collections.ChainMap`). */
  mappingConstructor(qualified: string): MappingSpec | undefined {
    return this.mappingCtors.get(qualified);
  }

  /** The mapping spec of a type, for its get/set methods. */
  mapping(type: string): MappingSpec | undefined {
    return this.mappingTypes.get(type);
  }

  /** A constant key as a mapping of this type compares it: lower-cased where keys ignore case (header names). */
  mappingKey(type: string | undefined, key: PyValue | undefined): PyValue | undefined {
    if (key?.t === "str" && type !== undefined && this.foldCaseTypes.has(type)) return { t: "str", v: key.v.toLowerCase() };
    return key;
  }

  private bit(kind: string): void {
    if (!this.kindBits.has(kind)) this.kindBits.set(kind, 1 << this.kindBits.size);
  }

  private add(m: TaintModel): void {
    this.triggers.push(...(m.triggers ?? []));
    for (const qualified of m.mentionTriggers ?? []) {
      const dot = qualified.lastIndexOf(".");
      this.mentionTriggers.push({ qualified, module: qualified.slice(0, dot), name: qualified.slice(dot + 1), root: qualified.slice(0, qualified.indexOf(".")) });
    }
    for (const [kind, syntax] of Object.entries(m.syntaxes ?? {})) this.syntaxes.set(kind, syntax);
    for (const [name, value] of Object.entries(m.constants ?? {})) this.constants.set(name, value);
    for (const name of m.pureAccessors ?? []) this.pureAccessors.add(name);
    for (const q of m.fieldValidation?.numeric ?? []) this.fieldValidation.numeric.add(q);
    for (const q of m.fieldValidation?.safeTypes ?? []) this.fieldValidation.safeTypes.add(q);
    for (const q of m.fieldValidation?.hostTypes ?? []) this.fieldValidation.hostTypes.add(q);
    for (const { types, kinds } of m.fieldValidation?.formatTypes ?? []) {
      for (const q of types) this.fieldValidation.formatTypes.set(q, (this.fieldValidation.formatTypes.get(q) ?? 0) | this.mask(kinds));
    }
    for (const q of m.fieldValidation?.validatorWrappers ?? []) this.fieldValidation.validatorWrappers.add(q);
    for (const q of m.fieldValidation?.fieldValidators ?? []) this.fieldValidation.fieldValidators.add(q);
    for (const q of m.fieldValidation?.patternValidators ?? []) this.fieldValidation.patternValidators.add(q);
    this.fieldValidation.forms.push(...(m.fieldValidation?.forms ?? []));
    if (this.includeLocalSources) this.triggers.push(...(m.localTriggers ?? []));
    for (const f of m.escapingFormatters ?? []) this.escapingFormatters.set(f.type, (this.escapingFormatters.get(f.type) ?? 0) | this.mask(f.kinds));
    for (const s of m.sinks ?? []) this.select(s, "sinks");
    for (const c of m.contentTypes ?? []) this.select(c, "contentTypes");
    for (const v of m.invokers ?? []) this.select(v, "invokers");
    for (const w of m.writes ?? []) this.select(w, "writes");
    for (const s of m.sanitizers ?? []) {
      this.select(s, "sanitizers");
      for (const on of s.on ?? []) {
        for (const a of s.attr ?? []) {
          const key = `${on}.${a}`;
          this.attrSanitizers.set(key, (this.attrSanitizers.get(key) ?? 0) | this.mask(s.kinds));
        }
      }
    }
    for (const s of m.propagators ?? []) this.select(s, "propagators");
    for (const s of m.guards ?? []) this.select(s, "guards");
    for (const s of m.regexGuards ?? []) this.select(s, "regexGuards");
    for (const s of m.regexSanitizers ?? []) this.select(s, "regexSanitizers");
    for (const s of m.retypes ?? []) this.select(s, "retypes");
    for (const g of m.componentGuards ?? []) {
      for (const on of g.on) for (const a of g.attr) this.components.set(`${on}.${a}`, { mask: this.mask(g.kinds), test: g.test });
    }
    for (const p of m.fixedPrefixes ?? []) this.fixedPrefixes.push({ re: new RegExp(p.pattern, "i"), mask: this.mask(p.kinds) });
    for (const d of m.developmentOnly ?? []) this.developmentOnly.push({ re: new RegExp(d.pattern, "i"), mask: this.mask(d.kinds) });
    for (const c of m.checkPredicates ?? []) this.checkPredicates.push({ re: new RegExp(c.pattern), mask: this.mask(c.kinds) });
    for (const c of m.validatorNames ?? []) this.validatorNames.push({ re: new RegExp(c.pattern), mask: this.mask(c.kinds) });
    for (const q of m.noReturn ?? []) this.infoFor(this.byCall, q).noReturn = true;
    for (const spec of m.mappings ?? []) {
      for (const c of spec.class ?? []) this.mappingCtors.set(c, spec);
      if (!spec.type) continue;
      this.mappingTypes.set(spec.type, spec);
      (spec.foldCase ?? []).forEach((fold, level) => {
        if (fold) this.foldCaseTypes.add(mappingLevelType(spec.type!, level));
      });
    }
    for (const s of m.sources ?? []) {
      if (s.local && !this.includeLocalSources) continue;
      if (s.local) this.localSourceNames.push(...(s.name ?? []), ...(s.call ?? []));
      for (const n of s.name ?? []) this.nameSources.set(n, s);
      for (const c of s.call ?? []) this.infoFor(this.byCall, c).sources.push(s);
      for (const c of s.caught ?? []) this.caughtSources.set(c, s);
      for (const t of s.on ?? []) {
        for (const a of s.attr ?? []) this.attrSources.set(`${t}.${a}`, s);
        for (const meth of s.method ?? []) this.infoFor(this.byMethod, `${t}#${meth}`).sources.push(s);
      }
    }
    for (const t of m.types ?? []) {
      for (const n of t.name ?? []) this.nameTypes.set(n, t.type);
      if (t.requestScoped) this.requestScopedTypes.add(t.type);
      for (const c of t.class ?? []) {
        this.classTypes.set(c, t);
        this.infoFor(this.byCall, c).types.push(t);
      }
      for (const c of t.call ?? []) this.infoFor(this.byCall, c).types.push(t);
      for (const on of t.on ?? []) {
        for (const meth of t.method ?? []) this.infoFor(this.byMethod, `${on}#${meth}`).types.push(t);
        for (const a of t.attr ?? []) this.attrTypes.set(`${on}.${a}`, t.type);
      }
      for (const a of t.untypedAttr ?? []) this.untypedAttrs.set(a, [...(this.untypedAttrs.get(a) ?? []), t]);
    }
  }

  private addEndpoint(e: EndpointSpec): void {
    const spec = this.endpoints.length;
    this.endpoints.push(e);
    const push = (map: Map<string, RouteRegistration[]>, key: string, reg: RouteRegistration) => {
      const list = map.get(key) ?? [];
      list.push(reg);
      map.set(key, list);
    };
    const t = this.routeTable;
    const appClasses = [...this.classTypes].filter(([, ts]) => e.appTypes?.includes(ts.type)).map(([c]) => c);
    for (const c of appClasses) t.appClasses.add(c);
    for (const r of e.registrations ?? []) {
      const req = r.requiresImport ?? e.requiresImport;
      const reg: RouteRegistration = {
        spec,
        view: r.view,
        ...(r.route ? { route: r.route } : {}),
        ...(r.suffix ? { suffix: r.suffix } : {}),
        ...(r.moreRoutes ? { moreRoutes: true } : {}),
        ...(r.table && r.entry ? { table: r.table, entry: r.entry } : {}),
        ...(appClasses.length ? { appClasses } : {}),
      };
      for (const m of r.method ?? []) push(t.byMethod, m, req ? { ...reg, requiresImport: req } : reg);
      for (const c of r.call ?? []) push(t.byCall, c, reg);
    }
    const curried: RouteRegistration = { spec, view: { pos: 0 }, route: e.routeArg ?? { pos: 0 }, ...(appClasses.length ? { appClasses } : {}) };
    for (const m of e.decorators ?? []) push(t.curriedMethods, m, e.requiresImport ? { ...curried, requiresImport: e.requiresImport } : curried);
    for (const n of e.decoratorNames ?? []) push(t.curriedNames, n, curried);
    for (const n of e.notViews?.assignedTo ?? []) t.handlerNames.add(n);
    for (const n of e.inferred?.param ?? []) t.requestNames.add(n);
    for (const d of e.notViews?.decorators ?? []) this.notViews.decorators.add(d);
    for (const d of e.notViews?.decoratorMethods ?? []) this.notViews.decoratorMethods.add(d);
  }

  private select(s: Selectable, role: Role): void {
    for (const c of s.call ?? []) (this.infoFor(this.byCall, c)[role] as Selectable[]).push(s);
    for (const meth of s.method ?? []) {
      for (const on of s.on ?? []) (this.infoFor(this.byMethod, `${on}#${meth}`)[role] as Selectable[]).push(s);
      if (s.untyped) {
        const info = emptyInfo();
        (info[role] as Selectable[]).push(s);
        const list = this.untyped.get(meth) ?? [];
        list.push({ info, imports: Array.isArray(s.untyped) ? s.untyped : null });
        this.untyped.set(meth, list);
      }
    }
  }

  private infoFor(map: Map<string, CallInfo>, key: string): CallInfo {
    let info = map.get(key);
    if (!info) {
      info = emptyInfo();
      map.set(key, info);
    }
    return info;
  }
}

function mergeInfo(into: CallInfo, from: CallInfo): void {
  into.sinks.push(...from.sinks);
  into.sanitizers.push(...from.sanitizers);
  into.propagators.push(...from.propagators);
  into.sources.push(...from.sources);
  into.types.push(...from.types);
  into.guards.push(...from.guards);
  into.regexGuards.push(...from.regexGuards);
  into.regexSanitizers.push(...from.regexSanitizers);
  into.contentTypes.push(...from.contentTypes);
  into.invokers.push(...from.invokers);
  into.writes.push(...from.writes);
  into.retypes.push(...from.retypes);
  into.noReturn ||= from.noReturn;
}

/** The type of the nested mapping at `level` of a mapping type (level 0 is the object itself). */
export function mappingLevelType(type: string, level: number): string {
  return level === 0 ? type : `${type}[${level}]`;
}

/** The kinds of the name patterns (matched against the name in snake_case) that `name` matches, remembered per name. */
function namedKinds(patterns: readonly { re: RegExp; mask: number }[], cache: Map<string, number>, name: string): number {
  if (patterns.length === 0) return 0;
  let m = cache.get(name);
  if (m === undefined) {
    const snake = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
    m = 0;
    for (const c of patterns) if (c.re.test(snake)) m |= c.mask;
    cache.set(ownString(name), m);
  }
  return m;
}
