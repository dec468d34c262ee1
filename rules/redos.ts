/**
 * redos: request text matched against a constant regular expression that backtracks
 * catastrophically (CWE-1333).
 *
 * Decisions:
 * - The pattern is the application's own constant; the danger is its shape (nested quantifiers
 *   whose iterations can split the same text many ways, `(\w+\s?)*$`, `(a|aa)+$`), judged by
 *   `src/taint/backtracking.ts`. A pattern that is not a constant is not judged (regex-injection
 *   covers request text as the pattern).
 * - Only request data as the subject is reported: the same pattern run on the application's own
 *   strings is a slow spot, not an attack surface. `len()` checks do not clear it (a few thousand
 *   characters are enough), `int()` and allow-lists do.
 * - Warning level, medium precision: the harm is denial of service, and a pattern may be slow only
 *   on texts the surrounding code never lets through.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "redos",
    name: "RegexDenialOfService",
    shortDescription: "Request text is matched against a regular expression that backtracks catastrophically",
    fullDescription:
      "A constant regular expression with nested quantifiers whose iterations can split the same text in many ways (`(a+)+$`, `(\\w+\\s?)*$`, `(a|aa)+$`) is matched against text from an HTTP request: a short string that almost matches makes Python's backtracking `re` engine run for minutes (ReDoS).",
    docs: {
      whatItDoes:
        "Follows request data to the subject of `re.search`, `re.match`, `re.fullmatch`, `re.findall`, `re.finditer`, `re.split`, `re.sub` and `re.subn` (and the `regex` module's functions) and of the same methods of a pattern compiled with `re.compile`, when the pattern is a constant with a repetition of a body that can match the same text in more than one way, followed by something that can fail: an unbounded repetition at the end of the body whose characters can also begin the body (`(a+)+`, `(\\w+\\s?)*`, `(a\\w*)*`), alternatives that begin alike where one's characters are all the other's (`(a|aa)+`, `(\\d+|\\w+)*`), or an unbounded repetition inside the body whose characters can also make up the rest of the body on both sides of it, so that it can swallow the boundary between two iterations (`(.*,)*`, `(([a-z])+.)+`; `([^,]*,)*` and `([a-z]+\\.)+` are fine). Possessive quantifiers (`a++`) and atomic groups (`(?>...)`) do not backtrack and are not reported.",
      whyBad:
        "On a text that fails to match, the engine tries every way of dividing it among the iterations before giving up: `re.match(r\"^(\\w+\\s?)*$\", \"a\" * 30 + \"!\")` makes about a billion attempts. One request keeps a worker busy for as long as that takes, so a handful take the service down.",
      example: [
        "import re",
        "",
        "from flask import Flask, abort, request",
        "",
        "app = Flask(__name__)",
        'FULL_NAME = re.compile(r"^([a-zA-Z]+\\s?)*$")',
        "",
        "",
        '@app.post("/profile")',
        "def update_profile():",
        '    name = request.form["name"]',
        "    if not FULL_NAME.match(name):",
        "        abort(400)",
        '    return {"name": name}',
        "",
      ].join("\n"),
      useInstead: [
        "import re",
        "",
        "from flask import Flask, abort, request",
        "",
        "app = Flask(__name__)",
        'FULL_NAME = re.compile(r"^[a-zA-Z]+(\\s[a-zA-Z]+)*$")',
        "",
        "",
        '@app.post("/profile")',
        "def update_profile():",
        '    name = request.form["name"]',
        "    if not FULL_NAME.match(name):",
        "        abort(400)",
        '    return {"name": name}',
        "",
      ].join("\n"),
      useInsteadText:
        "Rewrite the pattern so that each part of the text can be matched in only one way: make the separator mandatory between repeated words (`[a-z]+(\\s[a-z]+)*` instead of `([a-z]+\\s?)*`), drop the inner quantifier (`(a+)+` is `a+`), make alternatives exclusive, or use a possessive quantifier or an atomic group (Python 3.11+). Bounding the input length first also limits the damage.",
      references: [
        { title: "CWE-1333: Inefficient Regular Expression Complexity", url: "https://cwe.mitre.org/data/definitions/1333.html" },
        { title: "OWASP: Regular expression Denial of Service - ReDoS", url: "https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS" },
        { title: "Python re: possessive quantifiers and atomic groups", url: "https://docs.python.org/3/library/re.html#regular-expression-syntax" },
      ],
    },
    cwe: [1333],
    owasp: ["A04:2021-Insecure Design"],
    level: "warning",
    securitySeverity: "5.3",
    precision: "medium",
    tags: ["security", "denial-of-service", "taint", "external/cwe/cwe-1333"],
    frameworks: ["re", "regex"],
    aliases: {},
    kind: "taint",
  },
  sinkKinds: ["redos"],
};
