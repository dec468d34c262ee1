/**
 * The schema of the declarative taint models in `rules/models/`: what a framework or library
 * contributes as sources, sinks, sanitizers, propagators, types and guards. The engine in this
 * folder knows nothing about any library; everything library-specific is data of this shape.
 *
 * Names are qualified names as resolved by the semantic model (`flask.request`, `os.system`,
 * `sqlite3.connect`). Types are free-form strings naming the kind of object a value is
 * (`flask.Request`, `dbapi.Cursor`): they let a method call on a local variable (`cur.execute`)
 * be matched without a qualified name.
 */
import type { Level } from "../types.js";

/** Pure functions the engine can compute (`src/taint/folds.ts`). */
export type Fold = "base64-encode" | "base64-decode" | "base64-urlsafe-encode" | "base64-urlsafe-decode" | "url-unquote" | "url-unquote-plus";

/** A language whose quoting decides where inserted text can do harm (see `src/taint/strings.ts`). */
export type Syntax = "sql" | "xpath" | "python" | "shell" | "ldap" | "path" | "log" | "name";

/** One argument of a call: by position and/or keyword. */
export interface ArgRef {
  /** 0-based positional index (counted without `self`). */
  pos?: number;
  kw?: string;
}

/**
 * Where a sink's danger lies.
 * - `value` (default): the whole argument value (every element of a container).
 * - `argv`: a command given as an argument vector: only the program (first element) matters,
 *   unless the program is a shell (`sh -c …`), then every element; a plain string is the program.
 * - `program`: this argument is a program path; when it folds to a shell, all later arguments matter too.
 * - `rest`: every positional argument from `pos` on, plus every keyword argument.
 * - `receiver`: the object the method is called on (`Path(user).read_text()`).
 * - `body`: a response body: of a `(body, status, headers)` tuple only the body, and nothing when
 *   its headers declare a non-HTML content type or the body is a dict or list (sent as JSON).
 * - `str`: the sink writes `str()` of the value: of a list, tuple, set or dict (also `vars(obj)`), that is the
 *   `repr()` of its text elements, with line breaks and quotes escaped (`logger.debug({"q": q})`).
 */
export interface SinkArg extends ArgRef {
  /**
   * `unescaped`: the keyword arguments the constant template at `template` renders without escaping (`{{ x|safe }}`);
   * with `templateName` instead, the template is the project's file of that constant name under a `templates/` folder
   * (`render_template("page.html", q=q)`), and the variables are keyword arguments or the keys of the dict at `context`.
   * `printf`: the arguments from `pos` on that the constant printf-style template at `template` interpolates
   * (`logger.info("user %s", name)`); a `%r`/`%a` conversion passes its value through `repr()` first.
   */
  mode?: "value" | "argv" | "program" | "rest" | "receiver" | "unescaped" | "printf" | "body" | "str";
  /** Only the entry under this constant key of a dict argument built where it is seen (`{"$where": script}`). */
  key?: string;
  template?: ArgRef;
  templateName?: ArgRef;
  context?: ArgRef;
}

/** A test on one argument of a call, judged on its folded constant or qualified name. */
export interface ArgCondition {
  arg: ArgRef;
  /** Truthy (absent counts as falsy). */
  truthy?: boolean;
  /** The argument is present. */
  present?: boolean;
  /** The argument's qualified name is one of these (`Loader=yaml.SafeLoader`). */
  names?: string[];
  /** The argument folds to a string matching this regular expression (case-insensitive). */
  matches?: string;
  /** The argument folds to this constant (`resolve_entities=True`, not merely a truthy value). */
  equals?: string | number | boolean | null;
  /** The argument's value is of one of these types; false when it is of another type or of none known. */
  types?: string[];
  /** The outcome when the argument is absent (default: as if it were falsy). */
  absent?: boolean;
  /** The argument is a dict (Tornado's `self.write(dict)` sends JSON). */
  dict?: boolean;
  /**
   * The program the argument names — the first element of an argument vector, or the first word of
   * a command string, without its folder — matches this regular expression (`^python[0-9.]*$`).
   */
  program?: string;
  /** The argument is a dict with this key (case-insensitive), whose value meets `matches`/`names` (`headers={"Content-Type": "text/html"}`). */
  key?: string;
  /**
   * The argument folds to a regular expression that can backtrack catastrophically (see
   * `src/taint/backtracking.ts`), searched for (`partial`) or matched against the whole text (`full`).
   * A pattern that does not fold counts as false, not unknown.
   */
  backtracks?: "partial" | "full";
  /** Judge this attribute of the receiver instead of `arg` (a compiled pattern's `pattern`). */
  receiverAttr?: string;
}

/** Selects calls: by qualified callee, or by method name on receivers of a type. */
export interface CallSelector {
  /** Qualified names of the callee (`os.system`, `sqlite3.connect`). */
  call?: string[];
  /** Receiver types for `method` (`dbapi.Cursor`). */
  on?: string[];
  /** Method names, matched with `on`, or on any receiver with `untyped`. */
  method?: string[];
  /**
   * Also match `method` when the receiver's type is unknown. `true` always; a list of import
   * prefixes limits it to files importing one of them (`["django"]`).
   */
  untyped?: boolean | string[];
}

