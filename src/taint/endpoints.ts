/**
 * Endpoint detection: which functions are entry points — web views, class-based handlers,
 * serverless handlers, GraphQL resolvers, commands — and what their parameters hold: route
 * parameters and request bodies are sources, request objects are typed objects, dependencies and
 * validated numeric parameters are clean. Everything stack-specific comes from the models'
 * `EndpointSpec`s; this file only knows the general ways a view is declared.
 */
import type { FileModel } from "../model/file-model.js";
import { isTestPath } from "../test-code.js";
import { genericParts, typeExpression, unparen, walk, type PyNode } from "../parse/ast.js";
import { asString } from "../model/values.js";
import type { EndpointInfo, ParamRole } from "./frame.js";
import { patternMask, typeKinds } from "./field-checks.js";
import { regexSafety } from "./guards.js";
import type { Knowledge } from "./knowledge.js";
import type { ArgCondition, DeclaredArgsSpec, EndpointSpec } from "./model-types.js";
import { withSchemaArguments } from "./schema-arguments.js";
import { paramNodes, type ParamNode } from "./params.js";
import { localViewKey, PREDICATE_MARK, PREDICATES, SEQUENCE_TYPES, type ClassInfo, type FunctionRef, type ProjectIndex, type RegisteredRoute } from "./project-index.js";
import type { Summary } from "./summary.js";
import { flat } from "./value.js";

export interface EndpointContext {
  knowledge: Knowledge;
  index: ProjectIndex;
  model: FileModel;
  imports: readonly string[];
  /** The type of a name the function sees from outside (the `app` in `@app.route`), if known. */
  moduleType(name: string): string | undefined;
  /** The summary of a project function (a custom route converter's `to_python`), when the analysis can give one. */
  summary?(ref: FunctionRef): Summary | undefined;
}

export function importsAny(imports: readonly string[], prefixes: readonly string[] | undefined): boolean {
  if (!prefixes) return false;
  return prefixes.some((p) => imports.some((i) => i === p || i.startsWith(`${p}.`)));
}

/** `Literal[...]` annotations: the framework accepts only the listed constants. */
const LITERALS = new Set(["typing.Literal", "typing_extensions.Literal"]);

/**
 * The endpoint description of a function, or undefined when it is not a view. Explicit
 * declarations (route decorators, registrations, class-based views) count wherever the function
 * is defined; inference from parameter names only for module-level functions and methods, never
 * for functions nested in others (`nested`).
 */
export function detectEndpoint(ctx: EndpointContext, fn: PyNode, cls: string | undefined, nested = false): EndpointInfo | undefined {
  if (insideTest(ctx, fn)) return undefined;
  const decorators = fn.parent?.type === "decorated_definition" ? fn.parent.children.filter((c) => c.type === "decorator") : [];
  const info = viewOf(ctx, fn, cls, decorators, nested);
  return info ? withSchemaArguments(ctx, fn, decorators, info) : undefined;
}

function viewOf(ctx: EndpointContext, fn: PyNode, cls: string | undefined, decorators: PyNode[], nested: boolean): EndpointInfo | undefined {
  const { params } = paramNodes(fn);
  const name = fn.get("name")?.text ?? "";
  // a function nested in another has no qualified name of its own (only its bare name): its key is local to the file
  const key = cls ? `${cls}.${name}` : (definedInFunction(fn) ? undefined : ctx.model.qualifiedName(fn.get("name"))) ?? localViewKey(ctx.model.path, fn.start);
  const specs = ctx.knowledge.endpoints;
  const isMethod = cls !== undefined;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const matches = decorators.map((d) => routeDecorator(ctx, spec, d)).filter((m): m is DecoratorMatch => m !== undefined);
    const m = matches[0];
    if (m) return withStaticRoute(withoutEncodedReturn(ctx, spec, decorators, build(ctx, spec, params, isMethod, m.route, m.html)), matches.map((x) => x.route));
    if (spec.exposedAttr && exposedByAttribute(ctx, spec, spec.exposedAttr, fn, name, isMethod)) return withoutEncodedReturn(ctx, spec, decorators, build(ctx, spec, params, isMethod, undefined, false));
    if (!cls) {
      const registered = ctx.index.routes.get(key)?.filter((r) => r.spec === i);
      if (registered?.length) return withStaticRoute(build(ctx, spec, params, false, mergeRoutes(registered), false), registered.map((r) => r.route));
    } else if (isHandlerName(spec, name)) {
      let routes = routesForMethod(ctx.index.routes.get(cls)?.filter((r) => r.spec === i), name);
      const viewClass = isViewClass(ctx, cls, spec);
      if (!routes?.length && viewClass && spec.decorators) {
        // a route decorator on the class (`@ns.route("/files/<int:id>")` on a Flask-RESTX Resource)
        const decorated = enclosingClass(fn)?.parent;
        const onClass = decorated?.type === "decorated_definition" ? decorated.children.filter((c) => c.type === "decorator") : [];
        const found = onClass.map((d) => routeDecorator(ctx, spec, d)).filter((m): m is DecoratorMatch => m !== undefined);
        if (found.length > 0) routes = found.map((m) => ({ spec: i, from: ctx.model.path, ...(m.route === undefined ? {} : { route: m.route }) }));
      }
      if (routes?.length || viewClass) {
        const info = build(ctx, spec, params, true, routes ? mergeRoutes(routes) : undefined, false);
        if (spec.declaredArgs) cleanDeclaredArgs(ctx, spec.declaredArgs, fn, name, info);
        return withStaticRoute(info, routes?.map((r) => r.route) ?? []);
      }
    }
  }
  if (nested || notAView(ctx, decorators)) return undefined;
  // a handler (`handler404 = ...`) or a helper the project's views call with their request
  const handler = !cls && (ctx.index.notViewKeys().has(key) || ctx.index.requestHelperKeys().has(key));
  for (const spec of specs) {
    if (spec.signature && hasSignature(params, isMethod, spec.signature)) return build(ctx, spec, params, isMethod, undefined, false);
    if (!cls && spec.inferred && isInferredView(ctx, spec, fn, params)) return build(ctx, handler ? { ...spec, params: "none" } : spec, params, false, undefined, false);
  }
  return undefined;
}

