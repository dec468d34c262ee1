/**
 * Django Ninja: operations declared with `@api.get(...)` / `@router.post(...)` on a `NinjaAPI` or
 * `Router`. The first parameter is Django's request; the others are parsed from the path, the query
 * string or the body by their annotations, as in FastAPI (`item_id: int` is validated into a number,
 * `q: str` is text, a `Schema` subclass is judged field by field). Whatever an operation returns is
 * serialised as JSON unless it is an `HttpResponse`, which Django's model judges where it is built.
 */
import type { TaintModel } from "../../src/taint/model-types.js";
import { PYDANTIC_SCALARS, VALIDATED_SCALARS } from "./scalars.js";
import { DOCUMENT_ANNOTATIONS } from "./json-documents.js";

const DJANGO_REQUEST = "django.HttpRequest";
const APP = "ninja.App";

export const ninja: TaintModel = {
  name: "ninja",
  triggers: ["ninja"],
  types: [{ type: APP, class: ["ninja.NinjaAPI", "ninja.main.NinjaAPI", "ninja.Router", "ninja.router.Router"] }],
  sinks: [
    // the message of an HttpError is sent to the client as the JSON body's `detail`
    { kind: "error-disclosure", call: ["ninja.errors.HttpError"], args: [{ pos: 1, kw: "message" }] },
  ],
  endpoints: [
    {
      framework: "ninja",
      decorators: ["get", "post", "put", "patch", "delete", "api_operation"],
      appTypes: [APP],
      requiresImport: ["ninja"],
      routeArg: { pos: 0, kw: "path" },
      params: "annotated",
      objects: [{ index: 0, type: DJANGO_REQUEST }],
      objectAnnotations: [{ class: ["django.http.HttpRequest", "django.http.request.HttpRequest"], type: DJANGO_REQUEST }],
      paramLabel: "operation parameter",
      documentAnnotations: DOCUMENT_ANNOTATIONS,
      // `q: Query[int]`, `filters: Query[ItemFilters]`: where the value is read from, judged by the type inside
      sourceMarkers: ["Path", "Query", "Header", "Cookie", "Body", "Form", "File"].flatMap((m) => [`ninja.${m}`, `ninja.params.${m}`]),
      safeAnnotations: [...VALIDATED_SCALARS, ...PYDANTIC_SCALARS],
      bodySink: "error-disclosure",
    },
  ],
};
