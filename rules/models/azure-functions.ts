/** Azure Functions (Python): `func.HttpRequest` parameters (v1 `main(req)` and v2 `@app.route`), `HttpResponse`. */
import type { TaintModel } from "../../src/taint/model-types.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";

const REQUEST = "azure.HttpRequest";
const APP = "azure.FunctionApp";
const func = (names: string[]): string[] => names.flatMap((n) => [`azure.functions.${n}`, `azure.functions._http.${n}`, `azure.functions.http.${n}`]);

export const azureFunctions: TaintModel = {
  name: "azure-functions",
  triggers: ["azure.functions"],
  types: [
    { type: REQUEST, class: func(["HttpRequest"]) },
    { type: APP, class: ["azure.functions.FunctionApp", "azure.functions.Blueprint", "azure.functions.decorators.function_app.FunctionApp"] },
  ],
  sources: [
    { label: "req.params", on: [REQUEST], attr: ["params", "route_params", "headers", "url", "form", "files"] },
    { label: "req.get_json()", on: [REQUEST], method: ["get_json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "req.get_body()", on: [REQUEST], method: ["get_body"] },
  ],
  sinks: [
    // `HttpResponse` is text/plain unless a mimetype or a Content-Type header says otherwise
    { kind: "xss", call: func(["HttpResponse"]), args: [{ pos: 0, kw: "body" }], when: [{ arg: { kw: "mimetype" }, matches: "html" }] },
    { kind: "xss", call: func(["HttpResponse"]), args: [{ pos: 0, kw: "body" }], when: [{ arg: { kw: "headers" }, key: "content-type", matches: "html" }] },
  ],
  endpoints: [
    {
      framework: "azure-functions",
      requiresImport: ["azure.functions"],
      decorators: ["route"],
      appTypes: [APP],
      params: "none",
      objects: [{ index: 0, type: REQUEST }],
      paramLabel: "request",
    },
  ],
};
