/**
 * xpath-injection: request data in XPath expressions (lxml) and ElementPath queries (ElementTree).
 *
 * Decisions:
 * - Only the expression is a sink: values bound as XPath variables (`tree.xpath("//u[@n=$n]", n=x)`)
 *   are safe.
 * - `find`/`findall`/`findtext`/`iterfind` are matched only on values known to be ElementTree or
 *   lxml elements or trees (the names are too common otherwise); `xpath()` on any receiver.
 * - Escaping that removes both quote characters (`html.escape` with its default `quote=True`,
 *   `markupsafe.escape`, `xml.sax.saxutils.quoteattr`) neutralises input inside a quoted literal.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "xpath-injection",
    name: "XpathInjection",
    shortDescription: "User input reaches an XPath expression",
    fullDescription:
      "Data from an HTTP request is concatenated or formatted into an XPath or ElementPath expression, so the client can change which nodes the query selects — read other records of the document or bypass checks that rely on the query's result.",
    docs: {
      whatItDoes:
        "Follows request data from Flask, Django and FastAPI to lxml `xpath()` on trees and elements, `lxml.etree.XPath` and `ETXPath`, and the ElementTree (and defusedxml) `find`, `findall`, `findtext` and `iterfind` methods. Also `elementpath.select`/`iter_select`/`Selector`. Values passed as XPath variables, escaped so they cannot close a string literal, checked against an allow-list or fully matched by a safe regular expression are not reported; neither is a value inside a `'…'` (or `\"…\"`) literal when it cannot contain that quote — rejected by a check such as `if \"'\" in name: abort(400)` or replaced (`name.replace(\"'\", \"&apos;\")`, `translate`). The same value in a literal of the other quote, or outside any literal, is still reported.",
      whyBad:
        "With `//user[@name='` + name + `']` a name of `' or '1'='1` selects every user, and `'] | //secret | //x['` appends a query of the attacker's choosing. XPath has no access control inside a document, so everything the file holds is readable.",
      example: [
        "from lxml import etree",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        'USERS = etree.parse("users.xml")',
        "",
        "",
        '@app.route("/user")',
        "def user():",
        '    name = request.args["name"]',
        "    nodes = USERS.xpath(\"//user[@name='\" + name + \"']/email/text()\")",
        '    return {"emails": [str(n) for n in nodes]}',
        "",
      ].join("\n"),
      useInstead: [
        "from lxml import etree",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        'USERS = etree.parse("users.xml")',
        "",
        "",
        '@app.route("/user")',
        "def user():",
        '    name = request.args["name"]',
        '    nodes = USERS.xpath("//user[@name=$name]/email/text()", name=name)',
        '    return {"emails": [str(n) for n in nodes]}',
        "",
      ].join("\n"),
      useInsteadText:
        "Keep the expression constant and pass values as XPath variables (`$name` with a keyword argument to `xpath()` or to a compiled `etree.XPath`). With ElementTree, whose ElementPath has no variables, validate the value against a strict pattern or an allow-list, or filter the nodes in Python after a constant query.",
      references: [
        { title: "CWE-643: Improper Neutralization of Data within XPath Expressions", url: "https://cwe.mitre.org/data/definitions/643.html" },
        { title: "OWASP Top 10 2021 A03: Injection", url: "https://owasp.org/Top10/A03_2021-Injection/" },
        { title: "OWASP: XPath Injection", url: "https://owasp.org/www-community/attacks/XPATH_Injection" },
        { title: "lxml: XPath and variables", url: "https://lxml.de/xpathxslt.html#xpath" },
        { title: "Python xml.etree.ElementTree: XPath support", url: "https://docs.python.org/3/library/xml.etree.elementtree.html#elementtree-xpath" },
      ],
    },
    cwe: [643],
    owasp: ["A03:2021-Injection"],
    level: "error",
    securitySeverity: "7.5",
    precision: "high",
    tags: ["security", "injection", "taint", "external/cwe/cwe-643"],
    frameworks: ["flask", "django", "fastapi", "lxml", "xml.etree"],
    aliases: {},
    kind: "taint",
  },
  sinkKinds: ["xpath"],
};
