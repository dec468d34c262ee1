/** Bottle: `@route`/`@get` views and their URL wildcards, the thread-local request, responses. */
import type { TaintModel } from "../../src/taint/model-types.js";
import { ENVIRON } from "./stdlib-web.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";
import { TEMPLATE_AND_HTML } from "./jinja2.js";

const REQUEST = "bottle.Request";
const RESPONSE = "bottle.Response";
const UPLOAD = "bottle.FileUpload";
const ROUTES = ["route", "get", "post", "put", "delete", "patch"];

/**
 * Bottle's route wildcards and what a view's answer is, shared with the frameworks built on Bottle's routing (py4web):
 * `<name>`, `<id:int>`, `<name:re:[a-z]+>`, `<path:path>`; a returned string is the body, HTML unless another content
 * type is set, and whatever is returned is the client's to read (error disclosure).
 */
export const BOTTLE_VIEWS = {
  routeSyntax: ["<(?<name>\\w+)(?::(?<conv>re:[^>]*|\\w+)(?::[^>]*)?)?>"],
  safeConverters: ["int", "float"],
  returnSink: { kind: "xss", when: "always" as const },
  bodySink: "error-disclosure",
};

export const bottle: TaintModel = {
  name: "bottle",
  triggers: ["bottle"],
  types: [
    { type: REQUEST, name: ["bottle.request"], class: ["bottle.Request", "bottle.BaseRequest", "bottle.LocalRequest"] },
    { type: RESPONSE, name: ["bottle.response"], class: ["bottle.Response", "bottle.BaseResponse", "bottle.LocalResponse", "bottle.HTTPResponse"] },
    { type: UPLOAD, class: ["bottle.FileUpload"] },
    { type: "bottle.Bottle", class: ["bottle.Bottle", "bottle.app", "bottle.default_app"] },
  ],
  sources: [
    {
      label: "request.query",
      on: [REQUEST],
      attr: ["query", "forms", "params", "headers", "cookies", "body", "GET", "POST", "query_string", "url", "urlparts", "fullpath", "path", "auth"],
    },
    { label: "request.environ", on: [REQUEST], attr: ["environ"], type: ENVIRON },
    { label: "request.json", on: [REQUEST], attr: ["json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "request.files", on: [REQUEST], attr: ["files"], elementType: UPLOAD },
    { label: "request.get_header()", on: [REQUEST], method: ["get_header", "get_cookie"] },
  ],
  sinks: [
    { kind: "path", call: ["bottle.static_file"], args: [{ pos: 1, kw: "root" }], returns: RESPONSE },
    { kind: "path", on: [UPLOAD], method: ["save"], args: [{ pos: 0, kw: "destination" }] },
    { kind: "redirect", call: ["bottle.redirect"], args: [{ pos: 0, kw: "url" }] },
    // the first argument is a template name or the template's source (SimpleTemplate runs Python)
    { kind: "template", consumes: TEMPLATE_AND_HTML, call: ["bottle.template", "bottle.SimpleTemplate", "bottle.jinja2_template", "bottle.mako_template"], args: [{ pos: 0, kw: "source" }, { kw: "name" }] },
    { kind: "redirect", on: [RESPONSE], method: ["set_header", "add_header"], when: [{ arg: { pos: 0, kw: "name" }, matches: "^location$" }], args: [{ pos: 1, kw: "value" }] },
    // error disclosure: an error's text is the page Bottle sends
    { kind: "error-disclosure", call: ["bottle.abort"], args: [{ pos: 1, kw: "text" }] },
    { kind: "error-disclosure", call: ["bottle.HTTPError"], args: [{ pos: 1, kw: "body" }] },
    { kind: "error-disclosure", call: ["bottle.HTTPResponse"], args: [{ pos: 0, kw: "body" }] },
  ],
  contentTypes: [
    { on: [RESPONSE], method: ["__setattr__"], header: { pos: 0 }, headerName: "^content_type$", value: { pos: 1 } },
    { on: [RESPONSE], method: ["set_header", "add_header"], header: { pos: 0, kw: "name" }, value: { pos: 1, kw: "value" } },
  ],
  propagators: [{ call: ["bottle.template", "bottle.jinja2_template", "bottle.mako_template"], result: "clean" }],
  endpoints: [
    {
      framework: "bottle",
      requiresImport: ["bottle"],
      decoratorNames: ROUTES.map((r) => `bottle.${r}`),
      decorators: ROUTES,
      appTypes: ["bottle.Bottle"],
      routeArg: { pos: 0, kw: "path" },
      registrations: [
        { call: ROUTES.map((r) => `bottle.${r}`), route: { pos: 0, kw: "path" }, view: { kw: "callback" } },
        { method: ROUTES, route: { pos: 0, kw: "path" }, view: { kw: "callback" } },
      ],
      params: "route",
      paramLabel: "route wildcard",
      ...BOTTLE_VIEWS,
    },
  ],
};
