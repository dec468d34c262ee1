/**
 * Twisted Web and Klein. A `twisted.web.resource.Resource` subclass answers requests in its
 * `render_<METHOD>(self, request)` methods; Klein routes (`@app.route("/users/<name>")`) call the view
 * with the request first and the route's variables as keyword arguments. Both give the Twisted
 * request: `request.args` (bytes keys to lists of bytes values), `request.content` (the body),
 * headers, cookies and the URI are the client's. A string or bytes a view returns is the HTML body
 * unless the view set another `Content-Type`.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const REQUEST = "twisted.Request";
const REQUEST_CLASSES = ["twisted.web.server.Request", "twisted.web.http.Request", "twisted.web.iweb.IRequest"];
const APP = "klein.App";

export const twisted: TaintModel = {
  name: "twisted",
  triggers: ["twisted.web", "klein"],
  types: [
    { type: REQUEST, class: REQUEST_CLASSES },
    { type: APP, class: ["klein.Klein", "klein.app.Klein"] },
  ],
  sources: [
    { label: "request.args", on: [REQUEST], attr: ["args"] },
    { label: "request.content", on: [REQUEST], attr: ["content"] },
    { label: "request.uri", on: [REQUEST], attr: ["uri", "path", "postpath", "prepath"] },
    { label: "request.getHeader()", on: [REQUEST], method: ["getHeader", "getAllHeaders", "getCookie", "getUser", "getPassword"] },
    { label: "request.requestHeaders", on: [REQUEST], attr: ["requestHeaders", "received_cookies"] },
  ],
  sinks: [
    { kind: "redirect", on: [REQUEST], method: ["redirect"], args: [{ pos: 0, kw: "url" }] },
    { kind: "redirect", call: ["twisted.web.util.redirectTo"], args: [{ pos: 0, kw: "URL" }] },
    { kind: "redirect", on: [REQUEST], method: ["setHeader"], when: [{ arg: { pos: 0, kw: "name" }, matches: "^location$" }], args: [{ pos: 1, kw: "value" }] },
    { kind: "xss", on: [REQUEST], method: ["write"], args: [{ pos: 0, kw: "data" }] },
  ],
  contentTypes: [{ on: [REQUEST], method: ["setHeader"], header: { pos: 0, kw: "name" }, value: { pos: 1, kw: "value" } }],
  endpoints: [
    {
      framework: "twisted",
      viewBases: ["twisted.web.resource.Resource"],
      viewMethodPattern: "^render_[A-Z]+$",
      params: "none",
      objects: [{ index: 0, type: REQUEST }],
      objectAnnotations: [{ class: REQUEST_CLASSES, type: REQUEST }],
      paramLabel: "request parameter",
      returnSink: { kind: "xss", when: "always" },
    },
    {
      framework: "klein",
      decorators: ["route"],
      appTypes: [APP],
      requiresImport: ["klein"],
      decoratorNames: ["klein.route"],
      routeArg: { pos: 0, kw: "url" },
      params: "route",
      objects: [{ index: 0, type: REQUEST }],
      objectAnnotations: [{ class: REQUEST_CLASSES, type: REQUEST }],
      paramLabel: "route parameter",
      returnSink: { kind: "xss", when: "always" },
    },
  ],
};
