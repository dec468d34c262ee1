/**
 * TurboGears: controller methods published with `@expose()` (any template or format) receive the
 * remaining URL segments and the query string and form fields as arguments; `tg.request` is the WebOb
 * request of the current call. The returned dict goes to the template, which escapes it.
 */
import type { TaintModel } from "../../src/taint/model-types.js";
import { refererRead } from "./stdlib-web.js";

const REQUEST = "tg.Request";

export const turbogears: TaintModel = {
  name: "turbogears",
  triggers: ["tg"],
  types: [{ type: REQUEST, name: ["tg.request", "tg.request_local.request"] }],
  sources: [
    { label: "tg.request.params", on: [REQUEST], attr: ["params", "GET", "POST", "body", "text", "json", "json_body", "cookies", "path_info", "url", "query_string"] },
    { label: "tg.request.headers", on: [REQUEST], attr: ["headers"], type: "webob.Headers", exceptKinds: ["log"] },
    { label: "tg.request.headers", on: [REQUEST], attr: ["user_agent"], exceptKinds: ["log"] },
    // the page the browser came from: a redirect back to it is a note (see `refererRead`)
    { label: "tg.request.referer", on: [REQUEST], attr: ["referer", "referrer"], exceptKinds: ["log"], noteKinds: ["redirect"] },
    refererRead(["webob.Headers"]),
  ],
  sinks: [{ kind: "redirect", call: ["tg.redirect", "tg.controllers.redirect"], args: [{ pos: 0, kw: "base_url" }] }],
  endpoints: [
    {
      framework: "turbogears",
      requiresImport: ["tg"],
      decoratorNames: ["tg.expose", "tg.decorators.expose"],
      params: "all",
      paramLabel: "request parameter",
    },
  ],
};
