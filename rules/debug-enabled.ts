/**
 * debug-enabled: debug modes that expose internals or an interactive debugger — Flask/Quart
 * `app.run(debug=True)`, Werkzeug `run_simple(use_debugger=True)` and `DebuggedApplication`,
 * FastAPI/Starlette/Tornado/Sanic/Bottle debug switches, Django `DEBUG` and
 * `DEBUG_PROPAGATE_EXCEPTIONS`, and Flask `DEBUG` written to `app.config` or a config class.
 *
 * Decisions:
 * - Files that are evidently for development (`settings/dev.py`, `local_settings.py`, `tests/…`,
 *   `examples/…`), config classes named for development (`DevelopmentConfig`), `if DEBUG:` branches
 *   and dead branches are not reported: turning debug on there is their purpose.
 * - `DEBUG = True` counts only in a settings module or a config class; elsewhere a module constant
 *   named DEBUG is usually a script's own switch.
 * - A setting read from the environment is reported only when its fallback turns debugging on
 *   (`os.environ.get("DEBUG", "True")`, `env.bool("DEBUG", default=True)`): a deployment that
 *   forgets the variable then runs in debug mode.
 * - The Werkzeug debugger executes Python typed into the browser: reachable on all interfaces
 *   (`host="0.0.0.0"`) or with `evalex=True` it is an error; otherwise a warning.
 * - In a settings package, a value overridden by every deployed module that star-imports this one
 *   is not reported (see src/settings-overrides.ts), nor is a config class's value overridden by
 *   every deployed subclass.
 */
import { unparen, type PyNode } from "../src/parse/ast.js";
import type { CallArgs, FileModel } from "../src/model/file-model.js";
import type { PatternRule, RuleContext } from "../src/rule.js";
import { DEBUG_FIX_DOCS, debugFix } from "./lib/debug-fix.js";
import { truthy } from "../src/model/values.js";
import { calleeIn, constString, methodName, receiver, sourceCallees } from "./lib/python.js";
import {
  branchState,
  configAssignment,
  configWrites,
  envLookupWithDefault,
  isConfigClass,
  isDevelopmentFile,
  isSettingsModule,
  overriddenBySubclasses,
} from "./lib/settings.js";

/** Application classes whose `run(debug=True)` starts the Werkzeug debugger. */
const WERKZEUG_APPS = new Set(["flask.Flask", "flask.app.Flask", "quart.Quart", "quart.app.Quart", "flask_socketio.SocketIO"]);
const SANIC_APPS = new Set(["sanic.Sanic", "sanic.app.Sanic"]);
const RUN_SIMPLE = new Set(["werkzeug.serving.run_simple", "werkzeug.run_simple"]);
const DEBUGGED_APP = new Set(["werkzeug.debug.DebuggedApplication", "werkzeug.DebuggedApplication"]);
const ASGI_APPS = new Set(["fastapi.FastAPI", "fastapi.applications.FastAPI", "starlette.applications.Starlette"]);
const TORNADO_APPS = new Set(["tornado.web.Application"]);
const BOTTLE_DEBUG = new Set(["bottle.debug"]);
const BOTTLE_RUN = new Set(["bottle.run", "bottle.Bottle.run"]);
/** Frameworks whose `app.run(debug=...)` is recognised on an app object of unknown origin. */
const APP_FRAMEWORKS = ["flask", "quart", "sanic"];

/** Settings that turn on debugging, by framework convention. */
const DEBUG_SETTINGS = new Map<string, string>([
  ["DEBUG", "DEBUG"],
  ["DEBUG_PROPAGATE_EXCEPTIONS", "DEBUG_PROPAGATE_EXCEPTIONS"],
]);

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i;

type DebugValue = "on" | "default-on";