export interface SourceSpec {
  /** How the source is named in messages (`request.args`). */
  label: string;
  /** Qualified names that are tainted values when read (`sys.argv`, `os.environ`). */
  name?: string[];
  /** Qualified callees whose result is tainted (`input`, `os.getenv`). */
  call?: string[];
  /** Receiver types for `attr` / `method`. */
  on?: string[];
  /** Attributes of `on` values that are tainted (`request.args`). */
  attr?: string[];
  /** Methods of `on` values whose result is tainted (`request.get_json()`). */
  method?: string[];
  /** A local, lower-precision source (command line, environment, console): only with includeLocalSources. */
  local?: boolean;
  /** Type of the elements of the tainted value (`request.files[...]` is a FileStorage). */
  elementType?: string;
  /** Type of the tainted value itself. */
  type?: string;
  /**
   * The request path: in a view whose route has no variables it is that route (`exact`: the route
   * itself, as Flask's `request.path`; `prefixed`: the route under a mount prefix the deployment
   * chooses, as Django's `request.path`), not user input.
   */
  routePath?: "exact" | "prefixed";
  /**
   * The sink kinds this source's values are dangerous for. Kinds named here are reserved: sources
   * without `kinds` (request data) are not dangerous for them (an exception's text is a disclosure
   * risk in a response, request data is not).
   */
  kinds?: string[];
  /**
   * Sink kinds this source's values are not dangerous for, although they are for the rest (the
   * path of the request being served is a path on this host: as a redirect target it sends the
   * browser back into the site, see the open-redirect rule).
   */
  exceptKinds?: string[];
  /**
   * Reserved kinds this source is also dangerous for (a parsed JSON body may hold objects, not only
   * text: `nosql`). A kind named here is reserved like one named by `kinds`.
   */
  alsoKinds?: string[];
  /** Exceptions of these classes (qualified names), bound by `except ... as name`, are this source. */
  caught?: string[];
  /** With `method`: the call's arguments flow into the result too (`request.build_absolute_uri(location)` returns an absolute location as it is). */
  passesArgs?: boolean;
  /**
   * With `method`: a source only when all of these certainly hold (a header read under one name,
   * `request.headers.get("Referer")`); otherwise the call is judged as if this source were not modelled.
   */
  when?: ArgCondition[];
  /**
   * Sink kinds for which this source's findings are notes: the value reaches the sink, but the harm needs
   * an unusual setup (the Referer as a redirect target sends the user back to the page they came from).
   */
  noteKinds?: string[];
}

export interface SinkSpec extends CallSelector {
  /** The sink kind, matched against a rule's `sinkKinds` (`sql`, `command`, …). */
  kind: string;
  /** Which arguments carry the danger. */
  args: SinkArg[];
  /** Every condition must hold or be unknown for the call to be a sink (`shell=True`). */
  when?: ArgCondition[];
  /** The call is not a sink when any of these certainly holds (`Loader=yaml.SafeLoader`). */
  unless?: ArgCondition[];
  /**
   * The call is not a sink when its result is at once the receiver of one of these methods, which
   * give back plain text (`Markup(s).unescape()`, `Markup(s).striptags()` decode entities or drop
   * tags: the string is never used as markup).
   */
  unlessResultCalls?: string[];
  /**
   * Not a sink inside the body of a `try` whose handler catches one of these exception classes: the
   * code expects the argument to be rejected there (`except re.error:` around a pattern a user writes
   * on purpose, as in a search offering regular expressions).
   */
  unlessCaught?: string[];
  /**
   * A sink only when the call's result is itself called, in place or through the plain name it is
   * assigned to (`getattr(module, name)()`, `fn = getattr(module, name)` … `fn()`): a lookup that picks code.
   */
  resultCalled?: boolean;
  /**
   * The call returns the rendered text instead of sending it (Django's `render_to_string`): what its template outputs
   * unescaped (`mode: "unescaped"` arguments) is not judged at the call but carried by the result, for this sink's kind,
   * so a response that sends the text is the finding and a mail body is not.
   */
  rendered?: boolean;
  /** A lower level for findings at this sink (e.g. `importlib.import_module`). */
  level?: Level;
  /**
   * The call's result no longer carries this kind (the finding was reported at the call: `text(q)`),
   * or these kinds (a template built from input is not also reported as the HTML it renders).
   */
  consumes?: boolean | string[];
  /** Type of the call's result. */
  returns?: string;
  /**
   * For HTML sinks, the response's declared content type (see `ContentTypeSpec`): `html` — a sink
   * only once it is declared HTML (or declared with a value that does not fold); `unless-other` —
   * a sink unless it is declared as something other than HTML.
   */
  contentType?: "html" | "unless-other";
  /**
   * The result is a response object whose content type can still be set: where every view that
   * returns it has set a non-HTML type first (`resp.mimetype = "text/plain"`), the finding is withdrawn.
   */
  responseObject?: ResponseObjectSpec;
}

/**
 * A call that writes data into a folder or file named by an argument (`archive.extractall(dest)`,
 * `upload.save(path)`): what is later read back from there carries the data's taint, for the kinds
 * that stay dangerous in a file's contents (code, pickles — not the request's text as SQL).
 */
