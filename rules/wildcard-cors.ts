/**
 * wildcard-cors: a CORS policy that lets any web site read responses — flask-cors/sanic-cors,
 * Starlette/FastAPI `CORSMiddleware`, django-cors-headers settings, Falcon, and hand-written
 * `Access-Control-Allow-Origin` headers (`*`, or the request's `Origin` reflected without a check).
 *
 * Decisions:
 * - Origins read from the environment, settings objects or any other non-constant expression are
 *   not a wildcard: the deployment decides them.
 * - flask-cors' default origins are `*`, so `CORS(app)` and `@cross_origin()` fire unless `origins`
 *   (top-level or per resource) or `app.config["CORS_ORIGINS"]` in the same file says otherwise.
 *   Configuration loaded from another file (`from_object`) is not visible and not assumed.
 * - Credentials raise the level to error where the library then reflects the caller's origin
 *   (flask-cors `supports_credentials`, Starlette `allow_credentials`, django-cors-headers
 *   `CORS_ALLOW_CREDENTIALS`, Falcon `allow_credentials`) and for a reflected `Origin` header with
 *   `Access-Control-Allow-Credentials: true`. A literal `*` header stays a warning even with
 *   credentials, because browsers refuse that combination.
 * - A reflected `Origin` counts as checked when the same function tests it against something
 *   (`origin in ALLOWED`, `origin == X`, `is_allowed(origin)`, `origin.endswith(...)`, an
 *   intersection `{origin} & ALLOWED` or subset test `{origin} <= ALLOWED` in a condition); a bare
 *   truthiness test (`if origin:`) is not a check.
 * - Django settings under `if DEBUG:` are reported as notes; under a condition that folds to false
 *   they are dead code and not reported. Settings in development-only modules (`settings/dev.py`,
 *   `local_settings.py`) are not reported, and a module-level setting that every deployed module of
 *   the settings package assigns again after `from .base import *` is dropped by the settings
 *   override pass (src/settings-overrides.ts): the later module's value is the effective one.
 * - aiohttp-cors: an origin key `"*"` in `setup(app, defaults=...)` or `cors.add(route, {...})`;
 *   with `ResourceOptions(allow_credentials=True)` aiohttp-cors answers every origin with its own
 *   name and credentials, an error.
 * - Litestar/Starlite `CORSConfig()` defaults to `allow_origins=["*"]`, so it fires unless origins
 *   (or a regex) are given; Sanic Extensions fires on `config.CORS_ORIGINS = "*"` and
 *   `@cors(origin="*")` (its default origins are empty); Sanic config written by attribute
 *   (`app.config.CORS_ORIGINS = ...`) counts like a subscript for sanic-cors.
 * - Test code is not reported: tests of a CORS setup configure wildcards on purpose.
 */
import { unparen, walk, type PyNode } from "../src/parse/ast.js";
import type { FileModel } from "../src/model/file-model.js";
import type { PatternRule, RuleContext } from "../src/rule.js";
import { CORS_FIX_DOCS, corsFix } from "./lib/cors-fix.js";
import { truthy } from "../src/model/values.js";
import { originsValueVerdict, originsVerdict, regexNodeAllowsAnyOrigin, type OriginsVerdict } from "./lib/cors.js";
import { calleeIn, constString, keywordIsTrue, methodName, receiver, sourceCallees, valueSources } from "./lib/python.js";
import { isDevelopmentFile } from "./lib/settings.js";
import { isTestPath } from "../src/test-code.js";

const FLASK_CORS = new Set(["flask_cors.CORS", "flask_cors.extension.CORS", "sanic_cors.CORS", "sanic_cors.extension.CORS"]);
const CROSS_ORIGIN = new Set(["flask_cors.cross_origin", "flask_cors.decorator.cross_origin", "sanic_cors.cross_origin", "sanic_cors.decorator.cross_origin"]);
const STARLETTE_CORS = new Set(["starlette.middleware.cors.CORSMiddleware", "fastapi.middleware.cors.CORSMiddleware"]);
const FALCON_APPS = new Set(["falcon.App", "falcon.API", "falcon.app.App", "falcon.asgi.App", "falcon.asgi.app.App"]);
const FALCON_CORS = new Set(["falcon.CORSMiddleware", "falcon.middleware.CORSMiddleware"]);

const AIOHTTP_CORS_SETUP = new Set(["aiohttp_cors.setup"]);
const AIOHTTP_CORS_OBJECTS = new Set(["aiohttp_cors.setup", "aiohttp_cors.CorsConfig", "aiohttp_cors.cors_config.CorsConfig"]);
const AIOHTTP_RESOURCE_OPTIONS = new Set(["aiohttp_cors.ResourceOptions", "aiohttp_cors.resource_options.ResourceOptions"]);
const LITESTAR_CORS = new Set([
  "litestar.config.cors.CORSConfig", "litestar.config.CORSConfig", "litestar.CORSConfig",
  "starlite.CORSConfig", "starlite.config.CORSConfig", "starlite.config.cors.CORSConfig",
]);
const SANIC_EXT_CORS = new Set(["sanic_ext.cors", "sanic_ext.extensions.http.cors.cors"]);

const DJANGO_ALLOW_ALL = new Set(["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"]);
const DJANGO_REGEXES = new Set(["CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST"]);

const ACAO = "access-control-allow-origin";
const ACAC = "access-control-allow-credentials";