/**
 * Marks a view whose every route is one fixed path (no variables, no pattern): the path of the
 * request that reaches it is chosen by the developer, not by the user.
 */
function withStaticRoute(info: EndpointInfo, routes: readonly (string | undefined)[]): EndpointInfo {
  const first = routes[0];
  if (first === undefined || routes.some((r) => r !== first) || routeParams(first).size > 0) return info;
  // a pattern (Django `re_path`) can match many paths
  if (/[<>{}()[\]*+?|\\]/.test(first.replace(/^\^/, "").replace(/\$$/, ""))) return info;
  return { ...info, staticRoute: first };
}

/** Whether a function is defined in the body of another function (not at module or class level). */
function definedInFunction(fn: PyNode): boolean {
  for (let p = fn.parent; p; p = p.parent) {
    if (p.type === "function_definition") return true;
    if (p.type === "class_definition" || p.type === "module") return false;
  }
  return false;
}

/** A view under a decorator that encodes its return value (`@cherrypy.tools.json_out()`) returns no HTML body. */
function withoutEncodedReturn(ctx: EndpointContext, spec: EndpointSpec, decorators: PyNode[], info: EndpointInfo): EndpointInfo {
  if (!spec.encodesReturn || info.returnKind === undefined) return info;
  const encoded = decorators.some((d) => {
    const expr = unparen(d.namedChildren[0] ?? null);
    const q = ctx.model.qualifiedName(expr?.type === "call" ? expr.get("function") : expr);
    return q !== undefined && spec.encodesReturn!.includes(q);
  });
  if (!encoded) return info;
  const { returnKind: _kind, returnContentType: _type, returnIterable: _iter, ...rest } = info;
  return rest;
}

const methodPatterns = new Map<string, RegExp>();

/** A handler method of a class-based view (by name or pattern). */
export function isHandlerName(spec: EndpointSpec, name: string): boolean {
  if (spec.viewMethods?.includes(name)) return true;
  if (spec.viewMethodPattern === undefined) return false;
  // compiled once per pattern: this runs for every spec on every method a shard analyses
  let re = methodPatterns.get(spec.viewMethodPattern);
  if (!re) methodPatterns.set(spec.viewMethodPattern, (re = new RegExp(spec.viewMethodPattern)));
  return re.test(name);
}

/** True when a class derives (through project classes) from one of the framework's view bases. */
export function isViewClass(ctx: { index: ProjectIndex; knowledge: Knowledge }, cls: string, spec: EndpointSpec): boolean {
  if (!spec.viewBases && spec.viewBasePattern === undefined) return false;
  if (ctx.knowledge.inLibraryModule(cls)) return false;
  const info = ctx.index.classInfo(cls);
  if (!info) return false;
  return ctx.index.ancestors(info).some((a) => isViewBase(spec, a));
}

const basePatterns = new Map<string, RegExp>();

/** Whether the qualified class name `name` is one of the spec's view bases (or a class inside one, `a.startsWith(b + ".")`) or matches its pattern. */
export function isViewBase(spec: EndpointSpec, name: string): boolean {
  if (spec.viewBases?.some((b) => name === b || name.startsWith(`${b}.`))) return true;
  if (spec.viewBasePattern === undefined) return false;
  let re = basePatterns.get(spec.viewBasePattern);
  if (!re) basePatterns.set(spec.viewBasePattern, (re = new RegExp(spec.viewBasePattern)));
  return re.test(name);
}

/** Test functions and methods, unittest set-up methods. */
const TEST_FUNCTION = /^(?:test|setUp$|setUpClass$|asyncSetUp$)/;

/**
 * A view defined inside a test of a test file — a `test_*` function or method, a unittest
 * `setUp`, a pytest fixture — is a test double: the test client calls it, no deployment serves it.
 */
function insideTest(ctx: EndpointContext, fn: PyNode): boolean {
  if (!isTestPath(ctx.model.path)) return false;
  for (let p = fn.parent; p; p = p.parent) {
    if (p.type !== "function_definition") continue;
    if (TEST_FUNCTION.test(p.get("name")?.text ?? "")) return true;
    const decorators = p.parent?.type === "decorated_definition" ? p.parent.children.filter((c) => c.type === "decorator") : [];
    if (
      decorators.some((d) => {
        const expr = unparen(d.namedChildren[0] ?? null);
        const q = ctx.model.qualifiedName(expr?.type === "call" ? expr.get("function") : expr);
        return q === "pytest.fixture" || q === "pytest_asyncio.fixture";
      })
    )
      return true;
  }
  return false;
}

