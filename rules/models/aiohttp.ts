/** aiohttp (server): handlers registered on the router or a route table, the request, responses. */
import type { TaintModel } from "../../src/taint/model-types.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";

const REQUEST = "aiohttp.Request";
const ROUTES = "aiohttp.RouteTableDef";
const APP = "aiohttp.Application";

const web = (names: string[]): string[] => names.flatMap((n) => [`aiohttp.web.${n}`, `aiohttp.${n}`]);
const REDIRECTS = ["HTTPFound", "HTTPSeeOther", "HTTPMovedPermanently", "HTTPTemporaryRedirect", "HTTPPermanentRedirect", "HTTPMultipleChoices"];
const METHODS = ["get", "post", "put", "patch", "delete", "head", "options", "view"];

export const aiohttp: TaintModel = {
  name: "aiohttp",
  triggers: ["aiohttp"],
  types: [
    { type: REQUEST, class: [...web(["Request", "BaseRequest"]), "aiohttp.web_request.Request", "aiohttp.web_request.BaseRequest"] },
    { type: ROUTES, class: web(["RouteTableDef"]) },
    { type: APP, class: [...web(["Application"]), "aiohttp.web_app.Application"] },
    { type: "aiohttp_session.Session", call: ["aiohttp_session.get_session", "aiohttp_session.new_session"] },
  ],
  sources: [
    { label: "request.query", on: [REQUEST], attr: ["query", "rel_url", "url", "path", "query_string"] },
    // the request target as it came, still percent-encoded (`path` and `query_string` are decoded): the HTTP
    // parser ends the request line at its line break, so it holds none and cannot forge a log line
    { label: "request.raw_path", on: [REQUEST], attr: ["raw_path", "path_qs"], exceptKinds: ["log"] },
    { label: "request.match_info", on: [REQUEST], attr: ["match_info"] },
    // an HTTP parser ends a header at its line break: a header value holds none and cannot forge a log line
    { label: "request.headers", on: [REQUEST], attr: ["headers", "host"], exceptKinds: ["log"] },
    { label: "request.cookies", on: [REQUEST], attr: ["cookies"] },
    { label: "request.content", on: [REQUEST], attr: ["content"] },
    { label: "await request.post()", on: [REQUEST], method: ["post"] },
    { label: "await request.json()", on: [REQUEST], method: ["json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "request body", on: [REQUEST], method: ["text", "read", "multipart"] },
    // a WebSocket the handler prepares: its messages are the client's (`async for msg in ws`, `await ws.receive_str()`)
    { label: "websocket message", call: web(["WebSocketResponse"]).concat(["aiohttp.web_ws.WebSocketResponse"]) },
  ],
  sinks: [
    // a Response is text/plain unless it says otherwise
    {
      kind: "xss",
      call: [...web(["Response"]), "aiohttp.web_response.Response"],
      args: [{ kw: "text" }, { pos: 0, kw: "body" }],
      when: [{ arg: { kw: "content_type" }, matches: "html" }],
      returns: "aiohttp.Response",
      consumes: true,
    },
    { kind: "path", call: [...web(["FileResponse"]), "aiohttp.web_fileresponse.FileResponse"], args: [{ pos: 0, kw: "path" }], returns: "aiohttp.Response" },
    { kind: "redirect", call: [...web(REDIRECTS), ...REDIRECTS.map((r) => `aiohttp.web_exceptions.${r}`)], args: [{ pos: 0, kw: "location" }] },
    // error disclosure: any response body, and the reason of an HTTP error
    { kind: "error-disclosure", call: [...web(["Response"]), "aiohttp.web_response.Response"], args: [{ kw: "text" }, { pos: 0, kw: "body" }, { kw: "reason" }] },
    { kind: "error-disclosure", call: [...web(["json_response"]), "aiohttp.web_response.json_response"], args: [{ pos: 0, kw: "data" }, { kw: "text" }] },
    { kind: "error-disclosure", call: web(["HTTPInternalServerError", "HTTPBadRequest", "HTTPBadGateway", "HTTPServiceUnavailable", "HTTPNotFound"]), args: [{ kw: "text" }, { kw: "reason" }] },
    // trust boundary: aiohttp-session
    { kind: "session", on: ["aiohttp_session.Session"], method: ["__setitem__", "setdefault"], args: [{ pos: 0 }, { pos: 1 }] },
    { kind: "session", on: ["aiohttp_session.Session"], method: ["update"], args: [{ mode: "rest", pos: 0 }] },
  ],
  propagators: [
    {
      call: [...web(["json_response", ...REDIRECTS]), "aiohttp_jinja2.render_template", "aiohttp_jinja2.render_string"],
      result: "clean",
      returns: "aiohttp.Response",
    },
  ],
  endpoints: [
    {
      framework: "aiohttp",
      requiresImport: ["aiohttp"],
      registrations: [
        { method: ["add_route"], route: { pos: 1, kw: "path" }, view: { pos: 2, kw: "handler" } },
        { method: METHODS.map((m) => `add_${m}`), route: { pos: 0, kw: "path" }, view: { pos: 1, kw: "handler" } },
        { call: web(["route"]), route: { pos: 1, kw: "path" }, view: { pos: 2, kw: "handler" } },
        { call: web(METHODS), route: { pos: 0, kw: "path" }, view: { pos: 1, kw: "handler" } },
      ],
      decorators: [...METHODS, "route"],
      appTypes: [ROUTES, APP],
      decoratorNames: ["aiohttp.web.middleware", "aiohttp.web_middlewares.middleware"],
      viewBases: ["aiohttp.web.View", "aiohttp.web_urldispatcher.View", "aiohttp.web_views.View"],
      viewMethods: ["get", "post", "put", "patch", "delete", "head", "options"],
      selfAttrs: [{ name: "request", type: REQUEST }],
      // handlers receive the request; route parameters are read from `request.match_info`
      params: "none",
      objects: [{ index: 0, type: REQUEST }],
      paramLabel: "request parameter",
    },
  ],
};
