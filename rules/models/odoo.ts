/**
 * Odoo (and OpenERP) web controllers: methods of `http.Controller` subclasses decorated with
 * `@http.route(...)`. Odoo passes the route's converters and every query-string and form parameter
 * as keyword arguments, so all of them are input except those a numeric converter (`<int:order_id>`)
 * or a record converter (`<model("sale.order"):order>`) validated. `odoo.http.request` is the
 * request being served: `request.params` and the Werkzeug request under `request.httprequest`.
 * SQL reaches the database through `request.env.cr.execute(...)` (any `.execute`, see dbapi.ts);
 * `odoo.tools.SQL("... %s", value)` passes values as parameters, so only its template is a sink.
 */
import type { TaintModel } from "../../src/taint/model-types.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";

const REQUEST = "odoo.Request";
const FLASK_REQUEST = "flask.Request";
const RESPONSE = "odoo.Response";
const both = (names: string[]): string[] => names.flatMap((n) => [`odoo.${n}`, `openerp.${n}`]);

export const odoo: TaintModel = {
  name: "odoo",
  triggers: ["odoo", "openerp"],
  types: [
    { type: REQUEST, name: both(["http.request"]) },
    // the Werkzeug request: args, form, values, files, headers, cookies, data, get_json() as in Flask's model
    { type: FLASK_REQUEST, on: [REQUEST], attr: ["httprequest"] },
  ],
  sources: [
    { label: "request.params", on: [REQUEST], attr: ["params"] },
    { label: "request.jsonrequest", on: [REQUEST], attr: ["jsonrequest"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "request.get_json_data()", on: [REQUEST], method: ["get_json_data"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "request.get_http_params()", on: [REQUEST], method: ["get_http_params"] },
  ],
  sinks: [
    { kind: "sql", call: both(["tools.SQL", "tools.sql.SQL"]), args: [{ pos: 0, kw: "code" }] },
    { kind: "redirect", on: [REQUEST], method: ["redirect", "redirect_query"], args: [{ pos: 0, kw: "location" }], returns: RESPONSE },
    {
      kind: "xss",
      on: [REQUEST],
      method: ["make_response"],
      args: [{ pos: 0, kw: "data" }],
      unless: [{ arg: { pos: 1, kw: "headers" }, matches: "^(?![\\s\\S]*html)[\\s\\S]*content-type" }],
      returns: RESPONSE,
      consumes: true,
    },
    { kind: "xss", call: both(["http.Response"]), args: [{ pos: 0, kw: "response" }], unless: [{ arg: { kw: "mimetype" }, matches: "^(?!.*html)" }, { arg: { kw: "content_type" }, matches: "^(?!.*html)" }], returns: RESPONSE, consumes: true },
  ],
  propagators: [
    { call: both(["tools.SQL", "tools.sql.SQL"]), result: "clean" },
    // QWeb escapes t-out / t-esc values
    { on: [REQUEST], method: ["render"], result: "clean", returns: RESPONSE },
  ],
  endpoints: [
    {
      framework: "odoo",
      decoratorNames: both(["http.route"]),
      routeArg: { pos: 0, kw: "route" },
      params: "route",
      unnamedFromQuery: true,
      safeConverters: ["int", "model", "models"],
      paramLabel: "request parameter",
      // a string an `http` route returns is sent as text/html
      returnSink: { kind: "xss", when: "always" },
    },
  ],
};
