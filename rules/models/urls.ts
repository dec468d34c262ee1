/**
 * URLs and hosts (standard library): how they are parsed and checked, and which beginnings fix
 * where a URL leads. Shared by the open-redirect and SSRF rules.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const PARSE_RESULT = "urllib.ParseResult";
const IP_ADDRESS = "ipaddress.Address";

const URL_PARSERS = ["urlparse", "urlsplit"].flatMap((f) => [`urllib.parse.${f}`, `urlparse.${f}`, `six.moves.urllib.parse.${f}`]);

/**
 * A beginning that fixes the scheme and host (or keeps the URL on the current host):
 * - `scheme://host` followed by `/`, `?` or `#`: the authority ends before anything appended;
 * - `/` followed by something other than `/` or `\`: a path on the current host (`//host` and
 *   `/\host` would name another host);
 * - a relative path segment without `:` followed by `/`, `?` or `#`: no scheme can follow.
 * A configured (clean, unknown) base such as `settings.API_URL` followed by `/` counts as a host.
 */
const FIXED_HOST = "^(?:[a-z][a-z0-9+.\\-]*://[^/?#\\\\]+[/?#]|/[^/\\\\]|[^:/?#\\\\]+[/?#])";

export const urls: TaintModel = {
  name: "urls",
  types: [{ type: PARSE_RESULT, call: URL_PARSERS }],
  propagators: [
    { call: URL_PARSERS, parses: { pos: 0, kw: "url" }, returns: PARSE_RESULT },
    // a URL resolved against a base keeps the base's host only when the reference is relative
    { call: ["urllib.parse.urljoin", "urlparse.urljoin"], parses: { pos: 1, kw: "url" } },
    // an address names the host it was resolved from or parsed out of
    { call: ["socket.gethostbyname", "socket.gethostbyname_ex"], parses: { pos: 0, kw: "hostname" } },
    {
      call: ["ipaddress.ip_address", "ipaddress.IPv4Address", "ipaddress.IPv6Address", "ipaddress.ip_network", "ipaddress.ip_interface"],
      parses: { pos: 0, kw: "address" },
      returns: IP_ADDRESS,
    },
  ],
  componentGuards: [
    // `urlparse(u).netloc in ALLOWED_HOSTS`, `urlsplit(u).hostname == "api.example.com"`
    { on: [PARSE_RESULT], attr: ["netloc", "hostname"], kinds: ["redirect", "ssrf"], test: "compare" },
    // `if ip.is_private: abort(400)`: private ranges include loopback and link-local (metadata)
    // addresses; rejecting only loopback or multicast addresses leaves the internal network open
    { on: [IP_ADDRESS], attr: ["is_private"], kinds: ["ssrf"], test: "falsy" },
    { on: [IP_ADDRESS], attr: ["is_global"], kinds: ["ssrf"], test: "truthy" },
  ],
  fixedPrefixes: [{ kinds: ["redirect", "ssrf"], pattern: FIXED_HOST }],
};
