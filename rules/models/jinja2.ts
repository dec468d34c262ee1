/** Jinja2 and MarkupSafe: templates built from input, rendering without autoescape, Markup. */
import type { TaintModel } from "../../src/taint/model-types.js";

const TEMPLATE = "jinja2.Template";
const SAFE_TEMPLATE = "jinja2.AutoescapeTemplate";
const ENV = "jinja2.Environment";
const SAFE_ENV = "jinja2.AutoescapeEnvironment";
const MARKUP = "markupsafe.Markup";

const AUTOESCAPE = [
  { arg: { kw: "autoescape" }, truthy: true },
  { arg: { kw: "autoescape" }, names: ["jinja2.select_autoescape", "jinja2.utils.select_autoescape"] },
];

export const jinja2: TaintModel = {
  name: "jinja2",
  types: [
    { type: TEMPLATE, class: ["jinja2.Template", "jinja2.environment.Template"], unless: AUTOESCAPE, otherwise: SAFE_TEMPLATE },
    { type: ENV, class: ["jinja2.Environment", "jinja2.environment.Environment"], unless: AUTOESCAPE, otherwise: SAFE_ENV },
    { type: TEMPLATE, on: [ENV], method: ["from_string", "get_template"] },
    { type: SAFE_TEMPLATE, on: [SAFE_ENV], method: ["from_string", "get_template"] },
  ],
  sinks: [
    { kind: "xss", call: ["markupsafe.Markup", "flask.Markup", "jinja2.Markup", "jinja2.utils.Markup"], args: [{ pos: 0, kw: "base" }], returns: MARKUP },
    { kind: "xss", call: ["jinja2.Template", "jinja2.environment.Template"], args: [{ pos: 0, kw: "source" }] },
    { kind: "xss", on: [ENV, SAFE_ENV], method: ["from_string"], args: [{ pos: 0, kw: "source" }] },
    { kind: "xss", on: [TEMPLATE], method: ["render", "render_async", "stream", "generate"], args: [{ pos: 0, mode: "rest" }], consumes: true },
  ],
  propagators: [{ on: [SAFE_TEMPLATE], method: ["render", "render_async", "stream", "generate"], result: "clean" }],
  sanitizers: [
    { call: ["bleach.clean"], kinds: ["xss"] },
    { call: ["markupsafe.escape", "flask.escape", "jinja2.escape", "jinja2.utils.escape", "markupsafe.Markup.escape", "markupsafe.escape_silent"], kinds: ["xss", "xpath"], returns: MARKUP },
    { on: [MARKUP], method: ["format", "join"], kinds: ["xss"], returns: MARKUP },
  ],
  escapingFormatters: [{ type: MARKUP, kinds: ["xss"] }],
};
