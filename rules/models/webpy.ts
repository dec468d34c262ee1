/**
 * web.py: `web.input()` (query string and form fields), `web.data()` (the raw body), `web.cookies()` and
 * `web.ctx` (the request's path, query, environment and headers) are the client's wherever a handler
 * reads them. Handler classes are named by string in the `urls` tuple, so they are not looked for: the
 * sources apply in any function of a file that uses web.py.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const CTX = "webpy.Ctx";

export const webpy: TaintModel = {
  name: "webpy",
  // `web` is also a common name for a project's own package: a file counts when it reads the request
  mentionTriggers: ["web.input", "web.data", "web.cookies", "web.ctx"],
  types: [{ type: CTX, name: ["web.ctx", "web.webapi.ctx"] }],
  sources: [
    { label: "web.input()", call: ["web.input", "web.webapi.input", "web.data", "web.webapi.data", "web.cookies", "web.webapi.cookies"] },
    { label: "web.ctx.query", on: [CTX], attr: ["query", "env", "environ", "realhome", "home", "host"] },
    // the path being served: web.py's redirects prefix a path that starts with `/` with the site's own address
    // (`//evil.example` included), so as a redirect target it stays on this site
    { label: "web.ctx.path", on: [CTX], attr: ["path", "fullpath", "homepath"], exceptKinds: ["redirect"] },
  ],
  sinks: [
    { kind: "redirect", call: ["web.seeother", "web.redirect", "web.found", "web.tempredirect", "web.webapi.seeother", "web.webapi.redirect"], args: [{ pos: 0, kw: "url" }] },
  ],
};
