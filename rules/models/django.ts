/** Django and Django REST framework: request data, URL parameters, raw SQL, responses, file serving. */
import type { TaintModel } from "../../src/taint/model-types.js";
import { ENVIRON, refererRead } from "./stdlib-web.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";
import { PERCENT_ENCODED } from "./urls.js";

const REQUEST = "django.HttpRequest";
const MANAGER = "django.Manager";
const QUERYSET = "django.QuerySet";
const RESPONSE = "django.HttpResponse";
const SESSION = "django.Session";
/** A class-based view that looks its object up from the URL (`DetailView`, DRF's `GenericAPIView` and viewsets). */
const OBJECT_VIEW = "django.ObjectView";
/** A generic view that processes a form (`FormView`, `CreateView`, the auth views): where it goes next is its `success_url`. */
const FORM_VIEW = "django.FormView";
/** A django-filter `FilterSet`: the request's query applied to a queryset. */
const FILTERSET = "django_filters.FilterSet";
/** A form instance (a project subclass gets this type's models through its bases) and one of its bound fields. */
const FORM = "django.Form";
const BOUND_FIELD = "django.BoundField";
const FORM_CLASSES = ["Form", "ModelForm", "BaseForm", "forms.Form", "forms.BaseForm", "models.ModelForm", "models.BaseModelForm"].map((c) => `django.forms.${c}`);
/** What renders a form or a bound field as HTML: Django's widget templates escape every value they print. */
const FORM_RENDERERS = ["as_p", "as_table", "as_ul", "as_div", "render", "__str__", "__html__"];
const FIELD_RENDERERS = ["as_widget", "as_text", "as_textarea", "as_hidden", "label_tag", "legend_tag", "__str__", "__html__"];
const NOT_HTML = "^(?!.*html)";

const RESPONSE_CLASSES = [
  "HttpResponse",
  "HttpResponseBadRequest",
  "HttpResponseNotFound",
  "HttpResponseForbidden",
  "HttpResponseNotAllowed",
  "HttpResponseGone",
  "HttpResponseServerError",
].flatMap((c) => [`django.http.${c}`, `django.http.response.${c}`]);

/** QuerySet methods returning another QuerySet. */
const QUERYSET_METHODS = ["all", "filter", "exclude", "order_by", "annotate", "select_related", "prefetch_related", "using", "distinct", "defer", "only", "none"];
/** Methods returning stored rows, values or counts (not `create`/`get_or_create`, whose object holds the given values). */
const ROW_METHODS = ["get", "first", "last", "earliest", "latest", "count", "exists", "values", "values_list", "in_bulk", "aggregate", "iterator"];

/** Form fields whose cleaned values are numbers, dates, booleans, UUIDs, slugs or one of the declared choices. */
const FORM_FIELDS = [
  "IntegerField",
  "FloatField",
  "DecimalField",
  "BooleanField",
  "NullBooleanField",
  "DateField",
  "DateTimeField",
  "TimeField",
  "DurationField",
  "UUIDField",
  "SlugField",
  "ChoiceField",
  "TypedChoiceField",
  "MultipleChoiceField",
  "ModelChoiceField",
  "ModelMultipleChoiceField",
];
/** DRF serializer fields of the same kinds. */
const SERIALIZER_FIELDS = ["IntegerField", "FloatField", "DecimalField", "BooleanField", "DateField", "DateTimeField", "TimeField", "DurationField", "UUIDField", "SlugField", "PrimaryKeyRelatedField"];

/** django.contrib.auth's signals, sent with the request that logged in, out, or failed to. */
const AUTH_SIGNALS = ["user_login_failed", "user_logged_in", "user_logged_out"].map((s) => `django.contrib.auth.signals.${s}`);

const REQUEST_CLASSES = ["django.http.HttpRequest", "django.http.request.HttpRequest", "django.core.handlers.wsgi.WSGIRequest", "rest_framework.request.Request"];

