/**
 * Robyn: handlers routed with `@app.get("/x")` on a `Robyn` application or `SubRouter`; the request
 * (`request.query_params`, `path_params`, `headers`, `body`, `form_data`, `json()`) and, in recent
 * versions, the same parts injected by their reserved parameter names (`query_params`, `path_params`,
 * `body`…). `serve_file` / `serve_html` send a file by its path.
 */
import type { TaintModel } from "../../src/taint/model-types.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";

const REQUEST = "robyn.Request";
const APP = "robyn.App";
const REQUEST_CLASSES = ["robyn.Request", "robyn.robyn.Request"];

export const robyn: TaintModel = {
  name: "robyn",
  triggers: ["robyn"],
  types: [
    { type: REQUEST, class: REQUEST_CLASSES },
    { type: APP, class: ["robyn.Robyn", "robyn.SubRouter", "robyn.router.SubRouter"] },
  ],
  sources: [
    { label: "request.query_params", on: [REQUEST], attr: ["query_params", "path_params", "headers", "body", "form_data", "files", "url", "identity"] },
    { label: "request.json()", on: [REQUEST], method: ["json"], alsoKinds: JSON_DOCUMENT_KINDS },
  ],
  sinks: [{ kind: "path", call: ["robyn.serve_file", "robyn.serve_html", "robyn.responses.serve_file", "robyn.responses.serve_html"], args: [{ pos: 0, kw: "file_path" }] }],
  endpoints: [
    {
      framework: "robyn",
      requiresImport: ["robyn"],
      decorators: ["get", "post", "put", "patch", "delete", "head", "options", "connect", "trace"],
      appTypes: [APP],
      routeArg: { pos: 0, kw: "endpoint" },
      routeSyntax: [":(?<name>\\w+)"],
      params: "all",
      objects: [{ names: ["request", "req", "r"], type: REQUEST }, { names: ["global_dependencies", "router_dependencies", "response"] }],
      objectAnnotations: [{ class: REQUEST_CLASSES, type: REQUEST }],
      paramLabel: "handler parameter",
    },
  ],
};
