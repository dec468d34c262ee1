/**
 * HTTP and network clients: requests, httpx, urllib, urllib3, aiohttp, http.client, sockets, and
 * the other fetchers whose URL or host argument decides which server the application talks to
 * (server-side request forgery).
 */
import type { SinkSpec, TaintModel } from "../../src/taint/model-types.js";

const REQUESTS_SESSION = "requests.Session";
const HTTPX_CLIENT = "httpx.Client";
const AIOHTTP_SESSION = "aiohttp.ClientSession";
const URLLIB3_POOL = "urllib3.PoolManager";
const URLLIB_OPENER = "urllib.OpenerDirector";
const SOCKET = "socket.socket";
const HTTPLIB2 = "httplib2.Http";
const CURL = "pycurl.Curl";

const VERBS = ["get", "post", "put", "patch", "delete", "head", "options"];

/** `module.get(url, ...)` style functions: the URL is the first argument. */
function urlFirst(calls: string[]): SinkSpec {
  return { kind: "ssrf", call: calls, args: [{ pos: 0, kw: "url" }] };
}

/** `request(method, url, ...)` style functions and methods: the URL is the second argument. */
function urlSecond(selector: Pick<SinkSpec, "call" | "on" | "method">): SinkSpec {
  return { kind: "ssrf", ...selector, args: [{ pos: 1, kw: "url" }] };
}

export const httpClients: TaintModel = {
  name: "http-clients",
  sources: [
    // their text names internal hosts, URLs and certificate details
    {
      label: "HTTP client error",
      caught: [
        ...["RequestException", "ConnectionError", "HTTPError", "Timeout", "SSLError", "ProxyError"].flatMap((e) => [`requests.${e}`, `requests.exceptions.${e}`]),
        ...["HTTPError", "RequestError", "HTTPStatusError", "ConnectError", "TransportError"].map((e) => `httpx.${e}`),
        "urllib3.exceptions.HTTPError",
        "aiohttp.ClientError",
        "aiohttp.ClientConnectionError",
      ],
      kinds: ["error-disclosure"],
    },
  ],
  types: [
    { type: REQUESTS_SESSION, class: ["requests.Session", "requests.sessions.Session"], call: ["requests.session", "requests.sessions.session"] },
    { type: HTTPX_CLIENT, class: ["httpx.Client", "httpx.AsyncClient"] },
    { type: AIOHTTP_SESSION, class: ["aiohttp.ClientSession", "aiohttp.client.ClientSession"] },
    { type: URLLIB3_POOL, class: ["urllib3.PoolManager", "urllib3.ProxyManager", "urllib3.poolmanager.PoolManager"] },
    { type: URLLIB_OPENER, call: ["urllib.request.build_opener", "urllib2.build_opener"], class: ["urllib.request.OpenerDirector"] },
    { type: SOCKET, class: ["socket.socket"] },
    { type: HTTPLIB2, class: ["httplib2.Http"] },
    { type: CURL, class: ["pycurl.Curl"] },
  ],
  propagators: [
    // what a server answers is its own data: the response is the client's to choose only where the URL can
    // still pick the server (the SSRF case), not through a path under a fixed host, the query parameters,
    // headers or body sent to it
    { call: VERBS.flatMap((v) => [`requests.${v}`, `requests.api.${v}`, `httpx.${v}`]), result: { pos: 0, kw: "url" }, resultWhile: ["ssrf"] },
    { call: ["requests.request", "requests.api.request", "httpx.request"], result: { pos: 1, kw: "url" }, resultWhile: ["ssrf"] },
    { on: [REQUESTS_SESSION, HTTPX_CLIENT, AIOHTTP_SESSION], method: VERBS, result: { pos: 0, kw: "url" }, resultWhile: ["ssrf"] },
    { on: [REQUESTS_SESSION, HTTPX_CLIENT, AIOHTTP_SESSION], method: ["request"], result: { pos: 1, kw: "url" }, resultWhile: ["ssrf"] },
    // `self.websession.request(method, url, params=request.query)` on a session of unknown type
    { method: ["request"], untyped: ["aiohttp", "httpx", "requests"], result: { pos: 1, kw: "url" }, resultWhile: ["ssrf"] },
  ],
  sinks: [
    urlFirst([...VERBS.flatMap((v) => [`requests.${v}`, `requests.api.${v}`, `httpx.${v}`]), "urllib.request.urlopen", "urllib.request.urlretrieve", "urllib2.urlopen", "urllib.urlopen", "urllib.urlretrieve"]),
    urlSecond({ call: ["requests.request", "requests.api.request", "httpx.request", "httpx.stream", "urllib3.request", "aiohttp.request"] }),
    { kind: "ssrf", on: [REQUESTS_SESSION, HTTPX_CLIENT, AIOHTTP_SESSION], method: VERBS, args: [{ pos: 0, kw: "url" }] },
    urlSecond({ on: [REQUESTS_SESSION, HTTPX_CLIENT, AIOHTTP_SESSION], method: ["request", "stream"] }),
    { kind: "ssrf", on: [AIOHTTP_SESSION], method: ["ws_connect"], args: [{ pos: 0, kw: "url" }] },
    urlSecond({ on: [URLLIB3_POOL], method: ["request", "urlopen", "request_encode_url", "request_encode_body"] }),
    { kind: "ssrf", on: [URLLIB_OPENER], method: ["open"], args: [{ pos: 0, kw: "fullurl" }] },
    // the host (and port) a connection goes to
    { kind: "ssrf", call: ["http.client.HTTPConnection", "http.client.HTTPSConnection", "httplib.HTTPConnection", "httplib.HTTPSConnection"], args: [{ pos: 0, kw: "host" }] },
    { kind: "ssrf", call: ["urllib3.HTTPConnectionPool", "urllib3.HTTPSConnectionPool", "urllib3.connection_from_url"], args: [{ pos: 0, kw: "host" }, { kw: "url" }] },
    { kind: "ssrf", call: ["socket.create_connection"], args: [{ pos: 0, kw: "address" }] },
    { kind: "ssrf", on: [SOCKET], method: ["connect", "connect_ex"], args: [{ pos: 0, kw: "address" }] },
    { kind: "ssrf", call: ["ftplib.FTP", "ftplib.FTP_TLS", "smtplib.SMTP", "smtplib.SMTP_SSL", "telnetlib.Telnet"], args: [{ pos: 0, kw: "host" }] },
    { kind: "ssrf", on: [HTTPLIB2], method: ["request"], args: [{ pos: 0, kw: "uri" }] },
    { kind: "ssrf", on: [CURL], method: ["setopt"], when: [{ arg: { pos: 0 }, names: ["pycurl.URL"] }], args: [{ pos: 1 }] },
  ],
};