export interface WriteSpec extends CallSelector {
  /** Where the data comes from: the receiver or an argument. */
  from: "receiver" | ArgRef;
  /** The folder or file written. */
  to: ArgRef;
  kinds: string[];
}

/**
 * A call that runs a function with arguments, now or later: a task queue (`task.delay(x)`,
 * `queue.enqueue(f, x)`, `actor.send(x)`), an executor or thread (`loop.run_in_executor(None,
 * os.system, cmd)`, `Thread(target=f, args=(x,))`). The function is analysed as called with those
 * arguments at this call site, so request data passed to a task reaches the task's sinks, with the
 * call site in the trace. A method named here on a receiver of unknown type applies only when the
 * receiver is a function (`untyped`).
 */
export interface InvokerSpec extends CallSelector {
  /** The function run: the receiver (`task.delay(...)`), or an argument; a string argument names it (`"tasks.resize"`). */
  target: "receiver" | ArgRef;
  /** Positional arguments passed on, from this position (`delay(*args)`: 0, `enqueue(f, *args)`: 1). */
  argsFrom?: number;
  /** Keyword arguments are passed on, except these (the queue's own options). */
  kwargs?: boolean;
  reserved?: string[];
  /** Arguments given as a sequence and a mapping (`apply_async(args=(...), kwargs={...})`). */
  argsArg?: ArgRef;
  kwargsArg?: ArgRef;
  /**
   * Where the call builds a step of a pipeline whose function also receives the previous step's
   * result as its first argument (Celery: `chain(fetch.s(url), store.s(name))` runs
   * `store(<fetch's result>, name)`): a positional argument after the first of a call to one of
   * `after`, a right operand of `|` when `pipe`, the argument of a call made on a call to one of
   * `applied` (`chord(header)(body.s())`). The previous result is not followed (it is clean).
   */
  chained?: { after: string[]; applied?: string[]; pipe?: boolean };
  /**
   * The call's value is what the function returns (`await asyncio.to_thread(f, x)` is `f(x)`), when the
   * function is known; otherwise the arguments flow to it, as for any call the models do not describe.
   */
  result?: boolean;
}

/**
 * A call that declares the content type of the response being built
 * (`self.send_header("Content-Type", "text/html")`, `start_response("200 OK", headers)`, or, as
 * `__setattr__`, `resp.content_type = falcon.MEDIA_HTML`). What it declares is remembered for the
 * rest of the function, for sinks and returned bodies that depend on it.
 */
export interface ContentTypeSpec extends CallSelector {
  /** The header-name argument; the call counts only when it folds to `Content-Type` (or matches `headerName`). */
  header?: ArgRef;
  /** A regular expression for the header name instead (`^content_type$` for an attribute). */
  headerName?: string;
  /** The value argument (a string, or a name in `htmlNames`). */
  value?: ArgRef;
  /** An argument holding `(name, value)` pairs or a dict of headers. */
  headers?: ArgRef;
  /** Qualified names of constants that stand for an HTML content type (`falcon.MEDIA_HTML`). */
  htmlNames?: string[];
}

/** Where a response object keeps its content type. */
export interface ResponseObjectSpec {
  /** Attributes holding the MIME type (`mimetype`, `content_type`). */
  attrs?: string[];
  /** Header collections: attributes (`headers`), or `""` for the response itself (`resp["Content-Type"]`). */
  headerAttrs?: string[];
  /** The header name (compared case-insensitively). */
  header: string;
}

export interface SanitizerSpec extends CallSelector {
  /** Sink kinds neutralised in the result; "all" makes the result clean. */
  kinds: string[] | "all";
  /** Attributes of `on` values that are sanitised reads of the value (`Path(p).name` holds no separator). */
  attr?: string[];
  /**
   * Only element `index` of the result, a tuple of `of` elements, is sanitised; the other elements
   * carry the inputs' taint unchanged (`os.path.split(p)[1]` is the last component, `[0]` is not).
   */
  element?: { index: number; of: number };
  /** The argument whose (sanitised) taint the result carries; default: all arguments. */
  arg?: ArgRef;
  /** Sanitises the receiver's taint too (method sanitizers such as `Markup.escape`). */
  receiver?: boolean;
  /**
   * The call raises on a value it cannot convert, so once it has returned, its first argument (a
   * variable) has the sanitised form too: `int(raw)` as a statement of its own, or `n = int(raw)`,
   * validates `raw` for what follows (`try: int(raw) except ValueError: return ...`).
   */
  checks?: boolean;
  /** Not a sanitizer when any of these certainly holds (`html.escape(s, quote=False)` for XPath). */
  unless?: ArgCondition[];
  /** A sanitizer only when all of these certainly hold (`args.get("n", type=int)`). */
  when?: ArgCondition[];
  /** Type of the result. */
  returns?: string;
}

