/**
 * unsafe-reflection: a request-chosen name selects the function or object the application uses.
 *
 * Decisions:
 * - `globals().get(name)` / `globals()[name]` with request data is an error: every function and
 *   class of the module, and everything it imported, can be picked.
 * - `getattr(obj, name)` with a request-chosen name is reported when its result is called, in place
 *   or through the variable it is assigned to (`getattr(module, name)()`). Reading a field by name
 *   (`getattr(Model, column)`, common for sorting and filtering) is not reported.
 * - A constant beginning (`"cmd_" + verb`) limits the lookup to a family of handlers: not reported;
 *   nor are constant letters elsewhere in the name (`f"{kind}Form"`): no dunder or unrelated function
 *   has them. Underscores alone (`f"{a}_{b}"`) do not narrow the name.
 * - A dict of allowed handlers, an allow-list check or a fixed prefix that cannot be steered are
 *   the safe forms; `importlib.import_module` is covered by code-injection.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "unsafe-reflection",
    name: "UnsafeReflection",
    shortDescription: "User input chooses the function the application calls",
    fullDescription:
      "A name taken from an HTTP request is looked up in the module's globals, or with `getattr` and the result called, so the client picks which function the application runs: any function of the module (an admin view, a maintenance task) or any method of the object, not only the ones meant to be reachable.",
    docs: {
      whatItDoes:
        "Follows request data from every entry point pysast models (see `docs/frameworks.md`) to the key of `globals().get(...)`/`globals().pop(...)`, and to the name given to `getattr` when what it returns is called: `getattr(module, name)(...)`, or `fn = getattr(module, name)` followed by `fn(...)`. A name checked against an allow-list (`if action in ACTIONS`), converted with `int()`, or looked up in a dict of allowed handlers instead (a dict's values are the application's own functions) is not reported; nor is reading an attribute by name without calling it (`getattr(Model, column)` to sort by a column), nor a name with a constant beginning that limits it to a family of handlers (`getattr(self, \"do_\" + verb)`, the dispatch idiom of `cmd.Cmd` and `http.server`), or with constant letters elsewhere in it (`getattr(forms, f\"{kind}Form\")`: only the `*Form` classes; underscores alone, as in `f\"{a}_{b}\"`, do not narrow it). `globals()[name]` subscripts are not followed yet.",
      whyBad:
        "Dispatch by name turns every reachable name into an endpoint. `globals().get(request.GET[\"fwd\"])(request)` lets a client call the module's admin view without the checks its own route has, or any imported function such as `os.system` through a module attribute; `getattr(service, action)()` exposes private and inherited methods, and `getattr(obj, \"__class__\")` leads on to class and module state.",
      example: [
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        "def export_csv():",
        '    return "id,name\\n"',
        "",
        "",
        '@app.route("/run")',
        "def run():",
        '    handler = globals().get(request.args["action"])',
        '    return handler() if handler else ("unknown action", 404)',
        "",
      ].join("\n"),
      useInstead: [
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        "def export_csv():",
        '    return "id,name\\n"',
        "",
        "",
        'ACTIONS = {"export-csv": export_csv}',
        "",
        "",
        '@app.route("/run")',
        "def run():",
        '    handler = ACTIONS.get(request.args["action"])',
        '    return handler() if handler else ("unknown action", 404)',
        "",
      ].join("\n"),
      useInsteadText:
        "Map the names a client may send to the functions they stand for in an explicit dict, and look the name up there; or check the name against an allow-list before using `getattr`.",
      references: [
        { title: "CWE-470: Use of Externally-Controlled Input to Select Classes or Code ('Unsafe Reflection')", url: "https://cwe.mitre.org/data/definitions/470.html" },
        { title: "OWASP Top 10 2021 A03: Injection", url: "https://owasp.org/Top10/A03_2021-Injection/" },
        { title: "Python getattr", url: "https://docs.python.org/3/library/functions.html#getattr" },
      ],
    },
    cwe: [470],
    owasp: ["A03:2021-Injection"],
    level: "error",
    securitySeverity: "7.5",
    precision: "high",
    tags: ["security", "injection", "taint", "external/cwe/cwe-470"],
    frameworks: ["flask", "django", "fastapi", "builtins"],
    aliases: {},
    kind: "taint",
  },
  sinkKinds: ["reflection"],
};
