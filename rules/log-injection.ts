/**
 * log-injection: request data written to a log record as it came — `logging` module functions and
 * `Logger`/`LoggerAdapter` methods (also Flask's `app.logger` and loggers the engine cannot type,
 * in files using `logging`), and loguru.
 *
 * Decisions:
 * - Request data in the message itself (`logger.info(f"login {user}")`) is a `warning`: it can
 *   forge lines and is also read as a `%` format string. Data passed as an argument the message
 *   interpolates (`logger.info("login %s", user)`) is a `note`: the standard formatter still
 *   writes its line breaks into the record.
 * - A dict, list, tuple or set interpolated with `%s` (`logger.exception("form: %s", form.cleaned_data)`),
 *   or logged as the message itself (`logger.debug({"source": source})`)
 *   is written as the repr of its elements: text in it is quoted with its line breaks escaped. An
 *   element that is an object of a known type keeps its taint (its own `__repr__` may write anything).
 * - An e-mail address validated by a form or model field (`forms.EmailField`, DRF's `EmailField`,
 *   pydantic's `EmailStr`) or a URL validated by `URLField` holds no line break.
 * - `%r`, `{x!r}`, `repr()`, `ascii()` and `json.dumps()` escape line breaks and are fine, as are
 *   values with both `\n` and `\r` removed (`s.replace("\n", "").replace("\r", "")`, also inside a
 *   project helper), numeric casts and values validated against an allow-list or a safe alphabet. Arguments the
 *   message does not interpolate are not written.
 * - Structured logging that serialises records as JSON escapes line breaks too, but the engine
 *   cannot see the formatter configuration; mark such findings as reviewed.
 * - Test code is skipped: its logs are not an audit trail.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "log-injection",
    name: "LogInjection",
    shortDescription: "User input is written to a log record without neutralising line breaks",
    fullDescription:
      "Data from an HTTP request is written to an application log as it came. Carriage returns and line feeds in it start new log lines, so the client can forge entries (a fake successful login, a cleared alert), hide their own, or break log parsers and the dashboards built on them.",
    docs: {
      whatItDoes:
        "Follows request data from every web stack pysast models (Flask, Django, FastAPI/Starlette, aiohttp, Tornado, Falcon, Pyramid, Bottle, Sanic, Quart, Litestar; see `docs/frameworks.md`) to `logging.debug/info/warning/error/critical/exception/log`, the same methods of `logging.Logger` and `LoggerAdapter` objects (`logging.getLogger(...)`, Flask's `app.logger`, loggers of unknown type in files that use `logging`), and loguru's `logger`.\n\nRequest data inside the message is reported at warning level; data passed as an argument that the message's `%` conversions interpolate is reported as a note. Values converted with `%r`/`{x!r}`, `repr()`, `ascii()` or `json.dumps()` (which escape line breaks), values from which both `\\n` and `\\r` were removed (`s.replace(\"\\n\", \"\").replace(\"\\r\", \"\")`, also inside a project helper such as `one_line(s)`), numeric casts, allow-listed values, values fully matched against a safe alphabet, e-mail addresses and URLs a form or model field validated (`forms.EmailField`/`URLField`, DRF's, pydantic's `EmailStr`), dicts, lists, tuples and sets interpolated with `%s` (`logger.exception(\"form: %s\", form.cleaned_data)` writes the repr of their text elements, line breaks escaped) or logged as the message itself (`logger.debug({\"source\": source})`, `logger.debug(vars(form))`), and the URL Werkzeug builds for the request (`request.url`, percent-encoded) are not reported. Not reported in test code (`tests/` and `test/` folders, `test_*.py`, `*_test.py`, `conftest.py`): test views imitate the application on purpose.",
      whyBad:
        "Logs are evidence: incident response, fraud detection and audits trust that each line was written by the application. A username such as `alice\\nINFO login succeeded user=admin` adds a forged line; terminal escape sequences can hide text from someone reading the log in a terminal; and log shippers that split on newlines or parse fields can be confused into dropping or misattributing records.",
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
        '    log.warning(f"failed login for {username}")',
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
        '    log.warning("failed login for %r", username)',
        '    return {"ok": False}, 401',
        "",
      ].join("\n"),
      useInsteadText:
        "Pass request data as an argument with a `%r` conversion (or `{x!r}`), which escapes line breaks and control characters, or strip `\\r` and `\\n` before logging. Better still, log in a structured format (a JSON formatter) where every value is escaped, and never use request data as the message itself.",
      references: [
        { title: "CWE-117: Improper Output Neutralization for Logs", url: "https://cwe.mitre.org/data/definitions/117.html" },
        { title: "OWASP Top 10 2021 A09: Security Logging and Monitoring Failures", url: "https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/" },
        { title: "OWASP Logging Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html" },
        { title: "Python logging: optimization and argument formatting", url: "https://docs.python.org/3/howto/logging.html#optimization" },
      ],
    },
    cwe: [117],
    owasp: ["A09:2021-Security Logging and Monitoring Failures"],
    level: "warning",
    securitySeverity: "4.3",
    precision: "medium",
    tags: ["security", "taint", "logging", "external/cwe/cwe-117"],
    frameworks: ["flask", "django", "fastapi", "starlette", "logging", "loguru"],
    aliases: {},
    kind: "taint",
  },
  sinkKinds: ["log"],
  skipTestCode: true,
};
