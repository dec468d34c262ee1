/**
 * Configuration modules and their context: Django settings modules and packages, Flask config
 * classes and `app.config` writes, and whether a place is evidently for development (a `dev.py`
 * settings module, a `DevelopmentConfig` class, an `if DEBUG:` branch) or dead code.
 */
import { unparen, walk, type PyNode } from "../../src/parse/ast.js";
import type { CallArgs, FileModel } from "../../src/model/file-model.js";
import { truthy } from "../../src/model/values.js";
import { remembered } from "./memo.js";
import { constString, sourceCallees, valueSources } from "./python.js";

/** Words in a file path or class name that say the configuration is for development or tests only. */
const DEVELOPMENT_WORDS = new Set([
  "dev", "devel", "develop", "development", "local", "locals", "test", "tests", "testing", "unittest", "unittests", "ci",
  "example", "examples", "sample", "samples", "demo", "demos", "tutorial", "tutorials", "docs", "sandbox",
  "conftest", "fixtures", "playground", "scratch",
]);

/** Words that say a configuration is deployed (`production.py`, `ProductionConfig`, `settings/staging.py`). */
const DEPLOYED_WORDS = new Set(["prod", "production", "live", "staging", "stage", "deploy", "deployment", "release", "heroku", "aws", "k8s"]);

