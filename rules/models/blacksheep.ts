/**
 * BlackSheep: handlers routed with `@app.router.get("/x")`, `@get("/x")` or `app.route`; their
 * parameters are bound from the route, the query string, the body and the headers — explicitly with
 * `FromQuery[T]`, `FromJSON[T]`, `FromRoute[T]`… or implicitly (a plain `str` is the route value or the
 * query parameter of its name), while a parameter annotated with a class is a service the container
 * injects. The `Request`, and the response helpers.
 */
import type { TaintModel } from "../../src/taint/model-types.js";
import { VALIDATED_SCALARS } from "./scalars.js";
import { DOCUMENT_ANNOTATIONS, JSON_DOCUMENT_KINDS } from "./json-documents.js";

const REQUEST = "blacksheep.Request";
const APP = "blacksheep.App";
const RESPONSE = "blacksheep.Response";
const METHODS = ["route", "get", "post", "put", "patch", "delete", "head", "options", "ws"];
const REQUEST_CLASSES = ["blacksheep.Request", "blacksheep.messages.Request", "blacksheep.server.Request", "blacksheep.WebSocket", "blacksheep.server.websocket.WebSocket"];
const MARKERS = ["FromQuery", "FromRoute", "FromJSON", "FromForm", "FromHeader", "FromCookie", "FromBody", "FromText", "FromBytes", "FromFiles"].flatMap((m) => [`blacksheep.${m}`, `blacksheep.server.bindings.${m}`]);
const resp = (names: string[]): string[] => names.flatMap((n) => [`blacksheep.${n}`, `blacksheep.server.responses.${n}`]);

export const blacksheep: TaintModel = {
  name: "blacksheep",
  triggers: ["blacksheep"],
  types: [
    { type: REQUEST, class: REQUEST_CLASSES },
    { type: APP, class: ["blacksheep.Application", "blacksheep.server.Application", "blacksheep.Router", "blacksheep.server.routing.Router"] },
    { type: APP, on: [APP], attr: ["router"] },
  ],
  sources: [
    { label: "request.query", on: [REQUEST], attr: ["query", "route_values", "headers", "cookies", "url", "path", "content"] },
    { label: "await request.json()", on: [REQUEST], method: ["json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "await request.form()", on: [REQUEST], method: ["form", "text", "read", "stream", "files", "multipart", "get_cookie", "get_first_header", "get_headers", "receive_text", "receive_json", "receive_bytes"] },
  ],
  sinks: [
    { kind: "xss", call: resp(["html"]), args: [{ pos: 0, kw: "value" }], returns: RESPONSE, consumes: true },
    { kind: "redirect", call: resp(["redirect", "see_other", "moved_permanently", "temporary_redirect", "permanent_redirect"]), args: [{ pos: 0, kw: "location" }], returns: RESPONSE },
    // a string is the path of the file to send
    { kind: "path", call: resp(["file"]), args: [{ pos: 0, kw: "value" }], returns: RESPONSE },
    { kind: "error-disclosure", call: resp(["text", "html", "json", "pretty_json", "bad_request", "not_found"]), args: [{ pos: 0 }], returns: RESPONSE, consumes: true },
  ],
  propagators: [{ call: resp(["json", "text", "pretty_json", "redirect", "see_other"]), result: "clean", returns: RESPONSE }],
  endpoints: [
    {
      framework: "blacksheep",
      requiresImport: ["blacksheep"],
      decorators: METHODS,
      appTypes: [APP],
      decoratorNames: METHODS.flatMap((m) => [`blacksheep.${m}`, `blacksheep.server.routing.${m}`]),
      routeArg: { pos: 0, kw: "pattern" },
      // `/users/:user_id`, `/users/{user_id}`, `/users/{int:user_id}`
      routeSyntax: [":(?<name>\\w+)", "\\{(?:(?<conv>\\w+):)?(?<name>\\w+)\\}"],
      params: "annotated",
      objects: [{ names: ["request"], unannotated: true, type: REQUEST }],
      objectAnnotations: [{ class: REQUEST_CLASSES, type: REQUEST }],
      sourceMarkers: MARKERS,
      // outside the markers, a parameter annotated with a class is a service from the container
      bodyParams: [],
      documentAnnotations: DOCUMENT_ANNOTATIONS,
      safeAnnotations: [...VALIDATED_SCALARS],
      paramLabel: "handler parameter",
      bodySink: "error-disclosure",
    },
  ],
};