/** Under a decorator that marks a function as something else (a template tag, a signal receiver). */
function notAView(ctx: EndpointContext, decorators: PyNode[]): boolean {
  const nv = ctx.knowledge.notViews;
  if (decorators.length === 0 || (nv.decorators.size === 0 && nv.decoratorMethods.size === 0)) return false;
  return decorators.some((d) => {
    const expr = unparen(d.namedChildren[0] ?? null);
    const target = expr?.type === "call" ? expr.get("function") : expr;
    const q = ctx.model.qualifiedName(target);
    if (q && nv.decorators.has(q)) return true;
    return target?.type === "attribute" && nv.decoratorMethods.has(target.get("attribute")?.text ?? "");
  });
}

function hasSignature(params: ParamNode[], isMethod: boolean, names: readonly string[]): boolean {
  const list = isMethod ? params.slice(1) : params;
  return names.every((n, i) => list[i]?.name === n);
}

/**
 * A module-level function whose first parameter is named like the request and which is used as
 * one: in a file importing the framework, or reading one of the framework's request attributes.
 */
function isInferredView(ctx: EndpointContext, spec: EndpointSpec, fn: PyNode, params: ParamNode[]): boolean {
  const first = params[0];
  if (!first || !spec.inferred!.param.includes(first.name)) return false;
  if (first.annotation) {
    const q = ctx.model.qualifiedName(first.annotation.namedChildren[0] ?? first.annotation);
    const request = spec.objects?.find((o) => o.index === 0)?.type;
    return spec.objectAnnotations?.some((o) => o.type === request && q !== undefined && o.class.includes(q)) ?? false;
  }
  if (importsAny(ctx.imports, spec.requiresImport)) return true;
  return readsRequestAttribute(fn, first.name, spec.inferred!.reads);
}

/** Whether a function body reads `<param>.<attr>` for one of `attrs`. */
export function readsRequestAttribute(fn: PyNode, param: string, attrs: readonly string[] | undefined): boolean {
  const body = fn.get("body");
  if (!body || !attrs?.length) return false;
  let found = false;
  walk(body, (n) => {
    if (found) return false;
    if (n.type === "attribute" && unparen(n.get("object"))?.text === param && attrs.includes(n.get("attribute")?.text ?? "")) found = true;
    return undefined;
  });
  return found;
}

/** The routes of a class that serve one handler method: those registered for its suffix, else those without one. */
function routesForMethod(routes: RegisteredRoute[] | undefined, method: string): RegisteredRoute[] | undefined {
  if (!routes?.length) return routes;
  const own = routes.filter((r) => r.suffix !== undefined && method.endsWith(`_${r.suffix}`));
  return own.length > 0 ? own : routes.filter((r) => r.suffix === undefined);
}

function mergeRoutes(routes: RegisteredRoute[]): string | string[] | undefined {
  // several registrations: their routes are read together when every one is a constant
  const first = routes[0]?.route;
  if (routes.every((r) => r.route === first)) return first;
  return routes.every((r) => r.route !== undefined) ? [...new Set(routes.map((r) => r.route!))] : undefined;
}

interface DecoratorMatch {
  route: string | undefined;
  html: boolean;
}

/** `@app.route("/x")` on an application object, or `@bottle.route("/x")` / `@litestar.get` by qualified name. */
function routeDecorator(ctx: EndpointContext, spec: EndpointSpec, d: PyNode): DecoratorMatch | undefined {
  const expr = unparen(d.namedChildren[0] ?? null);
  const call = expr?.type === "call" ? expr : undefined;
  const target = call ? unparen(call.get("function")) : expr;
  if (!target) return undefined;
  let matched = false;
  if (spec.decoratorNames) {
    const q = ctx.model.qualifiedName(target);
    matched = q !== undefined && spec.decoratorNames.includes(q);
  }
  if (!matched && spec.decorators && target.type === "attribute" && spec.decorators.includes(target.get("attribute")?.text ?? "")) {
    const recv = unparen(target.get("object"));
    let type = recv?.type === "identifier" ? ctx.moduleType(recv.text) : undefined;
    if (!type && recv) {
      const q = ctx.model.qualifiedName(recv);
      const r = q ? ctx.index.resolve(q, ctx.model.path) : undefined;
      if (r?.kind === "instance") type = ctx.knowledge.call(r.callee)?.types[0]?.type;
    }
    const typed = type !== undefined && (spec.appTypes?.includes(type) ?? false);
    matched = typed || (type === undefined && importsAny(ctx.imports, spec.requiresImport));
  }
  if (!matched) return undefined;
  if (spec.decoratorWhen && !(call && spec.decoratorWhen.every((c) => declares(ctx, call, c)))) return undefined;
  if (!call) return { route: undefined, html: false };
  const routeArg = spec.routeArg ?? { pos: 0 };
  const route = asString(ctx.model.constant(ctx.model.arg(call, routeArg.pos ?? -1, routeArg.kw) ?? null));
  const html = (spec.htmlDeclaredBy ?? []).some((c) => declares(ctx, call, c));
  return { route, html };
}