export const django: TaintModel = {
  name: "django",
  triggers: ["django", "rest_framework", "django_filters"],
  types: [
    { type: REQUEST, class: REQUEST_CLASSES },
    { type: FORM, class: FORM_CLASSES },
    { type: SESSION, on: [REQUEST], attr: ["session"] },
    { type: "django.Connection", name: ["django.db.connection"] },
    { type: "dbapi.Cursor", on: ["django.Connection"], method: ["cursor"] },
    { type: MANAGER, untypedAttr: ["objects"], requiresImport: ["django", "rest_framework"] },
    {
      type: QUERYSET,
      on: [MANAGER, QUERYSET],
      method: QUERYSET_METHODS,
    },
    // a parameter annotated `qs: QuerySet`
    { type: QUERYSET, class: ["django.db.models.QuerySet", "django.db.models.query.QuerySet"] },
    {
      type: OBJECT_VIEW,
      class: [
        ...["DetailView", "UpdateView", "DeleteView"].map((c) => `django.views.generic.${c}`),
        "django.views.generic.detail.DetailView",
        "django.views.generic.detail.SingleObjectMixin",
        // a model form view is a single-object view too (`ModelFormMixin` extends `SingleObjectMixin`)
        ...["ModelFormMixin", "BaseCreateView", "BaseUpdateView", "BaseDeleteView"].map((c) => `django.views.generic.edit.${c}`),
        "django.views.generic.edit.UpdateView",
        "django.views.generic.edit.DeleteView",
        ...["GenericAPIView", "RetrieveAPIView", "UpdateAPIView", "DestroyAPIView", "RetrieveUpdateAPIView", "RetrieveDestroyAPIView", "RetrieveUpdateDestroyAPIView"].map((c) => `rest_framework.generics.${c}`),
        ...["GenericViewSet", "ModelViewSet", "ReadOnlyModelViewSet"].map((c) => `rest_framework.viewsets.${c}`),
      ],
    },
    {
      type: FORM_VIEW,
      class: [
        ...["FormView", "CreateView"].flatMap((c) => [`django.views.generic.${c}`, `django.views.generic.edit.${c}`]),
        ...["FormMixin", "BaseFormView", "DeletionMixin"].map((c) => `django.views.generic.edit.${c}`),
        ...["LoginView", "PasswordChangeView", "PasswordResetView", "PasswordResetConfirmView"].map((c) => `django.contrib.auth.views.${c}`),
      ],
    },
    { type: FILTERSET, class: ["django_filters.FilterSet", "django_filters.filterset.FilterSet", "django_filters.rest_framework.FilterSet", "django_filters.rest_framework.filterset.FilterSet"] },
    // `FilterSet(request.GET, queryset=qs).qs`: the queryset with the request's filters bound as query parameters
    { type: QUERYSET, on: [FILTERSET], attr: ["qs"] },
  ],
  sources: [
    {
      label: "database error",
      caught: ["Error", "DatabaseError", "IntegrityError", "OperationalError", "ProgrammingError", "DataError", "InternalError"].flatMap((e) => [`django.db.${e}`, `django.db.utils.${e}`]),
      kinds: ["error-disclosure"],
    },
    { label: "request.GET", on: [REQUEST], attr: ["GET"] },
    { label: "request.POST", on: [REQUEST], attr: ["POST"] },
    { label: "request.COOKIES", on: [REQUEST], attr: ["COOKIES"] },
    { label: "request.META", on: [REQUEST], attr: ["META"], type: ENVIRON },
    // an HTTP parser ends a header at its line break: a header value holds none and cannot forge a log line
    { label: "request.headers", on: [REQUEST], attr: ["headers"], type: "django.HttpHeaders", exceptKinds: ["log"] },
    refererRead(["django.HttpHeaders"]),
    { label: "request.body", on: [REQUEST], attr: ["body"] },
    { label: "request.FILES", on: [REQUEST], attr: ["FILES"] },
    // DRF parses the body by its content type: a JSON body holds objects whose keys the client chose
    { label: "request.data", on: [REQUEST], attr: ["data"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "request.query_params", on: [REQUEST], attr: ["query_params"] },
    // the path of the request being served: a path on this host, not a redirect target an attacker can choose (see open-redirect)
    { label: "request.path", on: [REQUEST], attr: ["path", "path_info"], routePath: "prefixed", exceptKinds: ["redirect"] },
    { label: "request.get_full_path()", on: [REQUEST], method: ["get_full_path", "read", "readline", "readlines"] },
    // `scheme://host/path` of the request being served (the host checked against ALLOWED_HOSTS): it cannot lead off
    // the site or begin `javascript:`; a location passed in is its own source (an absolute one is returned as it is)
    { label: "request.build_absolute_uri()", on: [REQUEST], method: ["build_absolute_uri"], exceptKinds: ["redirect"], passesArgs: true },
  ],
  sinks: [
    { kind: "sql", on: [MANAGER, QUERYSET], method: ["raw"], untyped: ["django", "rest_framework"], args: [{ pos: 0, kw: "raw_query" }] },
    {
      kind: "sql",
      on: [MANAGER, QUERYSET],
      method: ["extra"],
      untyped: ["django", "rest_framework"],
      args: [{ pos: 0, kw: "select" }, { pos: 1, kw: "where" }, { pos: 3, kw: "tables" }, { pos: 4, kw: "order_by" }],
    },
    { kind: "sql", call: ["django.db.models.expressions.RawSQL", "django.db.models.RawSQL"], args: [{ pos: 0, kw: "sql" }] },
    {
      kind: "xss",
      call: RESPONSE_CLASSES,
      args: [{ pos: 0, kw: "content", mode: "body" }],
      unless: [{ arg: { pos: 1, kw: "content_type" }, matches: NOT_HTML }],
      returns: RESPONSE,
      consumes: true,
      // `response["Content-Type"] = "text/plain"` before the view returns it
      responseObject: { headerAttrs: ["", "headers"], header: "Content-Type" },
    },
    { kind: "xss", call: ["django.utils.safestring.mark_safe", "django.utils.html.mark_safe", "django.utils.safestring.SafeString"], args: [{ pos: 0, kw: "s" }] },
    { kind: "xss", call: ["django.utils.html.format_html"], args: [{ pos: 0, kw: "format_string" }] },
    // a template file of the project that outputs a context variable `|safe` or under `{% autoescape off %}`
    { kind: "xss", call: ["django.shortcuts.render"], args: [{ mode: "unescaped", templateName: { pos: 1, kw: "template_name" }, context: { pos: 2, kw: "context" } }] },
    // … and one rendered to text, judged where the text goes: a response sends it, a mail body does not
    { kind: "xss", call: ["django.template.loader.render_to_string"], rendered: true, args: [{ mode: "unescaped", templateName: { pos: 0, kw: "template_name" }, context: { pos: 1, kw: "context" } }] },
    {
      kind: "xss",
      call: ["django.template.response.TemplateResponse"],
      args: [{ mode: "unescaped", templateName: { pos: 1, kw: "template" }, context: { pos: 2, kw: "context" } }],
    },
    { kind: "xss", on: [RESPONSE], method: ["write", "writelines"], args: [{ pos: 0 }] },
    { kind: "path", call: ["django.http.FileResponse", "django.http.response.FileResponse"], args: [{ pos: 0 }], returns: RESPONSE },
    // `django.views.static.serve` is not a sink: it joins the path under `document_root` with `safe_join` (Http404 outside)
    // open redirect: the target of a redirect, a Location header
    { kind: "redirect", call: ["django.shortcuts.redirect"], args: [{ pos: 0, kw: "to" }], returns: RESPONSE },
    {
      kind: "redirect",
      call: ["HttpResponseRedirect", "HttpResponsePermanentRedirect"].flatMap((c) => [`django.http.${c}`, `django.http.response.${c}`]),
      args: [{ pos: 0, kw: "redirect_to" }],
      returns: RESPONSE,
    },
    { kind: "redirect", on: [RESPONSE], method: ["__setitem__", "setdefault"], when: [{ arg: { pos: 0, kw: "header" }, matches: "^location$" }], args: [{ pos: 1, kw: "value" }] },
    // trust boundary: request data stored in the session as if it had been checked
    { kind: "session", on: [SESSION], method: ["__setitem__", "setdefault"], args: [{ pos: 0, kw: "key" }, { pos: 1, kw: "value" }] },
    { kind: "session", on: [SESSION], method: ["update"], args: [{ mode: "rest", pos: 0 }] },
    // error disclosure: anything that reaches the client, whatever its content type
    { kind: "error-disclosure", call: RESPONSE_CLASSES, args: [{ pos: 0, kw: "content" }], returns: RESPONSE, consumes: true },
    { kind: "error-disclosure", call: ["django.http.JsonResponse", "django.http.response.JsonResponse", "rest_framework.response.Response"], args: [{ pos: 0, kw: "data" }], returns: RESPONSE, consumes: true },
    { kind: "error-disclosure", on: [RESPONSE], method: ["write", "writelines"], args: [{ pos: 0 }] },
    {
      kind: "error-disclosure",
      call: ["debug", "info", "success", "warning", "error"].map((l) => `django.contrib.messages.${l}`),
      args: [{ pos: 1, kw: "message" }],
    },
    { kind: "error-disclosure", call: ["django.contrib.messages.add_message"], args: [{ pos: 2, kw: "message" }] },
    {
      kind: "error-disclosure",
      call: ["APIException", "ValidationError", "ParseError", "PermissionDenied", "NotFound"].map((e) => `rest_framework.exceptions.${e}`),
      args: [{ pos: 0, kw: "detail" }],
    },
  ],
  sanitizers: [
    { call: ["django.utils.html.escape", "django.utils.html.conditional_escape", "django.utils.html.format_html"], kinds: ["xss", "xpath"] },
    { call: ["django.utils.text.get_valid_filename"], kinds: ["path"] },
    // `request.GET.urlencode()`: a QueryDict percent-encodes every key and value (its `safe=` may keep characters)
    { method: ["urlencode"], untyped: ["django", "rest_framework"], receiver: true, kinds: PERCENT_ENCODED, unless: [{ arg: { pos: 0, kw: "safe" }, present: true }] },
    { call: ["django.utils._os.safe_join"], kinds: ["path"] },
    // a query's own structure — its model class, its SQL tree (ordering, grouping), whether it is ordered —
    // is the code's, whatever values it filters by
    { on: [QUERYSET, MANAGER], attr: ["model", "query", "ordered", "db"], kinds: "all" },
    { on: [FILTERSET], attr: ["qs"], kinds: "all" },
    // `query.where.as_sql(compiler, connection)`, `compiler.compile(node)`: Django's own SQL with `%s` placeholders,
    // then the values bound to them — the text is no injection, the parameters keep what they hold
    { method: ["as_sql", "compile"], untyped: ["django"], kinds: ["sql"], receiver: true, element: { index: 0, of: 2 } },
    // URLs reversed from the URLconf stay on the site, and `reverse()` percent-encodes the arguments
    // it places in the path (`<`, `>`, `"` and spaces among them), as `html.escape(quote=False)` would for HTML
    // (`django.shortcuts` re-exports `reverse`)
    {
      call: ["django.urls.reverse", "django.urls.base.reverse", "django.core.urlresolvers.reverse", "django.shortcuts.reverse", "django.urls.reverse_lazy", "django.urls.base.reverse_lazy"],
      kinds: ["redirect", "ssrf", "xss"],
    },
  ],
  guards: [
    // Django's own check of a `next` URL: same host (or an allowed one), safe scheme, no `\` tricks
    {
      call: ["django.utils.http.url_has_allowed_host_and_scheme", "django.utils.http.is_safe_url"],
      arg: { pos: 0, kw: "url" },
      kinds: ["redirect"],
    },
  ],
  propagators: [
    // a form rendered (`form.as_p()`, `str(form)`, `str(form["email"])`): HTML whose values the widgets escaped; the bound
    // field itself (`form["email"]`) still holds the submitted value (`.value()`, `.data`)
    { on: [FORM], method: FORM_RENDERERS, result: "clean" },
    { on: [FORM], method: ["__getitem__"], result: "receiver", returns: BOUND_FIELD },
    { on: [BOUND_FIELD], method: FIELD_RENDERERS, result: "clean" },
    // asgiref's wrappers run the function they are given (in a thread, or on the event loop): the wrapper is that
    // function for what flows through it, `await sync_to_async(f)(x)` calls `f(x)` (also Channels' database one)
    { call: ["asgiref.sync.sync_to_async", "asgiref.sync.async_to_sync", "channels.db.database_sync_to_async"], result: { pos: 0, kw: "func" } },
    {
      call: [
        "django.shortcuts.render",
        "django.template.loader.render_to_string",
        "django.http.JsonResponse",
        "django.http.response.JsonResponse",
        "django.shortcuts.redirect",
        ...["HttpResponseRedirect", "HttpResponsePermanentRedirect"].flatMap((c) => [`django.http.${c}`, `django.http.response.${c}`]),
      ],
      result: "clean",
      returns: RESPONSE,
    },
    { call: ["rest_framework.response.Response"], result: "clean", returns: RESPONSE },
    // the ORM binds lookup values as query parameters: the rows that come back are stored data, not the
    // lookup's arguments (`Article.objects.filter(slug=slug).first()`, `get_object_or_404(Article, pk=pk)`)
    { on: [MANAGER, QUERYSET], method: QUERYSET_METHODS, result: "clean", returns: QUERYSET },
    { on: [MANAGER, QUERYSET], method: ROW_METHODS, result: "clean" },
    // a new row of the model: its fields hold the values given (`Crawl.objects.create(label=x)`), its other
    // attributes and properties (`crawl.admin_change_url`, `crawl.pk`) are the model's own
    { on: [MANAGER], method: ["create"], constructs: true },
    { call: ["django.shortcuts.get_object_or_404", "django.shortcuts.get_list_or_404"], result: "clean" },
    { method: ["get_object_for_this_type"], untyped: ["django"], result: "clean" },
    // a related manager of a model instance (`order.files.filter(id=file_id)`): keyword lookups are bound too
    { method: ["filter", "exclude"], untyped: ["django"], result: "clean", returns: QUERYSET },
    // a generic view's `get_object()` fetches the row the URL's lookup names (404 when there is none), its
    // `get_queryset()`/`filter_queryset()` and a FilterSet's `qs` are querysets: stored data, not the URL's text
    { on: [OBJECT_VIEW], method: ["get_object", "get_queryset", "filter_queryset", "paginate_queryset"], result: "clean" },
    // Django's own `get_success_url()` (where the project does not override it) is the view's `success_url` setting,
    // at most formatted with the saved object's fields, or the object's `get_absolute_url()`; the auth views' is
    // the `next` URL after Django's own host check: a page of this site, whatever the URL or the form held
    { on: [OBJECT_VIEW, FORM_VIEW], method: ["get_success_url"], result: "clean" },
    // a model's canonical URL is reversed from the URLconf: a path on this site whose arguments
    // (stored fields) `reverse()` percent-encodes, whatever the instance was filled with
    { method: ["get_absolute_url"], untyped: ["django"], result: "clean" },
  ],
  // the request's own URL: the same text on every call (a check of one call holds for the next)
  pureAccessors: ["get_full_path", "get_full_path_info", "build_absolute_uri", "get_host"],
  fieldValidation: {
    // the pattern is the first argument (`RegexValidator(r"^[a-z]+$")`, `serializers.RegexField(r"^[A-Z]{3}$")`); as `regex=` it is judged anywhere
    patternValidators: [
      "django.core.validators.RegexValidator",
      "django.core.validators.validators.RegexValidator",
      "django.forms.RegexField",
      "django.forms.fields.RegexField",
      "rest_framework.serializers.RegexField",
      "rest_framework.fields.RegexField",
    ],
    // Django's EmailValidator and DRF's EmailField reject every control character of a line break
    // (a quoted local part may still hold `'`, `<` or `;`): an address is no forged log line, and it is
    // validated input a session may keep. A URL (URLValidator: no whitespace) is no forged log line
    // either, but a stored URL is a later redirect target, so it stays a trust-boundary concern.
    formatTypes: [
      { types: ["django.forms.EmailField", "django.forms.fields.EmailField", "rest_framework.serializers.EmailField", "rest_framework.fields.EmailField"], kinds: ["log", "session"] },
      { types: ["django.forms.URLField", "django.forms.fields.URLField", "rest_framework.serializers.URLField", "rest_framework.fields.URLField"], kinds: ["log"] },
    ],
    forms: [
      {
        bases: ["Form", "ModelForm", "forms.Form", "forms.ModelForm", "models.ModelForm"].map((b) => `django.forms.${b}`),
        attrs: ["cleaned_data"],
        safeFields: FORM_FIELDS.map((f) => `django.forms.${f}`),
      },
      {
        bases: ["Serializer", "ModelSerializer", "HyperlinkedModelSerializer"].map((b) => `rest_framework.serializers.${b}`),
        attrs: ["validated_data"],
        safeFields: [...SERIALIZER_FIELDS, "ChoiceField", "MultipleChoiceField"].map((f) => `rest_framework.serializers.${f}`),
      },
    ],
  },
  endpoints: [
    {
      framework: "django",
      requiresImport: ["django", "rest_framework"],
      // URLconfs register views defined anywhere
      registrations: [{ call: ["django.urls.path", "django.urls.re_path", "django.conf.urls.url"], route: { pos: 0, kw: "route" }, view: { pos: 1, kw: "view" } }],
      // DRF function views take the request under any name; ViewSet actions are methods
      decoratorNames: ["rest_framework.decorators.api_view", "rest_framework.decorators.action"],
      // a module-level `def f(request, ...)` in a Django file, or anywhere when it reads `request.GET` & co.
      inferred: { param: ["request"], reads: ["GET", "POST", "COOKIES", "META", "FILES", "body"] },
      notViews: {
        decorators: ["django.dispatch.receiver", "django.dispatch.dispatcher.receiver", "django.contrib.admin.action", "django.contrib.admin.display"],
        // `@register.simple_tag` & co. on a `template.Library()`
        decoratorMethods: ["simple_tag", "inclusion_tag", "filter", "tag"],
        // error handlers receive the request but no URL parameters
        assignedTo: ["handler400", "handler403", "handler404", "handler500"],
      },
      params: "route",
      objects: [{ index: 0, type: REQUEST }],
      paramLabel: "URL parameter",
      objectAnnotations: [{ class: REQUEST_CLASSES, type: REQUEST }],
      viewBases: ["django.views", "rest_framework.views", "rest_framework.viewsets", "rest_framework.generics", "rest_framework.mixins"],
      viewMethods: ["get", "post", "put", "patch", "delete", "head", "options", "setup", "dispatch", "initial", "list", "create", "retrieve", "update", "partial_update", "destroy"],
      selfAttrs: [
        { name: "request", type: REQUEST },
        { name: "kwargs", source: "self.kwargs" },
        { name: "args", source: "self.kwargs" },
      ],
      safeConverters: ["int", "slug", "uuid"],
    },
    {
      // django.contrib.auth's login signals are sent from the login view: a receiver's `credentials` are what the
      // login form submitted (the password replaced by Django's mask), `request` is the request that tried to log in
      framework: "django",
      requiresImport: ["django"],
      decoratorNames: ["django.dispatch.receiver", "django.dispatch.dispatcher.receiver"],
      decoratorWhen: [{ arg: { pos: 0, kw: "signal" }, names: AUTH_SIGNALS }],
      // `user_login_failed.connect(handle_failed_login)`
      registrations: [{ call: AUTH_SIGNALS.map((s) => `${s}.connect`), view: { pos: 0, kw: "receiver" } }],
      params: "all",
      objects: [{ names: ["request"], type: REQUEST }, { names: ["sender"] }, { names: ["user"] }, { names: ["signal"] }],
      paramLabel: "login signal argument",
    },
  ],
};
