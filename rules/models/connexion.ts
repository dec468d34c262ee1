/**
 * Connexion: views are named by an OpenAPI / Swagger document (`operationId: api.users.get_user`,
 * or `x-openapi-router-controller` beside it) rather than by a decorator. The scan reads those
 * documents (see `src/deploy-descriptors.ts`) and registers each named module-level function as a
 * view of this spec, with a route template of the parameters the operation declares: path, query
 * and form parameters and the body reach the function as arguments of the same name; those the
 * document types as numbers, booleans, UUIDs or dates, gives an `enum`, or bounds with an anchored
 * `pattern` are validated by Connexion before the call. Arguments the document does not declare
 * (`user`, `token_info` from the security handler) are not input.
 *
 * `connexion.request` is the request being served: Flask's under Connexion 2, a Starlette-style
 * request under Connexion 3; both shapes are sources.
 */
import type { TaintModel } from "../../src/taint/model-types.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";

const REQUEST = "connexion.Request";

export const connexion: TaintModel = {
  name: "connexion",
  triggers: ["connexion"],
  types: [{ type: REQUEST, name: ["connexion.request", "connexion.context.request"], class: ["connexion.lifecycle.ConnexionRequest"] }],
  sources: [
    { label: "connexion.request", on: [REQUEST], attr: ["args", "form", "values", "data", "headers", "cookies", "files", "view_args", "query_params", "path_params", "query_string", "stream", "url"] },
    { label: "connexion.request.json", on: [REQUEST], attr: ["json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "connexion.request.get_json()", on: [REQUEST], method: ["get_json", "json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "connexion.request", on: [REQUEST], method: ["get_data", "form", "body", "files"] },
  ],
  endpoints: [
    {
      framework: "connexion",
      params: "route",
      paramLabel: "request parameter",
      safeConverters: ["int", "float", "bool", "uuid", "date", "enum"],
    },
  ],
};
