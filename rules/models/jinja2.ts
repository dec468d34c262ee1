/**
 * Jinja2 and MarkupSafe: templates built from input (template injection: the input is template
 * code), rendering without autoescape (XSS), Markup. A sandboxed environment limits what template
 * code can reach, so templates built from input there are reported at warning level.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

/** A template built from input is reported once, as template injection, not again as the HTML it renders. */
export const TEMPLATE_AND_HTML = ["template", "xss"];

const TEMPLATE = "jinja2.Template";
const SAFE_TEMPLATE = "jinja2.AutoescapeTemplate";
const ENV = "jinja2.Environment";
const SAFE_ENV = "jinja2.AutoescapeEnvironment";
const SANDBOX_ENV = "jinja2.SandboxedEnvironment";
const MARKUP = "markupsafe.Markup";
const TEMPLATES = "starlette.Jinja2Templates";

const AUTOESCAPE = [
  { arg: { kw: "autoescape" }, truthy: true },
  { arg: { kw: "autoescape" }, names: ["jinja2.select_autoescape", "jinja2.utils.select_autoescape"] },
];

export const jinja2: TaintModel = {
  name: "jinja2",
  types: [
    { type: TEMPLATE, class: ["jinja2.Template", "jinja2.environment.Template"], unless: AUTOESCAPE, otherwise: SAFE_TEMPLATE },
    { type: ENV, class: ["jinja2.Environment", "jinja2.environment.Environment"], unless: AUTOESCAPE, otherwise: SAFE_ENV },
    { type: SANDBOX_ENV, class: ["jinja2.sandbox.SandboxedEnvironment", "jinja2.sandbox.ImmutableSandboxedEnvironment"], unless: AUTOESCAPE, otherwise: SANDBOX_ENV },
    { type: TEMPLATE, on: [ENV, SANDBOX_ENV], method: ["from_string", "get_template"] },
    { type: SAFE_TEMPLATE, on: [SAFE_ENV], method: ["from_string", "get_template"] },
    // the environments of Flask and Starlette/FastAPI autoescape HTML
    { type: SAFE_ENV, on: ["flask.Flask", TEMPLATES], attr: ["jinja_env", "env"] },
    { type: TEMPLATES, class: ["fastapi.templating.Jinja2Templates", "starlette.templating.Jinja2Templates"] },
    { type: SAFE_TEMPLATE, on: [TEMPLATES], method: ["get_template"] },
  ],
  sinks: [
    // `Markup(s).unescape()` / `.striptags()` give plain text back: the idiom decodes entities, it marks nothing safe
    { kind: "xss", call: ["markupsafe.Markup", "flask.Markup", "jinja2.Markup", "jinja2.utils.Markup"], args: [{ pos: 0, kw: "base" }], returns: MARKUP, unlessResultCalls: ["unescape", "striptags"] },
    { kind: "template", consumes: TEMPLATE_AND_HTML, call: ["jinja2.Template", "jinja2.environment.Template"], args: [{ pos: 0, kw: "source" }] },
    { kind: "template", consumes: TEMPLATE_AND_HTML, on: [ENV, SAFE_ENV], method: ["from_string"], args: [{ pos: 0, kw: "source" }] },
    { kind: "template", consumes: TEMPLATE_AND_HTML, on: [SANDBOX_ENV], method: ["from_string"], args: [{ pos: 0, kw: "source" }], level: "warning" },
    // templates kept in a dict loader (`Environment(loader=DictLoader({"page.html": text}))`)
    { kind: "template", consumes: TEMPLATE_AND_HTML, call: ["jinja2.DictLoader", "jinja2.loaders.DictLoader"], args: [{ pos: 0, kw: "mapping" }] },
    { kind: "xss", on: [TEMPLATE], method: ["render", "render_async", "stream", "generate"], args: [{ pos: 0, mode: "rest" }], consumes: true },
  ],
  propagators: [{ on: [SAFE_TEMPLATE], method: ["render", "render_async", "stream", "generate"], result: "clean" }],
  sanitizers: [
    { call: ["bleach.clean"], kinds: ["xss"] },
    // nh3 (ammonia): keeps only allow-listed tags, attributes and URL schemes
    { call: ["nh3.clean"], kinds: ["xss"] },
    { call: ["markupsafe.escape", "flask.escape", "jinja2.escape", "jinja2.utils.escape", "markupsafe.Markup.escape", "markupsafe.escape_silent"], kinds: ["xss", "xpath"], returns: MARKUP },
    { on: [MARKUP], method: ["format", "join"], kinds: ["xss"], returns: MARKUP },
  ],
  escapingFormatters: [{ type: MARKUP, kinds: ["xss"] }],
};
