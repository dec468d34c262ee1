/**
 * insecure-cookie: cookies sent without the attributes that protect them — `Secure` (not sent over
 * plain HTTP), `HttpOnly` (not readable by scripts), `SameSite` (not sent on cross-site requests) —
 * on `set_cookie` calls of Flask/Werkzeug, Django, Starlette/FastAPI, aiohttp, Tornado, Bottle,
 * Falcon and Sanic, and the session-cookie settings of Django and Flask.
 *
 * Decisions:
 * - `secure=False` written out is reported for any cookie: it is a decision to send the cookie
 *   over plain HTTP. `httponly=False` and `samesite="None"` are reported for session/auth cookies.
 * - Missing attributes are reported for session/auth cookies only, found by the cookie's name
 *   (`session`, `sid`, `auth_token`, `remember_me`, …) or by where its value comes from (a token,
 *   a session id, `secrets.token_urlsafe()`, `jwt.encode()`, a signer), followed within the file.
 *   A missing attribute is judged against the framework's default: Starlette and Sanic default to
 *   `SameSite=Lax`, Sanic to `Secure`, Falcon to `Secure` and `HttpOnly`. CSRF cookies may be
 *   readable by scripts (that is how the token gets into the header).
 * - A session cookie that sets `Secure` and `HttpOnly` but leaves `SameSite` to the default is a note.
 * - Attributes given by a non-constant expression (`secure=settings.SESSION_COOKIE_SECURE`) or through
 *   `**kwargs` are trusted.
 * - Settings: `SESSION_COOKIE_SECURE`, `CSRF_COOKIE_SECURE`, `REMEMBER_COOKIE_SECURE`,
 *   `SESSION_COOKIE_HTTPONLY`, `REMEMBER_COOKIE_HTTPONLY` set to false and `SESSION_COOKIE_SAMESITE`
 *   set to `None`, in settings modules, config classes and `app.config`, outside development
 *   contexts and when not overridden by a later settings module.
 * - A settings module that leaves `SECRET_KEY` empty, imports no other settings and is imported
 *   by no sibling with `from … import *` is a table of defaults (a framework's own defaults module,
 *   a template), not a deployment's configuration: the framework refuses to run with it as it is
 *   (see `src/settings-overrides.ts`).
 */
import { unparen, type PyNode } from "../src/parse/ast.js";
import type { FileModel } from "../src/model/file-model.js";
import { COOKIE_FIX_DOCS, cookieFix } from "./lib/cookie-fix.js";
import type { PatternRule, RuleContext } from "../src/rule.js";
import { truthy, type PyValue } from "../src/model/values.js";
import { findOrigin } from "./lib/origins.js";
import { constantAt, constStringAt, methodName } from "./lib/python.js";
import { isUnguessableName, nameWords } from "./lib/secrets.js";
import { branchState, configAssignment, configWrites, isConfigClass, isDevelopmentFile, isSettingsModule, overriddenBySubclasses } from "./lib/settings.js";

type Framework = "werkzeug" | "django" | "starlette" | "aiohttp" | "tornado" | "bottle" | "falcon" | "sanic";

/** Cookie attributes each framework sets when the call says nothing. */
const DEFAULTS: Record<Framework, { secure: boolean; httponly: boolean; samesite: boolean }> = {
  werkzeug: { secure: false, httponly: false, samesite: false },
  django: { secure: false, httponly: false, samesite: false },
  starlette: { secure: false, httponly: false, samesite: true },
  aiohttp: { secure: false, httponly: false, samesite: false },
  tornado: { secure: false, httponly: false, samesite: false },
  bottle: { secure: false, httponly: false, samesite: false },
  falcon: { secure: true, httponly: true, samesite: false },
  sanic: { secure: true, httponly: false, samesite: true },
};

/** Keyword names of the attributes, per framework family. */
const KEYWORDS = {
  secure: ["secure"],
  httponly: ["httponly", "http_only"],
  samesite: ["samesite", "same_site"],
};

const COOKIE_SETTERS = new Set(["set_cookie", "set_signed_cookie", "set_secure_cookie", "add_cookie"]);