/** A route decorator's argument meets a condition, judged on its qualified name or constant value. */
function declares(ctx: EndpointContext, call: PyNode, c: ArgCondition): boolean {
  const arg = ctx.model.arg(call, c.arg.pos ?? -1, c.arg.kw);
  if (!arg) return false;
  if (c.names && c.names.includes(ctx.model.qualifiedName(arg) ?? "")) return true;
  const text = asString(ctx.model.constant(arg));
  return c.matches !== undefined && text !== undefined && new RegExp(c.matches, "i").test(text);
}

const DEFAULT_ROUTE_SYNTAX = ["<(?:(?<conv>\\w+)(?:\\([^)]*\\))?:)?(?<name>\\w+)>", "\\{(?<name>\\w+)(?::(?<conv>\\w+)[^}]*)?\\}", "\\(\\?P<(?<name>\\w+)>(?<conv>(?:[^()\\\\]|\\\\.|\\([^()]*\\))*)\\)"];

/** Route parameters and their converters (`<int:id>`, `{name}`, `(?P<name>re)` by default); a regular expression converter is returned as `re:<pattern>`. */
export function routeParams(route: string, syntax: readonly string[] = DEFAULT_ROUTE_SYNTAX): Map<string, string> {
  const out = new Map<string, string>();
  syntax.forEach((pattern, i) => {
    for (const m of route.matchAll(new RegExp(pattern, "g"))) {
      const name = m.groups?.name;
      // later forms win: `(?P<code>...)` also looks like `<code>`
      if (!name) continue;
      const conv = m.groups?.conv;
      // the third default form holds a regular expression
      out.set(name, conv === undefined ? "string" : syntax === DEFAULT_ROUTE_SYNTAX && i === 2 ? `re:${conv}` : conv);
    }
  });
  return out;
}

/** The capture groups of a regular expression in order: their names (when named) and bodies; undefined when it does not parse. */
export function captureGroups(pattern: string): { name?: string; body: string }[] | undefined {
  const out: { name?: string; body: string }[] = [];
  const open: { index: number; start: number }[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      if (pattern[i + 1] === "^") i++;
      if (pattern[i + 1] === "]") i++;
    } else if (c === "(") {
      const named = /^\(\?P<(\w+)>/.exec(pattern.slice(i));
      if (named) {
        out.push({ name: named[1]!, body: "" });
        open.push({ index: out.length - 1, start: i + named[0].length });
      } else if (pattern[i + 1] === "?") open.push({ index: -1, start: i + 1 });
      else {
        out.push({ body: "" });
        open.push({ index: out.length - 1, start: i + 1 });
      }
    } else if (c === ")") {
      const g = open.pop();
      if (!g) return undefined;
      if (g.index >= 0) out[g.index]!.body = pattern.slice(g.start, i);
    }
  }
  return open.length === 0 && !inClass ? out : undefined;
}

/**
 * The converters of a Tornado-style route (`EndpointSpec.regexGroups`): named groups pass by name,
 * otherwise groups pass in order to the parameters after `self` (a `*args` parameter takes the rest,
 * as the union of what they allow: `.*` if any group is `.*`). Each is a `re:` converter of its group's body.
 */
function groupConverters(route: string, list: ParamNode[]): Map<string, string> | undefined {
  const groups = captureGroups(route);
  if (!groups) return undefined;
  const out = new Map<string, string>();
  const named = groups.filter((g) => g.name !== undefined);
  if (named.length > 0) {
    for (const g of named) out.set(g.name!, `re:${g.body}`);
    const rest = list.find((p) => p.node.parent?.type === "dictionary_splat_pattern");
    if (rest) out.set(rest.name, `re:${named.map((g) => `(?:${g.body})`).join("|")}`);
    return out;
  }
  let i = 0;
  for (const p of list) {
    if (i >= groups.length) break;
    const splat = p.node.parent?.type === "list_splat_pattern";
    if (p.node.parent?.type === "dictionary_splat_pattern") continue;
    if (splat) {
      out.set(p.name, `re:${groups.slice(i).map((g) => `(?:${g.body})`).join("|")}`);
      break;
    }
    out.set(p.name, `re:${groups[i]!.body}`);
    i++;
  }
  return out;
}

/**
 * The converters of the parameters the routes of one view fill. With several routes
 * (`add_resource(Item, "/items", "/items/<int:item_id>")`), a parameter is typed by the one converter
 * every route that names it gives it, else it is plain text; one no route names is not input.
 */
function routeConverters(spec: EndpointSpec, routes: readonly string[], list: ParamNode[]): Map<string, string> | undefined {
  let out: Map<string, string> | undefined;
  for (const route of routes) {
    const one = spec.regexGroups ? groupConverters(route, list) : routeParams(route, spec.routeSyntax);
    if (!one) return undefined;
    if (!out) {
      out = one;
      continue;
    }
    for (const [name, conv] of one) {
      const seen = out.get(name);
      out.set(name, seen === undefined || seen === conv ? conv : "string");
    }
  }
  return out;
}

/** The sink kinds a route converter leaves its value clean of. */
function converterCleared(ctx: EndpointContext, spec: EndpointSpec, conv: string): number {
  const all = ctx.knowledge.allKinds;
  const regex = conv.startsWith("re:") ? conv.slice(3) : /^\w+$/.test(conv) ? undefined : conv;
  if (regex !== undefined) return regexSafety(regex, "full", (k) => ctx.knowledge.mask(k)) === all ? all : 0;
  if (spec.safeConverters?.includes(conv)) return all;
  return customConverterCleared(ctx, conv);
}

