/**
 * Endpoint detection: which functions are web views (Flask routes and method views, Django
 * function and class-based views, FastAPI path operations) and what their parameters hold —
 * route parameters and request bodies are sources, request objects are typed objects,
 * dependencies and validated numeric parameters are clean.
 */
import type { FileModel } from "../model/file-model.js";
import { unparen, type PyNode } from "../parse/ast.js";
import { asString } from "../model/values.js";
import type { EndpointInfo, ParamRole } from "./frame.js";
import { regexSafety } from "./guards.js";
import type { Knowledge } from "./knowledge.js";
import type { EndpointSpec } from "./model-types.js";
import { paramNodes, type ParamNode } from "./params.js";
import { localViewKey, type ProjectIndex, type RegisteredRoute } from "./project-index.js";

export interface EndpointContext {
  knowledge: Knowledge;
  index: ProjectIndex;
  model: FileModel;
  imports: readonly string[];
  /** The type of a module-level name (the `app` in `@app.route`), if known. */
  moduleType(name: string): string | undefined;
}

function importsAny(imports: readonly string[], prefixes: readonly string[] | undefined): boolean {
  if (!prefixes) return false;
  return prefixes.some((p) => imports.some((i) => i === p || i.startsWith(`${p}.`)));
}

/**
 * The endpoint description of a function, or undefined when it is not a view. `nested`: the
 * function is defined inside another function (`create_app`), where only explicit registrations
 * (decorators, `add_url_rule`) make it a view, never inference from its parameter names.
 */
