/**
 * trust-boundary: request data stored in the server-side session as it came — Flask `session`,
 * Django `request.session`, Starlette/FastAPI `request.session` — under a key or as a value.
 *
 * Decisions:
 * - Both the key and the value count: a request-chosen key can overwrite entries the application
 *   trusts (`user_id`, `is_admin`), a request-chosen value is read back later as if the server
 *   had put it there.
 * - Signed cookie sessions (Flask's default) are no excuse: the signature stops the client from
 *   editing the cookie, not the server from signing what the client sent.
 * - Validated data is fine: numeric casts, allow-lists and constant-dict lookups, full matches
 *   on a safe alphabet, `secure_filename`, e-mail addresses a form or model field validated
 *   (`forms.EmailField` and project subclasses of it, DRF's `EmailField`, pydantic's `EmailStr`). Values read from the database by an id are not request
 *   data. Reported at `warning`: the weakness becomes exploitable where the session value is
 *   trusted later, which the rule cannot see.
 * - Test code is skipped: test views store request data in sessions to exercise them.
 * - A value that passed a check function the application named as one (`check_for_language(code)`,
 *   `is_valid_voucher(code)`, `verify_…`, `validate_…`, `…_is_valid`) in an `if` counts as
 *   validated on the branch where the check passed: the weakness is storing *unvalidated* data,
 *   and what the check accepts is the application's decision. The name patterns are model data
 *   (`checkPredicates` in `rules/models/stdlib.ts`) and apply to this rule's sink kind only.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "trust-boundary",
    name: "TrustBoundaryViolation",
    shortDescription: "Unvalidated request data is stored in the session",
    fullDescription:
      "Data from an HTTP request is stored in the server-side session without validation. Code that later reads the session treats its entries as values the application itself checked and set — a user id, a role, a redirect target, a price — so the client gets to decide them.",
    docs: {
      whatItDoes:
        "Follows request data from every web stack pysast models (Flask, Django, FastAPI/Starlette, aiohttp, Tornado, Falcon, Pyramid, Bottle, Sanic, Quart, Litestar; see `docs/frameworks.md`) to the session: `session[key] = value`, `session.update(...)` and `session.setdefault(...)` on Flask's and Quart's `session`, Django's `request.session`, Starlette's `request.session` (SessionMiddleware), Pyramid's `request.session`, Litestar's `request.session` and `request.set_session(...)`, and aiohttp-session's `await get_session(request)`. Both the key and the value are checked.\n\nValidated values are not reported: `int()`/`float()` casts, membership in an allow-list, lookups in a dict of constants, full regular-expression matches on letters, digits, `_` and `-`, e-mail addresses a form or model field validated (`forms.EmailField` and project subclasses of it, DRF's `EmailField`, pydantic's `EmailStr`), values fetched from the database rather than taken from the request, and values that passed a check function named as one — `check_…`, `validate_…`, `verify_…`, `is_valid…`, `is_allowed…`, `is_safe…`, `is_supported…`, `…_is_valid`, `…_allowed` — tested in an `if` (`if lang and check_for_language(lang):`, `if not is_valid_voucher(code): return HttpResponseBadRequest()`) on the branch where the check passed. The value stored in the `else` branch of such a check is the one it rejected and is still reported. Not reported in test code (`tests/` and `test/` folders, `test_*.py`, `*_test.py`, `conftest.py`): test views imitate the application on purpose.",
      whyBad:
        "A session is the server's memory of what it has established about a client: who logged in, which role they have, what is in the cart, where to send them after login. Entries that mix checked facts with raw client input blur that boundary, and the code that reads them back — often written later, by someone else — no longer validates them. Overwriting a trusted key (`session[request.form[\"field\"]] = ...`) or storing a price or role from the request leads to privilege escalation and tampering; storing a `next` URL leads to an open redirect later.",
      example: [
        "from flask import Flask, request, session",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/preferences", methods=["POST"])',
        "def save_preferences():",
        '    session["currency"] = request.form["currency"]',
        '    return {"saved": True}',
        "",
      ].join("\n"),
      useInstead: [
        "from flask import Flask, abort, request, session",
        "",
        "app = Flask(__name__)",
        'CURRENCIES = {"EUR", "USD", "GBP"}',
        "",
        "",
        '@app.route("/preferences", methods=["POST"])',
        "def save_preferences():",
        '    currency = request.form["currency"]',
        "    if currency not in CURRENCIES:",
        "        abort(400)",
        '    session["currency"] = currency',
        '    return {"saved": True}',
        "",
      ].join("\n"),
      useInsteadText:
        "Validate before storing: cast numbers, check choices against an allow-list, match identifiers against a strict pattern, or store the id of a record the server looked up instead of the client's text. Never let the request choose the session key. Keep authorisation facts (user id, roles) in entries only the login code writes.",
      references: [
        { title: "CWE-501: Trust Boundary Violation", url: "https://cwe.mitre.org/data/definitions/501.html" },
        { title: "OWASP Top 10 2021 A04: Insecure Design", url: "https://owasp.org/Top10/A04_2021-Insecure_Design/" },
        { title: "OWASP Session Management Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html" },
        { title: "OWASP Input Validation Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Input_Validation_Cheat_Sheet.html" },
        { title: "Flask: sessions", url: "https://flask.palletsprojects.com/en/stable/quickstart/#sessions" },
        { title: "Django: how to use sessions", url: "https://docs.djangoproject.com/en/stable/topics/http/sessions/" },
      ],
    },
    cwe: [501],
    owasp: ["A04:2021-Insecure Design"],
    level: "warning",
    securitySeverity: "4.3",
    precision: "medium",
    tags: ["security", "taint", "session", "external/cwe/cwe-501"],
    frameworks: ["flask", "django", "fastapi", "starlette", "quart", "aiohttp", "pyramid", "litestar"],
    aliases: {},
    kind: "taint",
  },
  sinkKinds: ["session"],
  skipTestCode: true,
};
