/**
 * code-injection: request data evaluated as Python code, or naming a module to import.
 *
 * Decisions:
 * - `eval`, `exec`, `compile`, `code.InteractiveInterpreter/Console` and `pandas.eval` with input
 *   are errors: the input is code.
 * - `__import__`/`importlib.import_module` with input are reported at warning level: importing an
 *   attacker-chosen installed module runs its top-level code, but the attacker cannot supply it.
 * - `ast.literal_eval` is not a sink: it only builds literals.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "code-injection",
    name: "CodeInjection",
    shortDescription: "User input is evaluated as Python code",
    fullDescription:
      "Data from an HTTP request reaches `eval`, `exec`, `compile` or an interactive interpreter, so the client supplies Python code that runs inside the server process; a request-chosen module name given to `__import__`/`importlib.import_module` is reported at a lower level.",
    docs: {
      whatItDoes:
        "Follows request data from Flask, Django and FastAPI to `eval`, `exec`, `compile`, `code.InteractiveInterpreter.runsource/runcode`, `code.InteractiveConsole.push` and `pandas.eval`, and (as a warning) to `__import__` and `importlib.import_module`. Input converted with `int()`/`float()`, matched against an allow-list or fully matched by a safe regular expression is not reported, nor input that can only be a string literal: text checked to start and end with a quote and to hold no other, or placed in a quoted literal it cannot close (no quote, no backslash; no braces inside an f-string).",
      whyBad:
        "`eval(\"__import__('os').system('id')\")` runs a shell command; there is no way to make `eval` safe for arbitrary input by filtering characters or names, because Python offers many routes to the same builtins. Code execution gives the attacker the application's secrets, database and network position.",
      example: [
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/calc")',
        "def calc():",
        '    expression = request.args.get("expr", "0")',
        '    return {"result": eval(expression)}',
        "",
      ].join("\n"),
      useInstead: [
        "import ast",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/calc")',
        "def calc():",
        '    expression = request.args.get("expr", "0")',
        '    return {"result": ast.literal_eval(expression)}',
        "",
      ].join("\n"),
      useInsteadText:
        "Parse data with a parser for data: `json.loads`, `ast.literal_eval` for Python literals, or a small expression evaluator that walks an `ast` tree and allows only the node types you need. To pick behaviour by name, look the name up in a dict of allowed functions instead of evaluating or importing it.",
      references: [
        { title: "CWE-94: Improper Control of Generation of Code", url: "https://cwe.mitre.org/data/definitions/94.html" },
        { title: "CWE-95: Improper Neutralization of Directives in Dynamically Evaluated Code", url: "https://cwe.mitre.org/data/definitions/95.html" },
        { title: "OWASP Top 10 2021 A03: Injection", url: "https://owasp.org/Top10/A03_2021-Injection/" },
        { title: "OWASP: Code Injection", url: "https://owasp.org/www-community/attacks/Code_Injection" },
        { title: "Python ast.literal_eval", url: "https://docs.python.org/3/library/ast.html#ast.literal_eval" },
      ],
    },
    cwe: [94, 95],
    owasp: ["A03:2021-Injection"],
    level: "error",
    securitySeverity: "9.3",
    precision: "high",
    tags: ["security", "injection", "taint", "external/cwe/cwe-94", "external/cwe/cwe-95"],
    frameworks: ["flask", "django", "fastapi", "builtins", "importlib", "pandas"],
    aliases: { bandit: ["B307", "B102"], ruff: ["S307", "S102"] },
    kind: "taint",
  },
  sinkKinds: ["code"],
};
