/** Sanic: routes on the app or a blueprint, `add_route`, `HTTPMethodView`, the request, responses. */
import type { TaintModel } from "../../src/taint/model-types.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";

const REQUEST = "sanic.Request";
const RESPONSE = "sanic.HTTPResponse";

const resp = (names: string[]): string[] => names.flatMap((n) => [`sanic.response.${n}`, `sanic.${n}`]);

export const sanic: TaintModel = {
  name: "sanic",
  triggers: ["sanic"],
  types: [
    { type: REQUEST, class: ["sanic.Request", "sanic.request.Request"] },
    { type: "sanic.App", class: ["sanic.Sanic", "sanic.app.Sanic", "sanic.Blueprint", "sanic.blueprints.Blueprint"] },
  ],
  sources: [
    {
      label: "request.args",
      on: [REQUEST],
      attr: ["args", "query_args", "form", "body", "files", "headers", "cookies", "query_string", "path", "url", "raw_url", "match_info", "content_type", "host"],
    },
    { label: "request.json", on: [REQUEST], attr: ["json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "request.get_args()", on: [REQUEST], method: ["get_args", "get_query_args", "receive_body"] },
    { label: "request.load_json()", on: [REQUEST], method: ["load_json"], alsoKinds: JSON_DOCUMENT_KINDS },
  ],
  sinks: [
    { kind: "xss", call: resp(["html"]), args: [{ pos: 0, kw: "body" }], returns: RESPONSE, consumes: true },
    { kind: "xss", call: resp(["raw", "HTTPResponse"]), args: [{ pos: 0, kw: "body" }], when: [{ arg: { kw: "content_type" }, matches: "html" }], returns: RESPONSE, consumes: true },
    { kind: "path", call: resp(["file", "file_stream"]), args: [{ pos: 0, kw: "location" }], returns: RESPONSE },
    { kind: "redirect", call: resp(["redirect"]), args: [{ pos: 0, kw: "to" }], returns: RESPONSE },
    // error disclosure: any response body
    { kind: "error-disclosure", call: resp(["json", "text", "html", "raw", "HTTPResponse"]), args: [{ pos: 0, kw: "body" }], returns: RESPONSE, consumes: true },
  ],
  propagators: [{ call: resp(["json", "text", "redirect", "empty"]), result: "clean", returns: RESPONSE }],
  endpoints: [
    {
      framework: "sanic",
      requiresImport: ["sanic"],
      decorators: ["route", "get", "post", "put", "patch", "delete", "head", "options", "websocket"],
      appTypes: ["sanic.App"],
      routeArg: { pos: 0, kw: "uri" },
      registrations: [{ method: ["add_route", "add_websocket_route"], route: { pos: 1, kw: "uri" }, view: { pos: 0, kw: "handler" } }],
      viewBases: ["sanic.views.HTTPMethodView"],
      viewMethods: ["get", "post", "put", "patch", "delete", "head", "options"],
      params: "route",
      objects: [{ index: 0, type: REQUEST }],
      paramLabel: "path parameter",
      // `<name>`, `<id:int>`, `<slug:slug>`, `<code:[A-Z]{3}>` (a regular expression)
      routeSyntax: ["<(?<name>\\w+)(?::(?<conv>[^>]+))?>"],
      safeConverters: ["int", "float", "number", "uuid", "alpha", "slug", "ymd"],
    },
  ],
};