/** Session-cookie settings and the value that makes them insecure. */
const COOKIE_SETTINGS = new Map<string, { bad: "false" | "none"; what: string; cwe: number }>([
  ["SESSION_COOKIE_SECURE", { bad: "false", what: "the session cookie is sent over plain HTTP", cwe: 614 }],
  ["CSRF_COOKIE_SECURE", { bad: "false", what: "the CSRF cookie is sent over plain HTTP", cwe: 614 }],
  ["REMEMBER_COOKIE_SECURE", { bad: "false", what: "the remember-me cookie is sent over plain HTTP", cwe: 614 }],
  ["SESSION_COOKIE_HTTPONLY", { bad: "false", what: "scripts on the page can read the session cookie", cwe: 1004 }],
  ["REMEMBER_COOKIE_HTTPONLY", { bad: "false", what: "scripts on the page can read the remember-me cookie", cwe: 1004 }],
  ["SESSION_COOKIE_SAMESITE", { bad: "none", what: "the session cookie is sent with cross-site requests", cwe: 1275 }],
]);

/** Words of cookie names (and value origins) that carry a session or an identity. */
const SESSION_WORDS = new Set([
  "session", "sessionid", "sess", "sid", "sessid", "auth", "authentication", "token", "jwt", "remember", "login",
  "logged", "identity", "sso", "saml", "oauth", "access", "refresh", "bearer", "credential", "credentials",
  "apikey", "ticket", "uid", "userid", "signed", "signer", "signature",
]);
const CSRF_WORDS = new Set(["csrf", "xsrf", "csrftoken"]);