/** A call whose result relates to its inputs in a modelled way (default: all inputs flow to the result). */
export interface PropagatorSpec extends CallSelector {
  /** "clean": unrelated to the inputs (`len`, `render_template`); "receiver": only the receiver flows; an ArgRef: only that argument. */
  result?: "clean" | "receiver" | ArgRef;
  /**
   * With `result` an argument: only its labels still dangerous for one of these kinds flow (an HTTP
   * response is the client's to choose only where the URL can still pick the server: `ssrf`).
   */
  resultWhile?: string[];
  /** The result is a normalised path (`os.path.realpath`), which a `startswith` check can contain. */
  normalizes?: boolean;
  /**
   * The result is a dict of the receiver's fields (pydantic's `model.dict()`/`model_dump()`): its keys are field
   * names, clean; its values are the receiver's attributes, or as tainted as the receiver where those are not known.
   */
  fieldsDict?: boolean;
  /**
   * The result is a new instance of the project class the receiver was read from (`Article.objects.create(title=t)`:
   * `Article`), its attributes the keyword arguments; with any other receiver, the inputs flow as usual.
   */
  constructs?: boolean;
  /** The result joins the receiver (for methods) and the positional arguments as path components (`os.path.join`, `Path(a, b)`). */
  joinsPaths?: boolean;
  /** A pure function computed on constant arguments, so its result stays a constant (`base64.b64decode`). */
  fold?: Fold;
  /** Sink kinds made dangerous again (`html.unescape` undoes HTML escaping). */
  restores?: string[];
  /** Type of the result. */
  returns?: string;
  /** The result is a container of elements of this type. */
  elementType?: string;
  /** Attributes of the result taken from arguments (`re.compile(p).pattern`). */
  attrs?: Record<string, ArgRef>;
  /**
   * The result is a parsed view of this argument (`urlparse(url)`, `ip_address(host)`): checks of
   * its components (`ComponentGuardSpec`) validate the argument itself.
   */
  parses?: ArgRef;
}

/** Where values of a type come from. */
export interface TypeSpec {
  type: string;
  /** Classes: calling one makes an instance; a parameter annotated with one is an instance. */
  class?: string[];
  /** Qualified names that are an instance (`flask.request`). */
  name?: string[];
  /** Calls returning an instance (`sqlite3.connect`). */
  call?: string[];
  /** Methods of `on` values returning an instance (`conn.cursor()`). */
  on?: string[];
  method?: string[];
  /** Attributes of `on` values that are instances; `"*"` for any name (`client.shop.orders`). */
  attr?: string[];
  /** Attribute names that are instances on any value of unknown type (`Model.objects`), in files importing one of `requiresImport`. */
  untypedAttr?: string[];
  requiresImport?: string[];
  /**
   * A request-scoped namespace (`flask.g`): request data one function stores in an attribute is
   * visible to every other function handling a request, so its attributes are shared project-wide.
   */
  requestScoped?: boolean;
  /** When a call makes the instance, an alternative type if a condition certainly holds (`autoescape=True`). */
  unless?: ArgCondition[];
  otherwise?: string;
  /**
   * When a call makes the instance: this entry applies only when every condition certainly holds;
   * otherwise the next entry for the same call does (`XMLParser(resolve_entities=True)`).
   */
  when?: ArgCondition[];
}

/**
 * A component of a parsed value (`urlparse(u).netloc`, `ip_address(h).is_private`) whose check
 * validates the value it was parsed from, for some sink kinds.
 * - `compare`: equality with a non-empty constant, or membership in a clean collection, on the
 *   branch where it holds (`if parsed.netloc not in ALLOWED_HOSTS: abort(400)`).
 * - `falsy` / `truthy`: the component's own truth value on the branch where it is false / true
 *   (`if ip.is_private: abort(400)` validates on the path that goes on).
 */
export interface ComponentGuardSpec {
  on: string[];
  attr: string[];
  kinds: string[];
  test: "compare" | "falsy" | "truthy";
}

/** A method call that changes the type of its receiver (`parser.setFeature(feature_external_ges, True)`). */
export interface RetypeSpec extends CallSelector {
  /** Every condition must certainly hold (a flag that may be off changes nothing). */
  when?: ArgCondition[];
  /** The receiver's type after the call. */
  type: string;
}

/**
 * A string whose constant beginning matches `pattern` cannot be steered, for these sink kinds, by
 * anything appended to it (`"https://api.example.com/" + path` fixes the host). The pattern is a
 * regular expression tested on the beginning as far as it is known; a part that is clean but not
 * constant (a configured base URL) stands there as the character U+0000.
 */
export interface FixedPrefixSpec {
  kinds: string[];
  pattern: string;
}

/** A boolean check that validates its subject on the branch where it is true. */
export interface GuardSpec extends CallSelector {
  kinds: string[] | "all";
  /** The checked argument; default: the receiver for methods, the first argument for calls. */
  arg?: ArgRef;
  /** The guard holds only when this condition certainly holds (`isinstance(x, int)`). */
  when?: ArgCondition;
  /** The guard holds only for a normalised path (`realpath(p).startswith(base)`). */
  normalized?: boolean;
  /** Where the check is false, the subject does not contain these (`^/`: does not start with `/`, after `os.path.isabs`). */
  falseExcludes?: string[];
  /** Kinds the subject is clean of where the check is false (`isinstance(x, Exception)`: elsewhere `x` is no exception). */
  falseKinds?: string[];
  /**
   * The call raises where the check fails instead of answering False, and returns a value of its own
   * (`path.relative_to(root)`): once a statement made of it (or assigning its result) has run, the subject is
   * validated (`try: candidate.relative_to(root) except ValueError: continue`), and its result is not a verdict.
   */
  raises?: boolean;
}

