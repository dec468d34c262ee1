/**
 * Deployment descriptors that name entry points: the Serverless Framework's `serverless.yml`
 * (`functions.<name>.handler: app/handlers.create_user`), AWS SAM / CloudFormation templates
 * (`template.yaml`: `Type: AWS::Serverless::Function` with `Properties.Handler: app.lambda_handler`
 * under `CodeUri`), and OpenAPI / Swagger documents that Connexion serves (`operationId:
 * api.users.get_user`, or `x-openapi-router-controller: api.users` beside `operationId: get_user`).
 * The functions they name are Lambda handlers or views whatever their parameters are called, so the
 * taint analysis treats them as entry points. For an OpenAPI operation the parameters the document
 * declares (path, query, form fields, and the request body as `body`) are the view's input, each
 * with what Connexion validates it into (an `integer`, an `enum`, an anchored `pattern`): they are
 * written as a route template the engine reads like any framework's (`{id:int}`, `(?P<code>^[a-z]+$)`).
 *
 * The files are read as data with the `yaml` package: no tag is resolved to anything but plain
 * data (CloudFormation's `!Ref`/`!Sub` values are unknown, not strings), aliases are capped, and a
 * file that is not valid YAML gets a warning naming it while the scan goes on.
 */
import path from "node:path";
import { isNode, parseDocument, Scalar, visit } from "yaml";
import { readCappedText } from "./safe-fs.js";
import type { Notification } from "./types.js";

/** A function a descriptor names as an entry point. */
export interface DeclaredHandler {
  /** The Python file, relative to the scan root (one of the scanned files). */
  path: string;
  /** The module-level function's name. */
  name: string;
  /** The endpoint framework of the taint models it belongs to (`aws-lambda`). */
  framework: string;
  /** The descriptor naming it, relative to the scan root. */
  declaredIn: string;
  /** The route template of its input, when the descriptor declares it (OpenAPI operations). */
  route?: string;
}

/** File names read as deployment descriptors (exact, case-sensitive, as the tools look for them). */
export const DESCRIPTOR_NAMES: ReadonlySet<string> = new Set(["serverless.yml", "serverless.yaml", "template.yaml", "template.yml"]);

/** OpenAPI / Swagger documents by name: `openapi.yaml`, `swagger.json`, `petstore-openapi3.yml`, `api.yaml`. */
const OPENAPI_NAME = /^(?:[\w.-]*(?:openapi|swagger)[\w.-]*|api)\.(?:ya?ml|json)$/i;

/** Whether discovery keeps a file of this name as a descriptor. */
export function isDescriptorName(name: string): boolean {
  return DESCRIPTOR_NAMES.has(name) || OPENAPI_NAME.test(name);
}

/** Descriptors larger than this are not read (they are generated, and a handler list is small). */
const MAX_DESCRIPTOR_BYTES = 2 * 1024 * 1024;

const LAMBDA_TYPES = new Set(["AWS::Serverless::Function", "AWS::Lambda::Function"]);

/**
 * The handlers the descriptors name that are among the scanned Python files (`sources`, relative
 * paths), sorted, with a notification for each descriptor that could not be read.
 */
