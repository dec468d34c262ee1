/**
 * ldap-injection: request data in LDAP search filters and distinguished names (python-ldap, ldap3).
 *
 * Decisions:
 * - Filters and base DNs of searches, and the DN of modify/delete/add/rename/compare, are sinks.
 * - `escape_filter_chars`, `ldap.filter.filter_format` and the DN escaping functions neutralise
 *   input for this rule; HTML escaping does not.
 * - Method names shared with other libraries (`search`, `modify`, …) are matched on untyped
 *   receivers only in files importing the LDAP library.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "ldap-injection",
    name: "LdapInjection",
    shortDescription: "User input reaches an LDAP search filter or distinguished name",
    fullDescription:
      "Data from an HTTP request is built into an LDAP search filter or distinguished name without escaping, so the client can change the filter's logic: match every entry with `*`, add `)(|(uid=*)` clauses to bypass authentication checks, or address other parts of the directory.",
    docs: {
      whatItDoes:
        "Follows request data from every entry point pysast models (web stacks, serverless handlers, GraphQL resolvers, task queues; see `docs/frameworks.md`) to python-ldap `search`, `search_s`, `search_st`, `search_ext(_s)` (base DN and filter) and DN operations (`modify_s`, `delete_s`, `add_s`, `rename_s`, `compare_s`, …), and to ldap3 `Connection.search` (search base and filter) and `modify`/`delete`/`add`/`modify_dn`/`compare`. Input passed through `ldap3.utils.conv.escape_filter_chars`, `ldap.filter.escape_filter_chars`, `ldap.filter.filter_format`, `ldap.dn.escape_dn_chars` or `ldap3.utils.dn.escape_rdn`, checked against an allow-list or fully matched by a safe regular expression is not reported.",
      whyBad:
        "LDAP filters are a small language: `(uid=` + input + `)` with input `*)(uid=*))(|(uid=*` turns a lookup of one user into a match on all of them, which can bypass a login that only checks whether a search returned a result, or leak directory contents through the results.",
      example: [
        "import ldap3",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/people")',
        "def people():",
        '    conn = ldap3.Connection(ldap3.Server("ldap://directory.example.org"), auto_bind=True)',
        '    conn.search("dc=example,dc=org", "(uid=" + request.args["uid"] + ")", attributes=["cn"])',
        '    return {"entries": [str(e.cn) for e in conn.entries]}',
        "",
      ].join("\n"),
      useInstead: [
        "import ldap3",
        "from ldap3.utils.conv import escape_filter_chars",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/people")',
        "def people():",
        '    conn = ldap3.Connection(ldap3.Server("ldap://directory.example.org"), auto_bind=True)',
        '    uid = escape_filter_chars(request.args["uid"])',
        '    conn.search("dc=example,dc=org", "(uid=" + uid + ")", attributes=["cn"])',
        '    return {"entries": [str(e.cn) for e in conn.entries]}',
        "",
      ].join("\n"),
      useInsteadText:
        "Escape every value placed in a filter with `escape_filter_chars` (ldap3 or python-ldap) or build the filter with `ldap.filter.filter_format`, and escape DN components with `escape_rdn`/`escape_dn_chars`. Validate identifiers such as user names against a strict pattern before using them at all.",
      references: [
        { title: "CWE-90: Improper Neutralization of Special Elements used in an LDAP Query", url: "https://cwe.mitre.org/data/definitions/90.html" },
        { title: "OWASP Top 10 2021 A03: Injection", url: "https://owasp.org/Top10/A03_2021-Injection/" },
        { title: "OWASP LDAP Injection Prevention Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/LDAP_Injection_Prevention_Cheat_Sheet.html" },
        { title: "ldap3: escaping filter values", url: "https://ldap3.readthedocs.io/en/latest/searches.html" },
        { title: "python-ldap: ldap.filter", url: "https://www.python-ldap.org/en/latest/reference/ldap-filter.html" },
      ],
    },
    cwe: [90],
    owasp: ["A03:2021-Injection"],
    level: "error",
    securitySeverity: "8.1",
    precision: "high",
    tags: ["security", "injection", "taint", "external/cwe/cwe-90"],
    frameworks: ["flask", "django", "fastapi", "python-ldap", "ldap3"],
    aliases: {},
    kind: "taint",
  },
  sinkKinds: ["ldap"],
};
