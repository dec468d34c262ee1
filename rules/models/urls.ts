/**
 * URLs and hosts (standard library and yarl): how they are parsed, encoded and checked, and which
 * beginnings fix where a URL leads. Shared by the open-redirect and SSRF rules.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const PARSE_RESULT = "urllib.ParseResult";
const IP_ADDRESS = "ipaddress.Address";

/**
 * Kinds percent-encoded text cannot attack: it holds only letters, digits, `_.-~`, `%` (and `/` or
 * `+`), so no markup, quote, filter or shell syntax, line break or template delimiter. `..` and
 * `/` survive, so paths, redirects and SSRF keep their taint.
 */
export const PERCENT_ENCODED = ["xss", "sql", "xpath", "ldap", "log", "command", "template"];

/** Names (in snake_case) of functions that check a URL before a redirect to it. */
const REDIRECT_CHECK =
  "^_*(?:is_)?(?:safe|local|allowed|trusted)_(?:next_|redirect_|return_|target_)?url$|^_*is_safe_(?:next|redirect|return_to|target)$|^_*url_(?:is_safe|is_local)$|^_*url_has_allowed_host_and_scheme$|^_*(?:allow|can)_redirect(?:_to)?$|^_*safe_for_redirect$";

/**
 * Names (in snake_case) of functions that validate a redirect target and return it, or a safe
 * replacement when it leads off the site (`_validate_next_url`, `sanitize_redirect`, `clean_next_url`,
 * `get_safe_redirect_url`).
 */
const REDIRECT_VALIDATOR =
  "^_*(?:validate|sanitize|sanitise|clean|check|verify)_(?:next|redirect|return|return_to|target|came_from|continue)(?:_url|_uri|_to|_target|_path)?$|^_*(?:get_)?(?:safe|local)_(?:next|redirect|return|return_to|target)(?:_url|_uri|_to)?$";

const URL_PARSERS = ["urlparse", "urlsplit"].flatMap((f) => [`urllib.parse.${f}`, `urlparse.${f}`, `six.moves.urllib.parse.${f}`]);

/**
 * A beginning that fixes the scheme and host (or keeps the URL on the current host):
 * - `scheme://host` followed by `/`, `?` or `#`: the authority ends before anything appended; so does a
 *   protocol-relative `//host/` (the browser keeps the current scheme);
 * - `/` followed by something other than `/` or `\`: a path on the current host (`//host` and
 *   `/\host` would name another host);
 * - a relative path segment without `:` followed by `/`, `?` or `#`: no scheme can follow.
 * A configured (clean, unknown) base such as `settings.API_URL` followed by `/` counts as a host.
 */
const FIXED_HOST = "^(?:(?:[a-z][a-z0-9+.\\-]*:)?//[^/?#\\\\]+[/?#]|/[^/\\\\]|[^:/?#\\\\]+[/?#])";

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
  // a project's own check of a redirect target, named as one (`is_safe_url(target, hosts)`, a copy of
  // Django's `url_has_allowed_host_and_scheme`, `_is_safe_next_url`, `allow_redirect`): where it passed,
  // the URL it was given stays on the site. Such copies parse the URL with helpers of their own, in
  // loops over variants of it, which a summary cannot follow; the name states the intent.
  checkPredicates: [{ pattern: REDIRECT_CHECK, kinds: ["redirect"] }],
  // … and one that returns the target it checked (or `""` / a default when it failed) gives a URL on the site
  validatorNames: [{ pattern: REDIRECT_VALIDATOR, kinds: ["redirect"] }],
  sanitizers: [
    // `quote(s)` / `quote_plus(s)` with their default `safe` characters (a `safe=` argument may keep any)
    {
      call: ["urllib.parse.quote", "urllib.parse.quote_plus", "urllib.quote", "urllib.quote_plus", "six.moves.urllib.parse.quote", "six.moves.urllib.parse.quote_plus"],
      kinds: PERCENT_ENCODED,
      unless: [{ arg: { pos: 1, kw: "safe" }, present: true }],
    },
  ],
};

/**
 * yarl (aiohttp's URL type): `with_query`, `extend_query`, `update_query` and `with_fragment` encode
 * their arguments into the query or fragment, so the result leads where the receiver leads; `/` and
 * `joinpath` refuse a segment that starts with `/`. Recognised on receivers of any origin in files
 * importing yarl (`(BASE / "login").extend_query(next=path)` loses the type at the `/`).
 */
export const yarl: TaintModel = {
  name: "yarl",
  propagators: [{ method: ["with_query", "extend_query", "update_query", "with_fragment"], untyped: ["yarl"], result: "receiver" }],
};
