/**
 * Web servers of the standard library: `http.server` request handlers, raw WSGI applications,
 * CGI scripts (`cgi.FieldStorage`) and `socketserver` handlers.
 */
import type { SourceSpec, TaintModel } from "../../src/taint/model-types.js";

const HTTP_HANDLER = "http.server.Handler";
const HTTP_INPUT = "http.server.Input";
const HTTP_OUTPUT = "http.server.Output";
const SOCKET_HANDLER = "socketserver.Handler";
const SOCKET = "socketserver.Socket";
const START_RESPONSE = "wsgi.StartResponse";
/** A WSGI / CGI environment (`environ`, Flask's `request.environ`, Django's `request.META`), read by key. */
export const ENVIRON = "wsgi.Environ";

/**
 * Keys of a WSGI / CGI environment whose text the client chooses: the headers (`HTTP_*`, `CONTENT_TYPE`,
 * `CONTENT_LENGTH`), the request line's parts, the body stream and the user name of HTTP authentication.
 * Every other key is the server's or the deployment's (`REMOTE_ADDR`, `SERVER_NAME`, `wsgi.url_scheme`,
 * `SSL_CIPHER`, a `SetEnv`/`RADICALE_CONFIG`-style setting): not request data.
 */
const CLIENT_KEYS = "HTTP_\\w*|CONTENT_TYPE|CONTENT_LENGTH|REQUEST_METHOD|QUERY_STRING|PATH_INFO|SCRIPT_NAME|REQUEST_URI|RAW_URI|REMOTE_USER|wsgi\\.input";
/**
 * … of which these are headers or the method, where an HTTP parser allows no line break (`PATH_INFO` and
 * `SCRIPT_NAME` are percent-decoded, `REMOTE_USER` decoded from base64, and the query string and request
 * URI are usually decoded by the application: `parse_qs(environ["QUERY_STRING"])`).
 */
const LINE_FREE_KEYS = "HTTP_\\w*|CONTENT_TYPE|CONTENT_LENGTH|REQUEST_METHOD";
/** … and these are the path of the request being served, a path on this host (see the open-redirect rule). */
const OWN_PATH_KEYS = "PATH_INFO|SCRIPT_NAME|REQUEST_URI|RAW_URI";
const KEY = { pos: 0, kw: "key" };
const READS = ["__getitem__", "get", "pop", "setdefault"];

/**
 * The Referer read from a request's headers (`on`) under its name (`key`, a case-insensitive pattern): the page the
 * browser came from. As a redirect target it sends the user back there, somewhere an attacker's own link could
 * already take them, so a redirect to it is a note (`noteKinds`); for every other sink it is text the client chose.
 */
export function refererRead(on: string[], key = "^referr?er$"): SourceSpec {
  return { label: "Referer header", on, method: READS, when: [{ arg: KEY, matches: key }], passesArgs: true, noteKinds: ["redirect"], exceptKinds: ["log"] };
}

const HTTP_HANDLERS = ["BaseHTTPRequestHandler", "SimpleHTTPRequestHandler", "CGIHTTPRequestHandler"].flatMap((c) => [`http.server.${c}`, `BaseHTTPServer.${c}`, `SimpleHTTPServer.${c}`, `CGIHTTPServer.${c}`]);
const SOCKET_HANDLERS = ["BaseRequestHandler", "StreamRequestHandler", "DatagramRequestHandler"].flatMap((c) => [`socketserver.${c}`, `SocketServer.${c}`]);

export const stdlibWeb: TaintModel = {
  name: "stdlib-web",
  triggers: ["http.server", "BaseHTTPServer", "SimpleHTTPServer", "CGIHTTPServer", "socketserver", "SocketServer", "cgi", "wsgiref"],
  types: [
    { type: HTTP_HANDLER, class: HTTP_HANDLERS },
    { type: HTTP_INPUT, on: [HTTP_HANDLER, SOCKET_HANDLER], attr: ["rfile"] },
    { type: HTTP_OUTPUT, on: [HTTP_HANDLER], attr: ["wfile"] },
    { type: SOCKET_HANDLER, class: SOCKET_HANDLERS },
    { type: SOCKET, on: [SOCKET_HANDLER], attr: ["request"] },
  ],
  sources: [
    refererRead([ENVIRON], "^HTTP_REFERER$"),
    { label: "self.path", on: [HTTP_HANDLER], attr: ["path", "headers", "requestline", "raw_requestline"] },
    { label: "self.rfile.read()", on: [HTTP_INPUT], method: ["read", "read1", "readline", "readlines", "peek"] },
    { label: "self.request.recv()", on: [SOCKET], method: ["recv", "recvfrom", "recvmsg"] },
    // a CGI script's form: the query string and the request body
    { label: "cgi.FieldStorage()", call: ["cgi.FieldStorage", "cgi.parse", "cgi.parse_multipart", "cgi.parse_qs", "cgi.parse_qsl"] },
  ],
  sinks: [
    // the body written back is HTML unless another content type was sent
    { kind: "xss", on: [HTTP_OUTPUT], method: ["write", "writelines"], args: [{ pos: 0 }], contentType: "unless-other" },
    // error disclosure: whatever the client receives, whatever its content type
    { kind: "error-disclosure", on: [HTTP_OUTPUT], method: ["write", "writelines"], args: [{ pos: 0 }] },
    { kind: "error-disclosure", on: [HTTP_HANDLER], method: ["send_error"], args: [{ pos: 1, kw: "message" }, { pos: 2, kw: "explain" }] },
  ],
  sanitizers: [
    // an environment read under a constant key: the server's keys are clean, header and request-line keys hold no line break
    { on: [ENVIRON], method: READS, receiver: true, kinds: "all", when: [{ arg: KEY, matches: `^(?!(?:${CLIENT_KEYS})$)` }] },
    { on: [ENVIRON], method: READS, receiver: true, kinds: ["log"], when: [{ arg: KEY, matches: `^(?:${LINE_FREE_KEYS})$` }] },
    { on: [ENVIRON], method: READS, receiver: true, kinds: ["redirect"], when: [{ arg: KEY, matches: `^(?:${OWN_PATH_KEYS})$` }] },
  ],
  contentTypes: [
    { on: [HTTP_HANDLER], method: ["send_header"], header: { pos: 0, kw: "keyword" }, value: { pos: 1, kw: "value" } },
    { on: [START_RESPONSE], method: ["__call__"], headers: { pos: 1, kw: "response_headers" } },
  ],
  endpoints: [
    {
      framework: "http.server",
      viewBases: HTTP_HANDLERS,
      viewMethodPattern: "^do_[A-Z]+$",
      params: "none",
      paramLabel: "request",
    },
    {
      framework: "socketserver",
      viewBases: SOCKET_HANDLERS,
      viewMethods: ["handle", "setup"],
      params: "none",
      paramLabel: "request",
    },
    {
      // `def application(environ, start_response)`: a WSGI callable (also `__call__` of a class)
      framework: "wsgi",
      signature: ["environ", "start_response"],
      params: "all",
      objects: [{ names: ["start_response"], type: START_RESPONSE }],
      sourceTypes: [{ names: ["environ"], type: ENVIRON }],
      paramLabel: "WSGI",
      // not an error-disclosure body sink: frameworks implement WSGI callables too (a vendored `bottle.py`'s
      // `wsgi()` returns its debug-mode traceback page), and their bodies are the application's responses
      returnSink: { kind: "xss", when: "content-type", iterable: true },
    },
  ],
};
