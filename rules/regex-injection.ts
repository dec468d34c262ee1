/**
 * regex-injection: request text used as a regular expression (ReDoS, CWE-1333 / CWE-730).
 *
 * Decisions:
 * - The pattern argument of `re`/`regex` module functions (`compile`, `search`, `match`,
 *   `fullmatch`, `sub`, `subn`, `split`, `findall`, `finditer`) is the sink; the subject string is not.
 * - `re.escape` makes text a literal pattern; `int()` and allow-lists make it safe too.
 * - Warning level: the usual harm is denial of service or a filter that matches too much.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "regex-injection",
    name: "RegexInjection",
    shortDescription: "User input is compiled as a regular expression",
    fullDescription:
      "Text from an HTTP request is used as the pattern of a regular expression without `re.escape`, so the client chooses the pattern: one with nested quantifiers (`(a+)+$`) makes the matcher backtrack for minutes on a short subject (ReDoS), and wildcards make a search or filter match records it should not.",
    docs: {
      whatItDoes:
        "Follows request data from every entry point pysast models (see `docs/frameworks.md`) to the pattern argument of `re.compile`, `re.search`, `re.match`, `re.fullmatch`, `re.sub`, `re.subn`, `re.split`, `re.findall` and `re.finditer`, and of the same functions of the third-party `regex` module. Text passed through `re.escape`/`regex.escape`, converted with `int()`, or checked against an allow-list is not reported. Text only used as the subject of a match is not a pattern and is not reported, and neither is a pattern the application offers on purpose: one compiled where its `re.error` is caught, or text it first checks is written as a `/pattern/flags` literal.",
      whyBad:
        "Python's `re` module backtracks: the pattern `(a|aa)+$` against forty `a`s followed by `b` takes exponential time, and one such request keeps a worker busy for as long as it runs, so a few requests take a service down. A pattern from the client also changes what a search matches (`.*` finds every record, `^admin` probes names).",
      example: [
        "import re",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        'PRODUCTS = ["red shirt", "blue shirt", "green hat"]',
        "",
        "",
        '@app.route("/products")',
        "def products():",
        '    wanted = re.compile(request.args.get("q", ""), re.IGNORECASE)',
        '    return {"products": [p for p in PRODUCTS if wanted.search(p)]}',
        "",
      ].join("\n"),
      useInstead: [
        "import re",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        'PRODUCTS = ["red shirt", "blue shirt", "green hat"]',
        "",
        "",
        '@app.route("/products")',
        "def products():",
        '    wanted = re.compile(re.escape(request.args.get("q", "")), re.IGNORECASE)',
        '    return {"products": [p for p in PRODUCTS if wanted.search(p)]}',
        "",
      ].join("\n"),
      useInsteadText:
        "Escape request text with `re.escape` before putting it in a pattern, or do not use a regular expression at all (`q.lower() in name.lower()`). If users really must supply patterns, run them with a timeout in a separate process or use an engine without backtracking (`google-re2`).",
      references: [
        { title: "CWE-1333: Inefficient Regular Expression Complexity", url: "https://cwe.mitre.org/data/definitions/1333.html" },
        { title: "CWE-730: OWASP Top Ten 2004 A9: Denial of Service", url: "https://cwe.mitre.org/data/definitions/730.html" },
        { title: "OWASP: Regular expression Denial of Service - ReDoS", url: "https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS" },
        { title: "Python re.escape", url: "https://docs.python.org/3/library/re.html#re.escape" },
      ],
    },
    cwe: [1333, 730],
    owasp: ["A03:2021-Injection"],
    level: "warning",
    securitySeverity: "5.3",
    precision: "high",
    tags: ["security", "injection", "denial-of-service", "taint", "external/cwe/cwe-1333", "external/cwe/cwe-730"],
    frameworks: ["flask", "django", "fastapi", "re", "regex"],
    aliases: {},
    kind: "taint",
  },
  sinkKinds: ["regex"],
};
