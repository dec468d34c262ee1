/**
 * xxe: request data parsed as XML by a parser that resolves external entities — lxml parsers with
 * `resolve_entities=True` or `no_network=False` (and, as a warning, lxml's default parser, which
 * resolved them before lxml 5.0), `lxml.etree.iterparse` and `ETCompatXMLParser` without
 * `resolve_entities=False`, and `xml.sax` readers whose external-entity features were switched on,
 * directly or under `xml.dom.minidom`/`pulldom`.
 *
 * Decisions:
 * - Version assumption: lxml ≥ 5.0 (December 2023) stopped resolving external entities in its
 *   default `XMLParser`, so parsing with the default parser is reported at `warning` ("safe on
 *   lxml 5, not before"); `iterparse` and `ETCompatXMLParser` kept the old default until lxml 6.1
 *   (2026) and are reported at `error` unless `resolve_entities` is `False` or `"internal"`.
 * - The standard library's expat-based parsers (`xml.etree.ElementTree`, `xml.sax` and `minidom`
 *   by default, `xml.dom.expatbuilder`) do not fetch external entities, so they are not reported;
 *   `defusedxml` never is. Entity expansion ("billion laughs") is a different weakness (CWE-776):
 *   expat ≥ 2.4.1 limits it, and the docs say so instead of reporting every parse.
 * - Aliases: Bandit B315/B317–B319 and Ruff S315/S317–S319 flag the SAX reader, minidom and
 *   pulldom calls this rule checks, and B320/S320 the `lxml.etree` parse calls (both since removed
 *   from Bandit and Ruff, but `# nosec B320` comments and configurations naming them remain in
 *   code, and they name exactly the lines this rule reports). B313/B314/B316 (ElementTree,
 *   expatbuilder) are not claimed because those parsers are not XXE-prone, and B410 flags the
 *   `import lxml` line, which this rule never reports.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "xxe",
    name: "XmlExternalEntities",
    shortDescription: "User-supplied XML is parsed with external entity resolution enabled",
    fullDescription:
      "An XML document from an HTTP request or an upload is parsed by a parser that resolves external entities, so a `<!DOCTYPE>` in the document can make the server read local files (`file:///etc/passwd`), fetch internal URLs, or hang on endless resources, and return what it read inside the parsed data.",
    docs: {
      whatItDoes:
        "Follows request data and uploaded files from every web stack pysast models (Flask, Django, FastAPI/Starlette, aiohttp, Tornado, Falcon, Pyramid, Bottle, Sanic, Quart, Litestar; see `docs/frameworks.md`) to XML parsing with external entities on: lxml `etree.fromstring/XML/parse/XMLID` (also `lxml.objectify`) and `parser.feed` with an `XMLParser(resolve_entities=True)` or `XMLParser(no_network=False)`; `lxml.etree.iterparse` and `ETCompatXMLParser`, which resolved external entities by default until lxml 6.1, unless `resolve_entities=False` or `\"internal\"`; and `xml.sax` readers whose `feature_external_ges`/`feature_external_pes` was switched on, used directly (`parser.parse`) or handed to `xml.dom.minidom.parse/parseString` or `xml.dom.pulldom`.\n\nParsing with lxml's default parser is reported as a warning: lxml 5.0 (December 2023) stopped resolving external entities by default, older versions resolve them. `xml.etree.ElementTree`, `xml.sax` and `minidom` with their default settings, `xml.dom.expatbuilder` and `defusedxml` never fetch external entities and are not reported. Note: expat before 2.4.1 (bundled with Python before 2021) does not limit entity expansion, so a \"billion laughs\" document can exhaust memory with any standard-library parser; that is CWE-776, not reported here — `defusedxml` also protects against it.",
      whyBad:
        "An external entity is an instruction inside the document to fetch a resource and paste it in: `<!ENTITY x SYSTEM \"file:///etc/passwd\">` followed by `&x;` makes the parser read the file, and the application often echoes the parsed value back (an error message, an imported record). The same mechanism reaches internal HTTP services and cloud metadata endpoints (SSRF), reads application secrets and source code, and can block a worker on a device file.",
      example: [
        "from flask import Flask, request",
        "from lxml import etree",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/import", methods=["POST"])',
        "def import_catalogue():",
        "    parser = etree.XMLParser(resolve_entities=True)",
        "    root = etree.fromstring(request.get_data(), parser)",
        '    return {"products": len(root.findall("product"))}',
        "",
      ].join("\n"),
      useInstead: [
        "from flask import Flask, request",
        "from lxml import etree",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/import", methods=["POST"])',
        "def import_catalogue():",
        "    parser = etree.XMLParser(resolve_entities=False, no_network=True)",
        "    root = etree.fromstring(request.get_data(), parser)",
        '    return {"products": len(root.findall("product"))}',
        "",
      ].join("\n"),
      useInsteadText:
        "Parse untrusted XML with `defusedxml` (`defusedxml.ElementTree.fromstring`, `defusedxml.minidom`), which refuses entity declarations, or with an lxml parser built as `XMLParser(resolve_entities=False, no_network=True)` (and `load_dtd=False`, the default). Do not switch on `feature_external_ges`/`feature_external_pes` for documents from outside. Prefer JSON where you control the format.",
      references: [
        { title: "CWE-611: Improper Restriction of XML External Entity Reference", url: "https://cwe.mitre.org/data/definitions/611.html" },
        { title: "OWASP Top 10 2021 A05: Security Misconfiguration", url: "https://owasp.org/Top10/A05_2021-Security_Misconfiguration/" },
        { title: "OWASP XML External Entity Prevention Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html" },
        { title: "Python documentation: XML vulnerabilities", url: "https://docs.python.org/3/library/xml.html#xml-vulnerabilities" },
        { title: "lxml changelog: 5.0 (LP#1742885) and 6.1 (CVE-2026-41066) stop resolving external entities by default", url: "https://github.com/lxml/lxml/blob/master/CHANGES.txt" },
        { title: "defusedxml", url: "https://pypi.org/project/defusedxml/" },
      ],
    },
    cwe: [611],
    owasp: ["A05:2021-Security Misconfiguration"],
    level: "error",
    securitySeverity: "7.5",
    precision: "high",
    tags: ["security", "taint", "xml", "external/cwe/cwe-611"],
    frameworks: ["flask", "django", "fastapi", "starlette", "lxml"],
    aliases: { bandit: ["B315", "B317", "B318", "B319", "B320"], ruff: ["S315", "S317", "S318", "S319", "S320"] },
    kind: "taint",
  },
  sinkKinds: ["xxe"],
};