function words(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * True when a file path says the module is for development or tests only: a folder or file
 * named `dev`, `local`, `test(s)`, `example(s)`, `docs`, … (`settings/dev.py`, `local_settings.py`,
 * `tests/settings.py`, `examples/app.py`). A deployed word in the file name wins (`dev_to_prod.py`).
 */
export const isDevelopmentPath: (path: string) => boolean = remembered(developmentPath);

function developmentPath(path: string): boolean {
  const parts = path.replace(/\\/g, "/").split("/");
  const file = (parts.pop() ?? "").replace(/\.pyi?$/, "");
  const fileWords = words(file);
  if (fileWords.some((w) => DEPLOYED_WORDS.has(w))) return false;
  // `settings_example.py` is a template, but a module called just `example.py` or `demo.py` may be real code
  const standalone = fileWords.length === 1 && /^(?:example|sample|demo|tutorial|docs)$/.test(fileWords[0]!);
  if (!standalone && fileWords.some((w) => DEVELOPMENT_WORDS.has(w))) return true;
  return parts.some((dir) => words(dir).some((w) => DEVELOPMENT_WORDS.has(w)));
}

/**
 * `isDevelopmentPath` for a scanned file, judged from the folder the user scanned down: the folders above it and
 * its own name are where the checkout lives (`pysast scan demo-shop` from the parent, a clone called
 * `secDevLabs`), not what the project says of the file — unless that folder is itself named for development only
 * (`pysast scan tests`).
 */
export function isDevelopmentFile(model: FileModel): boolean {
  const base = model.scanBase;
  if (!base) return isDevelopmentPath(model.path);
  const folder = base.slice(base.lastIndexOf("/") + 1);
  const below = model.path.slice(base.length + 1);
  return isDevelopmentPath(DEVELOPMENT_WORDS.has(folder.toLowerCase()) ? `${folder}/${below}` : below);
}

/** Django setting names whose presence marks a module as a settings module. */
const DJANGO_MARKERS = new Set(["INSTALLED_APPS", "ROOT_URLCONF", "MIDDLEWARE", "MIDDLEWARE_CLASSES", "DATABASES", "WSGI_APPLICATION", "ASGI_APPLICATION", "TEMPLATES", "AUTH_PASSWORD_VALIDATORS", "STATIC_URL", "ALLOWED_HOSTS", "SECRET_KEY", "DEFAULT_AUTO_FIELD", "USE_TZ", "LANGUAGE_CODE"]);

/**
 * True when a file is a settings module: named `settings.py`, `*_settings.py`, `settings_*.py`,
 * inside a `settings/` (or `conf/`/`config/`) package, or assigning at least two well-known Django
 * settings at module level (`INSTALLED_APPS`, `ROOT_URLCONF`, …).
 */
export function isSettingsModule(model: FileModel): boolean {
  const path = model.path.replace(/\\/g, "/");
  const parts = path.split("/");
  const file = (parts.pop() ?? "").replace(/\.pyi?$/, "");
  if (/(^|_)settings($|_)/i.test(file) || /^(config|conf|configuration)$/i.test(file)) return true;
  if (parts.length > 0 && /^(settings|conf|config)$/i.test(parts[parts.length - 1]!)) return true;
  let markers = 0;
  for (const stmt of model.root.namedChildren) {
    const target = stmt.type === "expression_statement" ? stmt.namedChildren[0] : null;
    const left = target?.type === "assignment" ? target.get("left") : null;
    if (left?.type === "identifier" && DJANGO_MARKERS.has(left.text) && ++markers >= 2) return true;
  }
  return false;
}

/** Where a configuration statement sits. */
export type BranchState = "live" | "development" | "dead";

/**
 * Whether a statement always runs, runs only in development (under `if DEBUG:`, `if app.debug:`,
 * `if ENV == "development":`, in a `DevelopmentConfig`/`TestingConfig` class), or never (a
 * condition folding to false).
 */
export function branchState(model: FileModel, node: PyNode): BranchState {
  let state: BranchState = "live";
  // only statements decide: start at the one holding `node` (walking up through a deep expression
  // from every call in it would cost O(depth²))
  for (let n: PyNode | null = model.statementOf(node); n?.parent; n = n.parent) {
    const parent = n.parent;
    if (parent.type === "class_definition" && isDevelopmentClass(parent)) state = "development";
    if (parent.type === "function_definition" && isDevelopmentName(parent.get("name")?.text ?? "")) state = "development";
    if (parent.type !== "if_statement" && parent.type !== "elif_clause") continue;
    if (n.field !== "consequence") {
      // the else branch of `if DEBUG:` / `if not PRODUCTION:`
      if (n.type === "else_clause" && parent.type === "if_statement") {
        const condition = parent.get("condition");
        if (condition && conditionIsDeployed(model, condition)) state = "development";
      }
      continue;
    }
    const condition = parent.get("condition");
    const v = condition ? model.constant(condition) : undefined;
    if (v !== undefined && !truthy(v)) return "dead";
    if (condition && conditionIsDevelopment(model, condition)) state = "development";
  }
  return state;
}

/** A class whose name says it configures development or tests (`DevelopmentConfig`, `TestSettings`, `LocalConfig`). */
export function isDevelopmentClass(cls: PyNode): boolean {
  return isDevelopmentName(cls.get("name")?.text ?? "");
}

const isDevelopmentName = remembered(developmentName);

function developmentName(name: string): boolean {
  const ws = words(name);
  return !ws.some((w) => DEPLOYED_WORDS.has(w)) && ws.some((w) => DEVELOPMENT_WORDS.has(w));
}

/** `DEBUG`, `settings.DEBUG`, `app.debug`, `config.TESTING`, `ENV == "development"`, `"dev" in env`. */
function conditionIsDevelopment(model: FileModel, condition: PyNode): boolean {
  let found = false;
  walk(condition, (n) => {
    if (found) return false;
    if (n.type === "not_operator") return false;
    if (n.type === "identifier" && isDebugFlagName(n.text) && n.parent?.type !== "keyword_argument") found = true;
    else if (n.type === "attribute" && isDebugFlagName(n.get("attribute")?.text ?? "")) found = true;
    else if (n.type === "string" && n.parent?.type !== "comparison_operator" && isDebugFlagName(constString(model, n) ?? "")) found = true;
    else if (n.type === "comparison_operator") {
      const operands = n.namedChildren;
      if (operands.some((o) => isDevelopmentName(constString(model, o) ?? ""))) found = true;
    }
  });
  return found;
}

/** `if PRODUCTION:` / `if not DEBUG:` — its else branch is for development. */
function conditionIsDeployed(model: FileModel, condition: PyNode): boolean {
  const c = unparen(condition);
  if (!c) return false;
  if (c.type === "not_operator") return conditionIsDevelopment(model, c.get("argument") ?? c);
  const name = c.type === "identifier" ? c.text : c.type === "attribute" ? c.get("attribute")?.text ?? "" : "";
  return name !== "" && words(name).some((w) => DEPLOYED_WORDS.has(w));
}

function isDebugFlagName(name: string): boolean {
  return /^(debug|DEBUG|TESTING|testing|DEVELOPMENT|IS_DEV|IS_LOCAL|LOCAL_DEV|DEV_MODE)$/.test(name);
}

/**
 * The module- or class-level assignments `NAME = value` of a configuration (not in functions),
 * with their value. Chained (`A = B = x`) and annotated assignments count.
 */
export function configAssignment(model: FileModel, node: PyNode): { name: string; value: PyNode; scope: "module" | "class" } | undefined {
  const left = node.get("left");
  let right = node.get("right");
  while (right?.type === "assignment") right = right.get("right");
  if (left?.type !== "identifier" || !right) return undefined;
  const kind = model.scopeOf(node).kind;
  if (kind !== "module" && kind !== "class") return undefined;
  return { name: left.text, value: right, scope: kind };
}

/**
 * A setting written through a Flask-style config object: `app.config["X"] = v`,
 * `app.config.X = v` (Sanic, Quart), `app.config.update(X=v)` / `update({"X": v})` /
 * `from_mapping(X=v)`, `config.setdefault("X", v)`. Calls the `onSetting` callback with the
 * setting name, the value expression and the node to report.
 */
export function configWrites(model: FileModel, node: PyNode, onSetting: (name: string, value: PyNode, anchor: PyNode) => void): void {
  if (node.type === "assignment") {
    const left = node.get("left");
    const right = node.get("right");
    if (!left || !right || right.type === "assignment") return;
    if (left.type === "subscript" && isConfigObject(left.get("value"))) {
      const key = constString(model, left.get("subscript"));
      if (key) onSetting(key, right, node);
    } else if (left.type === "attribute" && isConfigObject(left.get("object"))) {
      const key = left.get("attribute")?.text;
      if (key && /^[A-Z][A-Z0-9_]*$/.test(key)) onSetting(key, right, node);
    }
    return;
  }
  if (node.type !== "call") return;
  const fn = unparen(node.get("function"));
  if (fn?.type !== "attribute" || !isConfigObject(fn.get("object"))) return;
  const method = fn.get("attribute")?.text;
  if (method === "update" || method === "from_mapping") {
    const args = model.callArgs(node);
    for (const [k, v] of args.keywords) onSetting(k, v, v);
    const mapping = unparen(args.positional[0] ?? null);
    if (mapping?.type === "dictionary") {
      for (const pair of mapping.namedChildren) {
        const key = constString(model, pair.get("key"));
        const value = pair.get("value");
        if (key && value) onSetting(key, value, pair);
      }
    }
  } else if (method === "setdefault" || method === "__setitem__") {
    const key = constString(model, model.arg(node, 0));
    const value = model.arg(node, 1);
    if (key && value) onSetting(key, value, node);
  }
}

/** `app.config`, `self.config`, `application.config` — any `.config` attribute. */
function isConfigObject(node: PyNode | null | undefined): boolean {
  const n = unparen(node ?? null);
  return n?.type === "attribute" && n.get("attribute")?.text === "config";
}

/** Readers of one environment variable with a fallback: `(variable position, default position, default keyword)`. */
const ENV_GETTERS = new Map<string, [number, number, string | undefined]>([
  ["os.getenv", [0, 1, "default"]],
  ["os.environ.get", [0, 1, undefined]],
  ["os.environ.setdefault", [0, 1, undefined]],
  ["os.environb.get", [0, 1, undefined]],
  ["decouple.config", [0, -1, "default"]],
]);

/** Classes whose instances read the environment with `env("X", default=...)` or `env.str("X", default=...)`. */
const ENV_CLASSES = new Set(["environ.Env", "environs.Env", "decouple.AutoConfig", "decouple.Config"]);
const ENV_METHODS = new Set(["str", "bool", "int", "float", "json", "list", "tuple", "dict", "url", "db", "db_url", "cache", "cache_url", "email", "email_url", "path", "get_value", "__call__"]);

/**
 * An environment lookup with a fallback value: `os.environ.get("X", d)`, `os.getenv("X", d)`,
 * `os.environ.setdefault("X", d)`, django-environ / environs `env("X", default=d)` and
 * `env.bool("X", default=d)`, python-decouple `config("X", default=d)`, and a project's own helper
 * named for the environment (`get_bool_from_env("DEBUG", True)`) given an upper-case variable name.
 * Undefined when the call is none of these or has no fallback.
 */
export function envLookupWithDefault(model: FileModel, call: PyNode): { variable: string | undefined; fallback: PyNode } | undefined {
  if (call.type !== "call") return undefined;
  // the arguments are looked at only for a call that is one of these (most calls are not)
  let known: CallArgs | undefined;
  const args = (): CallArgs => (known ??= model.callArgs(call));
  for (const q of model.qualifiedNames(call.get("function"))) {
    const spec = ENV_GETTERS.get(q);
    if (!spec) continue;
    const [varPos, defPos, defKw] = spec;
    const fallback = (defKw ? args().keywords.get(defKw) : undefined) ?? (defPos >= 0 ? args().positional[defPos] : undefined);
    return fallback ? { variable: constString(model, args().positional[varPos] ?? args().keywords.get("key")), fallback } : undefined;
  }
  const fn = unparen(call.get("function"));
  // a project's own helper: `get_bool_from_env("DEBUG", True)`, `env_or("SECRET_KEY", "dev")`
  const helper = fn?.type === "identifier" ? fn.text : fn?.type === "attribute" ? fn.get("attribute")?.text ?? "" : "";
  const qualified = model.qualifiedName(fn);
  if (/env/i.test(helper) && !/^(?:environ|Env)$/.test(helper) && (qualified === undefined || !qualified.startsWith("os."))) {
    const variable = constString(model, args().positional[0]);
    const fallback = args().keywords.get("default") ?? args().keywords.get("default_value") ?? args().keywords.get("fallback") ?? args().positional[1];
    if (variable !== undefined && /^[A-Z][A-Z0-9_]*$/.test(variable) && fallback) return { variable, fallback };
  }
  const isEnvObject = (n: PyNode | null | undefined) => sourceCallees(model, n).some((q) => ENV_CLASSES.has(q));
  let viaEnv = false;
  if (fn?.type === "identifier") viaEnv = isEnvObject(fn);
  else if (fn?.type === "attribute" && ENV_METHODS.has(fn.get("attribute")?.text ?? "")) viaEnv = isEnvObject(fn.get("object"));
  if (!viaEnv) return undefined;
  const variable = constString(model, args().positional[0] ?? args().keywords.get("var"));
  const fallback = args().keywords.get("default") ?? args().positional[1] ?? (variable ? schemeDefault(model, fn!, variable) : undefined);
  return fallback ? { variable, fallback } : undefined;
}

/**
 * A read of one environment variable, with or without a fallback: `os.environ.get("X")`,
 * `os.getenv("X")`, `os.environ["X"]`, and every lookup `envLookupWithDefault` knows. `variable`
 * is the variable's name when it is a constant.
 */
export function envVariableRead(model: FileModel, node: PyNode): { variable: string | undefined } | undefined {
  if (node.type === "subscript") {
    const q = model.qualifiedName(node.get("value"));
    return q === "os.environ" || q === "os.environb" ? { variable: constString(model, node.get("subscript")) } : undefined;
  }
  if (node.type !== "call") return undefined;
  for (const q of model.qualifiedNames(node.get("function"))) {
    const spec = ENV_GETTERS.get(q);
    if (spec) return { variable: constString(model, model.callArgs(node).positional[spec[0]] ?? model.callArgs(node).keywords.get("key")) };
  }
  const lookup = envLookupWithDefault(model, node);
  return lookup ? { variable: lookup.variable } : undefined;
}

/** django-environ's `environ.Env(DEBUG=(bool, True))`: the default declared for a variable where the reader was made. */
function schemeDefault(model: FileModel, fn: PyNode, variable: string): PyNode | undefined {
  const envObject = fn.type === "attribute" ? fn.get("object") : fn;
  for (const src of valueSources(model, envObject)) {
    if (src.type !== "call") continue;
    const scheme = unparen(model.callArgs(src).keywords.get(variable) ?? null);
    if (scheme?.type === "tuple" && scheme.namedChildren.length === 2) return scheme.namedChildren[1];
  }
  return undefined;
}

/**
 * True when a configuration class's setting is overridden in every deployed subclass in the same
 * file (`class Config: DEBUG = True` with `class ProductionConfig(Config): DEBUG = False`): at least
 * one subclass that is not for development exists, and each assigns the setting to a value that
 * `isUnsafe` rejects, directly or through its own subclasses.
 */
export function overriddenBySubclasses(model: FileModel, cls: PyNode, name: string, isUnsafe: (value: PyNode) => boolean): boolean {
  const clsName = cls.get("name")?.text;
  if (!clsName) return false;
  const subclasses: PyNode[] = [];
  walk(model.root, (n) => {
    if (n.type === "function_definition") return false;
    if (n.type !== "class_definition" || n === cls) return;
    const bases = n.get("superclasses")?.namedChildren ?? [];
    if (bases.some((b) => b.type === "identifier" && b.text === clsName)) subclasses.push(n);
  });
  const deployed = subclasses.filter((s) => !isDevelopmentClass(s));
  if (deployed.length === 0) return false;
  return deployed.every((s) => {
    const own = classAssignment(s, name);
    if (own) return !isUnsafe(own);
    return overriddenBySubclasses(model, s, name, isUnsafe);
  });
}

/** The value a class body assigns to `name` (the last plain assignment), or undefined. */
function classAssignment(cls: PyNode, name: string): PyNode | undefined {
  let value: PyNode | undefined;
  for (const stmt of cls.get("body")?.namedChildren ?? []) {
    const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : null;
    if (a?.type === "assignment" && a.get("left")?.type === "identifier" && a.get("left")!.text === name) value = a.get("right") ?? undefined;
  }
  return value;
}

/** A class that holds configuration as upper-case attributes: named `…Config`, `…Settings` or `…Configuration`. */
export function isConfigClass(cls: PyNode): boolean {
  return /(Config|Settings|Configuration|Conf)$/.test(cls.get("name")?.text ?? "");
}
