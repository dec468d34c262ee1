/** Quart (async Flask): the request global and its awaitables, routes, responses, templates. */
import type { TaintModel } from "../../src/taint/model-types.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";
import { TEMPLATE_AND_HTML } from "./jinja2.js";

const REQUEST = "quart.Request";
const WEBSOCKET = "quart.Websocket";
const RESPONSE = "quart.Response";
const FILE = "quart.FileStorage";
const NOT_HTML = "^(?!.*html)";

export const quart: TaintModel = {
  name: "quart",
  triggers: ["quart"],
  types: [
    { type: REQUEST, name: ["quart.request", "quart.globals.request"], class: ["quart.Request", "quart.wrappers.Request", "quart.wrappers.request.Request"] },
    { type: "quart.App", class: ["quart.Quart", "quart.app.Quart", "quart.Blueprint", "quart.blueprints.Blueprint"] },
    { type: WEBSOCKET, name: ["quart.websocket", "quart.globals.websocket"], class: ["quart.Websocket", "quart.wrappers.Websocket", "quart.wrappers.websocket.Websocket"] },
    { type: FILE, class: ["quart.datastructures.FileStorage", "werkzeug.datastructures.FileStorage"] },
    { type: "quart.AppCtxGlobals", name: ["quart.g", "quart.globals.g"], requestScoped: true },
    { type: "quart.Session", name: ["quart.session", "quart.globals.session"] },
  ],
  sources: [
    // `form`, `files`, `values`, `data`, `json` are awaited attributes
    { label: "request.files", on: [REQUEST], attr: ["files"], elementType: FILE },
    { label: "request.args", on: [REQUEST], attr: ["args", "form", "values", "data", "cookies", "headers", "view_args", "query_string", "url", "path", "full_path", "base_url", "body"] },
    // the page the browser came from: a redirect back to it is a note (see `refererRead`)
    { label: "request.referrer", on: [REQUEST], attr: ["referrer"], noteKinds: ["redirect"] },
    { label: "await request.json", on: [REQUEST], attr: ["json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "await request.get_json()", on: [REQUEST], method: ["get_json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "await request.get_data()", on: [REQUEST], method: ["get_data"] },
    // a WebSocket route's messages and handshake
    { label: "await websocket.receive()", on: [WEBSOCKET], method: ["receive", "receive_json"] },
    { label: "websocket.args", on: [WEBSOCKET], attr: ["args", "headers", "cookies", "view_args", "query_string", "path", "url"] },
  ],
  sinks: [
    { kind: "xss", call: ["quart.make_response", "quart.helpers.make_response"], args: [{ pos: 0 }], returns: RESPONSE, consumes: true },
    {
      kind: "xss",
      call: ["quart.Response", "quart.wrappers.Response", "quart.wrappers.response.Response"],
      args: [{ pos: 0, kw: "response" }],
      unless: [
        { arg: { kw: "mimetype" }, matches: NOT_HTML },
        { arg: { kw: "content_type" }, matches: NOT_HTML },
      ],
      returns: RESPONSE,
      consumes: true,
    },
    { kind: "template", call: ["quart.render_template_string", "quart.templating.render_template_string"], args: [{ pos: 0, kw: "source" }], consumes: TEMPLATE_AND_HTML },
    { kind: "xss", call: ["quart.render_template_string", "quart.templating.render_template_string"], args: [{ mode: "unescaped", template: { pos: 0, kw: "source" } }] },
    { kind: "xss", call: ["quart.render_template", "quart.templating.render_template"], args: [{ mode: "unescaped", templateName: { pos: 0, kw: "template_name_or_list" } }] },
    { kind: "path", call: ["quart.send_file", "quart.helpers.send_file"], args: [{ pos: 0, kw: "filename_or_io" }], returns: RESPONSE, consumes: true },
    { kind: "path", call: ["quart.send_from_directory", "quart.helpers.send_from_directory"], args: [{ pos: 0, kw: "directory" }], returns: RESPONSE, consumes: true },
    { kind: "path", on: [FILE], method: ["save"], args: [{ pos: 0, kw: "destination" }] },
    { kind: "redirect", call: ["quart.redirect", "quart.helpers.redirect"], args: [{ pos: 0, kw: "location" }], returns: RESPONSE },
    // trust boundary: the session, as in Flask
    { kind: "session", on: ["quart.Session"], method: ["__setitem__", "setdefault"], args: [{ pos: 0, kw: "key" }, { pos: 1, kw: "default" }] },
    { kind: "session", on: ["quart.Session"], method: ["update"], args: [{ mode: "rest", pos: 0 }] },
    // error disclosure: anything that reaches the client, whatever its content type
    { kind: "error-disclosure", call: ["quart.make_response", "quart.helpers.make_response"], args: [{ mode: "rest", pos: 0 }], consumes: true },
    { kind: "error-disclosure", call: ["quart.Response", "quart.wrappers.Response", "quart.wrappers.response.Response"], args: [{ pos: 0, kw: "response" }], consumes: true },
    { kind: "error-disclosure", call: ["quart.jsonify"], args: [{ mode: "rest", pos: 0 }] },
    { kind: "error-disclosure", call: ["quart.abort", "quart.helpers.abort"], args: [{ pos: 1, kw: "description" }] },
    { kind: "error-disclosure", call: ["quart.flash", "quart.helpers.flash"], args: [{ pos: 0, kw: "message" }] },
  ],
  propagators: [
    { call: ["quart.jsonify", "quart.render_template", "quart.templating.render_template", "quart.redirect", "quart.helpers.redirect"], result: "clean", returns: RESPONSE },
  ],
  sanitizers: [
    // a URL built for one of the application's own endpoints stays on its host
    { call: ["quart.url_for", "quart.helpers.url_for"], kinds: ["redirect", "ssrf"] },
  ],
  noReturn: ["quart.abort", "quart.helpers.abort"],
  endpoints: [
    {
      framework: "quart",
      requiresImport: ["quart"],
      decorators: ["route", "get", "post", "put", "delete", "patch", "websocket"],
      appTypes: ["quart.App"],
      routeArg: { pos: 0, kw: "rule" },
      registrations: [{ method: ["add_url_rule"], route: { pos: 0, kw: "rule" }, view: { pos: 2, kw: "view_func" } }],
      viewBases: ["quart.views.MethodView", "quart.views.View"],
      viewMethods: ["get", "post", "put", "patch", "delete", "dispatch_request"],
      params: "route",
      paramLabel: "route parameter",
      safeConverters: ["int", "float", "uuid", "any"],
      returnSink: { kind: "xss", when: "always" },
      bodySink: "error-disclosure",
    },
  ],
};