export const rule: PatternRule = {
  meta: {
    id: "debug-enabled",
    name: "DebugEnabled",
    shortDescription: "Debug mode enabled outside development",
    fullDescription:
      "The application runs with a debug mode on in code that is not evidently for development: error pages then show stack traces, local variables, settings and SQL to anyone who triggers an error, and Werkzeug's interactive debugger lets them run Python on the server.",
    docs: {
      whatItDoes:
        "Flags `app.run(debug=True)` on Flask, Quart, Flask-SocketIO and Sanic applications (an error when the server listens on all interfaces), Werkzeug `run_simple(use_debugger=True)` and `DebuggedApplication(app, evalex=True)`, `FastAPI(debug=True)` and `Starlette(debug=True)`, Tornado `Application(debug=True)` or `serve_traceback=True`, Bottle `debug(True)` and `run(debug=True)`; `DEBUG = True` and `DEBUG_PROPAGATE_EXCEPTIONS = True` in a settings module or a config class, and `DEBUG` written to `app.config` (subscript, attribute, `update()`, `from_mapping()`) or `app.debug = True`. A setting read from the environment is flagged when its fallback turns debugging on (`os.environ.get(\"DEBUG\", \"True\")`, `env.bool(\"DEBUG\", default=True)`, `environ.Env(DEBUG=(bool, True))`).\n\nNot flagged: files evidently for development or tests (`settings/dev.py`, `local_settings.py`, `tests/`, `examples/`), config classes named for development (`DevelopmentConfig`, `TestingConfig`), statements under `if DEBUG:` or in dead branches, values that come from the environment without such a fallback, and, in a settings package, a value every deployed module that star-imports it assigns again safely (`production.py` after `from .base import *`). A table of defaults is not flagged either: a settings module whose `SECRET_KEY` is empty, that imports no other settings and that no module beside it star-imports (a framework's own defaults module such as Django's `global_settings.py`) cannot be deployed as it is.",
      whyBad:
        "Debug pages are a map of the application for an attacker: stack traces with source lines and local variables, installed apps and middleware, settings, environment details, SQL queries. Werkzeug's debugger goes further: its in-browser console executes arbitrary Python in the server process, guarded only by a PIN that can be derived from machine details an attacker can often read through another bug — reachable from the network, it is remote code execution.",
      example: [
        "from flask import Flask",
        "",
        "app = Flask(__name__)",
        "",
        "",
        "@app.route(\"/health\")",
        "def health():",
        "    return {\"status\": \"ok\"}",
        "",
        "",
        "if __name__ == \"__main__\":",
        "    app.run(host=\"0.0.0.0\", port=8000, debug=True)",
        "",
      ].join("\n"),
      useInstead: [
        "import os",
        "",
        "from flask import Flask",
        "",
        "app = Flask(__name__)",
        "",
        "",
        "@app.route(\"/health\")",
        "def health():",
        "    return {\"status\": \"ok\"}",
        "",
        "",
        "if __name__ == \"__main__\":",
        "    app.run(host=\"127.0.0.1\", port=8000, debug=os.environ.get(\"FLASK_DEBUG\") == \"1\")",
        "",
      ].join("\n"),
      useInsteadText:
        "Turn debugging on per environment, defaulting to off: read it from the environment without a truthy fallback (`DEBUG = env.bool(\"DEBUG\", default=False)`), keep `DEBUG = True` in a development-only settings module, run Flask's debugger with `flask run --debug` on your own machine only, and serve production through a WSGI/ASGI server (gunicorn, uvicorn) rather than the development server.",
      fix: DEBUG_FIX_DOCS,
      references: [
        { title: "CWE-489: Active Debug Code", url: "https://cwe.mitre.org/data/definitions/489.html" },
        { title: "CWE-215: Insertion of Sensitive Information Into Debugging Code", url: "https://cwe.mitre.org/data/definitions/215.html" },
        { title: "OWASP Top 10 2021 A05: Security Misconfiguration", url: "https://owasp.org/Top10/A05_2021-Security_Misconfiguration/" },
        { title: "Flask: Debug mode", url: "https://flask.palletsprojects.com/en/stable/debugging/" },
        { title: "Werkzeug: Debugging Applications", url: "https://werkzeug.palletsprojects.com/en/stable/debug/" },
        { title: "Django settings: DEBUG", url: "https://docs.djangoproject.com/en/stable/ref/settings/#debug" },
        { title: "Django deployment checklist", url: "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/" },
      ],
    },
    cwe: [489, 215],
    owasp: ["A05:2021-Security Misconfiguration"],
    level: "warning",
    securitySeverity: "5.3",
    precision: "high",
    tags: ["security", "configuration", "external/cwe/cwe-489", "external/cwe/cwe-215"],
    frameworks: ["flask", "quart", "werkzeug", "sanic", "fastapi", "starlette", "tornado", "bottle", "django"],
    aliases: { bandit: ["B201"], ruff: ["S201"] },
    kind: "pattern",
    fixSafety: ["unsafe"],
  },
  fix: (finding, fix) => debugFix(fix.nodeAt(finding.region), fix),
  create(ctx) {
    const { model } = ctx;
    if (isDevelopmentFile(model)) return {};
    const settingsModule = isSettingsModule(model);
    const imports = model.imports.map((i) => i.qualified);
    const appFrameworkFile = imports.some((q) => APP_FRAMEWORKS.some((f) => q === f || q.startsWith(`${f}.`)));
    const classFindings: { cls: PyNode; name: string; report: () => void }[] = [];

    const reportSetting = (name: string, value: PyNode, anchor: PyNode, where: "module" | "class" | "config"): void => {
      const setting = DEBUG_SETTINGS.get(name);
      if (!setting) return;
      const state = debugValue(model, value);
      if (!state || branchState(model, anchor) !== "live") return;
      const what = name === "DEBUG" ? "DEBUG" : "DEBUG_PROPAGATE_EXCEPTIONS";
      const message =
        state === "on"
          ? `${what} is on${where === "config" ? " in the application's config" : ""}: error pages show stack traces, local variables and settings to anyone who triggers an error. Read it from the environment with a default of False, or keep it in a development-only settings module.`
          : `${what} falls back to on when the environment variable is not set: a deployment that forgets it runs in debug mode. Make the fallback False.`;
      const cls = where === "class" ? enclosingClass(anchor) : null;
      const doReport = () => ctx.report(anchor, message, where === "module" ? { setting: name } : {});
      if (cls) classFindings.push({ cls, name, report: doReport });
      else doReport();
    };

    // a call is reported only where it runs; most calls are not debug switches, so the branch is
    // looked at only for one about to be reported (every report of checkCall is on the call itself)
    const whereLive: RuleContext = {
      model,
      report(node, message, options) {
        if (branchState(model, node) === "live") ctx.report(node, message, options);
      },
    };

    return {
      call(call) {
        checkCall(whereLive, call, appFrameworkFile);
        configWrites(model, call, (name, value, anchor) => reportSetting(name, value, anchor, "config"));
      },
      assignment(node) {
        configWrites(model, node, (name, value, anchor) => reportSetting(name, value, anchor, "config"));
        const a = configAssignment(model, node);
        if (a && DEBUG_SETTINGS.has(a.name)) {
          if (a.scope === "module" && settingsModule) reportSetting(a.name, a.value, node, "module");
          else if (a.scope === "class") {
            const cls = enclosingClass(node);
            if (cls && isConfigClass(cls)) reportSetting(a.name, a.value, node, "class");
          }
          return;
        }
        // app.debug = True
        const left = node.get("left");
        const right = node.get("right");
        if (left?.type === "attribute" && left.get("attribute")?.text === "debug" && right && right.type !== "assignment") {
          const obj = left.get("object");
          if (isWerkzeugApp(model, obj, appFrameworkFile) && debugValue(model, right) === "on" && branchState(model, node) === "live") {
            ctx.report(node, "app.debug = True turns on Flask's debug mode: error pages show stack traces and, under the development server, Werkzeug's interactive debugger lets visitors run Python. Keep debug off outside development.");
          }
        }
      },
      "module:exit"() {
        for (const f of classFindings) {
          if (!overriddenBySubclasses(model, f.cls, f.name, (v) => debugValue(model, v) !== undefined)) f.report();
        }
      },
    };
  },
};

