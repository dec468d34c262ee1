/**
 * sensitive-logging: a credential written to a log — a password, secret, API key or access token
 * (by its name, as a variable, attribute, mapping key or keyword, and through the local names
 * and strings built from it), an `Authorization` or `Cookie` header, or a request's headers,
 * cookies or environment as a whole — passed to `logging`, a `Logger`, Flask's `app.logger`,
 * loguru or structlog.
 *
 * Decisions:
 * - A pattern rule, not a taint rule: what makes the value dangerous here is what it is (a named
 *   credential), not where it came from, and secrets are logged in workers and scripts as often
 *   as in views. Names are judged by `rules/lib/secrets.ts` (the same judgement as
 *   `hardcoded-secret`): the last word decides (`password_hash`, `token_expiry`, `api_key_id` are
 *   not credentials). `token`, `auth`, `cookie` and session ids alone count only in files that use
 *   a web framework or an auth or HTTP client library; elsewhere a token is often a parser's.
 * - A logger is recognised by construction (`logging.getLogger(...)`, `LoggerAdapter`,
 *   `structlog.get_logger()`, loguru's `logger`) or by its name (`log`, `logger`, `audit_log`,
 *   `self.logger`, `app.logger`).
 * - Transformations end the search: hashing, masking helpers, `len()`, comparisons, and slices
 *   (`token[:4]`) are how a credential is logged without being disclosed; so is a local name only
 *   ever assigned a truth value or a count (`has_password = pw is not None`).
 * - Test code is skipped: the credentials there are fixtures.
 */
import { unparen, type PyNode } from "../src/parse/ast.js";
import type { FileModel } from "../src/model/file-model.js";
import type { PatternRule } from "../src/rule.js";
import { isTestPath } from "../src/test-code.js";
import { namedValueIn, type NamedValueTest } from "./lib/named-values.js";
import { methodName, receiver, valueSources } from "./lib/python.js";
import { nameWords, secretNameStrength } from "./lib/secrets.js";

const LEVELS = new Set(["debug", "info", "warning", "warn", "error", "critical", "fatal", "exception", "log", "trace", "success", "msg"]);
const LOGGER_FACTORIES = new Set(["logging.getLogger", "logging.LoggerAdapter", "structlog.get_logger", "structlog.getLogger", "structlog.stdlib.get_logger"]);
const LOGGER_OBJECTS = new Set(["loguru.logger", "logging.root"]);
/** `log`, `logger`, `_logger`, `LOGGER`, `audit_log`, `access_logger`. */
const LOGGER_NAME = /^_*(?:log|logger|[a-z0-9_]*_(?:log|logger))$/i;
/** Logging keyword arguments that are not written as text. */
const NOT_LOGGED = new Set(["exc_info", "stack_info", "stacklevel", "level"]);

/** Request headers that carry credentials. */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "http_authorization", "http_cookie", "http_proxy_authorization"]);
/** Parts of a request that hold every header or cookie, credentials included. */
const WHOLE_REQUEST_PARTS = new Set(["headers", "META", "cookies", "COOKIES", "environ"]);
const REQUEST_OBJECTS = new Set(["flask.request", "flask.globals.request"]);
const REQUEST_NAMES = new Set(["request", "req", "self.request"]);

/** Libraries whose presence makes a bare `token`, `auth` or `cookie` an access credential. */
const WEB_IMPORTS = ["flask", "django", "fastapi", "starlette", "rest_framework", "aiohttp", "tornado", "falcon", "pyramid", "sanic", "quart", "jwt", "jose", "authlib", "oauthlib", "itsdangerous", "requests", "httpx", "boto3"];

/** Whether a call writes a log record. */
function isLoggingCall(model: FileModel, call: PyNode): boolean {
  const callee = model.qualifiedNames(call.get("function"));
  if (callee.some((q) => q.startsWith("logging.") && LEVELS.has(q.slice("logging.".length)))) return true;
  const method = methodName(call);
  const recv = unparen(receiver(call));
  if (!method || !LEVELS.has(method) || !recv) return false;
  if (model.qualifiedNames(recv).some((q) => LOGGER_OBJECTS.has(q))) return true;
  for (const src of valueSources(model, recv)) {
    if (src.type === "call" && model.qualifiedNames(src.get("function")).some((q) => LOGGER_FACTORIES.has(q))) return true;
  }
  const name = recv.type === "attribute" ? recv.get("attribute")?.text : recv.type === "identifier" ? recv.text : undefined;
  return name !== undefined && LOGGER_NAME.test(name);
}

