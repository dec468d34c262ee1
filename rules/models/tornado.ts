/** Tornado: `RequestHandler` subclasses, their argument accessors, the request, `write`/`finish`. */
import type { TaintModel } from "../../src/taint/model-types.js";
import { TEMPLATE_AND_HTML } from "./jinja2.js";
import { PERCENT_ENCODED } from "./urls.js";

const HANDLER = "tornado.RequestHandler";
/** Jupyter's API handlers: request handlers whose default content type is `application/json`, not HTML. */
const API_HANDLER = "jupyter.APIHandler";
const ANY_HANDLER = [HANDLER, API_HANDLER];
const REQUEST = "tornado.HTTPServerRequest";
const APPLICATION = "tornado.Application";

// Jupyter Server's and the classic Notebook's handler bases are RequestHandler subclasses that server extensions derive from
const HTML_HANDLER_CLASSES = ["tornado.web.RequestHandler", "tornado.websocket.WebSocketHandler", "jupyter_server.base.handlers.JupyterHandler", "notebook.base.handlers.IPythonHandler"];
const API_HANDLER_CLASSES = ["jupyter_server.base.handlers.APIHandler", "notebook.base.handlers.APIHandler"];
const HANDLER_CLASSES = [...HTML_HANDLER_CLASSES, ...API_HANDLER_CLASSES];

export const tornado: TaintModel = {
  name: "tornado",
  triggers: ["tornado", "jupyter_server", "notebook.base"],
  types: [
    { type: HANDLER, class: HTML_HANDLER_CLASSES },
    { type: API_HANDLER, class: API_HANDLER_CLASSES },
    { type: REQUEST, on: ANY_HANDLER, attr: ["request"], class: ["tornado.httputil.HTTPServerRequest"] },
    { type: APPLICATION, class: ["tornado.web.Application"] },
  ],
  sources: [
    {
      label: "self.get_argument()",
      on: ANY_HANDLER,
      // not `get_signed_cookie`/`get_secure_cookie`: a value this server signed, as Flask's session is
      method: ["get_argument", "get_arguments", "get_query_argument", "get_query_arguments", "get_body_argument", "get_body_arguments", "get_cookie", "decode_argument"],
    },
    { label: "self.path_args", on: ANY_HANDLER, attr: ["path_args", "path_kwargs"] },
    // each attribute under its own name, so a trace says which part of the request it starts from
    ...["body", "arguments", "query_arguments", "body_arguments", "files", "headers", "cookies", "uri", "path", "query", "full_url", "host"].map((attr) => ({ label: `self.request.${attr}`, on: [REQUEST], attr: [attr] })),
    { label: "self.request.full_url()", on: [REQUEST], method: ["full_url"] },
  ],
  sinks: [
    // a dict is sent as JSON; a string is the HTML body unless another content type was set
    { kind: "xss", on: [HANDLER], method: ["write", "finish"], args: [{ pos: 0, kw: "chunk" }], unless: [{ arg: { pos: 0, kw: "chunk" }, dict: true }], contentType: "unless-other" },
    { kind: "redirect", on: ANY_HANDLER, method: ["redirect"], args: [{ pos: 0, kw: "url" }] },
    // a template file of the project that outputs a keyword argument with `{% raw x %}`, or says `{% autoescape None %}`
    { kind: "xss", on: ANY_HANDLER, method: ["render"], args: [{ mode: "unescaped", templateName: { pos: 0, kw: "template_name" } }] },
    { kind: "template", consumes: TEMPLATE_AND_HTML, call: ["tornado.template.Template"], args: [{ pos: 0, kw: "template_string" }] },
    { kind: "redirect", on: ANY_HANDLER, method: ["set_header", "add_header"], when: [{ arg: { pos: 0, kw: "name" }, matches: "^location$" }], args: [{ pos: 1, kw: "value" }] },
    // error disclosure: whatever is written, JSON included
    { kind: "error-disclosure", on: ANY_HANDLER, method: ["write", "finish", "send_error"], args: [{ pos: 0, kw: "chunk" }, { kw: "reason" }] },
  ],
  contentTypes: [{ on: ANY_HANDLER, method: ["set_header", "add_header"], header: { pos: 0, kw: "name" }, value: { pos: 1, kw: "value" } }],
  propagators: [
    // what this server signed, whichever cookie the request names (as Flask's session)
    { on: ANY_HANDLER, method: ["get_signed_cookie", "get_secure_cookie"], result: "clean" },
    // templates autoescape what they are given
    { on: ANY_HANDLER, method: ["render_string"], result: "clean" },
    // `url_concat(url, args)` appends `args` URL-encoded to the query string: they cannot change the
    // scheme, host or path, nor hold quotes or line breaks, so only `url` decides where it leads
    { call: ["tornado.httputil.url_concat"], result: { pos: 0, kw: "url" } },
    // markup and URLs the handler makes itself: the XSRF form field (its token escaped) and a route reversed
    // with its arguments URL-escaped; neither says anything about what the request stored on the handler
    { on: ANY_HANDLER, method: ["xsrf_form_html", "reverse_url"], result: "clean" },
  ],
  sanitizers: [
    { call: ["tornado.escape.xhtml_escape"], kinds: ["xss", "xpath"] },
    { call: ["tornado.escape.url_escape"], kinds: PERCENT_ENCODED },
  ],
  endpoints: [
    {
      framework: "tornado",
      viewBases: HANDLER_CLASSES,
      viewMethods: ["get", "post", "put", "patch", "delete", "head", "options", "prepare", "open"],
      // the route tables that link patterns to handlers: `Application([(r"/x/([0-9]+)", H), url(r"/y", G)])`,
      // `add_handlers(host, [...])`, and an `Application` subclass passing its table to `super().__init__`
      registrations: [
        { call: ["tornado.web.Application"], view: { pos: 1 }, table: { pos: 0, kw: "handlers" }, entry: { route: 0, view: 1 } },
        { call: ["tornado.web.Application.__init__"], view: { pos: 1 }, table: { pos: 1, kw: "handlers" }, entry: { route: 0, view: 1 } },
        { method: ["__init__"], requiresImport: ["tornado"], view: { pos: 1 }, table: { pos: 0, kw: "handlers" }, entry: { route: 0, view: 1 } },
        { method: ["add_handlers"], requiresImport: ["tornado"], view: { pos: 1 }, table: { pos: 1, kw: "host_handlers" }, entry: { route: 0, view: 1 } },
        { call: ["tornado.web.url", "tornado.web.URLSpec", "tornado.routing.URLSpec"], route: { pos: 0, kw: "pattern" }, view: { pos: 1, kw: "handler" } },
      ],
      // the URL pattern's groups, positional or named, are the handler's arguments; every parameter when the
      // route table cannot be read
      params: "route",
      regexGroups: true,
      paramLabel: "path argument",
      // what Tornado sets on a handler: the application it serves, whose settings and whatever state the project
      // keeps on it (a registry of known workers, a database pool) are the server's, not the request's
      selfAttrs: [{ name: "application", type: APPLICATION }],
    },
    {
      // a WebSocket message is the client's
      framework: "tornado",
      viewBases: ["tornado.websocket.WebSocketHandler"],
      viewMethods: ["on_message"],
      params: "all",
      paramLabel: "path argument",
    },
  ],
};