/** A regular-expression match used as a validation guard (`re.fullmatch(PATTERN, value)`). */
export interface RegexGuardSpec extends CallSelector {
  /** How the pattern is anchored by the function: `full` (fullmatch), `start` (match), `none` (search). */
  anchoring: "full" | "start" | "none";
  /** The pattern argument; absent for methods of a compiled pattern. */
  pattern?: ArgRef;
  subject: ArgRef;
  /** The flags argument (MULTILINE makes `^`/`$` anchor lines); compiled patterns keep theirs as attribute `flags`. */
  flags?: ArgRef;
}

/**
 * A regular-expression substitution that removes everything outside a character class
 * (`re.sub(r"[^a-z0-9]", "", value)`): its result only holds that class's characters.
 */
export interface RegexSanitizerSpec extends CallSelector {
  /** The pattern argument; absent for methods of a compiled pattern. */
  pattern?: ArgRef;
  replacement: ArgRef;
  subject: ArgRef;
}

/**
 * A library object that stores values under keys and is read back by key (`configparser`,
 * `collections.ChainMap`, `http.cookies.SimpleCookie`, `email.message.Message`): tracked like a
 * dict, precise per constant key, with one dict level per key of an access (`conf.get(section,
 * option)` reads two levels).
 */
export interface MappingSpec {
  /** The type of the object (methods below are matched on it); absent for plain dict subclasses. */
  type?: string;
  /** Constructors (classes or factory functions) returning the object. */
  class?: string[];
  /**
   * What the constructor's arguments hold: `copy` — a mapping to copy (argument `from`);
   * `chain` — mappings searched in order, the first holding a key wins (`ChainMap(a, b)`);
   * `absorb` — parsed data of unknown keys (argument `from`: a cookie header, a message text).
   */
  init?: "copy" | "chain" | "absorb";
  from?: ArgRef;
  /** The argument naming a factory whose result a missing key reads as (`defaultdict(list)`). */
  factory?: ArgRef;
  /** Keys per access: 2 for section and option. */
  levels?: number;
  /** Per level, whether constant string keys compare case-insensitively (header names, option names). */
  foldCase?: boolean[];
  /** A first-level key whose entries every other first-level entry falls back to (configparser's `DEFAULT` section). */
  fallbackKey?: string;
  /** Methods reading one entry: the key arguments (one per level) and the default when it is missing. */
  get?: { method: string[]; keys: ArgRef[]; default?: ArgRef }[];
  /** Methods storing one entry; without `value` they store an empty mapping (`add_section`). */
  set?: { method: string[]; keys: ArgRef[]; value?: ArgRef }[];
  /** Methods adding data under keys not known (`read_string`, `load`). */
  absorb?: { method: string[]; arg: ArgRef }[];
}

/**
 * A call that registers a view defined anywhere (`app.add_url_rule("/", view_func=index)`,
 * `path("x/", views.f)`, `app.router.add_get("/", handler)`, `app.add_route("/x", Resource())`).
 * The view argument may name a function or a class (`Resource()`, `View.as_view()`), whose handler
 * methods are then views.
 */
export interface RegistrationSpec {
  /** Method names, on any receiver in files importing one of `requiresImport` (default: the endpoint's). */
  method?: string[];
  /** Qualified callees (`django.urls.path`). */
  call?: string[];
  requiresImport?: string[];
  view: ArgRef;
  /** The route template argument, when the call has one. */
  route?: ArgRef;
  /** The argument naming the handler-method suffix the route serves (Falcon's `suffix="count"` → `on_get_count`). */
  suffix?: ArgRef;
  /** Positional arguments after `route` are more routes of the same view (`api.add_resource(Item, "/items", "/items/<id>")`). */
  moreRoutes?: boolean;
  /**
   * A route table instead of one route: the argument (a list literal, or a name assigned one, also
   * concatenated with `+`) holds entries — tuples whose `entry.route`-th element is the route and
   * `entry.view`-th the view (`tornado.web.Application([(r"/x/([0-9]+)", Handler)])`); `view` and `route`
   * are then unused.
   */
  table?: ArgRef;
  entry?: { route: number; view: number };
}

/** A parameter of a view that holds a framework object (the request, the response) or nothing of the user's. */
export interface ObjectParamSpec {
  /** Matched by name first (`request`, `info`, `context`) … */
  names?: string[];
  /** … else by position among the parameters after `self` (skipping `*args`/`**kwargs`). */
  index?: number;
  /** Only when the parameter has no annotation (an annotated one says what it is). */
  unannotated?: boolean;
  /** The object's type; absent: the parameter is clean (GraphQL `info`, a Lambda `context`). */
  type?: string;
}

/**
 * Where a schema declares the type of each argument a class-based handler receives (graphene): in
 * a nested class of the handler's class (`class Arguments: count = graphene.Int()`), or as keyword
 * arguments of the class attribute a handler named `<resolverPrefix><field>` resolves
 * (`books = graphene.List(Book, limit=graphene.Int())`, also in an `args={...}` dict). A parameter
 * declared with one of `safeTypes` (the type, an instance of it, or one of `wrappers` around it:
 * `graphene.NonNull(graphene.Int)`, `graphene.List(graphene.Int)`, `graphene.Argument(graphene.Int)`),
 * or with a project subclass of one of `safeBases` (an enum), is clean: the server validated it.
 */
