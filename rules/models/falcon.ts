/** Falcon: resources registered with `add_route`, their responders, `Request` and `Response`. */
import type { TaintModel } from "../../src/taint/model-types.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";

const REQUEST = "falcon.Request";
const RESPONSE = "falcon.Response";
const APP = "falcon.App";

const REDIRECTS = ["HTTPFound", "HTTPSeeOther", "HTTPMovedPermanently", "HTTPTemporaryRedirect", "HTTPPermanentRedirect"];
const HTTP_ERRORS = ["HTTPBadRequest", "HTTPUnauthorized", "HTTPForbidden", "HTTPNotFound", "HTTPConflict", "HTTPUnprocessableEntity", "HTTPInternalServerError", "HTTPBadGateway", "HTTPServiceUnavailable"];
const HTML_CONSTANTS = ["falcon.MEDIA_HTML", "falcon.constants.MEDIA_HTML"];

export const falcon: TaintModel = {
  name: "falcon",
  triggers: ["falcon"],
  types: [
    { type: REQUEST, class: ["falcon.Request", "falcon.request.Request", "falcon.asgi.Request"] },
    { type: RESPONSE, class: ["falcon.Response", "falcon.response.Response", "falcon.asgi.Response"] },
    { type: APP, class: ["falcon.App", "falcon.API", "falcon.app.App", "falcon.asgi.App"] },
  ],
  sources: [
    { label: "req.params", on: [REQUEST], attr: ["params", "stream", "bounded_stream", "headers", "cookies", "query_string", "path", "uri", "url", "relative_uri", "forwarded_uri", "content_type", "user_agent"] },
    // the page the browser came from: a redirect back to it is a note (see `refererRead`)
    { label: "req.referer", on: [REQUEST], attr: ["referer"], noteKinds: ["redirect"] },
    { label: "req.media", on: [REQUEST], attr: ["media"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "req.get_media()", on: [REQUEST], method: ["get_media", "get_param_as_json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "req.get_param()", on: [REQUEST], method: ["get_param", "get_param_as_list", "get_header", "get_cookie_values"] },
  ],
  sinks: [
    // the default content type is JSON: the body is HTML only once declared so
    { kind: "redirect", call: REDIRECTS.flatMap((r) => [`falcon.${r}`, `falcon.redirects.${r}`]), args: [{ pos: 0, kw: "location" }] },
    { kind: "redirect", on: [RESPONSE], method: ["__setattr__"], when: [{ arg: { pos: 0 }, matches: "^location$" }], args: [{ pos: 1 }] },
    { kind: "redirect", on: [RESPONSE], method: ["set_header", "append_header"], when: [{ arg: { pos: 0, kw: "name" }, matches: "^location$" }], args: [{ pos: 1, kw: "value" }] },
    { kind: "xss", on: [RESPONSE], method: ["__setattr__"], when: [{ arg: { pos: 0 }, matches: "^(text|body|data)$" }], args: [{ pos: 1 }], contentType: "html" },
    // error disclosure: any body (JSON media included), and the title and description of an HTTP error
    { kind: "error-disclosure", on: [RESPONSE], method: ["__setattr__"], when: [{ arg: { pos: 0 }, matches: "^(text|body|data|media)$" }], args: [{ pos: 1 }] },
    { kind: "error-disclosure", call: ["falcon.HTTPError", "falcon.http_error.HTTPError"], args: [{ pos: 1, kw: "title" }, { pos: 2, kw: "description" }] },
    { kind: "error-disclosure", call: HTTP_ERRORS.map((e) => `falcon.${e}`), args: [{ kw: "title" }, { kw: "description" }] },
  ],
  contentTypes: [
    { on: [RESPONSE], method: ["__setattr__"], header: { pos: 0 }, headerName: "^content_type$", value: { pos: 1 }, htmlNames: HTML_CONSTANTS },
    { on: [RESPONSE], method: ["set_header", "append_header"], header: { pos: 0, kw: "name" }, value: { pos: 1, kw: "value" }, htmlNames: HTML_CONSTANTS },
  ],
  sanitizers: [
    // typed accessors convert (or reject) the value
    { on: [REQUEST], method: ["get_param_as_int", "get_param_as_float", "get_param_as_bool", "get_param_as_uuid", "get_param_as_date", "get_param_as_datetime"], kinds: "all" },
  ],
  endpoints: [
    {
      framework: "falcon",
      requiresImport: ["falcon"],
      appTypes: [APP],
      registrations: [{ method: ["add_route"], route: { pos: 0, kw: "uri_template" }, view: { pos: 1, kw: "resource" }, suffix: { kw: "suffix" } }],
      // responders: `on_get`, `on_post`, `on_get_collection` (suffixed routes)
      viewMethodPattern: "^on_[a-z]+(_\\w+)?$",
      params: "route",
      objects: [
        { index: 0, type: REQUEST },
        { index: 1, type: RESPONSE },
      ],
      paramLabel: "URI field",
      safeConverters: ["int", "float", "uuid", "dt"],
    },
  ],
};
