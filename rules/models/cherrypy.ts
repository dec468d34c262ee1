/**
 * CherryPy: methods published with `@cherrypy.expose` (the object tree mounted by `cherrypy.quickstart`
 * / `cherrypy.tree.mount`), whose parameters are the query string and form fields; the thread-local
 * `cherrypy.request`, `cherrypy.response` and `cherrypy.session`; redirects and file serving.
 */
import type { TaintModel } from "../../src/taint/model-types.js";
import { ENVIRON } from "./stdlib-web.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";

const REQUEST = "cherrypy.Request";
const RESPONSE = "cherrypy.Response";
const HEADERS = "cherrypy.Headers";
const SESSION = "cherrypy.Session";
const LOCATION = { arg: { pos: 0 }, matches: "^location$" };

export const cherrypy: TaintModel = {
  name: "cherrypy",
  triggers: ["cherrypy"],
  types: [
    { type: REQUEST, name: ["cherrypy.request", "cherrypy.serving.request"], class: ["cherrypy._cprequest.Request"] },
    { type: RESPONSE, name: ["cherrypy.response", "cherrypy.serving.response"], class: ["cherrypy._cprequest.Response"] },
    { type: HEADERS, on: [RESPONSE], attr: ["headers"] },
    { type: SESSION, name: ["cherrypy.session"] },
  ],
  sources: [
    // the query string and form fields by name, the body, the raw request line
    { label: "cherrypy.request.params", on: [REQUEST], attr: ["params", "body", "query_string", "request_line", "path_info", "cookie"] },
    { label: "cherrypy.request.wsgi_environ", on: [REQUEST], attr: ["wsgi_environ"], type: ENVIRON },
    // `tools.json_in` parses the body: objects and keys of the sender's choosing
    { label: "cherrypy.request.json", on: [REQUEST], attr: ["json"], alsoKinds: JSON_DOCUMENT_KINDS },
    // an HTTP parser ends a header at its line break: a header value holds none and cannot forge a log line
    { label: "cherrypy.request.headers", on: [REQUEST], attr: ["headers", "header_list"], exceptKinds: ["log"] },
    // the scheme and host the browser used (from the Host header): as a redirect target it stays on this site
    { label: "cherrypy.request.base", on: [REQUEST], attr: ["base"], exceptKinds: ["log", "redirect"] },
  ],
  sinks: [
    { kind: "redirect", call: ["cherrypy.HTTPRedirect", "cherrypy._cperror.HTTPRedirect"], args: [{ pos: 0, kw: "urls" }] },
    { kind: "redirect", on: [HEADERS], method: ["__setitem__", "setdefault"], when: [LOCATION], args: [{ pos: 1 }] },
    // the file is served as it is named; `serve_download` only adds an attachment header
    { kind: "path", call: ["cherrypy.lib.static.serve_file", "cherrypy.lib.static.serve_download", "cherrypy.lib.static.staticfile"], args: [{ pos: 0, kw: "path" }, { kw: "filename" }], returns: RESPONSE },
    // trust boundary: request data stored in the session as if it had been checked
    { kind: "session", on: [SESSION], method: ["__setitem__", "setdefault"], args: [{ pos: 0 }, { pos: 1 }] },
    { kind: "session", on: [SESSION], method: ["update"], args: [{ mode: "rest", pos: 0 }] },
    // error disclosure: the message of an HTTP error is the page CherryPy sends
    { kind: "error-disclosure", call: ["cherrypy.HTTPError", "cherrypy._cperror.HTTPError"], args: [{ pos: 1, kw: "message" }] },
  ],
  contentTypes: [{ on: [HEADERS], method: ["__setitem__", "setdefault"], header: { pos: 0 }, value: { pos: 1 } }],
  endpoints: [
    {
      framework: "cherrypy",
      requiresImport: ["cherrypy"],
      // `@cherrypy.expose`, also called (`@cherrypy.expose()`, `@cherrypy.expose(["alias"])`)
      decoratorNames: ["cherrypy.expose"],
      // `exposed = True` on a class (its public methods; the `MethodDispatcher`'s `GET`, `POST`, …) or on a handler
      exposedAttr: "exposed",
      // positional arguments are the remaining path segments, keywords the query string and form fields
      params: "all",
      paramLabel: "request parameter",
      // a returned string is the body, text/html unless the handler sets another content type …
      returnSink: { kind: "xss", when: "always" },
      // … or a tool encodes what it returns as JSON
      encodesReturn: ["cherrypy.tools.json_out"],
      bodySink: "error-disclosure",
    },
  ],
};