/** A request object: Flask's `request`, or a name such as `request`, `req`, `self.request`. */
function isRequest(model: FileModel, node: PyNode | null): boolean {
  const n = unparen(node);
  if (!n) return false;
  return REQUEST_NAMES.has(n.text) || model.qualifiedNames(n).some((q) => REQUEST_OBJECTS.has(q));
}

function credentialTest(model: FileModel): NamedValueTest {
  const web = model.imports.some((i) => WEB_IMPORTS.some((w) => i.qualified === w || i.qualified.startsWith(`${w}.`)));
  return {
    isName(name, node) {
      if (CREDENTIAL_HEADERS.has(name.toLowerCase())) return true;
      const strength = secretNameStrength(name);
      if (strength === "strong") return true;
      if (strength !== "weak" || !web) return false;
      const words = nameWords(name);
      if (words.includes("salt")) return false;
      // `sid` alone is as often a server, security or Oracle system id (`manager.sid = server.id`,
      // `account_sid`) as a session's: it is one where a session holds it or session code uses it
      if (words[words.length - 1] === "sid" && !words.some((w) => WEAK_CREDENTIAL_WORDS.has(w))) return node !== undefined && sessionContext(model, node);
      return true;
    },
    whole(m, node) {
      return node.type === "attribute" && WHOLE_REQUEST_PARTS.has(node.get("attribute")?.text ?? "") && isRequest(m, node.get("object"));
    },
    slicesHide: true,
  };
}

/** Words that make a name a credential of its own, with or without `sid` next to them. */
const WEAK_CREDENTIAL_WORDS = new Set(["session", "sessionid", "token", "tokens", "auth", "bearer"]);

/** The object a name was read from: `session` in `session.sid`, `session["sid"]`, `session.get("sid")`. */
function holderOf(model: FileModel, node: PyNode): PyNode | null {
  switch (node.type) {
    case "attribute":
      return node.get("object");
    case "subscript":
      return node.get("value");
    case "call":
      return methodName(node) ? receiver(node) : model.arg(node, 0) ?? null;
    default:
      return null;
  }
}

/** Whether a name is read from a session, or inside session code (a module, class or function named for sessions). */
function sessionContext(model: FileModel, node: PyNode): boolean {
  const isSession = (text: string | undefined) => text !== undefined && nameWords(text).some((w) => w === "session" || w === "sessions");
  const holder = unparen(holderOf(model, node));
  if (holder) return isSession(holder.type === "attribute" ? holder.get("attribute")?.text : holder.text);
  if (isSession(model.path.split("/").pop()?.replace(/\.py$/, ""))) return true;
  for (let p = node.parent; p; p = p.parent) {
    if ((p.type === "function_definition" || p.type === "class_definition") && isSession(p.get("name")?.text)) return true;
  }
  return false;
}

function shorten(text: string): string {
  const t = text.replace(/\s+/g, " ");
  return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}

