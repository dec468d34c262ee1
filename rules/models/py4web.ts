/**
 * py4web: `@action("path/<name>")` exposes a function (its URL wildcards, in Bottle's syntax, are its arguments);
 * `request` is ombott's (a Bottle fork's) thread-local request; `redirect(location)` sets the Location header;
 * a returned string is the body, HTML unless the action set another content type, while a returned dict goes to
 * the template `@action.uses("page.html")` names (yatl escapes what it prints) or is sent as JSON.
 */
import type { TaintModel } from "../../src/taint/model-types.js";
import { ENVIRON } from "./stdlib-web.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";
import { BOTTLE_VIEWS } from "./bottle.js";

const REQUEST = "py4web.Request";
const RESPONSE = "py4web.Response";
const UPLOAD = "py4web.FileUpload";
const both = (names: string[]): string[] => names.flatMap((n) => [`py4web.${n}`, `py4web.core.${n}`]);

export const py4web: TaintModel = {
  name: "py4web",
  triggers: ["py4web"],
  types: [
    { type: REQUEST, name: [...both(["request"]), "ombott.request"] },
    { type: RESPONSE, name: [...both(["response"]), "ombott.response"] },
  ],
  sources: [
    { label: "request.query", on: [REQUEST], attr: ["query", "forms", "params", "headers", "cookies", "body", "GET", "POST", "query_string", "url", "urlparts", "fullpath", "path", "auth"] },
    { label: "request.environ", on: [REQUEST], attr: ["environ"], type: ENVIRON },
    { label: "request.json", on: [REQUEST], attr: ["json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "request.files", on: [REQUEST], attr: ["files"], elementType: UPLOAD },
    { label: "request.get_header()", on: [REQUEST], method: ["get_header", "get_cookie"] },
  ],
  sinks: [
    { kind: "redirect", call: both(["redirect"]), args: [{ pos: 0, kw: "location" }] },
    { kind: "path", on: [UPLOAD], method: ["save"], args: [{ pos: 0, kw: "destination" }] },
    // an error's body is the page py4web sends
    { kind: "error-disclosure", call: both(["HTTP"]), args: [{ pos: 1, kw: "body" }] },
    { kind: "error-disclosure", call: both(["abort"]), args: [{ pos: 1, kw: "message" }] },
  ],
  sanitizers: [
    // `URL("index", name)`: a path of this application (each part percent-quoted) when the first part is a name of
    // it; a first part starting with "/" is taken as it is (`URL("//evil.example")`)
    { call: both(["URL"]), kinds: ["redirect"], when: [{ arg: { pos: 0 }, matches: "^[^/]" }] },
  ],
  contentTypes: [{ on: [RESPONSE], method: ["__setattr__"], header: { pos: 0 }, headerName: "^content_type$", value: { pos: 1 } }],
  endpoints: [
    {
      framework: "py4web",
      requiresImport: ["py4web"],
      decoratorNames: both(["action"]),
      routeArg: { pos: 0, kw: "path" },
      params: "route",
      paramLabel: "route wildcard",
      ...BOTTLE_VIEWS,
    },
  ],
};
