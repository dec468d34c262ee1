/**
 * open-redirect: request data deciding where a redirect sends the browser — Flask/Werkzeug
 * `redirect`, Django `redirect`/`HttpResponseRedirect`, Starlette/FastAPI `RedirectResponse`, a
 * `Location` header set by hand.
 *
 * Decisions:
 * - Only the host matters: input appended after a beginning that fixes it (`"/orders/" + id`,
 *   `f"https://shop.example.com/{path}"`, `url_for(...)`, Django `reverse(...)`, Pyramid `request.route_url(...)`) is not reported.
 *   A beginning of a single `/` is not enough (`/` + `/evil.example` is a protocol-relative URL).
 * - Accepted checks: Django's `url_has_allowed_host_and_scheme`, a `urlparse(url).netloc` or
 *   `.hostname` compared with a constant or looked up in a collection of constants (directly or in
 *   a project helper that returns the comparison), allow-lists of whole URLs, and a full match on
 *   a safe alphabet. An empty-netloc check alone is not one: browsers read `/\evil.example` as
 *   `//evil.example`, whose netloc Python sees as empty.
 * - HTML escaping does not help: `html.escape("https://evil.example")` is still that URL.
 * - The path of the request being served (Django `request.path`/`path_info`, Flask `request.path`, Pyramid `request.path`/`path_info`)
 *   is not a target an attacker chooses: it is a path on this host that the router matched to
 *   this view, and redirecting to it (with a slash appended, a token swapped out) keeps the
 *   browser on the site. The exception is a path beginning with `//` or `/\` on a root catch-all
 *   route (Django's CVE-2018-14574 in CommonMiddleware); Werkzeug merges repeated slashes and
 *   percent-encodes the backslash in `Location`, Django escapes leading slashes in its own
 *   redirects since that fix. Documented as a limitation on the rule page.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "open-redirect",
    name: "OpenRedirect",
    shortDescription: "User input decides where a redirect sends the browser",
    fullDescription:
      "Data from an HTTP request (a `next` parameter, a form field, a header, a cookie) becomes the target of a redirect or a `Location` header without a check that it stays on the site, so a link on the trusted domain can send users to any site the attacker chooses.",
    docs: {
      whatItDoes:
        "Follows request data from every web stack pysast models (Flask, Django, FastAPI/Starlette, aiohttp, Tornado, Falcon, Pyramid, Bottle, Sanic, Quart, Litestar; see `docs/frameworks.md`) to the target of `flask.redirect`/`werkzeug.utils.redirect`, Django `redirect`, `HttpResponseRedirect` and `HttpResponsePermanentRedirect`, Starlette/FastAPI `RedirectResponse`, Tornado `self.redirect` and `self.set_header(\"Location\", …)`, aiohttp and Pyramid `HTTPFound`/`HTTPSeeOther`/…, Pyramid/WebOb `response.location`, Falcon `HTTPFound` and `resp.location`, Bottle `redirect` and `response.set_header(\"Location\", …)`, Sanic and Quart `redirect`, Litestar `Redirect`, and `Location` headers set on a response (`response.headers[\"Location\"] = …`, `response[\"Location\"] = …`, `response.location = …`).\n\nNot reported: a target whose beginning fixes the host — a constant path such as `\"/orders/\" + order_id`, a constant `https://host/` followed by input, `url_for(...)`, Django `reverse(...)` — and targets checked with Django's `url_has_allowed_host_and_scheme`, with `urlparse(target).netloc` (or `.hostname`) compared against a constant or an allow-list, with an allow-list of whole URLs, or with a full regular-expression match on letters, digits, `_` and `-`. A check that the target starts with `/` but not with `//` or `/\\` keeps it on this host (also written as `startswith((\"//\", \"/\\\\\"))`, or with a backslash rejected anywhere), and a target that is empty or `None` (`HttpResponseRedirect(next_url) if next_url else ...`) holds nothing of the request. A check that the netloc is empty is not enough on its own, nor is ruling out `//` alone: browsers read `/\\evil.example` as `//evil.example`.\n\nThe path or URL of the request being served (Django `request.path` and `request.path_info`, Flask `request.path`, `request.url` and `request.base_url`, Starlette/FastAPI `request.url`, Pyramid/WebOb `request.path`, `request.path_info` and `request.url`, web.py `web.ctx.path`, which web.py's redirects make absolute on the site's own address) is not reported as a target: it is a path on this host that the router matched to the view, so redirecting to it — to add a trailing slash, to drop a token from the URL, to stay on the page after logging out — keeps the browser on the site. Known limitation: on a catch-all route at the root (`path(\"<path:url>\", …)`, `re_path(r\"^(?P<url>.*)$\", …)`), a request for `//evil.example` reaches the view with that path, and a redirect to it is protocol-relative (Django's CVE-2018-14574 was this in `CommonMiddleware`). Werkzeug (Flask) merges repeated slashes and percent-encodes `\\` in `Location`; on Django (and on a Pyramid not-found view, which any path reaches), pass such a path through `django.utils.http.escape_leading_slashes()` before redirecting to it.",
      whyBad:
        "Phishing mails and chat messages link to the real domain, so users and mail filters trust them: `https://shop.example.com/login?next=https://shop-example.evil/login` shows the genuine login page, then sends the user to a copy that asks for the password again or for card details. Open redirects also turn OAuth and SSO flows into token leaks when a redirect URI check trusts the site's own domain, and they help bypass SSRF and CSP allow-lists that trust the domain.",
      example: [
        "from flask import Flask, redirect, request, session",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/login", methods=["POST"])',
        "def login():",
        '    session["user"] = "alice"',
        '    target = request.args.get("next", "/")',
        "    return redirect(target)",
        "",
      ].join("\n"),
      useInstead: [
        "from urllib.parse import urlparse",
        "",
        "from flask import Flask, abort, redirect, request, session",
        "",
        "app = Flask(__name__)",
        'ALLOWED_HOSTS = {"shop.example.com"}',
        "",
        "",
        '@app.route("/login", methods=["POST"])',
        "def login():",
        '    session["user"] = "alice"',
        '    target = request.args.get("next", "/")',
        "    if urlparse(target).netloc not in ALLOWED_HOSTS:",
        "        abort(400)",
        "    return redirect(target)",
        "",
      ].join("\n"),
      useInsteadText:
        "Redirect to a path inside the site (`url_for(...)`, `reverse(...)`, a constant prefix) or to one of a few known destinations chosen by key. When a full URL must be accepted (`next=`), check it before redirecting: with Django, `url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())`; elsewhere, compare `urlparse(url).netloc` with an allow-list and reject backslashes and a leading `//`.",
      references: [
        { title: "CWE-601: URL Redirection to Untrusted Site ('Open Redirect')", url: "https://cwe.mitre.org/data/definitions/601.html" },
        { title: "OWASP Top 10 2021 A01: Broken Access Control", url: "https://owasp.org/Top10/A01_2021-Broken_Access_Control/" },
        { title: "OWASP Unvalidated Redirects and Forwards Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html" },
        { title: "Django: url_has_allowed_host_and_scheme", url: "https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.http.url_has_allowed_host_and_scheme" },
      ],
    },
    cwe: [601],
    owasp: ["A01:2021-Broken Access Control"],
    level: "warning",
    securitySeverity: "6.1",
    precision: "high",
    tags: ["security", "taint", "external/cwe/cwe-601"],
    frameworks: ["flask", "werkzeug", "django", "fastapi", "starlette", "aiohttp", "tornado", "falcon", "pyramid", "bottle", "sanic", "quart", "litestar"],
    aliases: {},
    kind: "taint",
  },
  sinkKinds: ["redirect"],
};