/**
 * A converter class the project registers under this name (`ProjectIndex.converterClass`): what its
 * `regex` lets through (judged on its alphabet, as a route's own regular expression), and what its
 * `to_python(self, value)` returns — its summary decides: `str(UUID(value))`, or a value that raised
 * otherwise, holds none of the text's dangerous kinds.
 */
function customConverterCleared(ctx: EndpointContext, conv: string): number {
  const cls = ctx.index.converterClass(conv);
  if (!cls) return 0;
  const all = ctx.knowledge.allKinds;
  let cleared = cls.regex !== undefined ? regexSafety(cls.regex, "full", (k) => ctx.knowledge.mask(k)) : 0;
  const toPython = ctx.index.findMethod(cls, "to_python");
  const summary = toPython && ctx.summary ? ctx.summary(toPython) : undefined;
  if (summary) {
    if (summary.neverReturns) return all;
    let kept = 0;
    // parameter 1 is the matched text (0 is `self`)
    for (const l of flat(summary.ret)) if (l.src === null && l.param === 1) kept |= l.mask;
    cleared |= all & ~kept;
  }
  return cleared & all;
}

/** The parameter each object spec names: by name first, else by position (plain parameters only). */
function objectRoles(spec: EndpointSpec, list: ParamNode[]): Map<string, ParamRole> {
  const out = new Map<string, ParamRole>();
  for (const o of spec.objects ?? []) {
    let p = o.names ? list.find((x) => o.names!.includes(x.name)) : undefined;
    if (!p && o.index !== undefined) p = list[o.index];
    if (!p || out.has(p.name) || p.node.parent?.type === "list_splat_pattern" || p.node.parent?.type === "dictionary_splat_pattern") continue;
    if (o.unannotated && p.annotation) continue;
    out.set(p.name, o.type ? { role: "object", type: o.type } : { role: "clean" });
  }
  return out;
}

function build(ctx: EndpointContext, spec: EndpointSpec, params: ParamNode[], isMethod: boolean, route: string | readonly string[] | undefined, html: boolean): EndpointInfo {
  const list = isMethod ? params.slice(1) : params;
  const roles = objectRoles(spec, list);
  const converters = spec.params !== "route" || route === undefined ? undefined : routeConverters(spec, typeof route === "string" ? [route] : route, list);
  const source = (p: ParamNode, type?: string): ParamRole => ({ role: "source", label: `${spec.paramLabel} ${p.name}`, ...(type ? { type } : {}), ...(spec.local ? { local: true } : {}) });
  for (const p of list) {
    if (roles.has(p.name)) continue;
    switch (spec.params) {
      case "annotated":
        roles.set(p.name, fastapiParam(ctx, spec, p, source));
        break;
      case "route":
        if (converters) {
          const conv = converters.get(p.name);
          if (conv !== undefined) {
            const cleared = converterCleared(ctx, spec, conv);
            roles.set(p.name, cleared === ctx.knowledge.allKinds ? { role: "clean" } : narrowed(source(p), cleared));
          } else if (spec.unnamedFromQuery) roles.set(p.name, source(p));
        } else if (p.name !== "self" && p.name !== "cls" && !annotatedAsError(ctx, p)) roles.set(p.name, source(p));
        break;
      case "all":
        roles.set(p.name, source(p, spec.sourceTypes?.find((t) => t.names.includes(p.name))?.type));
        break;
      case "none":
        break;
    }
  }
  const rs = spec.returnSink;
  const info: EndpointInfo = { framework: spec.framework, params: roles };
  if (rs && (rs.when !== "declared" || html)) {
    info.returnKind = rs.kind;
    if (rs.when !== "declared") info.returnContentType = rs.when === "always" ? "unless-other" : "html";
    if (rs.iterable) info.returnIterable = true;
  }
  if (isMethod && spec.selfAttrs) info.selfAttrs = spec.selfAttrs;
  if (spec.bodySink) info.bodyKind = spec.bodySink;
  return info;
}

/**
 * A handler published by an attribute (`EndpointSpec.exposedAttr`): `name.exposed = True` beside the
 * definition, or `exposed = True` in the body of the class of a public method.
 */
function exposedByAttribute(ctx: EndpointContext, spec: EndpointSpec, attr: string, fn: PyNode, name: string, isMethod: boolean): boolean {
  if (!importsAny(ctx.imports, spec.requiresImport)) return false;
  const def = fn.parent?.type === "decorated_definition" ? fn.parent : fn;
  for (const stmt of def.parent?.namedChildren ?? []) {
    const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : null;
    const left = a?.type === "assignment" ? a.get("left") : null;
    if (left?.type === "attribute" && left.get("object")?.text === name && left.get("attribute")?.text === attr) return a!.get("right")?.text === "True";
  }
  if (!isMethod || name.startsWith("_")) return false;
  const cls = enclosingClass(fn);
  return cls !== null && classAssignments(cls).get(attr)?.text === "True";
}

/**
 * A parameter annotated with an exception class (`exc: Exception`, `error: PermissionDenied`): an error
 * handler's argument, never text from the URL, whatever else the function looks like.
 */
function annotatedAsError(ctx: EndpointContext, p: ParamNode): boolean {
  const a = unparen(typeExpression(p.annotation));
  if (!a || (a.type !== "identifier" && a.type !== "attribute")) return false;
  const q = ctx.model.qualifiedName(a) ?? a.text;
  return /(?:^|\.)(?:[A-Z]\w*)?(?:Exception|Error)$/.test(q);
}