/** Methods that set a header from (name, value) arguments across frameworks. */
const HEADER_SETTERS = new Set(["add", "set", "setdefault", "set_header", "add_header", "append", "append_header", "__setitem__"]);

/** Calls whose `headers=` are sent to another server (request headers, not our response). */
const CLIENT_PREFIXES = ["requests.", "httpx.", "aiohttp.", "urllib.", "urllib3."];
const CLIENT_METHODS = new Set(["get", "post", "put", "patch", "delete", "head", "options", "request", "fetch", "open", "generic"]);

/** Header-map attributes through which a request's `Origin` is read. */
const REQUEST_HEADER_MAPS = new Set(["headers", "META", "environ"]);
const ORIGIN_KEYS = new Set(["origin", "http_origin"]);
const ORIGIN_GETTERS = new Set(["get", "get_header", "getheader", "getone"]);
const REQUEST_ORIGIN_ATTRS = new Set(["flask.request.origin", "quart.request.origin"]);

/** A place where a response header is set, with the expression assigned to it. */
interface HeaderSet {
  name: string;
  value: PyNode;
  anchor: PyNode;
  /** The function (or module) whose body sets the header. */
  owner: PyNode;
}

interface SettingAssignment {
  name: string;
  node: PyNode;
  value: PyNode;
}

