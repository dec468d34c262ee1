/**
 * Nameko services: methods under `@http("GET", "/users/<int:user_id>")` receive the Werkzeug request and
 * the URL's variables (converters as in Werkzeug: `int`, `float`, `uuid` are clean). RPC and event
 * handlers (`@rpc`, `@event_handler`) are called by the other services of the deployment, not by clients.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const FLASK_REQUEST = "flask.Request";

export const nameko: TaintModel = {
  name: "nameko",
  triggers: ["nameko"],
  endpoints: [
    {
      framework: "nameko",
      requiresImport: ["nameko"],
      decoratorNames: ["nameko.web.handlers.http"],
      routeArg: { pos: 1, kw: "url" },
      params: "route",
      objects: [{ index: 0, type: FLASK_REQUEST }],
      paramLabel: "URL variable",
      safeConverters: ["int", "float", "uuid"],
    },
  ],
};
