/** FastAPI and Starlette: endpoint parameters, the Request object, HTML and file responses. */
import type { TaintModel } from "../../src/taint/model-types.js";
import { PYDANTIC_SCALARS, VALIDATED_SCALARS } from "./scalars.js";
import { DOCUMENT_ANNOTATIONS, JSON_DOCUMENT_KINDS } from "./json-documents.js";
import { refererRead } from "./stdlib-web.js";

const REQUEST = "starlette.Request";
const RESPONSE = "starlette.Response";
const UPLOAD = "starlette.UploadFile";
const TEMPLATES = "starlette.Jinja2Templates";

/**
 * Dependency-injection containers that fill handler parameters themselves: dishka's `FromDishka[StoreService]`
 * (`Annotated[StoreService, FromComponent()]`) and fastapi-injector's `service: Service = Injected(Service)`.
 */
export const DI_GENERICS = ["dishka.FromDishka", "dishka.integrations.base.FromDishka", "dishka.integrations.fastapi.FromDishka", "dishka.integrations.litestar.FromDishka", "dishka.integrations.starlette.FromDishka"];
export const DI_MARKERS = ["dishka.FromComponent", "dishka.entities.depends_marker.FromComponent", "fastapi_injector.Injected"];
const both = (names: string[]): string[] => names.flatMap((n) => [`fastapi.${n}`, `starlette.${n}`]);