export function declaredHandlers(root: string, descriptors: readonly string[], sources: ReadonlySet<string>): { handlers: DeclaredHandler[]; notifications: Notification[] } {
  const handlers: DeclaredHandler[] = [];
  const notifications: Notification[] = [];
  for (const rel of [...descriptors].sort()) {
    let text: string | undefined;
    try {
      text = readCappedText(path.join(root, rel), MAX_DESCRIPTOR_BYTES);
    } catch (err) {
      notifications.push({ kind: "read-error", level: "warning", path: rel, message: `could not read ${rel} (${(err as Error).message}); the Lambda handlers it names are not known as entry points: fix its permissions or exclude it with --exclude` });
      continue;
    }
    // larger files are generated: not read
    if (text === undefined) continue;
    const base = path.basename(rel);
    const kind = DESCRIPTOR_NAMES.has(base) ? (base.startsWith("serverless.") ? "serverless" : "sam") : "openapi";
    // any file may be called template.yaml or api.json: only an AWS template or an OpenAPI document naming operations is read
    if (kind === "sam" && !/AWS::(?:Serverless|Lambda)::Function|AWSTemplateFormatVersion/.test(text)) continue;
    if (kind === "openapi" && !(/(?:^|[{,])\s*["']?(?:openapi|swagger)["']?\s*:/m.test(text) && text.includes("operationId"))) continue;
    const data = readYaml(text);
    if ("error" in data) {
      const what = kind === "openapi" ? "the Connexion views its operations name are not known as entry points, so flows from their parameters are missed" : "the Lambda handlers it names are not known as entry points, so flows from their events are missed";
      notifications.push({ kind: "config", level: "warning", path: rel, message: `${rel} is not valid YAML (${data.error}); ${what}: fix the file, or exclude it with --exclude` });
      continue;
    }
    const dir = path.posix.dirname(rel);
    if (kind === "openapi") {
      for (const op of openapiOperations(data.value)) {
        const file = operationFile(dir, op.handler, sources);
        if (file) handlers.push({ path: file.path, name: file.name, framework: "connexion", declaredIn: rel, route: op.route });
      }
      continue;
    }
    const found = kind === "sam" ? samHandlers(data.value) : serverlessHandlers(data.value);
    for (const h of found) {
      const file = handlerFile(dir, h.codeDir, h.handler, sources);
      if (file) handlers.push({ path: file.path, name: file.name, framework: "aws-lambda", declaredIn: rel });
    }
  }
  const seen = new Set<string>();
  const unique = handlers.filter((h) => {
    const key = `${h.path}\0${h.name}\0${h.route ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  unique.sort((a, b) => order(a.path, b.path) || order(a.name, b.name) || order(a.route ?? "", b.route ?? ""));
  return { handlers: unique, notifications };
}

/** Parses YAML as plain data; a value under an application tag (`!Ref X`, `!Sub ...`) becomes null. */
function readYaml(text: string): { value: unknown } | { error: string } {
  const doc = parseDocument(text, { uniqueKeys: false });
  // the first line of the message names the place: "... at line 5, column 1:"
  if (doc.errors.length > 0) return { error: doc.errors[0]!.message.split("\n")[0]!.replace(/:$/, "") };
  visit(doc, {
    Node(_, node) {
      if (isNode(node) && node.tag?.startsWith("!") && !node.tag.startsWith("!!")) return new Scalar(null);
      return undefined;
    },
  });
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (err) {
    // an alias bomb (`maxAliasCount`)
    return { error: (err as Error).message };
  }
}

interface NamedHandler {
  handler: string;
  /** The code folder the handler is relative to, relative to the descriptor's folder. */
  codeDir: string;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** Python or not said: other runtimes' handlers are not Python functions. */
function pythonRuntime(...runtimes: unknown[]): boolean {
  const r = runtimes.find((x) => typeof x === "string");
  return r === undefined || /^python/i.test(r as string);
}

/** `functions: { name: { handler, module?, runtime? } }` (also a list of such maps). */
function serverlessHandlers(doc: unknown): NamedHandler[] {
  const top = record(doc);
  const provider = record(top?.provider);
  const fns = top?.functions;
  const maps = Array.isArray(fns) ? fns.map(record) : [record(fns)];
  const out: NamedHandler[] = [];
  for (const m of maps) {
    for (const fn of Object.values(m ?? {})) {
      const def = record(fn);
      const handler = text(def?.handler);
      if (!handler || !pythonRuntime(def?.runtime, provider?.runtime)) continue;
      // serverless-python-requirements: `module: subdir` is the folder the handler is relative to
      out.push({ handler, codeDir: text(def?.module) ?? "." });
    }
  }
  return out;
}

/** `Resources.<id>` of a Lambda type with `Properties.Handler` (defaults from `Globals.Function`). */
function samHandlers(doc: unknown): NamedHandler[] {
  const top = record(doc);
  const globals = record(record(top?.Globals)?.Function);
  const out: NamedHandler[] = [];
  for (const res of Object.values(record(top?.Resources) ?? {})) {
    const r = record(res);
    if (!LAMBDA_TYPES.has(text(r?.Type) ?? "")) continue;
    const props = record(r?.Properties);
    const handler = text(props?.Handler) ?? text(globals?.Handler);
    if (!handler || !pythonRuntime(props?.Runtime, globals?.Runtime)) continue;
    // `CodeUri: hello_world/` (a local folder; an S3 location or a reference leaves the template's folder)
    const uri = props && "CodeUri" in props ? props.CodeUri : globals?.CodeUri;
    const local = typeof uri === "string" && !/^[a-z][a-z0-9+.-]*:/i.test(uri) ? uri : ".";
    out.push({ handler, codeDir: local });
  }
  return out;
}

/**
 * The scanned file and function a handler string names: `pkg/mod.func` or `pkg.mod.func`, the
 * module relative to the code folder (`mod.py` or `mod/__init__.py`); nothing when it leaves the
 * scan root, is templated (`${self:custom.x}`) or is not among the scanned files.
 */
function handlerFile(descriptorDir: string, codeDir: string, handler: string, sources: ReadonlySet<string>): { path: string; name: string } | undefined {
  const dot = handler.lastIndexOf(".");
  if (dot <= 0 || handler.includes("${")) return undefined;
  const name = handler.slice(dot + 1);
  if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
  const mod = handler.slice(0, dot).replace(/\./g, "/");
  if (!/^[\w/-]+$/.test(mod)) return undefined;
  const base = path.posix.normalize(path.posix.join(descriptorDir, codeDir, mod));
  if (base.startsWith("../") || base === ".." || path.posix.isAbsolute(base)) return undefined;
  for (const candidate of [`${base}.py`, `${base}/__init__.py`]) if (sources.has(candidate)) return { path: candidate, name };
  return undefined;
}

/** An OpenAPI operation bound to a Python function, and the route template of its declared input. */
interface Operation {
  handler: string;
  route: string;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * The operations of an OpenAPI 3 or Swagger 2 document with a dotted `operationId` (with
 * `x-openapi-router-controller` / `x-swagger-router-controller`, the controller module and the
 * id), each with a route template naming what Connexion passes the function: path and query
 * parameters, form fields, and the body (`body`, or the name `x-body-name` gives). Header and
 * cookie parameters are not passed as arguments.
 */
function openapiOperations(doc: unknown): Operation[] {
  const top = record(doc);
  const out: Operation[] = [];
  for (const [template, item] of Object.entries(record(top?.paths) ?? {})) {
    const pathItem = record(item);
    if (!pathItem) continue;
    for (const method of HTTP_METHODS) {
      const op = record(pathItem[method]);
      const id = text(op?.operationId);
      if (!op || !id) continue;
      const controller = text(op["x-openapi-router-controller"]) ?? text(pathItem["x-openapi-router-controller"]) ?? text(op["x-swagger-router-controller"]) ?? text(pathItem["x-swagger-router-controller"]);
      const handler = controller ? `${controller}.${id}` : id;
      if (!handler.includes(".")) continue;
      const params = [...list(pathItem.parameters), ...list(op.parameters)].map((p) => record(resolveRef(top, p))).filter((p): p is Record<string, unknown> => p !== undefined);
      const pieces: string[] = [];
      for (const p of params) {
        const name = text(p.name);
        const where = text(p.in);
        if (!name || !where) continue;
        // Swagger 2: the body parameter arrives under its own name (or `x-body-name`; `body` by default)
        if (where === "body") pieces.push(...[name, text(op["x-body-name"]) ?? "body"].flatMap(argNames).map((n) => `{${n}}`));
        else if (where === "path" || where === "query" || where === "formData") pieces.push(...argNames(name).map((n) => placeholder(n, record(resolveRef(top, p.schema)) ?? p)));
      }
      const body = record(resolveRef(top, op.requestBody));
      if (body) {
        pieces.push(...argNames(text(op["x-body-name"]) ?? text(body["x-body-name"]) ?? "body").map((n) => `{${n}}`));
        const content = record(body.content) ?? {};
        for (const type of FORM_TYPES) {
          const schema = record(resolveRef(top, record(content[type])?.schema));
          for (const [field, fs] of Object.entries(record(schema?.properties) ?? {})) pieces.push(...argNames(field).map((n) => placeholder(n, record(resolveRef(top, fs)) ?? {})));
        }
      }
      out.push({ handler, route: [template, ...pieces].join(" ") });
    }
  }
  return out;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A local `$ref` (`#/components/parameters/Limit`) followed once; anything else as it is. */
function resolveRef(top: Record<string, unknown> | undefined, v: unknown): unknown {
  const ref = text(record(v)?.$ref);
  if (!ref) return v;
  if (!ref.startsWith("#/")) return undefined;
  let cur: unknown = top;
  for (const part of ref.slice(2).split("/")) cur = record(cur)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  return cur;
}

const PY_KEYWORDS = new Set(["False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "id", "type"]);

/**
 * The argument names Connexion may pass a parameter under: its name with characters other than
 * letters, digits and `_` removed (a keyword or shadowed builtin gets a trailing `_`), and the
 * snake_case form `pythonic_params` gives it.
 */
function argNames(name: string): string[] {
  const sanitize = (n: string) => n.replace(/[^0-9A-Za-z_]/g, "").replace(/^[^A-Za-z_]+/, "");
  const plain = sanitize(name);
  const snake = sanitize(name.replace(/-/g, "_")).replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  const out = new Set<string>();
  for (const n of [plain, snake]) {
    if (!n) continue;
    out.add(n);
    if (PY_KEYWORDS.has(n)) out.add(`${n}_`);
  }
  return [...out];
}

/**
 * A parameter as a route placeholder: a converter for what Connexion validates it into (numbers,
 * booleans, UUIDs and dates are converted; an `enum` is checked), an anchored `pattern` as a
 * regular expression the engine judges on its alphabet, else a plain string.
 */
function placeholder(name: string, schema: Record<string, unknown>): string {
  const type = text(schema.type);
  const format = text(schema.format);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return `{${name}:enum}`;
  if (type === "integer") return `{${name}:int}`;
  if (type === "number") return `{${name}:float}`;
  if (type === "boolean") return `{${name}:bool}`;
  if (type === "string" && format !== undefined && ["uuid", "date", "date-time"].includes(format)) return `{${name}:${format === "uuid" ? "uuid" : "date"}}`;
  const pattern = text(schema.pattern);
  // the validator searches: only a pattern anchored at both ends bounds the whole value
  if (type === "string" && pattern && pattern.startsWith("^") && pattern.endsWith("$") && !/[()]/.test(pattern)) return `(?P<${name}>${pattern})`;
  return `{${name}}`;
}

/**
 * The scanned file and function an operation names (`api_views.users.get_user`): the module is
 * looked up as Connexion imports it, from the folder the application runs in, which is the
 * document's folder or one above it (the first that holds it wins); nothing when it is not among
 * the scanned files.
 */
function operationFile(descriptorDir: string, handler: string, sources: ReadonlySet<string>): { path: string; name: string } | undefined {
  const dirs: string[] = [];
  for (let d = descriptorDir; ; d = path.posix.dirname(d)) {
    dirs.push(d);
    if (d === "." || d === "/" || d === "") break;
  }
  for (const d of dirs) {
    const found = handlerFile(d, ".", handler, sources);
    if (found) return found;
  }
  return undefined;
}
