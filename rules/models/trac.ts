/**
 * Trac: a component (`class HelloModule(Component)` with `implements(IRequestHandler)`) answers the
 * requests its `match_request(req)` accepts in `process_request(req)`; request filters see every
 * request in `pre_process_request(req, handler)` and `post_process_request(req, ...)`. Trac's
 * `Request` holds the input: `req.args` (with `getfirst`, `getlist`; `getint`, `getbool`,
 * `getfloat`, `as_int`, `as_bool` convert, or fail with a 400), `req.path_info`, `req.query_string`,
 * `req.get_header(name)`, `req.read()` and cookies. What `process_request` returns names a template
 * Trac renders with Jinja2's autoescaping, so it is not judged; `req.send(content, content_type)`
 * writes the body itself (HTML unless another content type is given), `req.redirect(url)` redirects,
 * and `req.href(...)` or `req.href.wiki(page)` (a method per realm) builds a URL on the site.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const REQUEST = "trac.Request";
const ARGS = "trac.RequestArgs";
/** `req.href`, and each realm of it (`req.href.ticket`): callables building URLs under the site's base path. */
const HREF = "trac.Href";
const REQUEST_CLASSES = ["trac.web.api.Request", "trac.web.Request"];
/** `content_type` absent (Trac's default is `text/html`) or naming HTML. */
const HTML_BODY = { arg: { pos: 1, kw: "content_type" }, matches: "html", absent: true };

export const trac: TaintModel = {
  name: "trac",
  triggers: ["trac"],
  types: [
    { type: REQUEST, class: REQUEST_CLASSES },
    { type: HREF, on: [REQUEST], attr: ["href", "abs_href"] },
    { type: HREF, on: [HREF], attr: ["*"] },
  ],
  sources: [
    { label: "req.args", on: [REQUEST], attr: ["args"], type: ARGS },
    { label: "req.args", on: [REQUEST], attr: ["arg_list", "query_string", "path_info", "incookie"] },
    { label: "req.get_header()", on: [REQUEST], method: ["get_header", "read"] },
  ],
  sanitizers: [
    // converted to a number or a truth value, or refused with a 400
    { on: [ARGS], method: ["getint", "getbool", "getfloat", "as_int", "as_bool", "as_float"], kinds: "all" },
  ],
  propagators: [
    // `req.href("wiki", page)`, `req.href.ticket(id)`: a URL under the site's base path, each argument
    // percent-encoded as a path segment or query value
    { on: [REQUEST], method: ["href", "abs_href"], result: "clean" },
    { on: [HREF], method: ["*"], result: "clean" },
  ],
  sinks: [
    { kind: "redirect", on: [REQUEST], method: ["redirect"], args: [{ pos: 0, kw: "url" }] },
    { kind: "xss", on: [REQUEST], method: ["send"], when: [HTML_BODY], args: [{ pos: 0, kw: "content" }] },
    // after `req.send_header("Content-Type", ...)`: HTML unless another type was declared
    { kind: "xss", on: [REQUEST], method: ["write"], args: [{ pos: 0, kw: "data" }], contentType: "unless-other" },
    { kind: "path", on: [REQUEST], method: ["send_file"], args: [{ pos: 0, kw: "path" }] },
  ],
  contentTypes: [{ on: [REQUEST], method: ["send_header"], header: { pos: 0, kw: "name" }, value: { pos: 1, kw: "value" } }],
  endpoints: [
    {
      framework: "trac",
      requiresImport: ["trac"],
      viewBases: ["trac.core.Component"],
      viewMethods: ["match_request", "process_request", "pre_process_request", "post_process_request"],
      params: "none",
      objects: [{ index: 0, type: REQUEST }],
      objectAnnotations: [{ class: REQUEST_CLASSES, type: REQUEST }],
      paramLabel: "request parameter",
    },
  ],
};
