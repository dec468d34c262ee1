/** Flask and Werkzeug: the request object, route parameters, responses, file sending and uploads. */
import type { TaintModel } from "../../src/taint/model-types.js";
import { ENVIRON, refererRead } from "./stdlib-web.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";
import { TEMPLATE_AND_HTML } from "./jinja2.js";

const REQUEST = "flask.Request";
const MULTIDICT = "werkzeug.MultiDict";
/** `request.headers`: a MultiDict of the request's headers. */
const REQUEST_HEADERS = "werkzeug.EnvironHeaders";
const FILE_STORAGE = "werkzeug.FileStorage";
const RESPONSE = "flask.Response";
const HEADERS = "werkzeug.Headers";
const SESSION = "flask.Session";
const LOCATION = { arg: { pos: 0, kw: "key" }, matches: "^location$" };

const NOT_HTML = "^(?!.*html)";
/** Where a response built earlier gets its content type before the view returns it. */
const CONTENT_TYPE = { attrs: ["mimetype", "content_type"], headerAttrs: ["headers"], header: "Content-Type" };

export const flask: TaintModel = {
  name: "flask",
  triggers: ["flask", "werkzeug", "flask_restful", "flask_restx", "flask_restplus", "flask_admin"],
  types: [
    {
      type: REQUEST,
      name: ["flask.request", "flask.globals.request"],
      class: ["flask.Request", "flask.wrappers.Request", "werkzeug.Request", "werkzeug.wrappers.Request", "werkzeug.wrappers.request.Request"],
    },
    { type: "flask.AppCtxGlobals", name: ["flask.g", "flask.globals.g"], requestScoped: true },
    { type: SESSION, name: ["flask.session", "flask.globals.session"] },
    { type: "flask.Flask", name: ["flask.current_app", "flask.globals.current_app"] },
    { type: HEADERS, on: [RESPONSE], attr: ["headers"] },
    { type: "flask.Flask", class: ["flask.Flask", "flask.app.Flask"], name: ["flask.current_app", "flask.globals.current_app"] },
    { type: "flask.Blueprint", class: ["flask.Blueprint", "flask.blueprints.Blueprint"] },
    { type: FILE_STORAGE, class: ["werkzeug.datastructures.FileStorage", "werkzeug.FileStorage"] },
    { type: "flask_restful.RequestParser", class: ["flask_restful.reqparse.RequestParser", "flask_restx.reqparse.RequestParser"] },
    { type: "flask_restful.Api", class: ["flask_restful.Api", "flask_restx.Api", "flask_restplus.Api"] },
    // Flask-Admin's and Flask-AppBuilder's view classes: `self.render(...)` / `self.render_template(...)` render a template file
    { type: "flask.AdminView", class: ["flask_admin.BaseView", "flask_admin.base.BaseView", "flask_admin.model.BaseModelView", "flask_admin.contrib.sqla.ModelView", "flask_appbuilder.BaseView", "flask_appbuilder.baseviews.BaseView"] },
  ],
  sources: [
    { label: "request.args", on: [REQUEST], attr: ["args"], type: MULTIDICT },
    { label: "request.form", on: [REQUEST], attr: ["form"], type: MULTIDICT },
    { label: "request.values", on: [REQUEST], attr: ["values"], type: MULTIDICT },
    { label: "request.cookies", on: [REQUEST], attr: ["cookies"], type: MULTIDICT },
    // an HTTP parser ends a header at its line break: a header value holds none and cannot forge a log line
    { label: "request.headers", on: [REQUEST], attr: ["headers"], type: REQUEST_HEADERS, exceptKinds: ["log"] },
    refererRead([REQUEST_HEADERS]),
    // parsed JSON may hold objects (`{"$ne": null}`) and keys the sender chose: see json-documents.ts
    { label: "request.json", on: [REQUEST], attr: ["json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "request.data", on: [REQUEST], attr: ["data"] },
    { label: "request.files", on: [REQUEST], attr: ["files"], elementType: FILE_STORAGE },
    { label: "request.view_args", on: [REQUEST], attr: ["view_args"] },
    { label: "request.get_json()", on: [REQUEST], method: ["get_json"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "request.get_data()", on: [REQUEST], method: ["get_data"] },
    { label: "parser.parse_args()", on: ["flask_restful.RequestParser"], method: ["parse_args"] },
    // the raw request line and headers the framework exposes in other shapes
    { label: "request.query_string", on: [REQUEST], attr: ["query_string"] },
    { label: "request.stream", on: [REQUEST], attr: ["stream", "input_stream"] },
    { label: "request.environ", on: [REQUEST], attr: ["environ"], type: ENVIRON },
    { label: "request.url", on: [REQUEST], attr: ["full_path", "user_agent", "authorization"] },
    // the page the browser came from: a redirect back to it is a note (see `refererRead`)
    { label: "request.referrer", on: [REQUEST], attr: ["referrer"], noteKinds: ["redirect"] },
    // the absolute URL of the request being served: redirecting to it (post/redirect/get, `return redirect(request.url)`
    // after a failed upload) reloads the same page on this site; Werkzeug builds it percent-encoded, so a line break
    // the client sent stays `%0A` and cannot start a new log line
    { label: "request.url", on: [REQUEST], attr: ["url", "base_url"], exceptKinds: ["redirect", "log"] },
    // the path of the request being served: a path on this host, not a redirect target an attacker can choose (see open-redirect)
    { label: "request.path", on: [REQUEST], attr: ["path"], routePath: "exact", exceptKinds: ["redirect"] },
  ],
  sinks: [
    { kind: "xss", call: ["flask.make_response", "flask.helpers.make_response"], args: [{ pos: 0, mode: "body" }], returns: RESPONSE, consumes: true, responseObject: CONTENT_TYPE },
    {
      kind: "xss",
      call: ["flask.Response", "flask.wrappers.Response", "werkzeug.Response", "werkzeug.wrappers.Response", "werkzeug.wrappers.response.Response"],
      args: [{ pos: 0, kw: "response", mode: "body" }],
      responseObject: CONTENT_TYPE,
      unless: [
        { arg: { pos: 3, kw: "mimetype" }, matches: NOT_HTML },
        { arg: { pos: 4, kw: "content_type" }, matches: NOT_HTML },
      ],
      returns: RESPONSE,
      consumes: true,
    },
    // the template text is code (template injection); variables it renders with `|safe` are HTML
    { kind: "template", call: ["flask.render_template_string", "flask.templating.render_template_string", "flask.stream_template_string"], args: [{ pos: 0, kw: "source" }], consumes: TEMPLATE_AND_HTML },
    {
      kind: "xss",
      call: ["flask.render_template_string", "flask.templating.render_template_string"],
      args: [{ mode: "unescaped", template: { pos: 0, kw: "source" } }],
    },
    // a template file of the project that outputs a variable `|safe` or under `{% autoescape false %}`
    {
      kind: "xss",
      call: ["flask.render_template", "flask.templating.render_template", "flask.stream_template", "flask.templating.stream_template"],
      args: [{ mode: "unescaped", templateName: { pos: 0, kw: "template_name_or_list" } }],
    },
    { kind: "path", call: ["flask.send_file", "flask.helpers.send_file"], args: [{ pos: 0, kw: "path_or_file" }, { kw: "filename_or_fp" }], returns: RESPONSE, consumes: true },
    { kind: "path", on: [FILE_STORAGE], method: ["save"], args: [{ pos: 0, kw: "dst" }] },
    // the file name is joined safely; the folder is not checked
    { kind: "path", call: ["flask.send_from_directory", "flask.helpers.send_from_directory"], args: [{ pos: 0, kw: "directory" }], returns: RESPONSE, consumes: true },
    { kind: "xss", on: [RESPONSE], method: ["set_data"], args: [{ pos: 0, kw: "value" }] },
    // open redirect: the target of a redirect, a Location header
    { kind: "redirect", call: ["flask.redirect", "flask.helpers.redirect", "werkzeug.utils.redirect", "werkzeug.redirect"], args: [{ pos: 0, kw: "location" }], returns: RESPONSE },
    { kind: "redirect", on: [HEADERS], method: ["__setitem__", "set", "add", "setdefault", "add_header"], when: [LOCATION], args: [{ pos: 1, kw: "value" }, { kw: "_value" }] },
    { kind: "redirect", on: [RESPONSE], method: ["__setattr__"], when: [{ arg: { pos: 0 }, matches: "^location$" }], args: [{ pos: 1 }] },
    // trust boundary: request data stored in the session as if it had been checked
    { kind: "session", on: [SESSION], method: ["__setitem__", "setdefault"], args: [{ pos: 0, kw: "key" }, { pos: 1, kw: "default" }] },
    { kind: "session", on: [SESSION], method: ["update"], args: [{ mode: "rest", pos: 0 }] },
    // error disclosure: anything that reaches the client, whatever its content type
    { kind: "error-disclosure", call: ["flask.make_response", "flask.helpers.make_response"], args: [{ mode: "rest", pos: 0 }], consumes: true },
    { kind: "error-disclosure", call: ["flask.Response", "flask.wrappers.Response", "werkzeug.Response", "werkzeug.wrappers.Response", "werkzeug.wrappers.response.Response"], args: [{ pos: 0, kw: "response" }], consumes: true },
    { kind: "error-disclosure", call: ["flask.jsonify", "flask.json.jsonify"], args: [{ mode: "rest", pos: 0 }] },
    { kind: "error-disclosure", on: [RESPONSE], method: ["set_data"], args: [{ pos: 0, kw: "value" }] },
    { kind: "error-disclosure", call: ["flask.abort", "flask.helpers.abort", "werkzeug.exceptions.abort"], args: [{ pos: 1, kw: "description" }] },
    { kind: "error-disclosure", call: ["flask.flash", "flask.helpers.flash"], args: [{ pos: 0, kw: "message" }] },
    {
      kind: "error-disclosure",
      call: ["HTTPException", "BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict", "UnprocessableEntity", "InternalServerError", "ServiceUnavailable"].map((e) => `werkzeug.exceptions.${e}`),
      args: [{ pos: 0, kw: "description" }],
    },
  ],
  sanitizers: [
    // `request.args.get("page", type=int)` converts (or drops) the value
    {
      on: [MULTIDICT, REQUEST_HEADERS],
      method: ["get", "getlist"],
      kinds: "all",
      when: [{ arg: { kw: "type" }, names: ["builtins.int", "builtins.float", "builtins.bool", "uuid.UUID", "decimal.Decimal"] }],
    },
    { call: ["werkzeug.utils.secure_filename", "werkzeug.secure_filename"], kinds: ["path", "command", "sql", "xss", "ldap", "xpath"] },
    { call: ["werkzeug.utils.escape", "werkzeug.escape"], kinds: ["xss", "xpath"] },
    { call: ["werkzeug.security.safe_join", "werkzeug.utils.safe_join", "flask.safe_join", "flask.helpers.safe_join"], kinds: ["path"] },
    // a URL built for one of the application's own endpoints stays on its host
    { call: ["flask.url_for", "flask.helpers.url_for"], kinds: ["redirect", "ssrf"] },
    // … and one built by a Flask-RESTful / Flask-RESTX API for one of its resources (`api.url_for(SeriesApi, **args)`)
    { on: ["flask_restful.Api"], method: ["url_for"], kinds: ["redirect", "ssrf"] },
  ],
  propagators: [
    // Flask-Login's login page URL: the login view (an endpoint or a URL) with the page asked for
    // URL-encoded into its `next` parameter, so only the view decides where it leads
    { call: ["flask_login.login_url", "flask_login.utils.login_url"], result: { pos: 0, kw: "login_view" } },
    // JSON and template responses escape or encode what they carry
    { call: ["flask.jsonify", "flask.json.jsonify", "flask.render_template", "flask.templating.render_template"], result: "clean", returns: RESPONSE },
    { on: ["flask.AdminView"], method: ["render", "render_template"], result: "clean", returns: RESPONSE },
    { call: ["flask.redirect", "flask.helpers.redirect", "werkzeug.utils.redirect", "werkzeug.redirect", "flask.send_from_directory", "flask.helpers.send_from_directory"], result: "clean", returns: RESPONSE },
  ],
  // a saved upload's contents are the uploader's
  writes: [{ on: [FILE_STORAGE], method: ["save"], from: "receiver", to: { pos: 0, kw: "dst" }, kinds: ["code", "deserialization", "template"] }],
  noReturn: ["flask.abort", "flask.helpers.abort", "werkzeug.exceptions.abort"],
  endpoints: [
    {
      framework: "flask",
      decorators: ["route", "get", "post", "put", "delete", "patch"],
      appTypes: ["flask.Flask", "flask.Blueprint"],
      requiresImport: ["flask"],
      routeArg: { pos: 0, kw: "rule" },
      registrations: [{ method: ["add_url_rule"], route: { pos: 0, kw: "rule" }, view: { pos: 2, kw: "view_func" } }],
      // Flask-AppBuilder views: `@expose("/hello/<name>")` on a `BaseView` method
      // and Flask-Admin views: `@expose("/")` on a `flask_admin.BaseView` method
      decoratorNames: ["flask_appbuilder.expose", "flask_appbuilder.views.expose", "flask_appbuilder.baseviews.expose", "flask_appbuilder.api.expose", "flask_admin.expose", "flask_admin.base.expose"],
      params: "route",
      paramLabel: "route parameter",
      viewBases: ["flask.views.MethodView", "flask.views.View"],
      viewMethods: ["get", "post", "put", "patch", "delete", "dispatch_request"],
      safeConverters: ["int", "float", "uuid", "any"],
      returnSink: { kind: "xss", when: "always" },
      bodySink: "error-disclosure",
    },
    {
      // REST resources serialise their return values as JSON
      framework: "flask-restful",
      // `api.add_resource(Item, "/items/<int:item_id>", "/items")`: the routes type the methods' parameters as
      // Flask's converters do; a resource registered elsewhere (or not at all) has every parameter as input
      registrations: [{ method: ["add_resource"], requiresImport: ["flask_restful", "flask_restx", "flask_restplus"], view: { pos: 0, kw: "resource" }, route: { pos: 1 }, moreRoutes: true }],
      params: "route",
      paramLabel: "route parameter",
      viewBases: ["flask_restful.Resource", "flask_restx.Resource", "flask_restplus.Resource"],
      viewMethods: ["get", "post", "put", "patch", "delete"],
      // Flask-RESTX (and Flask-RESTPlus): `@ns.route("/todos/<int:todo_id>")` on the Resource class
      decorators: ["route"],
      requiresImport: ["flask_restx", "flask_restplus"],
      safeConverters: ["int", "float", "uuid", "any"],
    },
  ],
};
