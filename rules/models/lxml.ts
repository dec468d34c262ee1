/** lxml, xml.etree.ElementTree and elementpath: XPath expressions and ElementPath queries. */
import type { TaintModel } from "../../src/taint/model-types.js";

const LXML_TREE = "lxml.ElementTree";
const LXML_ELEMENT = "lxml.Element";
const ET_TREE = "etree.ElementTree";
const ET_ELEMENT = "etree.Element";

const et = (names: string[]): string[] =>
  names.flatMap((n) => [`xml.etree.ElementTree.${n}`, `xml.etree.cElementTree.${n}`, `defusedxml.ElementTree.${n}`, `defusedxml.cElementTree.${n}`]);

export const lxml: TaintModel = {
  name: "lxml",
  syntaxes: { xpath: "xpath" },
  types: [
    { type: LXML_TREE, call: ["lxml.etree.parse", "lxml.etree.ElementTree"] },
    { type: LXML_ELEMENT, call: ["lxml.etree.fromstring", "lxml.etree.XML", "lxml.etree.HTML", "lxml.html.fromstring", "lxml.etree.Element", "lxml.etree.SubElement"] },
    { type: LXML_ELEMENT, on: [LXML_TREE], method: ["getroot"] },
    { type: LXML_ELEMENT, on: [LXML_ELEMENT], method: ["find", "getparent", "getnext", "getprevious"] },
    { type: "lxml.XPathEvaluator", call: ["lxml.etree.XPathEvaluator", "lxml.etree.XPathElementEvaluator", "lxml.etree.XPathDocumentEvaluator"] },
    { type: ET_TREE, call: et(["parse"]), class: et(["ElementTree"]) },
    { type: ET_ELEMENT, call: et(["fromstring", "XML", "Element", "SubElement"]) },
    { type: ET_ELEMENT, on: [ET_TREE], method: ["getroot"] },
    { type: ET_ELEMENT, on: [ET_ELEMENT], method: ["find"] },
  ],
  sinks: [
    { kind: "xpath", on: [LXML_TREE, LXML_ELEMENT], method: ["xpath"], untyped: true, args: [{ pos: 0, kw: "_path" }] },
    { kind: "xpath", call: ["lxml.etree.XPath", "lxml.etree.ETXPath"], args: [{ pos: 0, kw: "path" }] },
    { kind: "xpath", on: ["lxml.XPathEvaluator"], method: ["__call__", "evaluate"], args: [{ pos: 0, kw: "_path" }] },
    { kind: "xpath", on: [LXML_TREE, LXML_ELEMENT, ET_TREE, ET_ELEMENT], method: ["find", "findall", "findtext", "iterfind"], args: [{ pos: 0, kw: "path" }] },
    // elementpath: XPath 2.0/3.0 selectors over ElementTree and lxml trees
    { kind: "xpath", call: ["elementpath.select", "elementpath.iter_select"], args: [{ pos: 1, kw: "path" }] },
    { kind: "xpath", call: ["elementpath.Selector"], args: [{ pos: 0, kw: "path" }] },
  ],
};