/** Reports the call when it switches a debugger or debug mode on; `ctx` reports only calls in live branches. */
function checkCall(ctx: RuleContext, call: PyNode, appFrameworkFile: boolean): void {
  const { model } = ctx;
  // most calls are none of these: their arguments are looked at only once the callee matched
  let known: CallArgs | undefined;
  const argsOf = (): CallArgs => (known ??= model.callArgs(call));
  const kw = (name: string) => argsOf().keywords.get(name);
  const on = (node: PyNode | undefined) => node !== undefined && debugValue(model, node) === "on";

  if (methodName(call) === "run" && on(kw("debug"))) {
    const obj = receiver(call);
    const host = constString(model, kw("host") ?? argsOf().positional[0]);
    const exposed = host !== undefined && !LOOPBACK.test(host.trim());
    if (isSanicApp(model, obj)) {
      ctx.report(call, "Sanic runs with debug=True: errors are answered with stack traces and the server reloads code. Keep debug off outside development.");
      return;
    }
    if (isWerkzeugApp(model, obj, appFrameworkFile)) {
      reportDebugger(ctx, call, exposed, `app.run(debug=True) starts Werkzeug's interactive debugger`);
      return;
    }
  }
  if (calleeIn(model, call, RUN_SIMPLE)) {
    if (!on(kw("use_debugger") ?? argsOf().positional[4])) return;
    const host = constString(model, kw("hostname") ?? argsOf().positional[0]);
    const exposed = host !== undefined && !LOOPBACK.test(host.trim());
    reportDebugger(ctx, call, exposed, "run_simple(use_debugger=True) serves Werkzeug's interactive debugger");
    return;
  }
  if (calleeIn(model, call, DEBUGGED_APP)) {
    if (on(kw("evalex") ?? argsOf().positional[1])) {
      ctx.report(call, "DebuggedApplication(evalex=True) serves Werkzeug's in-browser Python console: whoever reaches it can run code on the server. Never wrap a deployed application in it.", { level: "error", securitySeverity: "9.8" });
    } else {
      ctx.report(call, "DebuggedApplication shows stack traces with local variables to every client that triggers an error. Use it in development only.");
    }
    return;
  }
  if (calleeIn(model, call, ASGI_APPS) && on(kw("debug"))) {
    ctx.report(call, "debug=True makes the application answer errors with a stack trace page. Keep debug off outside development (read it from the environment with a default of False).");
    return;
  }
  if (calleeIn(model, call, TORNADO_APPS) && (on(kw("debug")) || on(kw("serve_traceback")))) {
    ctx.report(call, "Tornado's debug/serve_traceback setting sends stack traces to clients (and reloads code on change). Keep it off outside development.");
    return;
  }
  if ((calleeIn(model, call, BOTTLE_DEBUG) && on(argsOf().positional[0] ?? kw("mode"))) || (calleeIn(model, call, BOTTLE_RUN) && on(kw("debug")))) {
    ctx.report(call, "Bottle's debug mode sends stack traces to clients. Keep it off outside development.");
  }
}