export const fastapi: TaintModel = {
  name: "fastapi",
  triggers: ["fastapi", "starlette"],
  types: [
    {
      type: REQUEST,
      class: ["fastapi.Request", "fastapi.requests.Request", "starlette.requests.Request", "fastapi.WebSocket", "starlette.websockets.WebSocket", "starlette.requests.HTTPConnection"],
    },
    { type: "fastapi.App", class: ["fastapi.FastAPI", "fastapi.applications.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter"] },
    { type: "starlette.App", class: ["starlette.applications.Starlette", "starlette.routing.Router"] },
    { type: UPLOAD, class: ["fastapi.UploadFile", "starlette.datastructures.UploadFile"] },
    { type: "starlette.Session", on: [REQUEST], attr: ["session"] },
    { type: "starlette.MutableHeaders", on: [RESPONSE], attr: ["headers"] },
    { type: TEMPLATES, class: ["fastapi.templating.Jinja2Templates", "starlette.templating.Jinja2Templates"] },
  ],
  sources: [
    { label: "request.query_params", on: [REQUEST], attr: ["query_params"] },
    { label: "request.path_params", on: [REQUEST], attr: ["path_params"] },
    // an HTTP parser ends a header at its line break: a header value holds none and cannot forge a log line
    { label: "request.headers", on: [REQUEST], attr: ["headers"], type: "starlette.Headers", exceptKinds: ["log"] },
    refererRead(["starlette.Headers"]),
    { label: "request.cookies", on: [REQUEST], attr: ["cookies"] },
    // the absolute URL of the request being served (`request.url.replace(path=...)` keeps its scheme and host): as a
    // redirect target it stays on this site
    { label: "request.url", on: [REQUEST], attr: ["url"], exceptKinds: ["redirect"] },
    { label: "request.json()", on: [REQUEST], method: ["json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "request.form()", on: [REQUEST], method: ["form"] },
    { label: "request.body()", on: [REQUEST], method: ["body", "stream"] },
    { label: "websocket message", on: [REQUEST], method: ["receive_text", "receive_json", "receive_bytes"] },
  ],
  sinks: [
    { kind: "xss", call: both(["responses.HTMLResponse"]), args: [{ pos: 0, kw: "content" }], returns: RESPONSE, consumes: true },
    {
      kind: "xss",
      call: ["fastapi.Response", ...both(["responses.Response"])],
      args: [{ pos: 0, kw: "content" }],
      when: [{ arg: { pos: 3, kw: "media_type" }, matches: "html" }],
      returns: RESPONSE,
      consumes: true,
    },
    { kind: "path", call: both(["responses.FileResponse"]), args: [{ pos: 0, kw: "path" }], returns: RESPONSE },
    // open redirect: the target of a redirect, a Location header
    { kind: "redirect", call: both(["responses.RedirectResponse"]), args: [{ pos: 0, kw: "url" }], returns: RESPONSE },
    {
      kind: "redirect",
      on: ["starlette.MutableHeaders"],
      method: ["__setitem__", "setdefault", "append"],
      when: [{ arg: { pos: 0, kw: "key" }, matches: "^location$" }],
      args: [{ pos: 1, kw: "value" }],
    },
    // trust boundary: request data stored in the session (SessionMiddleware) as if it had been checked
    { kind: "session", on: ["starlette.Session"], method: ["__setitem__", "setdefault"], args: [{ pos: 0, kw: "key" }, { pos: 1, kw: "default" }] },
    { kind: "session", on: ["starlette.Session"], method: ["update"], args: [{ mode: "rest", pos: 0 }] },
    // error disclosure: anything that reaches the client, whatever its content type
    {
      kind: "error-disclosure",
      call: ["fastapi.Response", ...both(["responses.Response", "responses.HTMLResponse", "responses.JSONResponse", "responses.PlainTextResponse"]), "fastapi.responses.ORJSONResponse", "fastapi.responses.UJSONResponse"],
      args: [{ pos: 0, kw: "content" }],
      returns: RESPONSE,
      consumes: true,
    },
    { kind: "error-disclosure", call: ["fastapi.HTTPException", "fastapi.exceptions.HTTPException", "starlette.exceptions.HTTPException"], args: [{ pos: 1, kw: "detail" }] },
    { kind: "error-disclosure", call: ["fastapi.WebSocketException", "fastapi.exceptions.WebSocketException", "starlette.exceptions.WebSocketException"], args: [{ pos: 1, kw: "reason" }] },
  ],
  propagators: [
    { call: both(["responses.JSONResponse", "responses.PlainTextResponse", "responses.RedirectResponse"]), result: "clean", returns: RESPONSE },
    // a rendered template: Jinja2Templates turns autoescaping on for .html/.htm/.xml templates
    { on: [TEMPLATES], method: ["TemplateResponse"], result: "clean", returns: RESPONSE },
  ],
  endpoints: [
    {
      framework: "fastapi",
      decorators: ["get", "post", "put", "delete", "patch", "options", "head", "trace", "api_route", "websocket"],
      appTypes: ["fastapi.App"],
      requiresImport: ["fastapi"],
      routeArg: { pos: 0, kw: "path" },
      registrations: [{ method: ["add_api_route", "add_api_websocket_route"], route: { pos: 0, kw: "path" }, view: { pos: 1, kw: "endpoint" } }],
      params: "annotated",
      paramLabel: "request parameter",
      objectAnnotations: [
        {
          class: ["fastapi.Request", "fastapi.requests.Request", "starlette.requests.Request", "fastapi.WebSocket", "starlette.websockets.WebSocket", "starlette.requests.HTTPConnection"],
          type: REQUEST,
        },
        { class: ["fastapi.Response", "fastapi.responses.Response", "starlette.responses.Response", "fastapi.BackgroundTasks", "starlette.background.BackgroundTasks"], type: RESPONSE },
        { class: ["sqlalchemy.orm.Session", "sqlalchemy.orm.session.Session", "sqlmodel.Session", "sqlalchemy.ext.asyncio.AsyncSession"], type: "sqlalchemy.Session" },
      ],
      sourceAnnotations: [{ class: ["fastapi.UploadFile", "starlette.datastructures.UploadFile"], type: UPLOAD }],
      documentAnnotations: DOCUMENT_ANNOTATIONS,
      dependencyCalls: ["fastapi.Depends", "fastapi.params.Depends", "fastapi.Security", "fastapi.params.Security", ...DI_MARKERS],
      dependencyGenerics: DI_GENERICS,
      safeAnnotations: [...VALIDATED_SCALARS, "builtins.complex", ...PYDANTIC_SCALARS],
      htmlDeclaredBy: [{ arg: { kw: "response_class" }, names: both(["responses.HTMLResponse"]) }],
      returnSink: { kind: "xss", when: "declared" },
      bodySink: "error-disclosure",
    },
    {
      // Starlette routes: the endpoint is called with the request
      framework: "starlette",
      registrations: [
        { call: ["starlette.routing.Route", "starlette.routing.WebSocketRoute"], route: { pos: 0, kw: "path" }, view: { pos: 1, kw: "endpoint" } },
        { method: ["add_route", "add_websocket_route"], requiresImport: ["starlette"], route: { pos: 0, kw: "path" }, view: { pos: 1, kw: "route" } },
      ],
      decorators: ["route", "websocket_route"],
      appTypes: ["starlette.App", "fastapi.App"],
      requiresImport: ["starlette"],
      viewBases: ["starlette.endpoints.HTTPEndpoint", "starlette.endpoints.WebSocketEndpoint"],
      viewMethods: ["get", "post", "put", "patch", "delete", "head", "options"],
      params: "none",
      objects: [{ index: 0, type: REQUEST }],
      paramLabel: "request parameter",
    },
    {
      // a WebSocketEndpoint receives each message decoded by its `encoding`
      framework: "starlette",
      requiresImport: ["starlette"],
      viewBases: ["starlette.endpoints.WebSocketEndpoint"],
      viewMethods: ["on_receive"],
      params: "all",
      objects: [{ index: 0, type: REQUEST }],
      paramLabel: "websocket message",
    },
  ],
};