export interface DeclaredArgsSpec {
  classes: string[];
  resolverPrefix: string;
  /** The keyword of a field call holding a dict of arguments (`args`). */
  argsKeyword?: string;
  safeTypes: string[];
  safeBases?: string[];
  wrappers: string[];
}

/** An attribute of `self` in a class-based view: a typed object or a source. */
export interface SelfAttrSpec {
  name: string;
  type?: string;
  /** The attribute is request data, with this label (`self.kwargs`). */
  source?: string;
}

/**
 * How a web framework, serverless runtime, GraphQL library or command-line toolkit declares its
 * entry points (views, handlers, resolvers, commands), and what their parameters hold. Every way of
 * recognising a view below is independent; a function is a view when any one applies.
 */
export interface EndpointSpec {
  /** The stack's name, for documentation (`flask`, `aiohttp`, `aws-lambda`). */
  framework: string;
  /** Command-line entry points: active only with local sources on, and their sources are local. */
  local?: boolean;

  // ---- recognising a view --------------------------------------------------------------------
  /** Route decorator methods (`@app.route`, `@router.get`) … */
  decorators?: string[];
  /** … on receivers of these types (`flask.Flask`), or on receivers of unknown type in files importing `requiresImport`. */
  appTypes?: string[];
  requiresImport?: string[];
  /** Route decorators by qualified name, called or bare (`@bottle.route("/x")`, `@litestar.get`, `@functions_framework.http`). */
  decoratorNames?: string[];
  /**
   * Conditions a matching decorator's call must meet, each on a qualified name or constant of an argument
   * (`@receiver(user_login_failed)`: the signal the receiver is connected to). A bare decorator meets none.
   */
  decoratorWhen?: ArgCondition[];
  /**
   * An attribute that publishes handlers when set to `True` (CherryPy's `exposed`), in a file importing
   * `requiresImport`: on a class (`exposed = True` in its body: its public methods are views, which is
   * also how the `MethodDispatcher` finds `GET`/`POST`), or on one function or method beside its
   * definition (`index.exposed = True`).
   */
  exposedAttr?: string;
  /** The route template argument of a route decorator (default: the first positional argument). */
  routeArg?: ArgRef;
  /** Calls registering views defined anywhere. A route decorator called on a function (`app.route("/")(index)`) registers it too. */
  registrations?: RegistrationSpec[];
  /** Base classes of class-based views … */
  viewBases?: string[];
  /**
   * … or a regular expression their qualified names match, for bases generated per application
   * (gRPC's `users_pb2_grpc.UserServiceServicer`: `_pb2_grpc\.\w+Servicer$`).
   */
  viewBasePattern?: string;
  /** … and their handler methods, by name … */
  viewMethods?: string[];
  /** … or by pattern (`^on_[a-z]+(_\w+)?$`, `^resolve_\w+$`, `^do_[A-Z]+$`). Registered classes' handler methods are views too. */
  viewMethodPattern?: string;
  /** Module-level functions (and methods) recognised by their leading parameter names (`event, context`; `environ, start_response`). */
  signature?: string[];
  /**
   * Module-level functions inferred from their first parameter: named one of `param`, in a file
   * importing `requiresImport`, or anywhere when the body reads one of `reads` from it
   * (`request.GET`). Only module-level functions, never nested ones.
   */
  inferred?: { param: string[]; reads?: string[] };
  /**
   * Functions that look like views but are not: under one of these decorators (qualified names,
   * or method names such as `simple_tag`), or named by these module-level assignments
   * (`handler404 = views.not_found`: it receives the request, but no URL parameters).
   */
  notViews?: { decorators?: string[]; decoratorMethods?: string[]; assignedTo?: string[] };