function reportDebugger(ctx: RuleContext, call: PyNode, exposed: boolean, what: string): void {
  if (exposed) {
    ctx.report(call, `${what} on all network interfaces: anyone who can reach the port can use its console to run Python on this machine. Never enable the debugger on a reachable host.`, { level: "error", securitySeverity: "9.8" });
  } else {
    ctx.report(call, `${what}, which shows stack traces and runs Python typed into the browser. Keep it for local development (flask run --debug) and off in any deployed code.`);
  }
}

/** A Flask/Quart/Flask-SocketIO application, or in a file importing one of the frameworks, an object of unknown origin. */
function isWerkzeugApp(model: FileModel, obj: PyNode | null | undefined, appFrameworkFile: boolean): boolean {
  if (!obj) return false;
  const callees = sourceCallees(model, obj);
  if (callees.some((q) => WERKZEUG_APPS.has(q))) return true;
  if (callees.some((q) => SANIC_APPS.has(q))) return false;
  // an app from a factory or of unknown origin, in a file that uses one of these frameworks
  return appFrameworkFile;
}

function isSanicApp(model: FileModel, obj: PyNode | null | undefined): boolean {
  return sourceCallees(model, obj).some((q) => SANIC_APPS.has(q));
}

function enclosingClass(node: PyNode): PyNode | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === "class_definition") return n;
    if (n.type === "function_definition") return null;
  }
  return null;
}