/** The class a method is defined in (through decorators). */
export function enclosingClass(fn: PyNode): PyNode | null {
  let n = fn.parent;
  if (n?.type === "decorated_definition") n = n.parent;
  return n?.type === "block" && n.parent?.type === "class_definition" ? n.parent : null;
}

/** `name = value` statements of a class body, by name. */
export function classAssignments(cls: PyNode): Map<string, PyNode> {
  const out = new Map<string, PyNode>();
  for (const stmt of cls.get("body")?.namedChildren ?? []) {
    const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : null;
    const left = a?.type === "assignment" ? a.get("left") : null;
    const right = a?.get("right");
    if (left?.type === "identifier" && right) out.set(left.text, right);
  }
  return out;
}

/** Marks clean the parameters whose declared argument type is safe (see `DeclaredArgsSpec`). */
function cleanDeclaredArgs(ctx: EndpointContext, spec: DeclaredArgsSpec, fn: PyNode, name: string, info: EndpointInfo): void {
  const cls = enclosingClass(fn);
  if (!cls) return;
  const declared = new Map<string, PyNode>();
  for (const stmt of cls.get("body")?.namedChildren ?? []) {
    if (stmt.type === "class_definition" && spec.classes.includes(stmt.get("name")?.text ?? "")) for (const [k, v] of classAssignments(stmt)) declared.set(k, v);
  }
  if (name.startsWith(spec.resolverPrefix)) {
    const field = unparen(classAssignments(cls).get(name.slice(spec.resolverPrefix.length)) ?? null);
    for (const a of field?.type === "call" ? field.get("arguments")?.namedChildren ?? [] : []) {
      if (a.type !== "keyword_argument") continue;
      const key = a.get("name")?.text ?? "";
      const value = unparen(a.get("value"));
      if (key === spec.argsKeyword && value?.type === "dictionary") {
        for (const pair of value.namedChildren) {
          const k = pair.type === "pair" ? asString(ctx.model.constant(pair.get("key"))) : undefined;
          const v = pair.get("value");
          if (k !== undefined && v) declared.set(k, v);
        }
      } else if (value) declared.set(key, value);
    }
  }
  for (const [param, role] of info.params) {
    const decl = declared.get(param);
    if (role.role === "source" && decl && safeDeclaration(ctx, spec, decl, 0)) info.params.set(param, { role: "clean" });
  }
}

function safeDeclaration(ctx: EndpointContext, spec: DeclaredArgsSpec, decl: PyNode, depth: number): boolean {
  const node = unparen(decl);
  if (!node || depth > 4) return false;
  const head = node.type === "call" ? node.get("function") : node;
  const q = head && (head.type === "identifier" || head.type === "attribute") ? ctx.model.qualifiedName(head) : undefined;
  if (!q) return false;
  if (spec.safeTypes.includes(q)) return true;
  if (spec.wrappers.includes(q)) {
    const inner = node.type === "call" ? ctx.model.arg(node, 0, "of_type") ?? ctx.model.arg(node, 0, "type_") : undefined;
    return inner !== undefined && safeDeclaration(ctx, spec, inner, depth + 1);
  }
  const resolved = ctx.index.resolve(q, ctx.model.path);
  const info = ctx.index.classInfo(q) ?? (resolved?.kind === "class" ? resolved.cls : undefined);
  return info !== undefined && ctx.index.ancestors(info).some((a) => spec.safeBases?.includes(a) ?? false);
}

/** Annotations whose values are of their type arguments: unions, and collections of the argument's type. */
const WRAPPERS: ReadonlySet<string> = new Set(["typing.Optional", "typing.Union", ...SEQUENCE_TYPES]);

function fastapiParam(ctx: EndpointContext, spec: EndpointSpec, p: ParamNode, source: (p: ParamNode, type?: string) => ParamRole): ParamRole {
  const dflt = unparen(p.default);
  const ann = p.annotation ? unparen(p.annotation.namedChildren[0] ?? p.annotation) : null;
  if (dflt?.type === "call" && (spec.dependencyCalls ?? []).includes(ctx.model.qualifiedName(dflt.get("function")) ?? "")) return dependency(ctx, ann);
  const checked = dflt?.type === "call" ? validatedKinds(ctx, dflt) : 0;
  if (checked === ctx.knowledge.allKinds) return { role: "clean" };
  if (!ann) return p.name === "self" ? { role: "clean" } : narrowed(source(p), checked);
  return narrowed(annotationRole(ctx, spec, ann, p, source, 0), checked);
}

/**
 * A dependency's value (`session: Session = Depends(get_session)`) is not request input; when its
 * annotation is a class the models know, it is an object of that type, so its methods are modelled, and
 * when it is a project class (an injected `FileService`), an instance of it, so its methods are analysed.
 */
function dependency(ctx: EndpointContext, ann: PyNode | null | string): ParamRole {
  const q = typeof ann === "string" ? ann : ann ? ctx.model.qualifiedName(ann) : undefined;
  const type = q ? (ctx.knowledge.classType(q)?.type ?? projectClass(ctx, q)?.qualified) : undefined;
  return type ? { role: "object", type } : { role: "clean" };
}

