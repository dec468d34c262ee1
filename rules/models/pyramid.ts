/** Pyramid (and WebOb): `@view_config` / `config.add_view` views, the request, responses. */
import type { TaintModel } from "../../src/taint/model-types.js";

const REQUEST = "pyramid.Request";
const RESPONSE = "webob.Response";
const NOT_HTML = "^(?!.*html)";

export const pyramid: TaintModel = {
  name: "pyramid",
  triggers: ["pyramid", "webob"],
  types: [
    { type: REQUEST, class: ["pyramid.request.Request", "webob.Request", "webob.request.Request", "webob.request.BaseRequest"] },
    { type: RESPONSE, on: [REQUEST], attr: ["response"] },
  ],
  sources: [
    {
      label: "request.params",
      on: [REQUEST],
      attr: ["params", "GET", "POST", "matchdict", "json_body", "json", "body", "text", "body_file", "headers", "cookies", "url", "path", "path_qs", "path_info", "query_string", "subpath", "traverse", "environ", "referer", "user_agent"],
    },
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
  ],
  contentTypes: [{ on: [RESPONSE], method: ["__setattr__"], header: { pos: 0 }, headerName: "^content_type$", value: { pos: 1 } }],
  propagators: [
    // renderers escape (templates) or encode (JSON) what they are given
    { call: ["pyramid.renderers.render", "pyramid.renderers.render_to_response"], result: "clean", returns: RESPONSE },
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
    },
  ],
};
