/**
 * ssrf: request data deciding which server the application connects to — the URL of requests,
 * httpx, aiohttp, urllib and urllib3 calls, the host of `http.client` connections and sockets.
 *
 * Decisions:
 * - Control of the scheme or host is what makes SSRF. Input appended after a beginning that
 *   fixes them (`f"https://api.example.com/users/{user_id}"`, `settings.API_URL + "/items/" +
 *   item`) is not reported: the request still goes to that server. Path tricks against that
 *   server (`../admin`) are its own input validation problem, not SSRF.
 * - Accepted checks: the host (`urlparse(url).hostname`/`.netloc`) compared with a constant or
 *   found in an allow-list, whole URLs from an allow-list, `ipaddress` checks that reject private,
 *   loopback, link-local and reserved addresses before the call (also of an address resolved from
 *   the host), and full matches on a safe alphabet.
 * - Query parameters passed separately (`params=`), bodies and headers are not the destination.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "ssrf",
    name: "ServerSideRequestForgery",
    shortDescription: "User input decides which server the application sends a request to",
    fullDescription:
      "Data from an HTTP request becomes the URL or host of an outgoing request (requests, httpx, aiohttp, urllib, urllib3, http.client, sockets), so a client can make the server fetch internal services, cloud metadata endpoints or local files on its behalf.",
    docs: {
      whatItDoes:
        "Follows request data from every web stack pysast models (Flask, Django, FastAPI/Starlette, aiohttp, Tornado, Falcon, Pyramid, Bottle, Sanic, Quart, Litestar; see `docs/frameworks.md`) to the URL of `requests.get/post/...`/`request`, `requests.Session` and `httpx.Client`/`AsyncClient` methods, `httpx.get/...`, `aiohttp.ClientSession` methods, `urllib.request.urlopen`/`urlretrieve` (also through `Request` objects and `build_opener().open`), urllib3 `PoolManager.request`, `pycurl` `setopt(URL, …)` and `httplib2`, and to the host of `http.client.HTTPConnection`/`HTTPSConnection`, urllib3 connection pools, `socket.create_connection`, `socket.connect`, `ftplib.FTP` and `smtplib.SMTP`.\n\nOnly control of the destination is reported. When a constant beginning fixes the scheme and host — `f\"https://api.example.com/users/{user_id}\"`, `BASE_URL + \"/items/\" + item_id` with a configured base — and only the path or query comes from the request, the request still goes to the intended server and nothing is reported (path traversal against that server is a separate concern). Also not reported: URLs whose host was checked against a constant or an allow-list (`urlparse(url).hostname in ALLOWED_HOSTS`), addresses rejected by `ipaddress` when private, loopback, link-local or reserved (`if ip_address(host).is_private: abort(400)`), URLs chosen from an allow-list, and values fully matched against a safe alphabet.",
      whyBad:
        "The server sits inside the network perimeter: it can reach admin interfaces bound to localhost, databases and caches without authentication, other internal services, and cloud metadata endpoints (`http://169.254.169.254/`) that hand out credentials. A URL parameter that the server fetches — a webhook, an avatar URL, a link preview, a PDF renderer — lets an outsider read or trigger all of these, and with `urllib` even read local files through `file://`.",
      example: [
        "import requests",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/preview")',
        "def link_preview():",
        '    url = request.args["url"]',
        "    page = requests.get(url, timeout=5)",
        '    return {"status": page.status_code, "length": len(page.content)}',
        "",
      ].join("\n"),
      useInstead: [
        "from urllib.parse import urlparse",
        "",
        "import requests",
        "from flask import Flask, abort, request",
        "",
        "app = Flask(__name__)",
        'ALLOWED_HOSTS = {"docs.example.com", "blog.example.com"}',
        "",
        "",
        '@app.route("/preview")',
        "def link_preview():",
        '    url = request.args["url"]',
        "    if urlparse(url).hostname not in ALLOWED_HOSTS:",
        "        abort(400)",
        "    page = requests.get(url, timeout=5)",
        '    return {"status": page.status_code, "length": len(page.content)}',
        "",
      ].join("\n"),
      useInsteadText:
        "Keep the scheme and host constant and let the request choose only a path segment or query parameter (quoted with `urllib.parse.quote`). When users must supply URLs (webhooks, previews), accept only `http`/`https`, check the host against an allow-list, or resolve it and reject private, loopback, link-local and reserved addresses with `ipaddress` — then connect to the address you checked, so a DNS change between check and use cannot move the request.",
      references: [
        { title: "CWE-918: Server-Side Request Forgery (SSRF)", url: "https://cwe.mitre.org/data/definitions/918.html" },
        { title: "OWASP Top 10 2021 A10: Server-Side Request Forgery", url: "https://owasp.org/Top10/A10_2021-Server-Side_Request_Forgery_%28SSRF%29/" },
        { title: "OWASP Server-Side Request Forgery Prevention Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html" },
        { title: "Python ipaddress: address properties", url: "https://docs.python.org/3/library/ipaddress.html#ipaddress.IPv4Address.is_private" },
      ],
    },
    cwe: [918],
    owasp: ["A10:2021-Server-Side Request Forgery"],
    level: "error",
    securitySeverity: "9.1",
    precision: "high",
    tags: ["security", "taint", "external/cwe/cwe-918"],
    frameworks: ["flask", "django", "fastapi", "starlette", "requests", "httpx", "aiohttp", "urllib3"],
    aliases: { bandit: ["B310"], ruff: ["S310"] },
    kind: "taint",
  },
  sinkKinds: ["ssrf"],
};
