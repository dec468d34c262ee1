/**
 * Views called with the fields a schema validated from the request as keyword arguments (webargs'
 * `@use_kwargs(UserSchema, location="query")`, a parser's `@parser.use_kwargs({"page": fields.Int()})`,
 * `FormSpec.kwargsFrom`). Each parameter named after a field the schema declares is request data,
 * cleaned of what that field's validation rules out, as `schema.load` would clean it: the decorator,
 * not the route, fills it. A schema with a method that replaces the loaded mapping (`@post_load`,
 * `FormSpec.replacedBy`) says nothing of what the view receives: those parameters stay request data.
 *
 * The schema is read where the decorator names it: a schema class or a call of one, a dict of fields,
 * a class attribute holding a schema (`get_schema = ReportSchema()`), or a method of the view's class
 * returning one (`make_post_schema`).
 */
import { unparen, type PyNode } from "../parse/ast.js";
import { classAssignments, enclosingClass, type EndpointContext } from "./endpoints.js";
import { constrained } from "./field-checks.js";
import type { EndpointInfo, ParamRole } from "./frame.js";
import type { FormSpec } from "./model-types.js";
import { paramNodes } from "./params.js";
import { fieldConstraints, type ClassInfo, type FieldConstraint } from "./project-index.js";
import { asString } from "../model/values.js";

/** The fields a decorator's schema declares, with their constraint calls, and whether the schema replaces its mapping. */
interface SchemaFields {
  fields: Map<string, readonly FieldConstraint[]>;
  replaced: boolean;
}

/** `info` with the parameters the view's schema decorators fill (the same object when there are none). */
export function withSchemaArguments(ctx: EndpointContext, fn: PyNode, decorators: readonly PyNode[], info: EndpointInfo): EndpointInfo {
  if (decorators.length === 0) return info;
  const specs = ctx.knowledge.fieldValidation.forms.filter((s) => s.kwargsFrom);
  if (specs.length === 0) return info;
  let params: Map<string, ParamRole> | undefined;
  for (const d of decorators) {
    const call = unparen(d.namedChildren[0] ?? null);
    if (call?.type !== "call") continue;
    const spec = specs.find((s) => fillsKwargs(ctx, s, call));
    if (!spec) continue;
    const schema = schemaOf(ctx, spec, fn, unparen(ctx.model.arg(call, 0, "argmap") ?? null), 0);
    if (!schema) continue;
    params ??= new Map(info.params);
    const safe = new Set(spec.safeFields);
    const all = ctx.knowledge.allKinds;
    const list = paramNodes(fn).params;
    for (const p of list) {
      const constraints = schema.fields.get(p.name);
      if (!constraints || p.name === "self" || p.name === "cls") continue;
      const had = params.get(p.name);
      if (had?.role === "clean" || had?.role === "object") continue;
      const source: ParamRole = had ?? { role: "source", label: `request argument ${p.name}` };
      if (schema.replaced) {
        params.set(p.name, source);
        continue;
      }
      const cleared = constrained(ctx, ctx.model.path, constraints, safe);
      if (cleared === all) params.set(p.name, { role: "clean" });
      else if (source.role === "source") params.set(p.name, cleared ? { ...source, cleared: (source.cleared ?? 0) | cleared } : source);
    }
  }
  return params ? { ...info, params } : info;
}

/** Whether a decorator call is one of the spec's: a qualified decorator, or its method on a parser object. */
function fillsKwargs(ctx: EndpointContext, spec: FormSpec, call: PyNode): boolean {
  const by = spec.kwargsFrom!;
  const callee = unparen(call.get("function"));
  if (!callee) return false;
  const q = ctx.model.qualifiedName(callee);
  if (q && by.calls.includes(q)) return true;
  if (callee.type !== "attribute" || !by.methods.includes(callee.get("attribute")?.text ?? "")) return false;
  const recv = ctx.model.qualifiedName(callee.get("object"));
  if (!recv) return false;
  if (by.instances.includes(recv)) return true;
  // a module-level instance of a project parser class (`resource_parser = ResourceReadingParser()`)
  const r = ctx.index.resolve(recv, ctx.model.path);
  if (r?.kind !== "instance") return false;
  const made = ctx.index.resolve(r.callee, ctx.model.path);
  if (made?.kind === "class") return ctx.index.ancestors(made.cls).some((a) => by.parsers.includes(a));
  return by.parsers.includes(r.callee);
}

/** The schema a decorator argument names (see the file comment). */
function schemaOf(ctx: EndpointContext, spec: FormSpec, fn: PyNode, n: PyNode | null, depth: number): SchemaFields | undefined {
  if (!n || depth > 4) return undefined;
  if (n.type === "dictionary") {
    const fields = new Map<string, readonly FieldConstraint[]>();
    for (const pair of n.namedChildren) {
      if (pair.type !== "pair") return undefined;
      const key = asString(ctx.model.constant(pair.get("key")));
      if (key === undefined) return undefined;
      fields.set(key, fieldConstraints(ctx.model, null, pair.get("value")));
    }
    return { fields, replaced: false };
  }
  const target = n.type === "call" ? unparen(n.get("function")) : n;
  if (!target || (target.type !== "identifier" && target.type !== "attribute")) return undefined;
  const q = ctx.model.qualifiedName(target);
  const r = q ? ctx.index.resolve(q, ctx.model.path) : undefined;
  if (r?.kind === "class") return schemaClass(ctx, spec, r.cls);
  // a name of the view's class: an attribute holding a schema, or a method returning one
  if (target.type !== "identifier" || n.type === "call") return undefined;
  const cls = enclosingClass(fn);
  if (!cls) return undefined;
  const method = cls.get("body")?.namedChildren.map((stmt) => (stmt.type === "decorated_definition" ? stmt.get("definition") : stmt)).find((d) => d?.type === "function_definition" && d.get("name")?.text === target.text);
  if (method) return schemaOf(ctx, spec, fn, returnedExpression(method), depth + 1);
  const assigned = classAssignments(cls).get(target.text);
  return assigned ? schemaOf(ctx, spec, fn, unparen(assigned), depth + 1) : undefined;
}

/** The declared fields of a schema class of the spec's bases, and whether a method replaces its mapping. */
function schemaClass(ctx: EndpointContext, spec: FormSpec, cls: ClassInfo): SchemaFields | undefined {
  const ancestors = ctx.index.ancestors(cls);
  if (!spec.bases.some((b) => ancestors.includes(b))) return undefined;
  const fields = new Map<string, readonly FieldConstraint[]>();
  for (const [name, constraints] of ctx.index.inherited(cls, (x) => [...(x.declared ?? [])])) if (!fields.has(name)) fields.set(name, constraints);
  const replacedBy = spec.replacedBy ?? [];
  const replaced = ctx.index.inherited(cls, (x) => [...x.methods.values()]).some((m) => m.decorators.some((d) => replacedBy.includes(d.slice(d.lastIndexOf(".") + 1))));
  return { fields, replaced };
}

/** The expression a function returns, when its body has exactly one `return` with a value. */
function returnedExpression(def: PyNode): PyNode | null {
  const found: PyNode[] = [];
  const visit = (n: PyNode) => {
    for (const c of n.namedChildren) {
      if (c.type === "function_definition" || c.type === "class_definition" || c.type === "lambda") continue;
      if (c.type === "return_statement" && c.namedChildren[0]) found.push(c.namedChildren[0]);
      else visit(c);
    }
  };
  const body = def.get("body");
  if (body) visit(body);
  return found.length === 1 ? unparen(found[0]!) : null;
}