/** A parameter holding a parsed JSON document as sent (`payload: dict`): also a source of the document kinds. */
function document(spec: EndpointSpec, role: ParamRole): ParamRole {
  return role.role === "source" && spec.documentAnnotations ? { ...role, alsoKinds: spec.documentAnnotations.kinds } : role;
}

/** A source role whose value a check has cleared of some kinds (`Query(pattern=r"^[a-z.]+$")`: all but paths). */
function narrowed(role: ParamRole, cleared: number): ParamRole {
  return cleared && role.role === "source" ? { ...role, cleared: (role.cleared ?? 0) | cleared } : role;
}

function annotationRole(ctx: EndpointContext, spec: EndpointSpec, ann: PyNode, p: ParamNode, source: (p: ParamNode, type?: string) => ParamRole, depth: number): ParamRole {
  if (depth > 8) return source(p);
  const aliased = ctx.model.typeAlias(ann);
  if (aliased !== ann) return annotationRole(ctx, spec, aliased, p, source, depth + 1);
  const generic = genericParts(ann);
  const q = ctx.model.qualifiedName(generic ? generic.head : ann);
  if (generic) {
    const args = generic.args;
    if (q === "typing.Annotated" || q === "typing_extensions.Annotated") {
      const deps = args.slice(1).some((a) => a.type === "call" && (spec.dependencyCalls ?? []).includes(ctx.model.qualifiedName(a.get("function")) ?? ""));
      if (deps) return dependency(ctx, args[0] ?? null);
      let checked = 0;
      for (const a of args.slice(1)) if (a.type === "call") checked |= validatedKinds(ctx, a);
      if (checked === ctx.knowledge.allKinds) return { role: "clean" };
      return narrowed(args[0] ? annotationRole(ctx, spec, args[0], p, source, depth + 1) : source(p), checked);
    }
    if (LITERALS.has(q ?? "")) return { role: "clean" };
    if (q && spec.dependencyGenerics?.includes(q)) return dependency(ctx, args[0] ?? null);
    // under a marker the value is input whatever class it is parsed into: `bodyParams` does not apply
    if (q && spec.sourceMarkers?.includes(q)) return args[0] ? annotationRole(ctx, spec.bodyParams ? { ...spec, bodyParams: undefined } : spec, args[0], p, source, depth + 1) : source(p);
    if (q && spec.documentAnnotations?.class.includes(q)) return document(spec, source(p));
    // a project collection of its type parameter (`class IdFilter[T](Sequence[T])`) holds values of the argument's type
    const sequence = q && !WRAPPERS.has(q) ? projectClass(ctx, q)?.sequence : undefined;
    if (q && (WRAPPERS.has(q) || sequence)) return combine(args.flatMap((a) => (a.type === "tuple" ? a.namedChildren : [a])).map((a) => annotationRole(ctx, spec, a, p, source, depth + 1)), p, source);
    return source(p);
  }
  if (ann.type === "binary_operator") {
    return combine([ann.get("left"), ann.get("right")].filter((x): x is PyNode => x !== null).map((a) => annotationRole(ctx, spec, a, p, source, depth + 1)), p, source);
  }
  // `Filter[UUID] | None`: with a generic member the grammar makes the union a `union_type` of `type` nodes
  if (ann.type === "union_type") {
    return combine(ann.namedChildren.map((t) => typeExpression(t) ?? t).map((a) => annotationRole(ctx, spec, a, p, source, depth + 1)), p, source);
  }
  if (ann.type === "none") return { role: "clean" };
  if (ann.type === "call") {
    const checked = validatedKinds(ctx, ann);
    if (checked === ctx.knowledge.allKinds) return { role: "clean" };
    if (checked) return narrowed(source(p), checked);
  }
  if (!q) return source(p);
  // an `Annotated[T, ...]` alias declared in another module: `session: SessionDep` with
  // `SessionDep = Annotated[Session, Depends(get_db)]`, `slug: Slug` with `Slug = Annotated[str, StringConstraints(pattern=...)]`
  const alias = ann.type === "identifier" || ann.type === "attribute" ? ctx.index.annotatedAlias(q, ctx.model.path) : undefined;
  if (alias) {
    // `Literal[...]`: FastAPI accepts only the listed constants
    if (alias.length === 1 && LITERALS.has(alias[0]!)) return { role: "clean" };
    const meta = alias.slice(1).map((m) => {
      const fn = m.indexOf(PREDICATE_MARK);
      if (fn >= 0) return { callee: m.slice(0, fn), check: m.slice(fn + 1) };
      const nl = m.indexOf("\n");
      return nl < 0 ? { callee: m } : { callee: m.slice(0, nl), pattern: m.slice(nl + 1) };
    });
    if (meta.some((m) => (spec.dependencyCalls ?? []).includes(m.callee))) return dependency(ctx, alias[0] || null);
    let checked = 0;
    for (const m of meta) {
      if (ctx.knowledge.fieldValidation.numeric.has(m.callee)) checked = ctx.knowledge.allKinds;
      else if (m.pattern !== undefined) checked |= patternMask(ctx.knowledge, m.pattern);
      else if (m.check !== undefined && PREDICATES.has(m.callee)) checked |= predicateKinds(ctx, m.check);
    }
    if ((checked & ctx.knowledge.allKinds) === ctx.knowledge.allKinds) return { role: "clean" };
    return narrowed(alias[0] ? qualifiedRole(ctx, spec, alias[0], p, source) : source(p), checked);
  }
  return qualifiedRole(ctx, spec, q, p, source);
}