  // ---- what a view's parameters hold ---------------------------------------------------------
  /**
   * The parameters that are not objects: `route` — those named in the route template are sources
   * (clean with a safe converter), all are when the template is unknown; `annotated` — by their
   * annotations and defaults (FastAPI); `all` — every one is a source; `none` — ordinary parameters.
   */
  params: "route" | "annotated" | "all" | "none";
  /** Parameters that are request data of a modelled type (WSGI's `environ`, read by key: see `stdlib-web.ts`), by name. */
  sourceTypes?: { names: string[]; type: string }[];
  /** Parameters holding framework objects or nothing of the user's (matched before `params` applies). */
  objects?: ObjectParamSpec[];
  /**
   * With `params: "route"`: the parameters the route template does not name receive the query string
   * and form fields (Odoo passes every request parameter as a keyword argument), so they are sources
   * too; without it they are ordinary parameters (Flask).
   */
  unnamedFromQuery?: boolean;
  /** Label of parameter sources (`route parameter` → "route parameter name"). */
  paramLabel: string;
  /**
   * Route template syntax: regular expressions with a `name` group and an optional `conv` group
   * (default: `<conv:name>`, `{name:conv}` and `(?P<name>regex)`).
   */
  routeSyntax?: string[];
  /**
   * The route is a regular expression whose capture groups are the handler's arguments (Tornado):
   * by name when it has named groups, else in order; each is judged on its group's alphabet, and a
   * parameter no group fills is not input. Without a readable route every parameter is a source.
   */
  regexGroups?: boolean;
  /** Route converters whose values are safe (`int`, `uuid`, `slug`); a `re:` prefix or a non-word converter is a regular expression, judged on its alphabet. */
  safeConverters?: string[];
  /** Parameter annotations that make the parameter a typed object rather than a source, with its type. */
  objectAnnotations?: { class: string[]; type: string }[];
  /** Parameter annotations of input objects (uploads): a source of that type. */
  sourceAnnotations?: { class: string[]; type: string }[];
  /** Default-value calls that make a parameter a dependency, not input (`Depends(...)`); also as `Annotated` metadata. */
  dependencyCalls?: string[];
  /** Generic annotations whose argument is an injected dependency, not input (a DI container's `FromDishka[StoreService]`). */
  dependencyGenerics?: string[];
  /** Annotations under which the framework validates the value into a safe type (`int`). */
  safeAnnotations?: string[];
  /**
   * Generic annotations that only say where a parameter's value comes from (Django Ninja's
   * `Query[Filters]`, `Path[int]`, `Body[Order]`): the parameter is judged by their argument.
   */
  sourceMarkers?: string[];
  /**
   * The only parameter names that receive the request body (Litestar's `data`). With it, a
   * parameter of another name annotated with a class — a project class other than an Enum, or a
   * library class the models type — cannot be a path, query, header or cookie value: it is a
   * dependency the framework injects by name (`users_service: UserService`), not input.
   */
  bodyParams?: string[];
  /**
   * Parameter annotations under which the framework hands over the parsed JSON body as it came
   * (`payload: dict`, `data: dict[str, Any]`, `Any`): its values may be objects and its keys are the
   * sender's, so the parameter is also a source of these reserved kinds (`nosql`, `attribute-write`).
   */
  documentAnnotations?: { class: string[]; kinds: string[] };
  /** Attributes of `self` in class-based views (Django's `self.request`, `self.kwargs`). */
  selfAttrs?: SelfAttrSpec[];
  /** Argument types declared beside a class-based handler (see `DeclaredArgsSpec`). */
  declaredArgs?: DeclaredArgsSpec;
  /**
   * Strings returned from a view become the HTML body, a sink of `kind`: `always` (unless the view
   * declares another content type), only when the route decorator declares an HTML response
   * (`declared`, see `htmlDeclaredBy`), or only when the view declares an HTML content type
   * (`content-type`). `iterable`: the body is the returned iterable's elements (WSGI).
   */
  returnSink?: { kind: string; when: "always" | "declared" | "content-type"; iterable?: boolean };
  /**
   * Whatever a view returns reaches the client, whatever its content type (a string, JSON made
   * from a dict or list, the body of a tuple): a sink of this kind. Response objects of modelled
   * types are judged where they are built.
   */
  bodySink?: string;
  /**
   * Decorators (qualified names, called or bare) under which the framework encodes whatever the view
   * returns (`@cherrypy.tools.json_out()`): a returned string is then a JSON string, not an HTML body.
   */
  encodesReturn?: string[];
  /** Route-decorator arguments that declare an HTML response (`response_class=HTMLResponse`); any one suffices. */
  htmlDeclaredBy?: ArgCondition[];
}

/**
 * Code that runs only in development: a function whose name matches `pattern`, or the branch of an
 * `if` whose condition is a name or attribute matching it (`if settings.DEBUG:`), also joined with
 * `and`. Sinks of `kinds` are not reported there: debug pages show tracebacks on purpose, and
 * whether debug mode is on in production is a configuration finding of its own.
 */
export interface DevelopmentOnlySpec {
  pattern: string;
  kinds: string[];
}

/**
 * Functions named as boolean checks (`check_for_language(code)`, `is_valid_slug(s)`,
 * `validate_coupon(c)`): tested in a condition, their arguments count as validated, for these sink
 * kinds, on the branch where the check passed. Meant for kinds whose danger is the absence of any
 * validation (storing request data in the session), not for kinds that need a specific encoding.
 */
export interface CheckPredicateSpec {
  /** Regular expression tested on the function's name in snake_case (`isValid` → `is_valid`). */
  pattern: string;
  kinds: string[];
}