export const rule: PatternRule = {
  meta: {
    id: "sensitive-logging",
    name: "SensitiveDataInLog",
    shortDescription: "A password, token, secret or credential header is written to a log",
    fullDescription:
      "A credential — a password, an API key or secret, an access or session token, an `Authorization` or `Cookie` header, or all of a request's headers — is passed to a logging call. Logs are copied to aggregators, backups, support tickets and developers' machines, and are read by many more people than the credential was meant for.",
    docs: {
      whatItDoes:
        "Flags logging calls — `logging.info/debug/warning/error/critical/exception/log`, methods of loggers made by `logging.getLogger`, `LoggerAdapter` or `structlog.get_logger`, loguru's `logger`, and objects named like loggers (`log`, `logger`, `audit_log`, `self.logger`, `app.logger`) — whose message or arguments contain a credential: a variable, attribute, dictionary key or keyword argument named like a password, secret, API key or access token (`password`, `db_pass`, `client_secret`, `api_key`, `access_token`, `user.password`, `request.form[\"password\"]`, `{\"password\": pw}`), a value built from one (f-strings, concatenation, `%`, `.format`, `str()`, `json.dumps`, a local variable assigned from one), an `Authorization`, `Proxy-Authorization` or `Cookie` header, or a request's `headers`, `cookies`, `META` or `environ` as a whole.\n\nNames are judged by their last word, so `password_hash`, `token_expiry`, `api_key_id` and `password_reset_url` are not credentials. A bare `token`, `auth` or `cookie` counts only in files that use a web framework, an auth library or an HTTP client (elsewhere a token is often a parser's). Hashing, masking helpers, `len()`, comparisons and slices such as `token[:4]` end the search, and so does a local name that only ever holds a truth value or a count (`has_password = user.password is not None`, `supports_auth_plain = \"AUTH=PLAIN\" in caps`, `password_length = len(pw)`): it is named after the credential but does not hold it. Not reported in test code (`tests/` and `test/` folders, `test_*.py`, `*_test.py`, `conftest.py`), whose credentials are fixtures.",
      whyBad:
        "Whoever can read the log can log in as the user or call the API as the application. Log files travel much further than the secret store: to log aggregators and their retention, backups, error trackers, support tickets and laptops; they are rarely encrypted or access-controlled as strictly. Leaked credentials in logs have caused major breaches, and privacy law treats them as a personal-data incident.",
      example: [
        "import logging",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "log = logging.getLogger(__name__)",
        "",
        "",
        '@app.route("/login", methods=["POST"])',
        "def login():",
        '    username = request.form["username"]',
        '    password = request.form["password"]',
        '    log.info("login attempt user=%s password=%s", username, password)',
        '    return {"ok": False}, 401',
        "",
      ].join("\n"),
      useInstead: [
        "import logging",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "log = logging.getLogger(__name__)",
        "",
        "",
        '@app.route("/login", methods=["POST"])',
        "def login():",
        '    username = request.form["username"]',
        '    password = request.form["password"]',
        '    log.info("login attempt user=%s password_given=%s", username, bool(password))',
        '    return {"ok": False}, 401',
        "",
      ].join("\n"),
      useInsteadText:
        "Log that something happened and who did it, never the credential: whether a password was given, the last four characters of a token, a key's id or fingerprint, a hash. Log selected headers by name instead of all of them. A logging filter that redacts known secret fields is a useful second line of defence.",
      references: [
        { title: "CWE-532: Insertion of Sensitive Information into Log File", url: "https://cwe.mitre.org/data/definitions/532.html" },
        { title: "OWASP Top 10 2021 A09: Security Logging and Monitoring Failures", url: "https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/" },
        { title: "OWASP Logging Cheat Sheet: data to exclude", url: "https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude" },
        { title: "Python logging: filters", url: "https://docs.python.org/3/library/logging.html#filter-objects" },
      ],
    },
    cwe: [532],
    owasp: ["A09:2021-Security Logging and Monitoring Failures"],
    level: "warning",
    securitySeverity: "5.5",
    precision: "medium",
    tags: ["security", "logging", "secrets", "external/cwe/cwe-532"],
    frameworks: ["logging", "loguru", "structlog", "flask", "django", "fastapi"],
    aliases: {},
    kind: "pattern",
  },
  create(ctx) {
    const { model } = ctx;
    if (isTestPath(model.path)) return {};
    let test: NamedValueTest | undefined;
    return {
      call(call) {
        if (!isLoggingCall(model, call)) return;
        test ??= credentialTest(model);
        const args = model.callArgs(call);
        const parts = [...args.positional, ...[...args.keywords].filter(([k]) => !NOT_LOGGED.has(k)).map(([, v]) => v)];
        for (const part of parts) {
          const secret = namedValueIn(model, part, test);
          if (!secret) continue;
          const logger = shorten(unparen(call.get("function"))?.text ?? "the logger");
          // a dict entry is named by its key: its value may be a literal secret, never shown
          const named = secret.type === "pair" ? secret.get("key") ?? secret : secret;
          ctx.report(call, `\`${shorten(named.text)}\` is written to the log by ${logger}(); log that the event happened (or a masked form), not the credential.`);
          return;
        }
      },
    };
  },
};
