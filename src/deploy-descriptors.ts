/**
 * Deployment descriptors that name serverless entry points: the Serverless Framework's
 * `serverless.yml` (`functions.<name>.handler: app/handlers.create_user`) and AWS SAM /
 * CloudFormation templates (`template.yaml`: `Type: AWS::Serverless::Function` with
 * `Properties.Handler: app.lambda_handler` under `CodeUri`). The functions they name are Lambda
 * handlers whatever their parameters are called, so the taint analysis treats them as entry points.
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
}

/** File names read as descriptors (exact, case-sensitive, as the tools look for them). */
export const DESCRIPTOR_NAMES: ReadonlySet<string> = new Set(["serverless.yml", "serverless.yaml", "template.yaml", "template.yml"]);

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
    const sam = !path.basename(rel).startsWith("serverless.");
    // any file may be called template.yaml: only an AWS template is worth a warning
    if (sam && !/AWS::(?:Serverless|Lambda)::Function|AWSTemplateFormatVersion/.test(text)) continue;
    const data = readYaml(text);
    if ("error" in data) {
      notifications.push({ kind: "config", level: "warning", path: rel, message: `${rel} is not valid YAML (${data.error}); the Lambda handlers it names are not known as entry points, so flows from their events are missed: fix the file, or exclude it with --exclude` });
      continue;
    }
    const dir = path.posix.dirname(rel);
    const found = sam ? samHandlers(data.value) : serverlessHandlers(data.value);
    for (const h of found) {
      const file = handlerFile(dir, h.codeDir, h.handler, sources);
      if (file) handlers.push({ path: file.path, name: file.name, framework: "aws-lambda", declaredIn: rel });
    }
  }
  const seen = new Set<string>();
  const unique = handlers.filter((h) => {
    const key = `${h.path}\0${h.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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