export interface TaintModel {
  /** Framework or library name, for documentation. */
  name: string;
  /** A file importing one of these prefixes may contain flows from this model's sources. */
  triggers?: string[];
  /** The same for local sources (command-line parsers): only with local sources on. */
  localTriggers?: string[];
  /**
   * Narrower triggers for a library nearly every file imports (`asyncio`): a qualified name
   * (`asyncio.start_server`) makes a file relevant when the file imports that name, or imports its module
   * (`import asyncio`) and its text mentions the name's last part (`start_server`).
   */
  mentionTriggers?: string[];
  sources?: SourceSpec[];
  sinks?: SinkSpec[];
  sanitizers?: SanitizerSpec[];
  propagators?: PropagatorSpec[];
  types?: TypeSpec[];
  guards?: GuardSpec[];
  regexGuards?: RegexGuardSpec[];
  regexSanitizers?: RegexSanitizerSpec[];
  mappings?: MappingSpec[];
  /** Library constants by qualified name (`string.ascii_letters`), for folding and allow-lists. */
  constants?: Record<string, string>;
  /**
   * How the text reaching sinks of a kind is read (`{ sql: "sql", xpath: "xpath" }`): input the
   * text puts inside a quoted literal it cannot leave (a value without `'` inside `'…'`) is harmless there.
   */
  syntaxes?: Record<string, Syntax>;
  componentGuards?: ComponentGuardSpec[];
  retypes?: RetypeSpec[];
  fixedPrefixes?: FixedPrefixSpec[];
  developmentOnly?: DevelopmentOnlySpec[];
  checkPredicates?: CheckPredicateSpec[];
  /**
   * Functions named as validators that return the value they were given once it passed, or a safe
   * replacement (`_validate_next_url(url)` gives `""` for a URL off the site, `sanitize_redirect(u)`):
   * their result is clean for these kinds. As for `checkPredicates`, the name states the intent:
   * such helpers parse and rebuild the value in ways a summary cannot prove.
   */
  validatorNames?: CheckPredicateSpec[];
  /**
   * Methods that, called without arguments, give the same value each time during a request
   * (`request.get_full_path()`): a guard on one call refines the later ones, as it does for
   * `m.get(k)` (see `pureRead` in `src/taint/guards.ts`).
   */
  pureAccessors?: string[];
  /** Calls that never return (`flask.abort`, `sys.exit`). */
  noReturn?: string[];
  endpoints?: EndpointSpec[];
  /** Types whose `%` and `.format` escape their arguments for these kinds (`markupsafe.Markup`). */
  escapingFormatters?: { type: string; kinds: string[] }[];
  /** Calls and attribute writes declaring the response's content type. */
  contentTypes?: ContentTypeSpec[];
  /** Calls that run a function with arguments (task queues, executors, threads). */
  invokers?: InvokerSpec[];
  /** Calls that write data into a folder or file (archive extraction, saved uploads). */
  writes?: WriteSpec[];
  /** How a validating model (pydantic) constrains the fields of its classes. */
  fieldValidation?: FieldValidationSpec;
}

/**
 * Field constraints of validating models. A field is clean when one of its constraint calls (in its
 * annotation, `Annotated[...]` metadata or default: `Field(pattern=...)`, `constr(pattern=...)`) has a
 * `pattern`/`regex` over a safe alphabet, is one of `numeric`, wraps a project function that
 * returns only clean values (`AfterValidator(check)`), or when a method decorated with one of
 * `fieldValidators` naming the field returns only clean values.
 */
export interface FieldValidationSpec {
  /** Constrained types whose values are numbers or dates (`pydantic.conint`). */
  numeric?: string[];
  /**
   * Field types whose values hold no character any sink reads as syntax (`pydantic.PositiveInt`),
   * besides the numbers, dates and UUIDs every validating model knows.
   */
  safeTypes?: string[];
  /** Field types naming a host by address (`ipaddress.IPv4Address`): clean of every kind but `ssrf` and `redirect`. */
  hostTypes?: string[];
  /**
   * Field types and form field classes that validate a format which still lets some sink's syntax
   * through, so they clean their values of the listed kinds only: an e-mail address (`EmailStr`,
   * `django.forms.EmailField`) may hold `'` or `<`, never a line break, so it is clean for logs.
   * A project subclass of a listed form field class (`class LowercaseEmailField(forms.EmailField)`)
   * validates as its base does.
   */
  formatTypes?: { types: string[]; kinds: string[] }[];
  /** Calls whose first argument is a function the value passes through (`pydantic.AfterValidator`). */
  validatorWrappers?: string[];
  /** Decorators naming the fields a method validates (`pydantic.field_validator`). */
  fieldValidators?: string[];
  /** Validators whose first argument is a pattern the value must contain a match of (`RegexValidator(r"^[a-z]+$")`). */
  patternValidators?: string[];
  /**
   * Form-like classes: the mapping in `attrs` (`form.cleaned_data`) holds, under each declared
   * field's name (`year = forms.IntegerField()`), a value the field validated.
   */
  forms?: FormSpec[];
}

export interface FormSpec {
  /** Library base classes of the forms (`django.forms.Form`). */
  bases: string[];
  /** Attributes holding the validated values by field name (`cleaned_data`). */
  attrs: string[];
  /**
   * Methods returning the values their first argument (or `data=`) validates to, as that mapping
   * (marshmallow's `schema.load(data)`); with a truthy `many=` they return a list of them.
   */
  loads?: string[];
  /**
   * Decorators that call a view with the fields a schema validated from the request as keyword arguments
   * (webargs' `@use_kwargs(UserSchema, location="query")`, `@parser.use_kwargs({"page": fields.Int()})`): the
   * qualified decorators, and methods of parser objects — these qualified instances, or instances of classes
   * deriving from these parser classes.
   */
  kwargsFrom?: { calls: string[]; methods: string[]; instances: string[]; parsers: string[] };
  /**
   * Method decorators with which a schema replaces the mapping it loads (`@post_load` returning an object or
   * another dict), matched by their last name: such a schema's fields say nothing of what the view is given.
   */
  replacedBy?: string[];
  /**
   * Field classes whose values are numbers, dates, booleans, slugs or one of fixed choices
   * (`django.forms.IntegerField`), and validators in a field's `validators=`/`validate=` that
   * restrict it to fixed choices (`marshmallow.validate.OneOf`).
   */
  safeFields: string[];
}
