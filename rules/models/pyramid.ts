/** Pyramid (and WebOb): `@view_config` / `config.add_view` views, the request, responses. */
import type { TaintModel } from "../../src/taint/model-types.js";
import { ENVIRON, refererRead } from "./stdlib-web.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";

const REQUEST = "pyramid.Request";
const RESPONSE = "webob.Response";
const SESSION = "pyramid.Session";
const HEADERS = "webob.Headers";
const NOT_HTML = "^(?!.*html)";
const HTTP_EXCEPTIONS = ["HTTPBadRequest", "HTTPUnauthorized", "HTTPForbidden", "HTTPNotFound", "HTTPConflict", "HTTPInternalServerError", "HTTPServiceUnavailable"].flatMap((e) => [`pyramid.httpexceptions.${e}`, `webob.exc.${e}`]);

export const pyramid: TaintModel = {
  name: "pyramid",
  triggers: ["pyramid", "webob"],
  types: [
    { type: REQUEST, class: ["pyramid.request.Request", "webob.Request", "webob.request.Request", "webob.request.BaseRequest"] },
    { type: RESPONSE, on: [REQUEST], attr: ["response"] },
    { type: SESSION, on: [REQUEST], attr: ["session"] },
    { type: HEADERS, on: [RESPONSE], attr: ["headers"] },
  ],
  sources: [
    { label: "request.params", on: [REQUEST], attr: ["params"] },
    { label: "request.GET", on: [REQUEST], attr: ["GET"] },
    { label: "request.POST", on: [REQUEST], attr: ["POST"] },
    { label: "request.matchdict", on: [REQUEST], attr: ["matchdict", "subpath", "traverse"] },
    { label: "request.json_body", on: [REQUEST], attr: ["json_body", "json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "request.body", on: [REQUEST], attr: ["body", "text", "body_file"] },
    // an HTTP parser ends a header at its line break: a header value holds none and cannot forge a log line
    { label: "request.headers", on: [REQUEST], attr: ["headers"], type: "webob.Headers", exceptKinds: ["log"] },
    { label: "request.headers", on: [REQUEST], attr: ["user_agent"], exceptKinds: ["log"] },
    // the page the browser came from: a redirect back to it is a note (see `refererRead`)
    { label: "request.referer", on: [REQUEST], attr: ["referer", "referrer"], exceptKinds: ["log"], noteKinds: ["redirect"] },
    refererRead(["webob.Headers"]),
    { label: "request.cookies", on: [REQUEST], attr: ["cookies"] },
    { label: "request.url", on: [REQUEST], attr: ["path_qs", "query_string"] },
    // the absolute URL of the request being served: its scheme and host are the ones the browser used,
    // so as a redirect target (post/redirect/get: `HTTPFound(location=request.url)`) it stays on this site
    { label: "request.url", on: [REQUEST], attr: ["url"], exceptKinds: ["redirect"] },
    { label: "request.environ", on: [REQUEST], attr: ["environ"], type: ENVIRON },
    // the path of the request being served: a path on this host, not a redirect target an attacker can choose (see open-redirect)
    { label: "request.path", on: [REQUEST], attr: ["path", "path_info"], exceptKinds: ["redirect"] },
  ],
  sinks: [
    // a WebOb Response is text/html unless told otherwise
    {
      kind: "xss",
      call: ["pyramid.response.Response", "webob.Response", "webob.response.Response"],
      args: [{ pos: 0, kw: "body" }, { kw: "text" }, { kw: "app_iter" }],
      unless: [{ arg: { kw: "content_type" }, matches: NOT_HTML }],
      returns: RESPONSE,
      consumes: true,
    },
    { kind: "xss", on: [RESPONSE], method: ["__setattr__"], when: [{ arg: { pos: 0 }, matches: "^(text|body|unicode_body)$" }], args: [{ pos: 1 }], contentType: "unless-other" },
    { kind: "xss", on: [RESPONSE], method: ["write"], args: [{ pos: 0, kw: "text" }], contentType: "unless-other" },
    { kind: "path", call: ["pyramid.response.FileResponse"], args: [{ pos: 0, kw: "path" }], returns: RESPONSE },
    {
      kind: "redirect",
      call: ["HTTPFound", "HTTPSeeOther", "HTTPMovedPermanently", "HTTPTemporaryRedirect", "HTTPPermanentRedirect"].flatMap((r) => [`pyramid.httpexceptions.${r}`, `webob.exc.${r}`]),
      args: [{ pos: 0, kw: "location" }],
      returns: RESPONSE,
    },
    { kind: "redirect", on: [RESPONSE], method: ["__setattr__"], when: [{ arg: { pos: 0 }, matches: "^location$" }], args: [{ pos: 1 }] },
    { kind: "redirect", on: [HEADERS], method: ["__setitem__", "add", "setdefault"], when: [{ arg: { pos: 0 }, matches: "^location$" }], args: [{ pos: 1 }] },
    // trust boundary: request data stored in the session as if it had been checked
    { kind: "session", on: [SESSION], method: ["__setitem__", "setdefault"], args: [{ pos: 0 }, { pos: 1 }] },
    { kind: "session", on: [SESSION], method: ["update"], args: [{ mode: "rest", pos: 0 }] },
    // error disclosure: any body, whatever its content type, and the detail of an HTTP error
    {
      kind: "error-disclosure",
      call: ["pyramid.response.Response", "webob.Response", "webob.response.Response"],
      args: [{ pos: 0, kw: "body" }, { kw: "text" }, { kw: "json_body" }, { kw: "json" }],
      returns: RESPONSE,
      consumes: true,
    },
    { kind: "error-disclosure", on: [RESPONSE], method: ["__setattr__"], when: [{ arg: { pos: 0 }, matches: "^(text|body|json_body|json)$" }], args: [{ pos: 1 }] },
    { kind: "error-disclosure", call: HTTP_EXCEPTIONS, args: [{ pos: 0, kw: "detail" }, { kw: "body" }, { kw: "json_body" }, { kw: "explanation" }] },
  ],
  contentTypes: [{ on: [RESPONSE], method: ["__setattr__"], header: { pos: 0 }, headerName: "^content_type$", value: { pos: 1 } }],
  propagators: [
    // renderers escape (templates) or encode (JSON) what they are given
    { call: ["pyramid.renderers.render", "pyramid.renderers.render_to_response"], result: "clean", returns: RESPONSE },
    // URLs generated from the application's own routes and resources (the query is encoded)
    { on: [REQUEST], method: ["route_url", "route_path", "static_url", "static_path", "resource_url", "resource_path"], result: "clean" },
    // … and the same URLs built by the module functions (`resource_url(context, request, "@@edit")`), which call those methods
    {
      call: ["route_url", "route_path", "static_url", "static_path", "resource_url", "model_url"].map((f) => `pyramid.url.${f}`).concat(["pyramid.traversal.resource_path"]),
      result: "clean",
    },
  ],
  endpoints: [
    {
      framework: "pyramid",
      requiresImport: ["pyramid"],
      decoratorNames: ["pyramid.view.view_config", "pyramid.view.notfound_view_config", "pyramid.view.forbidden_view_config", "pyramid.view.exception_view_config"],
      registrations: [{ method: ["add_view"], view: { pos: 0, kw: "view" } }],
      // `def view(request)` or `def view(context, request)`; class views keep it in `self.request`
      params: "none",
      objects: [{ names: ["request"], index: 0, type: REQUEST }],
      selfAttrs: [{ name: "request", type: REQUEST }],
      // a class registered with `add_view` is called
      viewMethods: ["__call__"],
      paramLabel: "view argument",
      // a view's dict goes to its renderer (JSON or a template) and on to the client
      bodySink: "error-disclosure",
    },
  ],
};
