/**
 * XML parsers and external entities (XXE): which parsers resolve them — lxml by its options and
 * version, `xml.sax` readers whose external-entity features were switched on — and the calls that
 * parse a document with such a parser. `xml.etree.ElementTree`, `xml.dom.expatbuilder` and
 * `defusedxml` never fetch external entities and are no sinks.
 */
import type { ArgCondition, SinkSpec, TaintModel, TypeSpec } from "../../src/taint/model-types.js";

/** lxml parsers: explicitly safe, explicitly resolving, or with the defaults of their lxml version. */
const LXML_SAFE = "lxml.Parser";
const LXML_RESOLVING = "lxml.ResolvingParser";
/** Resolves external entities on lxml < 5.0 (2023), whose default was `resolve_entities=True`. */
const LXML_DEFAULT = "lxml.DefaultParser";
/** A SAX reader (also the parser minidom and pulldom build on). */
const SAX_READER = "xml.sax.XMLReader";
/** A SAX reader with `feature_external_ges` or `feature_external_pes` switched on. */
const SAX_EXTERNAL = "xml.sax.XMLReader+external";

const LXML_PARSERS = ["XMLParser", "XMLPullParser"].flatMap((c) => [`lxml.etree.${c}`, `lxml.objectify.${c}`]);
/** Kept `resolve_entities=True` as their default until lxml 6.1 (2026). */
const LXML_LATE_PARSERS = ["lxml.etree.ETCompatXMLParser"];

const RESOLVE = { kw: "resolve_entities" };
const NO_NETWORK = { kw: "no_network" };

/** The parser types lxml's constructors make, decided by `resolve_entities` and `no_network`. */
function lxmlParserTypes(classes: string[], defaultType: string): TypeSpec[] {
  return [
    { type: LXML_SAFE, class: classes, when: [{ arg: RESOLVE, equals: false }] },
    { type: LXML_SAFE, class: classes, when: [{ arg: RESOLVE, equals: "internal" }] },
    { type: LXML_RESOLVING, class: classes, when: [{ arg: RESOLVE, equals: true }] },
    { type: LXML_RESOLVING, class: classes, when: [{ arg: NO_NETWORK, equals: false }] },
    { type: defaultType, class: classes },
  ];
}

const LXML_PARSE = ["fromstring", "XML", "parse", "XMLID", "XMLDTDID", "fromstringlist"].flatMap((f) => [`lxml.etree.${f}`, `lxml.objectify.${f}`]);
const PARSER_ARG = { pos: 1, kw: "parser" };

/** An lxml parse call: an error with a resolving parser, a warning with the default parser. */
function lxmlParse(calls: string[]): SinkSpec[] {
  const source = [{ pos: 0 }, { kw: "text" }, { kw: "source" }];
  return [
    { kind: "xxe", call: calls, when: [{ arg: PARSER_ARG, types: [LXML_RESOLVING] }], args: source },
    { kind: "xxe", call: calls, when: [{ arg: PARSER_ARG, types: [LXML_DEFAULT] }], args: source, level: "warning" },
    { kind: "xxe", call: calls, when: [{ arg: PARSER_ARG, present: false }], args: source, level: "warning" },
  ];
}

const EXTERNAL_FEATURES = ["feature_external_ges", "feature_external_pes"].map((f) => `xml.sax.handler.${f}`);
const EXTERNAL_FEATURE_URIS = "^http://xml\\.org/sax/features/external-(general|parameter)-entities$";

/** `reader.setFeature(feature, value)` naming an external-entity feature, by name or by URI. */
function featureSwitch(feature: ArgCondition, on: boolean): { on: string[]; method: string[]; when: ArgCondition[]; type: string }[] {
  return [{ on: [SAX_READER, SAX_EXTERNAL], method: ["setFeature"], when: [feature, { arg: { pos: 1, kw: "state" }, truthy: on }], type: on ? SAX_EXTERNAL : SAX_READER }];
}

const DOM_PARSE = ["xml.dom.minidom.parse", "xml.dom.minidom.parseString", "xml.dom.pulldom.parse", "xml.dom.pulldom.parseString"];

export const xmlParsers: TaintModel = {
  name: "xml-parsers",
  types: [
    ...lxmlParserTypes(LXML_PARSERS, LXML_DEFAULT),
    ...lxmlParserTypes(LXML_LATE_PARSERS, LXML_RESOLVING),
    { type: SAX_READER, call: ["xml.sax.make_parser", "xml.sax.expatreader.create_parser"] },
  ],
  retypes: [
    ...featureSwitch({ arg: { pos: 0, kw: "name" }, names: EXTERNAL_FEATURES }, true),
    ...featureSwitch({ arg: { pos: 0, kw: "name" }, matches: EXTERNAL_FEATURE_URIS }, true),
    ...featureSwitch({ arg: { pos: 0, kw: "name" }, names: EXTERNAL_FEATURES }, false),
    ...featureSwitch({ arg: { pos: 0, kw: "name" }, matches: EXTERNAL_FEATURE_URIS }, false),
  ],
  sinks: [
    ...lxmlParse(LXML_PARSE),
    // a feed parser takes the document in pieces
    { kind: "xxe", on: [LXML_RESOLVING], method: ["feed"], args: [{ pos: 0, kw: "data" }] },
    { kind: "xxe", on: [LXML_DEFAULT], method: ["feed"], args: [{ pos: 0, kw: "data" }], level: "warning" },
    // iterparse has the options of a parser itself, and resolved external entities by default until lxml 6.1
    {
      kind: "xxe",
      call: ["lxml.etree.iterparse"],
      unless: [{ arg: RESOLVE, equals: false }, { arg: RESOLVE, equals: "internal" }],
      args: [{ pos: 0, kw: "source" }],
    },
    // SAX readers with external entities switched on, alone or under minidom and pulldom
    { kind: "xxe", on: [SAX_EXTERNAL], method: ["parse"], args: [{ pos: 0, kw: "source" }] },
    { kind: "xxe", on: [SAX_EXTERNAL], method: ["feed"], args: [{ pos: 0, kw: "data" }] },
    { kind: "xxe", call: DOM_PARSE, when: [{ arg: { pos: 1, kw: "parser" }, types: [SAX_EXTERNAL] }], args: [{ pos: 0 }, { kw: "file" }, { kw: "string" }, { kw: "stream_or_string" }] },
  ],
};
