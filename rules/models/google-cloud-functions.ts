/**
 * Google Cloud Functions (Python): HTTP functions receive a Flask request; CloudEvent functions
 * receive the event. Recognised by the Functions Framework decorators, or as a module-level
 * `def f(request)` reading the request the Flask way.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const FLASK_REQUEST = "flask.Request";

export const googleCloudFunctions: TaintModel = {
  name: "google-cloud-functions",
  triggers: ["functions_framework"],
  endpoints: [
    {
      framework: "google-cloud-functions",
      decoratorNames: ["functions_framework.http"],
      params: "none",
      objects: [{ index: 0, type: FLASK_REQUEST }],
      paramLabel: "request",
      // the return value is the response body, HTML by default as in Flask
      returnSink: { kind: "xss", when: "always" },
    },
    {
      framework: "google-cloud-functions",
      decoratorNames: ["functions_framework.cloud_event", "functions_framework.errorreporting"],
      params: "all",
      paramLabel: "CloudEvent",
    },
    {
      // without the framework's decorator: `def hello_http(request): name = request.args.get(...)`
      framework: "google-cloud-functions",
      inferred: { param: ["request"], reads: ["args", "form", "values", "get_json", "get_data", "files"] },
      params: "none",
      objects: [{ index: 0, type: FLASK_REQUEST }],
      paramLabel: "request",
    },
  ],
};
