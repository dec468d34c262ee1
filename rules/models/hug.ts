/**
 * hug: functions routed with `@hug.get("/x")` (and `post`, `put`, …, `http`, `call`) take the query
 * string, the form or JSON body and the URL fields as keyword arguments; an argument annotated with
 * one of hug's converting types (`hug.types.number`, `uuid`, `boolean`…) arrives converted or the call
 * is refused. `request`, `response` and `body` are reserved names: the Falcon request and response, and
 * the parsed body. Return values are serialised as JSON unless an output format says otherwise.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const FALCON_REQUEST = "falcon.Request";
const ROUTES = ["get", "post", "put", "patch", "delete", "options", "head", "http", "call", "connect", "trace", "urls"];
const CONVERTING = ["number", "float_number", "decimal", "boolean", "smart_boolean", "uuid", "in_range", "greater_than", "less_than", "one_of", "mapping"].map((t) => `hug.types.${t}`);

export const hug: TaintModel = {
  name: "hug",
  triggers: ["hug"],
  endpoints: [
    {
      framework: "hug",
      requiresImport: ["hug"],
      decoratorNames: ROUTES.flatMap((r) => [`hug.${r}`, `hug.routing.${r}`]),
      routeArg: { pos: 0, kw: "urls" },
      params: "all",
      objects: [{ names: ["request"], type: FALCON_REQUEST }, { names: ["response", "api", "api_version"] }],
      safeAnnotations: [...CONVERTING, "builtins.int", "builtins.float", "builtins.bool", "uuid.UUID"],
      paramLabel: "hug argument",
    },
  ],
};