export const rule: PatternRule = {
  meta: {
    id: "wildcard-cors",
    name: "WildcardCors",
    shortDescription: "CORS policy allows any origin",
    fullDescription:
      "The application's CORS policy admits every origin — `*`, a regex that matches any site, or the caller's own `Origin` echoed back — so any web page a user visits can call the API from the user's browser and read the responses.",
    docs: {
      whatItDoes:
        "Flags CORS configuration that allows any origin: flask-cors / sanic-cors `CORS(app)` and `@cross_origin()` without origins (the default is `*`) unless `app.config[\"CORS_ORIGINS\"]` sets specific ones, `origins=\"*\"`/`[\"*\"]`, `resources` whose `origins` is `*`; Starlette/FastAPI `CORSMiddleware` (through `add_middleware`, `Middleware(...)` or direct wrapping) with `\"*\"` in `allow_origins` or an `allow_origin_regex` that matches everything; django-cors-headers settings `CORS_ALLOW_ALL_ORIGINS = True`, `CORS_ORIGIN_ALLOW_ALL = True` or a match-all `CORS_ALLOWED_ORIGIN_REGEXES`; Falcon `App(cors_enable=True)` and `CORSMiddleware` with default origins; aiohttp-cors `setup(app, defaults={\"*\": ResourceOptions(...)})` and `cors.add(route, {\"*\": ...})`; Litestar/Starlite `CORSConfig()` (its default origins are `[\"*\"]`) or `CORSConfig(allow_origins=[\"*\"])`; Sanic Extensions `config.CORS_ORIGINS = \"*\"` and `@cors(origin=\"*\")`, and sanic-cors configured through `app.config.CORS_ORIGINS`; and an `Access-Control-Allow-Origin` response header (any case, set by subscript, `headers={...}`, `headers.add/set/setdefault`, `set_header`, WSGI header tuples) whose value is `*` or the request's `Origin` header without an allow-list check (a comparison, membership test, check function, or an intersection `{origin} & ALLOWED` / `set([origin]) & settings.CORS_ORIGINS` tested in a condition counts as one). Constants are folded, so `allow_origins=ORIGINS` with `ORIGINS = [\"*\"]` fires.\n\nThe level is raised to error when credentials are allowed as well, since the libraries then echo the caller's origin and cookies go with the request. In a Django settings package, a value in `base.py` that every deployed module (`production.py` after `from .base import *`) sets again safely is not reported — the later module's value is the effective one — and development-only settings modules (`settings/dev.py`, `local_settings.py`) are not reported. Origins read from the environment or configuration, comments, strings, docstrings and test code never fire.",
      whyBad:
        "Browsers keep other sites from reading your responses unless CORS says otherwise. A wildcard opens every unauthenticated endpoint (internal-network services, IP-allow-listed APIs) to any page; reflecting `Origin` together with `Access-Control-Allow-Credentials: true` lets any site a logged-in user visits act as that user and read their data, which is a full account takeover for APIs that authenticate with cookies.",
      example: [
        "from fastapi import FastAPI",
        "from fastapi.middleware.cors import CORSMiddleware",
        "",
        "app = FastAPI()",
        "app.add_middleware(",
        "    CORSMiddleware,",
        "    allow_origins=[\"*\"],",
        "    allow_credentials=True,",
        "    allow_methods=[\"*\"],",
        ")",
        "",
      ].join("\n"),
      useInstead: [
        "import os",
        "",
        "from fastapi import FastAPI",
        "from fastapi.middleware.cors import CORSMiddleware",
        "",
        "app = FastAPI()",
        "app.add_middleware(",
        "    CORSMiddleware,",
        "    allow_origins=[\"https://app.example.com\", os.environ.get(\"EXTRA_ORIGIN\", \"https://admin.example.com\")],",
        "    allow_credentials=True,",
        "    allow_methods=[\"GET\", \"POST\"],",
        ")",
        "",
      ].join("\n"),
      useInsteadText:
        "List the exact origins that need access (scheme, host and port), typically from configuration per environment. When origins must be computed, compare the request's `Origin` against an allow-list before echoing it, add `Vary: Origin`, and only allow credentials for those listed origins.",
      fix: CORS_FIX_DOCS,
      references: [
        { title: "CWE-942: Permissive Cross-domain Policy with Untrusted Domains", url: "https://cwe.mitre.org/data/definitions/942.html" },
        { title: "OWASP Top 10 2021 A05: Security Misconfiguration", url: "https://owasp.org/Top10/A05_2021-Security_Misconfiguration/" },
        { title: "OWASP WSTG: Testing Cross Origin Resource Sharing", url: "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/11-Client-side_Testing/07-Testing_Cross_Origin_Resource_Sharing" },
        { title: "MDN: Access-Control-Allow-Origin", url: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Origin" },
        { title: "flask-cors API", url: "https://flask-cors.readthedocs.io/en/latest/api.html" },
        { title: "Starlette CORSMiddleware", url: "https://www.starlette.io/middleware/#corsmiddleware" },
        { title: "django-cors-headers settings", url: "https://github.com/adamchainz/django-cors-headers#configuration" },
        { title: "Falcon CORS", url: "https://falcon.readthedocs.io/en/stable/api/cors.html" },
      ],
    },
    cwe: [942],
    owasp: ["A05:2021-Security Misconfiguration"],
    level: "warning",
    securitySeverity: "5.4",
    precision: "high",
    tags: ["security", "cors", "external/cwe/cwe-942"],
    frameworks: ["flask", "flask-cors", "sanic-cors", "sanic-ext", "fastapi", "starlette", "django", "django-cors-headers", "falcon", "aiohttp-cors", "litestar"],
    aliases: {},
    kind: "pattern",
    fixSafety: ["unsafe"],
  },
  fix: (finding, fix) => corsFix(fix.nodeAt(finding.region), fix),
  create(ctx) {
    const { model } = ctx;
    if (isTestPath(model.path)) return {};
    const flaskCorsCalls: PyNode[] = [];
    const corsOriginsConfig: ConfigValue[] = [];
    const corsCredentialsConfig: ConfigValue[] = [];
    const headerSets: HeaderSet[] = [];
    const settings: SettingAssignment[] = [];
    const developmentModule = isDevelopmentFile(model);
    const sanicExtFile = model.imports.some((i) => i.qualified === "sanic_ext" || i.qualified.startsWith("sanic_ext."));
    const configWrites: { key: string; value: PyNode }[] = [];

    const recordConfig = (key: string | undefined, value: PyNode | null | undefined, config?: PyNode | null): void => {
      if (!value) return;
      if (key) configWrites.push({ key, value });
      const owner = configOwner(config);
      if (key === "CORS_ORIGINS") corsOriginsConfig.push({ value, owner });
      else if (key === "CORS_SUPPORTS_CREDENTIALS") corsCredentialsConfig.push({ value, owner });
    };

    return {
      call(call) {
        if (calleeIn(model, call, FLASK_CORS) || calleeIn(model, call, CROSS_ORIGIN) || isFlaskCorsInitApp(model, call)) {
          flaskCorsCalls.push(call);
          return;
        }
        if (checkStarlette(ctx, call) || checkFalcon(ctx, call) || checkAiohttpCors(ctx, call) || checkLitestar(ctx, call) || checkSanicExtDecorator(ctx, call)) return;
        const method = methodName(call);
        const obj = receiver(call);
        // app.config.update(CORS_ORIGINS=...) / app.config.setdefault("CORS_ORIGINS", ...)
        if (obj && isFlaskConfig(obj)) {
          if (method === "update" || method === "from_mapping") {
            for (const [k, v] of model.callArgs(call).keywords) recordConfig(k, v, obj);
            const mapping = unparen(model.arg(call, 0) ?? null);
            if (mapping?.type === "dictionary") {
              for (const pair of mapping.namedChildren) recordConfig(constString(model, pair.get("key")), pair.get("value"), obj);
            }
          } else if (method === "setdefault" || method === "__setitem__") recordConfig(constString(model, model.arg(call, 0)), model.arg(call, 1), obj);
        }
        if (method && HEADER_SETTERS.has(method)) {
          const name = headerName(model, model.arg(call, 0));
          const value = model.arg(call, 1);
          if (name && value) headerSets.push({ name, value, anchor: call, owner: ownerOf(model, call) });
        }
      },
      assignment(node) {
        const left = node.get("left");
        const right = node.get("right");
        if (!left || !right || right.type === "assignment") return;
        if (left.type === "subscript") {
          const key = left.get("subscript");
          const target = left.get("value");
          if (target && isFlaskConfig(target)) recordConfig(constString(model, key), right, target);
          const name = headerName(model, key);
          if (name) headerSets.push({ name, value: right, anchor: node, owner: ownerOf(model, node) });
          return;
        }
        // Sanic config is also written by attribute: app.config.CORS_ORIGINS = "*"
        if (left.type === "attribute" && isFlaskConfig(left.get("object") ?? left)) {
          recordConfig(left.get("attribute")?.text, right, left.get("object"));
          return;
        }
        if (!developmentModule && left.type === "identifier" && (DJANGO_ALLOW_ALL.has(left.text) || DJANGO_REGEXES.has(left.text) || left.text === "CORS_ALLOW_CREDENTIALS")) {
          const kind = model.scopeOf(node).kind;
          if (kind === "module" || kind === "class") settings.push({ name: left.text, node, value: right });
        }
      },
      pair(node) {
        const name = headerName(model, node.get("key"));
        const value = node.get("value");
        if (name && value && !isOutgoingRequestHeaders(model, node) && !isExpectation(node)) {
          headerSets.push({ name, value, anchor: node, owner: ownerOf(model, node) });
        }
      },
      tuple(node) {
        // WSGI start_response headers: [("Access-Control-Allow-Origin", "*")]
        const items = node.namedChildren;
        if (items.length !== 2) return;
        const name = headerName(model, items[0]);
        if (name && !isExpectation(node)) headerSets.push({ name, value: items[1]!, anchor: node, owner: ownerOf(model, node) });
      },
      "module:exit"() {
        for (const call of flaskCorsCalls) {
          const app = appName(model, call);
          const origins = configFor(corsOriginsConfig, app);
          const credentials = configFor(corsCredentialsConfig, app).some((v) => isTruthyConstant(model, v));
          checkFlaskCors(ctx, call, { origins, credentials });
        }
        checkDjangoSettings(ctx, settings);
        if (sanicExtFile && flaskCorsCalls.length === 0) checkSanicExtConfig(ctx, configWrites);
        checkHeaders(ctx, headerSets);
      },
    };
  },
};

// ---- flask-cors / sanic-cors ------------------------------------------------------------

/** A CORS configuration value and the application it was written to (`app` in `app.config[...]`), when named. */
interface ConfigValue {
  value: PyNode;
  owner: string | undefined;
}

/** `app` for `app.config`, `self.app` for `self.app.config`. */
function configOwner(config: PyNode | null | undefined): string | undefined {
  const n = unparen(config ?? null);
  return n?.type === "attribute" ? unparen(n.get("object"))?.text : undefined;
}

/** The application a flask-cors / sanic-cors call configures, as written (`CORS(app)`, `cors.init_app(app)`). */
function appName(model: FileModel, call: PyNode): string | undefined {
  return unparen(model.arg(call, 0, "app") ?? null)?.text;
}

/** The values written to this application's config; all values when none is written to it by name. */
function configFor(values: ConfigValue[], app: string | undefined): PyNode[] {
  const own = values.filter((v) => app !== undefined && v.owner === app);
  return (own.length > 0 ? own : values).map((v) => v.value);
}

/** `cors.init_app(app, ...)` where `cors = CORS()`. */
function isFlaskCorsInitApp(model: FileModel, call: PyNode): boolean {
  return methodName(call) === "init_app" && sourceCallees(model, receiver(call)).some((q) => FLASK_CORS.has(q));
}

/** The options a flask-cors call configures: constructor keywords, overridden by `init_app` keywords. */
function flaskCorsOptions(model: FileModel, call: PyNode): ReadonlyMap<string, PyNode> {
  const own = model.callArgs(call).keywords;
  if (methodName(call) !== "init_app") return own;
  const merged = new Map<string, PyNode>();
  for (const src of valueSources(model, receiver(call))) {
    if (src.type === "call") for (const [k, v] of model.callArgs(src).keywords) merged.set(k, v);
  }
  for (const [k, v] of own) merged.set(k, v);
  return merged;
}

function checkFlaskCors(ctx: RuleContext, call: PyNode, config: { origins: PyNode[]; credentials: boolean }): void {
  const { model } = ctx;
  const isExtension = calleeIn(model, call, FLASK_CORS) !== undefined;
  // `cors = CORS()` configures nothing until `cors.init_app(app)`, which is checked on its own
  if (isExtension && !model.arg(call, 0, "app")) return;
  if (model.callArgs(call).hasSplat) return;
  const options = flaskCorsOptions(model, call);
  let topLevel: OriginsVerdict;
  let defaulted = false;
  const explicit = options.get("origins");
  if (explicit) topLevel = originsVerdict(model, explicit, "prefix");
  else if (config.origins.length > 0) {
    const verdicts = config.origins.map((v) => originsVerdict(model, v, "prefix"));
    topLevel = verdicts.includes("wildcard") ? "wildcard" : "specific";
  } else {
    topLevel = "wildcard";
    defaulted = true;
  }
  const resources = options.get("resources");
  const perResource = resources ? resourceVerdicts(model, resources) : undefined;
  let wildcard: boolean;
  if (!resources) wildcard = topLevel === "wildcard";
  else if (!perResource) wildcard = false;
  else wildcard = perResource.some((v) => (v === "inherit" ? topLevel === "wildcard" : v === "wildcard"));
  if (!wildcard) return;
  const credentials = isTruthyConstant(model, options.get("supports_credentials")) || config.credentials;
  const what = calleeIn(model, call, CROSS_ORIGIN) ? "@cross_origin()" : isExtension ? "CORS()" : "init_app()";
  const why = defaulted && !resources ? "sets no origins, and flask-cors defaults to '*'" : "allows every origin";
  report(
    ctx,
    call,
    credentials
      ? `${what} ${why}, and with supports_credentials=True flask-cors echoes the caller's origin: any site can read authenticated responses. List the allowed origins.`
      : `${what} ${why}; list the origins that may read responses.`,
    credentials,
  );
}

/** Per-resource origins of flask-cors `resources`: a verdict, "inherit" (uses top-level origins), or undefined when unknown. */
function resourceVerdicts(model: FileModel, resources: PyNode): (OriginsVerdict | "inherit")[] | undefined {
  const n = unparen(resources)!;
  if (n.type === "dictionary") {
    const out: (OriginsVerdict | "inherit")[] = [];
    for (const pair of n.namedChildren) {
      const options = unparen(pair.get("value"));
      if (options?.type === "dictionary") {
        const origins = options.namedChildren.find((p) => constString(model, p.get("key")) === "origins");
        out.push(origins ? originsVerdict(model, origins.get("value"), "prefix") : "inherit");
        continue;
      }
      const v = options ? model.constant(options) : undefined;
      if (v?.t !== "dict") return undefined;
      const origins = v.entries.find(([k]) => k.t === "str" && k.v === "origins")?.[1];
      out.push(origins ? originsValueVerdict(origins, "prefix") : "inherit");
    }
    return out;
  }
  const v = model.constant(n);
  if (!v) return undefined;
  if (v.t === "str" || v.t === "list" || v.t === "tuple" || v.t === "set") return ["inherit"];
  if (v.t !== "dict") return undefined;
  return v.entries.map(([, options]) => {
    if (options.t !== "dict") return "inherit";
    const origins = options.entries.find(([k]) => k.t === "str" && k.v === "origins")?.[1];
    return origins ? originsValueVerdict(origins, "prefix") : "inherit";
  });
}

/** `app.config` (any object's `.config` attribute). */
function isFlaskConfig(node: PyNode): boolean {
  const n = unparen(node);
  return n?.type === "attribute" && n.get("attribute")?.text === "config";
}

// ---- Starlette / FastAPI ----------------------------------------------------------------

/** Checks `add_middleware(CORSMiddleware, …)`, `Middleware(CORSMiddleware, …)` and `CORSMiddleware(app, …)`; true when the call was one. */
function checkStarlette(ctx: RuleContext, call: PyNode): boolean {
  const { model } = ctx;
  const direct = calleeIn(model, call, STARLETTE_CORS) !== undefined;
  const first = model.arg(call, 0, "cls") ?? model.arg(call, 0, "middleware_class");
  const wrapped = !direct && first !== undefined && model.qualifiedNames(first).some((q) => STARLETTE_CORS.has(q));
  if (!direct && !wrapped) return false;
  const origins = model.arg(call, -1, "allow_origins");
  const regex = model.arg(call, -1, "allow_origin_regex");
  const wildcardList = origins !== undefined && originsVerdict(model, origins, undefined) === "wildcard";
  const wildcardRegex = regex !== undefined && regexNodeAllowsAnyOrigin(model, regex, "full");
  if (!wildcardList && !wildcardRegex) return true;
  const credentials = keywordIsTrue(model, call, "allow_credentials");
  const what = wildcardList ? 'CORSMiddleware allows every origin ("*" in allow_origins)' : "CORSMiddleware's allow_origin_regex matches every origin";
  report(
    ctx,
    call,
    credentials
      ? `${what} with allow_credentials=True: Starlette then echoes the caller's origin, so any site can read authenticated responses. List the allowed origins.`
      : `${what}; list the origins that may read responses.`,
    credentials,
  );
  return true;
}

// ---- Falcon -----------------------------------------------------------------------------

/** Checks `falcon.App(cors_enable=True)` and `falcon.CORSMiddleware(...)`; true when the call was one. */
function checkFalcon(ctx: RuleContext, call: PyNode): boolean {
  const { model } = ctx;
  if (calleeIn(model, call, FALCON_APPS)) {
    if (keywordIsTrue(model, call, "cors_enable")) {
      report(ctx, call, "Falcon's cors_enable=True allows every origin; use falcon.CORSMiddleware(allow_origins=[...]) with the origins that need access.", false);
    }
    return true;
  }
  if (!calleeIn(model, call, FALCON_CORS)) return false;
  const origins = model.arg(call, 0, "allow_origins");
  if (origins && originsVerdict(model, origins, undefined) !== "wildcard") return true;
  const credentialsArg = model.arg(call, 2, "allow_credentials");
  const credentials = credentialsArg !== undefined && isTruthyConstant(model, credentialsArg);
  report(
    ctx,
    call,
    credentials
      ? "falcon.CORSMiddleware allows every origin and allows credentials: the caller's origin is echoed, so any site can read authenticated responses. List allow_origins."
      : `falcon.CORSMiddleware ${origins ? "allows every origin" : "defaults to allow_origins='*'"}; list the origins that may read responses.`,
    credentials,
  );
  return true;
}

// ---- aiohttp-cors ------------------------------------------------------------------------

/** Checks `aiohttp_cors.setup(app, defaults={...})` and `cors.add(route, {...})`; true when the call was one. */
function checkAiohttpCors(ctx: RuleContext, call: PyNode): boolean {
  const { model } = ctx;
  let mapping: PyNode | undefined;
  let what: string;
  if (calleeIn(model, call, AIOHTTP_CORS_SETUP)) {
    mapping = model.arg(call, -1, "defaults");
    what = "aiohttp_cors.setup() defaults";
  } else if (methodName(call) === "add" && sourceCallees(model, receiver(call)).some((q) => AIOHTTP_CORS_OBJECTS.has(q))) {
    mapping = model.arg(call, 1, "config");
    what = "This aiohttp-cors route configuration";
  } else return false;
  if (!mapping) return true;
  for (const src of valueSources(model, mapping)) {
    const dict = unparen(src);
    if (dict?.type !== "dictionary") continue;
    for (const pair of dict.namedChildren) {
      if (pair.type !== "pair" || constString(model, pair.get("key"))?.trim() !== "*") continue;
      const credentials = valueSources(model, pair.get("value")).some(
        (o) => o.type === "call" && calleeIn(model, o, AIOHTTP_RESOURCE_OPTIONS) !== undefined && keywordIsTrue(model, o, "allow_credentials"),
      );
      report(
        ctx,
        call,
        credentials
          ? `${what} allow every origin ("*") with allow_credentials=True: aiohttp-cors then answers each caller with its own origin and credentials, so any site can read authenticated responses. Key the options by the allowed origins instead.`
          : `${what} allow every origin ("*"); key the options by the origins that may read responses.`,
        credentials,
      );
      return true;
    }
  }
  return true;
}

// ---- Litestar / Starlite ----------------------------------------------------------------

/** Checks `CORSConfig(...)`, whose `allow_origins` defaults to `["*"]`; true when the call was one. */
function checkLitestar(ctx: RuleContext, call: PyNode): boolean {
  const { model } = ctx;
  if (!calleeIn(model, call, LITESTAR_CORS)) return false;
  const args = model.callArgs(call);
  if (args.hasSplat) return true;
  const origins = model.arg(call, 0, "allow_origins");
  const regex = args.keywords.get("allow_origin_regex");
  const wildcardList = origins === undefined ? regex === undefined : originsVerdict(model, origins, undefined) === "wildcard";
  const wildcardRegex = regex !== undefined && regexNodeAllowsAnyOrigin(model, regex, "full");
  if (!wildcardList && !wildcardRegex) return true;
  const credentials = keywordIsTrue(model, call, "allow_credentials");
  const what = wildcardRegex ? "CORSConfig's allow_origin_regex matches every origin" : origins ? 'CORSConfig allows every origin ("*" in allow_origins)' : 'CORSConfig() sets no allow_origins, and Litestar defaults to ["*"]';
  report(
    ctx,
    call,
    credentials
      ? `${what} with allow_credentials=True: the caller's origin is echoed with credentials, so any site can read authenticated responses. List the allowed origins.`
      : `${what}; list the origins that may read responses.`,
    credentials,
  );
  return true;
}

// ---- Sanic Extensions -------------------------------------------------------------------

/** `@cors(origin="*")` of Sanic Extensions; true when the call was one. */
function checkSanicExtDecorator(ctx: RuleContext, call: PyNode): boolean {
  const { model } = ctx;
  if (!calleeIn(model, call, SANIC_EXT_CORS)) return false;
  const origin = model.arg(call, 0, "origin");
  if (!origin || originsVerdict(model, origin, undefined) !== "wildcard") return true;
  const credentials = keywordIsTrue(model, call, "supports_credentials");
  report(
    ctx,
    call,
    credentials
      ? "@cors(origin=\"*\") with supports_credentials=True lets any site read authenticated responses of this route. List the allowed origins."
      : "@cors(origin=\"*\") lets any site read this route's responses; list the origins that need access.",
    credentials,
  );
  return true;
}

/** `app.config.CORS_ORIGINS = "*"` in an application using Sanic Extensions (whose own default is no origins). */
function checkSanicExtConfig(ctx: RuleContext, writes: { key: string; value: PyNode }[]): void {
  const { model } = ctx;
  const credentials = writes.some((w) => w.key === "CORS_SUPPORTS_CREDENTIALS" && isTruthyConstant(model, w.value));
  for (const w of writes) {
    if (w.key !== "CORS_ORIGINS" || originsVerdict(model, w.value, undefined) !== "wildcard") continue;
    const anchor = model.statementOf(w.value);
    report(
      ctx,
      anchor,
      credentials
        ? "CORS_ORIGINS = \"*\" with CORS_SUPPORTS_CREDENTIALS = True: Sanic Extensions then echoes the caller's origin with credentials, so any site can read authenticated responses. List the allowed origins."
        : "CORS_ORIGINS = \"*\" lets any site read responses; list the origins that need access (Sanic Extensions allows none by default).",
      credentials,
    );
  }
}

// ---- django-cors-headers ----------------------------------------------------------------

function checkDjangoSettings(ctx: RuleContext, settings: SettingAssignment[]): void {
  const { model } = ctx;
  const live = settings.filter((s) => branchState(model, s.node) !== "dead");
  const credentials = live.some((s) => s.name === "CORS_ALLOW_CREDENTIALS" && isTruthyConstant(model, s.value));
  for (const s of live) {
    let wildcard = false;
    if (DJANGO_ALLOW_ALL.has(s.name)) wildcard = isTruthyConstant(model, s.value);
    else if (DJANGO_REGEXES.has(s.name)) wildcard = originsVerdict(model, s.value, "prefix") === "wildcard";
    if (!wildcard) continue;
    const debugOnly = branchState(model, s.node) === "debug";
    const what = DJANGO_ALLOW_ALL.has(s.name) ? `${s.name} = True allows every origin` : `${s.name} contains a pattern that matches every origin`;
    if (debugOnly) {
      ctx.report(s.node, `${what} when DEBUG is on; make sure DEBUG is never enabled in production, or list CORS_ALLOWED_ORIGINS.`, { level: "note", securitySeverity: "3.1" });
      continue;
    }
    const setting = model.scopeOf(s.node).kind === "module" ? s.name : undefined;
    report(
      ctx,
      s.node,
      credentials
        ? `${what} with CORS_ALLOW_CREDENTIALS = True: the caller's origin is echoed with credentials, so any site can read authenticated responses. Use CORS_ALLOWED_ORIGINS.`
        : `${what}; use CORS_ALLOWED_ORIGINS with the origins that need access.`,
      credentials,
      setting,
    );
  }
}

/** Whether a module-level statement runs always, only under `if DEBUG:`, or never (a condition folding to false). */
function branchState(model: FileModel, node: PyNode): "live" | "debug" | "dead" {
  let state: "live" | "debug" = "live";
  for (let n: PyNode | null = model.statementOf(node); n?.parent; n = n.parent) {
    const parent = n.parent;
    if (parent.type !== "if_statement" && parent.type !== "elif_clause") continue;
    if (n.field !== "consequence") continue;
    const condition = parent.get("condition");
    const v = condition ? model.constant(condition) : undefined;
    if (v !== undefined && !truthy(v)) return "dead";
    if (condition && mentionsDebug(condition)) state = "debug";
  }
  return state;
}

function mentionsDebug(condition: PyNode): boolean {
  let found = false;
  walk(condition, (n) => {
    if (found) return false;
    if (n.type === "identifier" && n.text === "DEBUG" && n.parent?.type !== "keyword_argument") found = true;
  });
  return found;
}

// ---- Access-Control-Allow-Origin headers -----------------------------------------------

function checkHeaders(ctx: RuleContext, sets: HeaderSet[]): void {
  const { model } = ctx;
  const credentialOwners = new Set(sets.filter((s) => s.name === ACAC && isTrueHeaderValue(model, s.value)).map((s) => s.owner));
  for (const s of sets) {
    if (s.name !== ACAO) continue;
    const value = constString(model, s.value);
    if (value !== undefined) {
      if (value.trim() === "*") {
        ctx.report(s.anchor, "Access-Control-Allow-Origin: * lets any site read this response; send it only for the origins that need access.");
      }
      continue;
    }
    const reflected = reflectedOrigin(model, s.value);
    if (!reflected || originIsChecked(model, s.owner, reflected)) continue;
    const credentials = credentialOwners.has(s.owner);
    report(
      ctx,
      s.anchor,
      credentials
        ? "The request's Origin is echoed into Access-Control-Allow-Origin with Access-Control-Allow-Credentials: true and no allow-list check: any site can read authenticated responses. Compare the origin against an allow-list first."
        : "The request's Origin is echoed into Access-Control-Allow-Origin without an allow-list check, which allows every origin. Compare the origin against an allow-list first.",
      credentials,
    );
  }
}

/** The lower-cased header name a key expression folds to, if it is one of the CORS headers. */
function headerName(model: FileModel, key: PyNode | null | undefined): string | undefined {
  const name = constString(model, key)?.trim().toLowerCase();
  return name === ACAO || name === ACAC ? name : undefined;
}

function isTrueHeaderValue(model: FileModel, value: PyNode): boolean {
  const v = model.constant(value);
  return (v?.t === "str" && v.v.trim().toLowerCase() === "true") || (v?.t === "bool" && v.v);
}

/**
 * The origin-bearing expression a header value reflects: a read of the request's `Origin`
 * (`request.headers.get("Origin")`, `request.META["HTTP_ORIGIN"]`, `req.get_header("Origin")`,
 * `request.origin`) directly or through a local name; undefined when the value is not one.
 */
function reflectedOrigin(model: FileModel, value: PyNode): { read: PyNode; name?: string } | undefined {
  const n = unparen(value);
  if (!n) return undefined;
  if (isOriginRead(model, n)) return { read: n };
  if (n.type !== "identifier") return undefined;
  const read = valueSources(model, n).find((s) => s !== n && isOriginRead(model, s));
  return read ? { read, name: n.text } : undefined;
}

function isOriginRead(model: FileModel, node: PyNode): boolean {
  const n = unparen(node);
  if (!n) return false;
  if (n.type === "subscript") return isOriginKey(model, n.get("subscript")) && readsRequestHeaders(model, n.get("value"));
  if (n.type === "attribute") return model.qualifiedNames(n).some((q) => REQUEST_ORIGIN_ATTRS.has(q));
  if (n.type !== "call") return false;
  const method = methodName(n);
  if (!method || !ORIGIN_GETTERS.has(method) || !isOriginKey(model, model.arg(n, 0))) return false;
  return method !== "get" || readsRequestHeaders(model, receiver(n));
}

function isOriginKey(model: FileModel, key: PyNode | null | undefined): boolean {
  const k = constString(model, key)?.toLowerCase();
  return k !== undefined && ORIGIN_KEYS.has(k);
}

/** `request.headers`, `request.META`, `environ`, or a name bound to one of them. */
function readsRequestHeaders(model: FileModel, node: PyNode | null | undefined): boolean {
  const n = unparen(node ?? null);
  if (!n) return false;
  if (n.type === "attribute") return REQUEST_HEADER_MAPS.has(n.get("attribute")?.text ?? "");
  if (n.type === "identifier") {
    if (REQUEST_HEADER_MAPS.has(n.text)) return true;
    return valueSources(model, n).some((s) => s !== n && s.type === "attribute" && REQUEST_HEADER_MAPS.has(s.get("attribute")?.text ?? ""));
  }
  return false;
}

/**
 * True when the function that sets the header also tests the origin against something: a
 * comparison with a non-empty operand, a call that takes it, or a method called on it.
 */
function originIsChecked(model: FileModel, owner: PyNode, reflected: { read: PyNode; name?: string }): boolean {
  const mentions = (n: PyNode): boolean =>
    (reflected.name !== undefined && n.type === "identifier" && n.text === reflected.name) || (n !== reflected.read && isOriginRead(model, n));
  // the origin itself, or a collection built around it (`{origin}`, `set([origin])`)
  const holds = (node: PyNode): boolean => {
    const n = unparen(node) ?? node;
    if (mentions(n)) return true;
    if (n.type === "set" || n.type === "list" || n.type === "tuple") return n.namedChildren.some((c) => mentions(unparen(c) ?? c));
    if (n.type !== "call" || !model.qualifiedNames(n.get("function")).some((q) => COLLECTION_BUILDERS.has(q))) return false;
    const arg = model.arg(n, 0);
    return arg !== undefined && holds(arg);
  };
  let checked = false;
  walk(owner, (n) => {
    if (checked) return false;
    if (n !== owner && (n.type === "function_definition" || n.type === "class_definition")) return false;
    if (n.type === "comparison_operator") {
      const operands = n.namedChildren;
      if (operands.some(holds) && operands.some((o) => !holds(o) && isTruthyConstantOrUnknown(model, o))) checked = true;
    } else if (n.type === "binary_operator" && n.children.some((c) => !c.named && c.text === "&")) {
      // `if {origin} & ALLOWED_ORIGINS:`, `if set(["*", origin]) & settings.CORS_ORIGINS:` (an intersection with the allow-list)
      const sides = [n.get("left"), n.get("right")].filter((x): x is PyNode => x !== null);
      if (sides.some(holds) && sides.some((o) => !holds(o)) && isInCondition(n, owner)) checked = true;
    } else if (n.type === "call" && !isOriginRead(model, n)) {
      const callee = model.qualifiedName(n.get("function"));
      if (callee === "builtins.bool" || callee === "builtins.len" || callee === "builtins.str") return;
      const args = model.callArgs(n);
      if ([...args.positional, ...args.keywords.values()].some((a) => mentions(unparen(a) ?? a))) checked = isInCondition(n, owner);
      const obj = receiver(n);
      if (obj && mentions(unparen(obj) ?? obj) && isInCondition(n, owner)) checked = true;
    }
  });
  return checked;
}

const COLLECTION_BUILDERS = new Set(["builtins.set", "builtins.frozenset", "builtins.list", "builtins.tuple"]);

/** True when the node sits in a condition (if/elif/while/assert/ternary test); calls elsewhere (logging) check nothing. */
function isInCondition(node: PyNode, owner: PyNode): boolean {
  for (let n: PyNode | null = node; n && n !== owner; n = n.parent) {
    const p: PyNode | null = n.parent;
    if (!p) break;
    if ((p.type === "if_statement" || p.type === "elif_clause" || p.type === "while_statement") && n.field === "condition") return true;
    if (p.type === "assert_statement") return true;
    if (p.type === "conditional_expression" && p.namedChildren[1] === n) return true;
  }
  return false;
}

/** A comparison operand that is not a falsy constant (`None`, `""`): `origin in ALLOWED`, not `origin is not None`. */
function isTruthyConstantOrUnknown(model: FileModel, node: PyNode): boolean {
  const v = model.constant(node);
  return v === undefined || truthy(v);
}

// ---- shared -----------------------------------------------------------------------------

function report(ctx: RuleContext, node: PyNode, message: string, credentials: boolean, setting?: string): void {
  const options = credentials ? { level: "error" as const, securitySeverity: "8.8", properties: { credentials: true } } : { properties: { credentials: false } };
  ctx.report(node, message, setting ? { ...options, setting } : options);
}

function isTruthyConstant(model: FileModel, node: PyNode | null | undefined): boolean {
  const v = node ? model.constant(node) : undefined;
  return v !== undefined && truthy(v);
}

/** The function whose body contains the node, or the module. */
function ownerOf(model: FileModel, node: PyNode): PyNode {
  return model.enclosingFunction(node) ?? model.root;
}

/** A header literal that is compared or asserted (`assert ("Access-Control-Allow-Origin", "*") in headers`), as in tests. */
function isExpectation(node: PyNode): boolean {
  for (let n = node.parent; n && n.type !== "block" && n.type !== "module"; n = n.parent) {
    if (n.type === "comparison_operator" || n.type === "assert_statement") return true;
  }
  return false;
}

/** A `headers={...}` dictionary passed to an HTTP client call (request headers sent elsewhere). */
function isOutgoingRequestHeaders(model: FileModel, pair: PyNode): boolean {
  let holder = pair.parent?.parent;
  if (holder?.type === "keyword_argument") holder = holder.parent;
  const call = holder?.type === "argument_list" ? holder.parent : null;
  if (call?.type !== "call") return false;
  const callee = model.qualifiedName(call.get("function"));
  if (callee && CLIENT_PREFIXES.some((p) => callee.startsWith(p))) return true;
  // `client.get(url, headers={...})` on an unresolved client object (test clients, sessions)
  const method = methodName(call);
  return method !== undefined && CLIENT_METHODS.has(method) && !callee;
}