/** Environment-variable values that mean "on". */
const TRUE_WORDS = /^(?:1|true|yes|on|y|t)$/i;

/**
 * Whether an expression turns debugging on: a truthy constant (`True`, `1`, any non-empty string —
 * `"False"` included, it is truthy), or an environment lookup whose fallback is on
 * (`os.getenv("DEBUG", "True")`, `env.bool("DEBUG", default=True)`, `os.getenv("DEBUG", "1") == "1"`).
 */
function debugValue(model: FileModel, node: PyNode): DebugValue | undefined {
  const n = unparen(node);
  if (!n) return undefined;
  const v = model.constant(n);
  if (v !== undefined) return truthy(v) ? "on" : undefined;
  const fallback = envFallback(model, n);
  if (fallback !== undefined) return fallback ? "default-on" : undefined;
  // `os.getenv("DEBUG", "True") == "True"`, `os.getenv("DEBUG", "1").lower() in ("1", "true")`
  if (n.type === "comparison_operator") {
    const [left, right] = n.namedChildren;
    const op = n.children.find((c) => !c.named)?.text;
    if (!left || !right || (op !== "==" && op !== "in")) return undefined;
    const raw = envFallbackText(model, left);
    if (raw === undefined) return undefined;
    const expected = model.constant(right);
    if (!expected) return undefined;
    const candidates = expected.t === "str" ? [expected.v] : expected.t === "list" || expected.t === "tuple" || expected.t === "set" ? expected.items.flatMap((i) => (i.t === "str" ? [i.v] : [])) : [];
    return candidates.includes(raw) ? "default-on" : undefined;
  }
  return undefined;
}

/** For an environment lookup (possibly wrapped in `bool()`/`int()`/`strtobool()`), whether its fallback means on. */
function envFallback(model: FileModel, node: PyNode): boolean | undefined {
  let n: PyNode | null = node;
  while (n?.type === "call" && ["builtins.bool", "builtins.int", "distutils.util.strtobool"].includes(model.qualifiedName(n.get("function")) ?? "")) {
    n = unparen(model.callArgs(n).positional[0] ?? null);
  }
  if (n?.type !== "call") return undefined;
  const lookup = envLookupWithDefault(model, n);
  if (!lookup) return undefined;
  const v = model.constant(lookup.fallback);
  if (v === undefined) return false;
  if (v.t === "str") return TRUE_WORDS.test(v.v.trim());
  return truthy(v);
}

/** The fallback text of an environment lookup, after `.lower()`/`.upper()`/`.strip()` when applied. */
function envFallbackText(model: FileModel, node: PyNode): string | undefined {
  let n = unparen(node);
  const transforms: string[] = [];
  while (n?.type === "call" && ["lower", "upper", "strip", "casefold"].includes(methodName(n) ?? "")) {
    transforms.push(methodName(n)!);
    n = unparen(receiver(n));
  }
  if (n?.type !== "call") return undefined;
  const lookup = envLookupWithDefault(model, n);
  const v = lookup ? model.constant(lookup.fallback) : undefined;
  if (v?.t !== "str") return undefined;
  let text = v.v;
  for (const t of transforms.reverse()) text = t === "lower" || t === "casefold" ? text.toLowerCase() : t === "upper" ? text.toUpperCase() : text.trim();
  return text;
}
