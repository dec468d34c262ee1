/** Litestar: route handler decorators and controllers, parameters by annotation, the request, responses. */
import type { TaintModel } from "../../src/taint/model-types.js";
import { VALIDATED_SCALARS } from "./scalars.js";
import { DOCUMENT_ANNOTATIONS, JSON_DOCUMENT_KINDS } from "./json-documents.js";
import { TEMPLATE_AND_HTML } from "./jinja2.js";
import { DI_GENERICS, DI_MARKERS } from "./fastapi.js";

const REQUEST = "litestar.Request";
const RESPONSE = "litestar.Response";
const METHODS = ["get", "post", "put", "patch", "delete", "head", "route", "websocket"];
const HTML = ["litestar.MediaType.HTML", "litestar.enums.MediaType.HTML"];
const OTHER_MEDIA = ["JSON", "TEXT", "MESSAGEPACK", "CSS", "XML"].flatMap((m) => [`litestar.MediaType.${m}`, `litestar.enums.MediaType.${m}`]);

const SESSION = "litestar.Session";
const LITESTAR_ERRORS = ["HTTPException", "ClientException", "InternalServerException", "NotFoundException", "ValidationException", "ServiceUnavailableException"].flatMap((e) => [`litestar.exceptions.${e}`, ...(e === "HTTPException" ? [`litestar.${e}`] : [])]);
const REQUEST_CLASSES = ["litestar.Request", "litestar.connection.Request", "litestar.WebSocket", "litestar.connection.WebSocket"];

export const litestar: TaintModel = {
  name: "litestar",
  triggers: ["litestar"],
  types: [
    { type: REQUEST, class: REQUEST_CLASSES },
    { type: SESSION, on: [REQUEST], attr: ["session"] },
  ],
  sources: [
    { label: "request.query_params", on: [REQUEST], attr: ["query_params", "path_params", "headers", "cookies", "url", "base_url"] },
    { label: "await request.json()", on: [REQUEST], method: ["json", "msgpack", "receive_json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "await request.body()", on: [REQUEST], method: ["body", "form", "stream", "receive_text", "receive_data"] },
  ],
  sinks: [
    {
      // the default media type is JSON
      kind: "xss",
      call: ["litestar.Response", "litestar.response.Response"],
      args: [{ pos: 0, kw: "content" }],
      when: [{ arg: { kw: "media_type" }, present: true }],
      unless: [
        { arg: { kw: "media_type" }, matches: "^(?!.*html)" },
        { arg: { kw: "media_type" }, names: OTHER_MEDIA },
      ],
      returns: RESPONSE,
      consumes: true,
    },
    { kind: "path", call: ["litestar.response.File", "litestar.static_files.File"], args: [{ pos: 0, kw: "path" }], returns: RESPONSE },
    { kind: "redirect", call: ["litestar.response.Redirect"], args: [{ pos: 0, kw: "path" }], returns: RESPONSE },
    { kind: "template", consumes: TEMPLATE_AND_HTML, call: ["litestar.response.Template"], args: [{ kw: "template_str" }] },
    // trust boundary: the session middleware's dict
    { kind: "session", on: [REQUEST], method: ["set_session"], args: [{ pos: 0, kw: "value" }] },
    { kind: "session", on: [SESSION], method: ["__setitem__", "setdefault"], args: [{ pos: 0 }, { pos: 1 }] },
    { kind: "session", on: [SESSION], method: ["update"], args: [{ mode: "rest", pos: 0 }] },
    // error disclosure: the detail of an HTTP error is sent as the JSON body
    { kind: "error-disclosure", call: LITESTAR_ERRORS, args: [{ pos: 0, kw: "detail" }] },
  ],
  propagators: [{ call: ["litestar.response.Redirect", "litestar.response.Template"], result: "clean", returns: RESPONSE }],
  endpoints: [
    {
      framework: "litestar",
      decoratorNames: METHODS.flatMap((m) => [`litestar.${m}`, `litestar.handlers.${m}`]),
      routeArg: { pos: 0, kw: "path" },
      params: "annotated",
      // reserved names: `request`, `data` (the body), `headers`, `cookies`, `query` are input; `state` and `scope` are not
      objects: [{ names: ["request"], type: REQUEST }, { names: ["state", "scope"] }],
      objectAnnotations: [{ class: REQUEST_CLASSES, type: REQUEST }],
      paramLabel: "handler parameter",
      dependencyCalls: ["litestar.params.Dependency", "litestar.di.Provide", ...DI_MARKERS],
      dependencyGenerics: DI_GENERICS,
      // the body goes to `data` only; `users_service: UserService` is a dependency injected by name
      bodyParams: ["data"],
      documentAnnotations: DOCUMENT_ANNOTATIONS,
      safeAnnotations: [...VALIDATED_SCALARS],
      htmlDeclaredBy: [
        { arg: { kw: "media_type" }, names: HTML },
        { arg: { kw: "media_type" }, matches: "html" },
      ],
      returnSink: { kind: "xss", when: "declared" },
      bodySink: "error-disclosure",
    },
  ],
};