/** The project class a qualified name stands for, directly or through an import. */
function projectClass(ctx: EndpointContext, q: string): ClassInfo | undefined {
  const known = ctx.index.classInfo(q);
  if (known) return known;
  const resolved = ctx.index.resolve(q, ctx.model.path);
  return resolved?.kind === "class" ? resolved.cls : undefined;
}

/** The role of a parameter annotated with the class or type `q` (a qualified name). */
function qualifiedRole(ctx: EndpointContext, spec: EndpointSpec, q: string, p: ParamNode, source: (p: ParamNode, type?: string) => ParamRole): ParamRole {
  if (spec.documentAnnotations?.class.includes(q)) return document(spec, source(p));
  for (const o of spec.objectAnnotations ?? []) if (o.class.includes(q)) return { role: "object", type: o.type };
  for (const o of spec.sourceAnnotations ?? []) if (o.class.includes(q)) return source(p, o.type);
  // FastAPI validates parameters with pydantic: the types a validating model guarantees hold here too
  if ((spec.safeAnnotations ?? []).includes(q)) return { role: "clean" };
  const kinds = typeKinds(ctx.knowledge, q);
  if (kinds === ctx.knowledge.allKinds) return { role: "clean" };
  if (kinds) return narrowed(source(p), kinds);
  const cls = projectClass(ctx, q);
  if (cls && ctx.index.ancestors(cls).some((a) => a.startsWith("enum."))) return { role: "clean" };
  // only the body parameter takes a structured value: a class elsewhere is an injected dependency
  if (spec.bodyParams && !spec.bodyParams.includes(p.name)) {
    if (cls) return { role: "object", type: cls.qualified };
    const type = ctx.knowledge.classType(q)?.type;
    if (type) return { role: "object", type };
  }
  return source(p, cls ? cls.qualified : undefined);
}

/**
 * The sink kinds `Query(pattern=r"^[a-z]+$")` (or `regex=`, also `constr(pattern=...)`) clears by
 * the alphabet its pattern allows; every kind for `conint(gt=0)` and the other numeric
 * constrained types of the models.
 */
function validatedKinds(ctx: EndpointContext, call: PyNode): number {
  const callee = ctx.model.qualifiedName(call.get("function")) ?? "";
  if (ctx.knowledge.fieldValidation.numeric.has(callee)) return ctx.knowledge.allKinds;
  const check = PREDICATES.has(callee) ? ctx.model.arg(call, 0, "func") : undefined;
  if (check) return predicateKinds(ctx, ctx.model.qualifiedName(check));
  const pattern = ctx.model.arg(call, -1, "pattern") ?? ctx.model.arg(call, -1, "regex");
  const text = asString(ctx.model.constant(pattern ?? null));
  return text !== undefined ? patternMask(ctx.knowledge, text) : 0;
}

/**
 * The sink kinds a value is clean of where a project function `check` (a qualified name) returned true for it: what
 * its summary says a truthy return guarantees of its first parameter (`return SAFE.fullmatch(value) is not None`).
 */
function predicateKinds(ctx: EndpointContext, check: string | undefined): number {
  const r = check ? ctx.index.resolve(check, ctx.model.path) : undefined;
  const fn = r?.kind === "function" ? r.fn : undefined;
  return (fn && ctx.summary?.(fn)?.validates.get(0)) ?? 0;
}

function combine(roles: ParamRole[], p: ParamNode, source: (p: ParamNode, type?: string) => ParamRole): ParamRole {
  const open = roles.filter((r) => r.role !== "clean");
  if (open.length === 0) return { role: "clean" };
  return open.length === 1 ? open[0]! : source(p);
}

/**
 * Whether a file that imports no framework still defines an entry point the models recognise by
 * its shape: a function with an entry-point signature (`def handler(event, context)`), or a
 * request-named first parameter whose framework attributes it reads (`def view(request):
 * request.GET`). Looks at module-level functions and methods only.
 */
export function definesShapedEntryPoint(model: FileModel, specs: readonly EndpointSpec[]): boolean {
  const shaped = specs.filter((s) => s.signature || s.inferred?.reads);
  if (shaped.length === 0) return false;
  const visit = (body: PyNode, inClass: boolean): boolean => {
    for (const raw of body.namedChildren) {
      const stmt = raw.type === "decorated_definition" ? raw.get("definition") ?? raw : raw;
      if (stmt.type === "function_definition") {
        const { params } = paramNodes(stmt);
        for (const spec of shaped) {
          if (spec.signature && hasSignature(params, inClass, spec.signature)) return true;
          const first = params[0];
          if (!inClass && first && spec.inferred?.param.includes(first.name) && readsRequestAttribute(stmt, first.name, spec.inferred.reads)) return true;
        }
      } else if (stmt.type === "class_definition") {
        const block = stmt.get("body");
        if (block && visit(block, true)) return true;
      } else if (stmt.type === "if_statement" || stmt.type === "try_statement") {
        for (const b of stmt.namedChildren) {
          const block = b.type === "block" ? b : b.namedChildren.find((c) => c.type === "block");
          if (block && visit(block, inClass)) return true;
        }
      }
    }
    return false;
  };
  return visit(model.root, false);
}