export const rule: PatternRule = {
  meta: {
    id: "insecure-cookie",
    name: "InsecureCookie",
    shortDescription: "Cookie without Secure, HttpOnly or SameSite protection",
    fullDescription:
      "A cookie is set with `secure=False`, or a session or authentication cookie is set without the `Secure`, `HttpOnly` or `SameSite` attribute (or the framework's session-cookie settings turn them off), so it can travel over plain HTTP, be read by injected scripts, or ride along on cross-site requests.",
    docs: {
      whatItDoes:
        "Flags `set_cookie` / `set_signed_cookie` / `set_secure_cookie` / `add_cookie` calls (Flask/Werkzeug, Django, Starlette/FastAPI, aiohttp, Tornado, Bottle, Falcon, Sanic) that pass `secure=False`, and calls for session or authentication cookies — recognised by the cookie's name (`session`, `sid`, `auth_token`, `jwt`, `remember_me`, …) or by the origin of its value (a token, a session id, `secrets.token_urlsafe()`, `jwt.encode()`, a signer) — that leave out `Secure` or `HttpOnly` where the framework does not set them by default, or pass `httponly=False` or `samesite=\"None\"`. A session cookie with `Secure` and `HttpOnly` but no `SameSite` (where the framework sets none) is a note. Also flags the settings `SESSION_COOKIE_SECURE`, `CSRF_COOKIE_SECURE`, `REMEMBER_COOKIE_SECURE`, `SESSION_COOKIE_HTTPONLY` and `REMEMBER_COOKIE_HTTPONLY` set to false and `SESSION_COOKIE_SAMESITE = None` in Django settings modules, Flask config classes and `app.config`.\n\nNot flagged: attributes given by a variable or setting (`secure=settings.SESSION_COOKIE_SECURE`), `**kwargs`, cookies whose name and value say nothing about a session (a theme or language preference) unless `secure=False` is written out, CSRF cookies without `HttpOnly` (scripts must read them), development-only files and branches, settings a later settings module overrides, and tables of defaults: a settings module whose `SECRET_KEY` is empty (`\"\"` or `None`), that imports no other settings and that no module beside it star-imports — a framework's own defaults module such as Django's `global_settings.py`, whose values every project's settings replace. Django refuses to serve with an empty `SECRET_KEY` and Flask cannot sign sessions without one, so such a module is never what a site runs with. A `base.py` with an empty key that `production.py` star-imports is still checked: production inherits its cookie settings.",
      whyBad:
        "A session cookie is the user's identity. Without `Secure` it is sent over any plain-HTTP request — a link to `http://`, a downgrade on public Wi-Fi — where anyone on the path can copy it and take over the session. Without `HttpOnly`, one cross-site-scripting bug lets a script read it and send it away. Without `SameSite`, the browser attaches it to requests other sites trigger, which is what cross-site request forgery exploits.",
      example: [
        "import secrets",
        "",
        "from flask import Flask, make_response, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        "@app.post(\"/login\")",
        "def login():",
        "    user = authenticate(request.form[\"email\"], request.form[\"password\"])",
        "    session_token = secrets.token_urlsafe(32)",
        "    store_session(session_token, user)",
        "    response = make_response({\"ok\": True})",
        "    response.set_cookie(\"session_token\", session_token)",
        "    return response",
        "",
      ].join("\n"),
      useInstead: [
        "import secrets",
        "",
        "from flask import Flask, make_response, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        "@app.post(\"/login\")",
        "def login():",
        "    user = authenticate(request.form[\"email\"], request.form[\"password\"])",
        "    session_token = secrets.token_urlsafe(32)",
        "    store_session(session_token, user)",
        "    response = make_response({\"ok\": True})",
        "    response.set_cookie(\"session_token\", session_token, secure=True, httponly=True, samesite=\"Lax\")",
        "    return response",
        "",
      ].join("\n"),
      useInsteadText:
        "Set `secure=True`, `httponly=True` and `samesite=\"Lax\"` (or `\"Strict\"`) on every cookie that carries a session or a credential, and the framework's settings likewise (`SESSION_COOKIE_SECURE = True`, `CSRF_COOKIE_SECURE = True`). Serve the site over HTTPS only (HSTS) so the browser never sends the cookie in clear.",
      fix: COOKIE_FIX_DOCS,
      references: [
        { title: "CWE-614: Sensitive Cookie in HTTPS Session Without 'Secure' Attribute", url: "https://cwe.mitre.org/data/definitions/614.html" },
        { title: "CWE-1004: Sensitive Cookie Without 'HttpOnly' Flag", url: "https://cwe.mitre.org/data/definitions/1004.html" },
        { title: "CWE-1275: Sensitive Cookie with Improper SameSite Attribute", url: "https://cwe.mitre.org/data/definitions/1275.html" },
        { title: "OWASP Top 10 2021 A05: Security Misconfiguration", url: "https://owasp.org/Top10/A05_2021-Security_Misconfiguration/" },
        { title: "OWASP Session Management Cheat Sheet: Cookies", url: "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies" },
        { title: "MDN: Set-Cookie", url: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie" },
        { title: "Flask: Set-Cookie options", url: "https://flask.palletsprojects.com/en/stable/security/#set-cookie-options" },
        { title: "Django: HttpResponse.set_cookie", url: "https://docs.djangoproject.com/en/stable/ref/request-response/#django.http.HttpResponse.set_cookie" },
      ],
    },
    cwe: [614, 1004, 1275],
    owasp: ["A05:2021-Security Misconfiguration"],
    level: "warning",
    securitySeverity: "5.4",
    precision: "high",
    tags: ["security", "cookie", "external/cwe/cwe-614", "external/cwe/cwe-1004", "external/cwe/cwe-1275"],
    frameworks: ["flask", "werkzeug", "django", "starlette", "fastapi", "aiohttp", "tornado", "bottle", "falcon", "sanic"],
    aliases: {},
    kind: "pattern",
    fixSafety: ["unsafe"],
  },
  fix: cookieFix,
  create(ctx) {
    const { model } = ctx;
    if (isDevelopmentFile(model)) return {};
    const framework = frameworkOf(model);
    const settingsModule = isSettingsModule(model);
    const classFindings: { cls: PyNode; name: string; report: () => void }[] = [];

    const setting = (name: string, value: PyNode, anchor: PyNode, where: "module" | "class" | "config"): void => {
      const spec = COOKIE_SETTINGS.get(name);
      if (!spec || !isBadSettingValue(model, value, spec.bad) || branchState(model, anchor) !== "live") return;
      // the value as written when it is a literal (`None` turns the attribute off as `False` does)
      const written = value.type === "none" || value.type === "false" || value.type === "integer" ? value.text : spec.bad === "none" ? "None" : "False";
      const message = `${name} = ${written}: ${spec.what}. Set it to ${spec.bad === "none" ? '"Lax" or "Strict"' : "True"} outside development.`;
      const options = { properties: { cwe: `CWE-${spec.cwe}` }, ...(where === "module" ? { setting: name } : {}) };
      const cls = where === "class" ? enclosingClass(anchor) : null;
      if (cls) classFindings.push({ cls, name, report: () => ctx.report(anchor, message, options) });
      else ctx.report(anchor, message, options);
    };

    return {
      call(call) {
        configWrites(model, call, (name, value, anchor) => setting(name, value, anchor, "config"));
        const method = methodName(call);
        if (method && COOKIE_SETTERS.has(method)) checkSetCookie(ctx, call, method, framework);
      },
      assignment(node) {
        configWrites(model, node, (name, value, anchor) => setting(name, value, anchor, "config"));
        const a = configAssignment(model, node);
        if (!a || !COOKIE_SETTINGS.has(a.name)) return;
        if (a.scope === "module" && settingsModule) setting(a.name, a.value, node, "module");
        else if (a.scope === "class") {
          const cls = enclosingClass(node);
          if (cls && isConfigClass(cls)) setting(a.name, a.value, node, "class");
        }
      },
      "module:exit"() {
        for (const f of classFindings) {
          const bad = COOKIE_SETTINGS.get(f.name)!.bad;
          if (!overriddenBySubclasses(model, f.cls, f.name, (v) => isBadSettingValue(model, v, bad))) f.report();
        }
      },
    };
  },
};

function checkSetCookie(ctx: RuleContext, call: PyNode, method: string, framework: Framework): void {
  const { model } = ctx;
  const args = model.callArgs(call);
  if (branchState(model, call) === "dead") return;
  const fw: Framework = method === "add_cookie" ? "sanic" : framework;
  const defaults = DEFAULTS[fw];
  const attr = (names: string[]) => {
    for (const n of names) if (args.keywords.has(n)) return args.keywords.get(n)!;
    return undefined;
  };
  const secure = attr(KEYWORDS.secure);
  const httponly = attr(KEYWORDS.httponly);
  const samesite = attr(KEYWORDS.samesite);
  const nameNode = args.positional[0] ?? args.keywords.get("key") ?? args.keywords.get("name");
  const valueNode = args.positional[1] ?? args.keywords.get("value");
  const cookieName = constStringAt(model, nameNode);
  // "The cookie …" when the name is not a constant (`set_cookie(settings.AUTH_COOKIE, token)`)
  const label = cookieName !== undefined ? `cookie "${cookieName}"` : "cookie";

  const explicitlyOff = (node: PyNode | undefined) => {
    if (!node) return false;
    const v = constantAt(model, node);
    return v !== undefined && !truthy(v);
  };
  if (explicitlyOff(secure)) {
    ctx.report(call, `The ${label} is set with secure=False, so browsers also send it over plain HTTP where anyone on the network path can read it. Set secure=True.`, {
      properties: { cwe: "CWE-614", missing: ["secure"] },
    });
    return;
  }
  if (args.hasSplat) return;
  const kind = sessionKind(model, nameNode, valueNode, method);
  if (!kind) return;
  const problems: { attr: string; text: string; cwe: string }[] = [];
  if (!secure && !defaults.secure) problems.push({ attr: "secure", text: "without secure=True (it is also sent over plain HTTP)", cwe: "CWE-614" });
  if (kind !== "csrf") {
    if (explicitlyOff(httponly)) problems.push({ attr: "httponly", text: "with httponly=False (scripts can read it)", cwe: "CWE-1004" });
    else if (!httponly && !defaults.httponly) problems.push({ attr: "httponly", text: "without httponly=True (scripts can read it)", cwe: "CWE-1004" });
  }
  // a Python None means "no attribute" in every framework; the string "None" opts out of SameSite
  if (samesite && constStringAt(model, samesite)?.toLowerCase() === "none") problems.push({ attr: "samesite", text: 'with samesite="None" (sent with cross-site requests)', cwe: "CWE-1275" });
  const what = kind === "csrf" ? "CSRF cookie" : kind === "name" ? `session/auth ${label}` : `${label}, which carries a session or credential value,`;
  if (problems.length > 0) {
    ctx.report(call, `The ${what} is set ${joinProblems(problems.map((p) => p.text))}. Set secure=True, httponly=True and samesite="Lax" on cookies that carry a session or a credential.`, {
      properties: { cwe: problems.map((p) => p.cwe).join(","), missing: problems.map((p) => p.attr) },
    });
    return;
  }
  if (!samesite && !defaults.samesite && kind !== "csrf") {
    ctx.report(call, `The ${what} is set without a SameSite attribute; browsers that do not default to Lax send it with cross-site requests. Add samesite="Lax" (or "Strict").`, {
      level: "note",
      securitySeverity: "3.1",
      properties: { cwe: "CWE-1275", missing: ["samesite"] },
    });
  }
}

function joinProblems(problems: string[]): string {
  return problems.length <= 1 ? problems.join("") : `${problems.slice(0, -1).join(", ")} and ${problems[problems.length - 1]}`;
}

/**
 * Why a cookie carries a session or credential: its name (`"session"`, `SESSION_COOKIE_NAME`),
 * its CSRF role, or the origin of its value; undefined when nothing says so.
 */
function sessionKind(model: FileModel, nameNode: PyNode | undefined, valueNode: PyNode | undefined, method: string): "name" | "csrf" | "value" | undefined {
  // a flag (`set_cookie("is_access_token_expired", "true")`): the same value for everyone carries no credential
  if (valueNode && isFlagValue(constantAt(model, valueNode))) return undefined;
  const name = constStringAt(model, nameNode) ?? nameExpressionText(nameNode);
  if (name) {
    const words = nameWords(name);
    if (words.some((w) => CSRF_WORDS.has(w))) return "csrf";
    if (isSessionName(name)) return "name";
  }
  if (method === "set_signed_cookie" || method === "set_secure_cookie") return "value";
  if (!valueNode) return undefined;
  const origin = findOrigin(model, valueNode, { match: (n) => isSessionValueNode(model, n) });
  return origin ? "value" : undefined;
}

/** A boolean, a small number or a yes/no word: what a cookie that only flags a state holds. */
function isFlagValue(v: PyValue | undefined): boolean {
  if (v === undefined) return false;
  if (v.t === "bool" || v.t === "none") return true;
  if (v.t === "int") return Math.abs(v.v) < 10;
  return v.t === "str" && /^(?:true|false|yes|no|on|off|[01]|)$/i.test(v.v.trim());
}

/** For a non-constant cookie name, the attribute or variable it is read from (`settings.SESSION_COOKIE_NAME`). */
function nameExpressionText(node: PyNode | undefined): string | undefined {
  const n = unparen(node ?? null);
  if (n?.type === "attribute") return n.get("attribute")?.text;
  if (n?.type === "identifier") return n.text;
  return undefined;
}

function isSessionName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  if (isUnguessableName(name) && !words.some((w) => w === "salt" || w === "nonce")) return true;
  const head = words[words.length - 1]!;
  if (["name", "age", "domain", "path", "timeout", "expiry", "ttl", "duration", "max", "prefix"].includes(head)) return false;
  return words.some((w) => SESSION_WORDS.has(w)) || (words.includes("user") && (words.includes("id") || words.includes("key")));
}

/** A node whose name or callee says it holds a session or a credential. */
function isSessionValueNode(model: FileModel, n: PyNode): boolean {
  if (n.type === "identifier") return n.parent?.type !== "call" && n.parent?.type !== "keyword_argument" && isSessionName(n.text);
  if (n.type === "attribute") {
    const attr = n.get("attribute")?.text ?? "";
    return isSessionName(attr);
  }
  if (n.type === "call") {
    const q = model.qualifiedNames(n.get("function"));
    if (q.some((x) => x.startsWith("secrets.token_") || x === "jwt.encode" || x.startsWith("itsdangerous.") || x === "django.core.signing.dumps")) return true;
    const fn = unparen(n.get("function"));
    const callee = fn?.type === "attribute" ? fn.get("attribute")?.text ?? "" : fn?.type === "identifier" ? fn.text : "";
    return /(?:^|_)(?:encode|sign|dumps)$/.test(callee) ? isSessionName(fn?.text ?? "") || /jwt|token|sign/i.test(fn?.text ?? "") : isSessionName(callee.replace(/^(?:create|make|generate|new|issue|get|build)_/, ""));
  }
  return false;
}

function isBadSettingValue(model: FileModel, value: PyNode, bad: "false" | "none"): boolean {
  const v = constantAt(model, value);
  if (v === undefined) return false;
  if (bad === "none") return v.t === "none" || (v.t === "str" && v.v.toLowerCase() === "none");
  return !truthy(v);
}

function enclosingClass(node: PyNode): PyNode | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === "class_definition") return n;
    if (n.type === "function_definition") return null;
  }
  return null;
}

/** The web framework a file's `set_cookie` calls belong to, from its imports (Werkzeug/Flask when unknown). */
function frameworkOf(model: FileModel): Framework {
  const has = (prefix: string) => model.imports.some((i) => i.qualified === prefix || i.qualified.startsWith(`${prefix}.`));
  if (has("flask") || has("werkzeug") || has("quart")) return "werkzeug";
  if (has("django")) return "django";
  if (has("fastapi") || has("starlette") || has("litestar")) return "starlette";
  if (has("aiohttp")) return "aiohttp";
  if (has("tornado")) return "tornado";
  if (has("bottle")) return "bottle";
  if (has("falcon")) return "falcon";
  if (has("sanic")) return "sanic";
  return "werkzeug";
}
