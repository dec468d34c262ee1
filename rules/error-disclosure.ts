/**
 * error-disclosure: an exception's text or a traceback sent to the client — returned from a view
 * (also as JSON), put in a response, an `HTTPException` detail, `abort()`, or a flashed message.
 *
 * Decisions:
 * - Sources are exceptions caught as a generic class (`Exception`, `BaseException`) or as a class
 *   whose text describes the server — OS, network, runtime, database, subprocess and HTTP-client
 *   errors — and the `traceback`/`sys.exc_info()` helpers. `ValueError`, `KeyError`, validation
 *   errors and the project's own exception classes usually carry messages meant for the client
 *   (`int("x")` fails with a message quoting the input) and are not sources.
 * - Every response counts, JSON included: an exception text leaks as well in `{"error": str(e)}`.
 *   Logging the exception is the right thing to do and is not reported.
 * - Development-only code is skipped (`DevelopmentOnlySpec`: functions named `debug…`, branches
 *   under a `debug` flag): debug pages show tracebacks on purpose, and debug mode in production
 *   is reported by `debug-enabled`. Test code is skipped too.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "error-disclosure",
    name: "ErrorDisclosure",
    shortDescription: "An exception message or a stack trace is sent to the client",
    fullDescription:
      "The text of a caught exception, or a formatted traceback, becomes part of an HTTP response. Such text describes the server — file paths, SQL statements and table names, internal host names, library versions, source lines — and hands an attacker a map for the next attack.",
    docs: {
      whatItDoes:
        "Follows exceptions caught as `Exception`/`BaseException` or as OS, network, runtime, database (sqlite3, DB-API drivers, SQLAlchemy, Django), subprocess and HTTP-client errors, and the results of `traceback.format_exc()`, `format_exception()`, `format_tb()` and `sys.exc_info()`, through `str(e)`, `repr(e)`, `e.args` and string building, to what the client receives: values returned from Flask and FastAPI views (strings and JSON alike), Flask `make_response`, `Response`, `jsonify`, `abort(code, description)` and `flash`, Werkzeug HTTP exceptions, Django `HttpResponse*`, `JsonResponse` and the messages framework, DRF `Response` and `APIException`s, Starlette/FastAPI responses and `HTTPException(detail=...)`, aiohttp `web.Response`/`json_response`/HTTP errors, Tornado `write`/`finish`/`send_error`, Sanic responses, Quart (as Flask), Falcon `resp.text`/`resp.media` and the `title`/`description` of `falcon.HTTPError`s, Pyramid `Response`, `response.text`, HTTP exceptions' `detail` and whatever a view hands its renderer, Bottle `abort`/`HTTPError`/`HTTPResponse` and whatever Bottle handlers return, Litestar `HTTPException(detail=...)` and whatever Litestar handlers return, `http.server` handlers' `self.wfile.write(...)` and `self.send_error(code, message, explain)`.\n\nExceptions usually raised with client-facing messages — `ValueError`, `KeyError`, validation errors, the project's own exception classes — are not reported, nor is the exception's class name (`type(e).__name__`, `e.__class__.__name__`, also through a helper that builds the error body), nor is logging an exception, nor code that runs only in debug mode (a function named `debug…` or a branch under `if settings.DEBUG:`/`if app.debug:`, or the first value of `traceback.format_exc() if settings.DEBUG else \"error\"`, or what a debug branch adds to a message used after it (`if settings.DEBUG: msg += f\" ({e})\"`), or the rest of a function after `if not settings.DEBUG: raise exc` — whether debug mode is on in production is the `debug-enabled` rule's concern). Not reported in test code (`tests/` and `test/` folders, `test_*.py`, `*_test.py`, `conftest.py`): test views imitate the application on purpose.",
      whyBad:
        "Error text is written for developers. A database error quotes the failing SQL and the schema; a file error shows the deployment's directory layout; an HTTP-client error names internal services; a traceback lists source files, line numbers and library versions. Attackers provoke errors on purpose to collect this, then aim injection, path traversal and SSRF at exactly the right targets.",
      example: [
        "import sqlite3",
        "",
        "from flask import Flask, jsonify, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/orders", methods=["POST"])',
        "def create_order():",
        "    try:",
        '        with sqlite3.connect("shop.db") as db:',
        '            db.execute("INSERT INTO orders (sku) VALUES (?)", (request.form["sku"],))',
        "    except sqlite3.Error as exc:",
        '        return jsonify(error=str(exc)), 500',
        '    return jsonify(created=True), 201',
        "",
      ].join("\n"),
      useInstead: [
        "import logging",
        "import sqlite3",
        "",
        "from flask import Flask, jsonify, request",
        "",
        "app = Flask(__name__)",
        "log = logging.getLogger(__name__)",
        "",
        "",
        '@app.route("/orders", methods=["POST"])',
        "def create_order():",
        "    try:",
        '        with sqlite3.connect("shop.db") as db:',
        '            db.execute("INSERT INTO orders (sku) VALUES (?)", (request.form["sku"],))',
        "    except sqlite3.Error:",
        '        log.exception("order insert failed")',
        '        return jsonify(error="the order could not be saved"), 500',
        '    return jsonify(created=True), 201',
        "",
      ].join("\n"),
      useInsteadText:
        "Log the exception with its traceback on the server (`logger.exception(...)`) and send the client a generic message, ideally with a correlation id that lets support find the log entry. Return specific messages only for errors about the client's own input, written for the client.",
      references: [
        { title: "CWE-209: Generation of Error Message Containing Sensitive Information", url: "https://cwe.mitre.org/data/definitions/209.html" },
        { title: "OWASP Top 10 2021 A04: Insecure Design", url: "https://owasp.org/Top10/A04_2021-Insecure_Design/" },
        { title: "OWASP Error Handling Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html" },
        { title: "Python logging: Logger.exception", url: "https://docs.python.org/3/library/logging.html#logging.Logger.exception" },
      ],
    },
    cwe: [209],
    owasp: ["A04:2021-Insecure Design"],
    level: "warning",
    securitySeverity: "5.3",
    precision: "high",
    tags: ["security", "taint", "external/cwe/cwe-209"],
    frameworks: ["flask", "werkzeug", "django", "rest_framework", "fastapi", "starlette", "aiohttp", "tornado", "sanic", "quart", "falcon", "pyramid", "bottle", "litestar"],
    aliases: {},
    kind: "taint",
  },
  sinkKinds: ["error-disclosure"],
  skipTestCode: true,
};
