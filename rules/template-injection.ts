/**
 * template-injection: request data used as the text of a server-side template.
 *
 * Decisions:
 * - The sink is the template's source text: `render_template_string(x)`, `jinja2.Template(x)`,
 *   `Environment.from_string(x)`, a `DictLoader` holding `x`, Django `Template(x)` and
 *   `Engine.from_string(x)`, Mako, Tornado, Bottle (SimpleTemplate), Chameleon, Genshi, Litestar
 *   `Template(template_str=x)`. A constant template rendered with request values as variables is
 *   never reported (that is how templates are meant to be used; whether a variable is escaped is
 *   `reflected-xss`'s business).
 * - A sandboxed Jinja environment (`SandboxedEnvironment`) blocks the known routes to Python
 *   objects, so input used as its template text is a warning, not an error.
 * - The call is reported once: the HTML it renders from an injected template is not also reported
 *   as reflected XSS.
 * - Escaping functions (`html.escape`, `markupsafe.escape`) do not neutralise template syntax
 *   (`{{ 7*7 }}` survives them); numeric casts and allow-lists do.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "template-injection",
    name: "TemplateInjection",
    shortDescription: "User input is used as the text of a server-side template",
    fullDescription:
      "Data from a request becomes part of a template's source (`render_template_string`, `jinja2.Template`, `Environment.from_string`, Django, Mako, Tornado, Bottle, Chameleon or Genshi templates), so the client writes template code: in Jinja2, Mako or Bottle that reaches Python objects and runs commands on the server.",
    docs: {
      whatItDoes:
        "Follows request data from every modelled web stack to the template text of Flask/Quart `render_template_string`, Jinja2 `Template(...)`, `Environment.from_string(...)` and `DictLoader({...})`, Django `Template(...)` and `Engine.from_string(...)` (also `engines[\"django\"].from_string`), Mako `Template(...)` and `TemplateLookup.put_string`, Tornado `template.Template(...)`, Bottle `template(...)`/`SimpleTemplate(...)`, Litestar `Template(template_str=...)`, Chameleon `PageTemplate(...)` and Genshi templates. Input used as the template of a `jinja2.sandbox.SandboxedEnvironment` is reported as a warning.\n\nA constant template rendered with request data as variables (`render_template_string(\"<p>{{ name }}</p>\", name=name)`) is not reported: variables are data, not template code.",
      whyBad:
        "Template languages are programming languages. `{{ cycler.__init__.__globals__.os.popen('id').read() }}` in a Jinja2 template, `${__import__('os').system('id')}` in Mako or `{{!__import__('os').popen('id').read()}}` in Bottle runs on the server with the application's rights. Escaping HTML does not help: `{{`, `${` and `%` pass through `html.escape` unchanged. Even where the template language is sandboxed, template text from a request can read the context's secrets and render arbitrary markup.",
      example: [
        "from flask import Flask, render_template_string, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/hello")',
        "def hello():",
        '    name = request.args.get("name", "world")',
        '    return render_template_string("<h1>Hello, " + name + "!</h1>")',
        "",
      ].join("\n"),
      useInstead: [
        "from flask import Flask, render_template_string, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/hello")',
        "def hello():",
        '    name = request.args.get("name", "world")',
        '    return render_template_string("<h1>Hello, {{ name }}!</h1>", name=name)',
        "",
      ].join("\n"),
      useInsteadText:
        "Keep templates constant — in files (`render_template`) or string constants — and pass request data as variables, which the engine treats as data. If users must write templates (e-mail or page builders), render them in `jinja2.sandbox.SandboxedEnvironment` with a minimal context, or use a logic-less format (`string.Template` with `safe_substitute`).",
      references: [
        { title: "CWE-1336: Improper Neutralization of Special Elements Used in a Template Engine", url: "https://cwe.mitre.org/data/definitions/1336.html" },
        { title: "CWE-94: Improper Control of Generation of Code", url: "https://cwe.mitre.org/data/definitions/94.html" },
        { title: "OWASP Top 10 2021 A03: Injection", url: "https://owasp.org/Top10/A03_2021-Injection/" },
        { title: "OWASP WSTG: Testing for Server-side Template Injection", url: "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/18-Testing_for_Server-side_Template_Injection" },
        { title: "Jinja: Sandbox", url: "https://jinja.palletsprojects.com/en/stable/sandbox/" },
        { title: "PortSwigger: Server-side template injection", url: "https://portswigger.net/web-security/server-side-template-injection" },
      ],
    },
    cwe: [1336, 94],
    owasp: ["A03:2021-Injection"],
    level: "error",
    securitySeverity: "9.0",
    precision: "high",
    tags: ["security", "injection", "taint", "external/cwe/cwe-1336", "external/cwe/cwe-94"],
    frameworks: ["flask", "quart", "jinja2", "django", "mako", "tornado", "bottle", "litestar", "chameleon", "genshi"],
    aliases: {},
    kind: "taint",
  },
  sinkKinds: ["template"],
};