export function detectEndpoint(ctx: EndpointContext, fn: PyNode, cls: string | undefined, nested = false): EndpointInfo | undefined {
  const { params } = paramNodes(fn);
  const decorators = fn.parent?.type === "decorated_definition" ? fn.parent.children.filter((c) => c.type === "decorator") : [];
  const name = fn.get("name")?.text ?? "";
  const qualified = cls ? `${cls}.${name}` : ctx.model.qualifiedName(fn.get("name")) ?? localViewKey(ctx.model.path, fn.start);
  for (const spec of ctx.knowledge.endpoints) {
    const matches = decorators.map((d) => routeDecorator(ctx, spec, d)).filter((x): x is DecoratorMatch => x !== undefined);
    const decorated = matches[0];
    if (decorated) return withStaticRoute(build(ctx, spec, params, cls !== undefined, decorated.route, decorated.htmlClass), matches.map((m) => m.route));
    const registered = (qualified ? ctx.index.routes.get(qualified) : undefined)?.filter((r) => r.framework === spec.framework);
    if (registered && registered.length > 0 && !cls) return withStaticRoute(build(ctx, spec, params, false, mergeRoutes(registered), false, registered.every((r) => r.requestFirst)), registered.map((r) => r.route));
    if (cls && spec.viewBases && spec.viewMethods?.includes(name) && isViewClass(ctx, cls, spec.viewBases)) {
      const routes = ctx.index.routes.get(cls)?.filter((r) => r.framework === spec.framework);
      return withStaticRoute(build(ctx, spec, params, true, routes ? mergeRoutes(routes) : undefined, false), routes?.map((r) => r.route) ?? []);
    }
    if (spec.framework === "django" && !cls && !nested && spec.requestType && importsAny(ctx.imports, spec.requiresImport) && isDjangoFunctionView(ctx, spec, params)) {
      return build(ctx, spec, params, false, undefined, false);
    }
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

/** True when a class derives (through project classes) from one of the framework's view bases. */
export function isViewClass(ctx: { index: ProjectIndex }, cls: string, bases: readonly string[]): boolean {
  const info = ctx.index.classInfo(cls);
  if (!info) return false;
  return ctx.index.ancestors(info).some((a) => bases.some((b) => a === b || a.startsWith(`${b}.`)));
}

function isDjangoFunctionView(ctx: EndpointContext, spec: EndpointSpec, params: ParamNode[]): boolean {
  const first = params[0];
  if (!first) return false;
  if (first.annotation) {
    const q = ctx.model.qualifiedName(first.annotation.namedChildren[0] ?? first.annotation);
    return spec.objectAnnotations?.some((o) => o.type === spec.requestType && q !== undefined && o.class.includes(q)) ?? false;
  }
  return first.name === "request";
}

function mergeRoutes(routes: RegisteredRoute[]): string | undefined {
  // several registrations: only a route common to all is trusted for converters
  const first = routes[0]?.route;
  return routes.every((r) => r.route === first) ? first : undefined;
}

interface DecoratorMatch {
  route: string | undefined;
  htmlClass: boolean;
}

function routeDecorator(ctx: EndpointContext, spec: EndpointSpec, d: PyNode): DecoratorMatch | undefined {
  const call = unparen(d.namedChildren[0] ?? null);
  if (call?.type !== "call" || !spec.decorators) return undefined;
  const fnExpr = call.get("function");
  if (fnExpr?.type !== "attribute") return undefined;
  const method = fnExpr.get("attribute")?.text ?? "";
  if (!spec.decorators.includes(method)) return undefined;
  const recv = unparen(fnExpr.get("object"));
  let type = recv?.type === "identifier" ? ctx.moduleType(recv.text) : undefined;
  if (!type && recv) {
    const q = ctx.model.qualifiedName(recv);
    const r = q ? ctx.index.resolve(q, ctx.model.path) : undefined;
    if (r?.kind === "instance") type = ctx.knowledge.call(r.callee)?.types[0]?.type;
  }
  const typed = type !== undefined && (spec.appTypes?.includes(type) ?? false);
  if (!typed && (type !== undefined || !importsAny(ctx.imports, spec.requiresImport))) return undefined;
  const route = asString(ctx.model.constant(ctx.model.arg(call, 0, spec.framework === "flask" ? "rule" : "path") ?? null));
  const rc = ctx.model.arg(call, -1, "response_class");
  const htmlClass = rc !== undefined && (spec.htmlResponseClasses ?? []).includes(ctx.model.qualifiedName(rc) ?? "");
  return { route, htmlClass };
}

/** Route parameters and their converters: `<int:id>` (Flask, Django), `{name}` (FastAPI), `(?P<name>re)` (Django re_path). */
export function routeParams(route: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of route.matchAll(/<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>/g)) out.set(m[2]!, m[1] ?? "string");
  for (const m of route.matchAll(/\{(\w+)(?::(\w+))?\}/g)) out.set(m[1]!, m[2] ?? "str");
  for (const m of route.matchAll(/\(\?P<(\w+)>((?:[^()\\]|\\.|\([^()]*\))*)\)/g)) out.set(m[1]!, `re:${m[2]}`);
  return out;
}

function converterIsSafe(ctx: EndpointContext, spec: EndpointSpec, conv: string): boolean {
  const all = ctx.knowledge.allKinds;
  if (conv.startsWith("re:")) return regexSafety(conv.slice(3), "full", (k) => ctx.knowledge.mask(k)) === all;
  return spec.safeConverters?.includes(conv) ?? false;
}

function build(ctx: EndpointContext, spec: EndpointSpec, params: ParamNode[], isMethod: boolean, route: string | undefined, htmlClass: boolean, requestFirst = false): EndpointInfo {
  const roles = new Map<string, ParamRole>();
  const list = isMethod ? params.slice(1) : params;
  const converters = route !== undefined ? routeParams(route) : undefined;
  const source = (p: ParamNode, type?: string): ParamRole => ({ role: "source", label: `${spec.paramLabel} ${p.name}`, ...(type ? { type } : {}) });
  list.forEach((p, i) => {
    if (spec.framework === "django" && i === 0 && spec.requestType && (p.name === "request" || !isMethod)) {
      roles.set(p.name, { role: "object", type: spec.requestType });
      return;
    }
    if (requestFirst && i === 0 && spec.requestType && !p.annotation) {
      // a Starlette endpoint is called with the request
      roles.set(p.name, { role: "object", type: spec.requestType });
      return;
    }
    if (spec.framework === "fastapi") {
      roles.set(p.name, fastapiParam(ctx, spec, p, source));
      return;
    }
    if (converters) {
      const conv = converters.get(p.name);
      if (conv === undefined) return;
      roles.set(p.name, converterIsSafe(ctx, spec, conv) ? { role: "clean" } : source(p));
      return;
    }
    if (p.name === "self" || p.name === "cls") return;
    roles.set(p.name, source(p));
  });
  const rs = spec.returnSink;
  const info: EndpointInfo = { framework: spec.framework, params: roles };
  if (rs && (rs.when === "always" || htmlClass)) info.returnKind = rs.kind;
  return info;
}

const WRAPPERS = new Set([
  "typing.Optional",
  "typing.Union",
  "typing.List",
  "typing.Set",
  "typing.FrozenSet",
  "typing.Tuple",
  "typing.Sequence",
  "typing.Iterable",
  "builtins.list",
  "builtins.set",
  "builtins.tuple",
  "builtins.frozenset",
]);

function fastapiParam(ctx: EndpointContext, spec: EndpointSpec, p: ParamNode, source: (p: ParamNode, type?: string) => ParamRole): ParamRole {
  const dflt = unparen(p.default);
  if (dflt?.type === "call" && (spec.dependencyCalls ?? []).includes(ctx.model.qualifiedName(dflt.get("function")) ?? "")) return { role: "clean" };
  if (dflt?.type === "call" && validatedByPattern(ctx, dflt)) return { role: "clean" };
  const ann = p.annotation ? unparen(p.annotation.namedChildren[0] ?? p.annotation) : null;
  if (!ann) return p.name === "self" ? { role: "clean" } : source(p);
  return annotationRole(ctx, spec, ann, p, source, 0);
}

function annotationRole(ctx: EndpointContext, spec: EndpointSpec, ann: PyNode, p: ParamNode, source: (p: ParamNode, type?: string) => ParamRole, depth: number): ParamRole {
  if (depth > 8) return source(p);
  const q = ctx.model.qualifiedName(ann.type === "subscript" ? ann.get("value") : ann);
  if (ann.type === "subscript") {
    const args = ann.all("subscript");
    if (q === "typing.Annotated" || q === "typing_extensions.Annotated") {
      const deps = args.slice(1).some((a) => a.type === "call" && (spec.dependencyCalls ?? []).includes(ctx.model.qualifiedName(a.get("function")) ?? ""));
      if (deps) return { role: "clean" };
      if (args.slice(1).some((a) => a.type === "call" && validatedByPattern(ctx, a))) return { role: "clean" };
      return args[0] ? annotationRole(ctx, spec, args[0], p, source, depth + 1) : source(p);
    }
    if (q === "typing.Literal" || q === "typing_extensions.Literal") return { role: "clean" };
    if (q && WRAPPERS.has(q)) return combine(args.flatMap((a) => (a.type === "tuple" ? a.namedChildren : [a])).map((a) => annotationRole(ctx, spec, a, p, source, depth + 1)), p, source);
    return source(p);
  }
  if (ann.type === "binary_operator") {
    return combine([ann.get("left"), ann.get("right")].filter((x): x is PyNode => x !== null).map((a) => annotationRole(ctx, spec, a, p, source, depth + 1)), p, source);
  }
  if (ann.type === "none") return { role: "clean" };
  if (ann.type === "call" && validatedByPattern(ctx, ann)) return { role: "clean" };
  if (!q) return source(p);
  for (const o of spec.objectAnnotations ?? []) if (o.class.includes(q)) return { role: "object", type: o.type };
  for (const o of spec.sourceAnnotations ?? []) if (o.class.includes(q)) return source(p, o.type);
  if ((spec.safeAnnotations ?? []).includes(q)) return { role: "clean" };
  const resolved = ctx.index.resolve(q, ctx.model.path);
  const cls = ctx.index.classInfo(q) ?? (resolved?.kind === "class" ? resolved.cls : undefined);
  if (cls && ctx.index.ancestors(cls).some((a) => a.startsWith("enum."))) return { role: "clean" };
  return source(p, cls ? cls.qualified : undefined);
}

/** `Query(pattern=r"^[a-z]+$")` (or `regex=`, also `constr(pattern=...)`): validated on a safe alphabet. */
function validatedByPattern(ctx: EndpointContext, call: PyNode): boolean {
  const pattern = ctx.model.arg(call, -1, "pattern") ?? ctx.model.arg(call, -1, "regex");
  const text = asString(ctx.model.constant(pattern ?? null));
  const all = ctx.knowledge.allKinds;
  return text !== undefined && regexSafety(text, "none", (k) => ctx.knowledge.mask(k)) === all;
}

function combine(roles: ParamRole[], p: ParamNode, source: (p: ParamNode, type?: string) => ParamRole): ParamRole {
  const open = roles.filter((r) => r.role !== "clean");
  if (open.length === 0) return { role: "clean" };
  return open.length === 1 ? open[0]! : source(p);
}
