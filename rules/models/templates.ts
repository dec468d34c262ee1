/**
 * Template engines whose template text is code: Django templates, Mako, Chameleon, Genshi. Request
 * data used as the template text (not as a variable) is template injection. Jinja2, Flask, Quart,
 * Tornado, Bottle and Litestar templates are in their own models.
 */
import type { TaintModel } from "../../src/taint/model-types.js";
import { TEMPLATE_AND_HTML } from "./jinja2.js";

const DJANGO_ENGINE = "django.template.Engine";
const DJANGO_TEMPLATE = "django.template.Template";

export const templates: TaintModel = {
  name: "templates",
  types: [
    { type: DJANGO_TEMPLATE, class: ["django.template.Template", "django.template.base.Template"] },
    { type: DJANGO_TEMPLATE, on: [DJANGO_ENGINE], method: ["from_string", "get_template"] },
    // the configured engine's template by name (`loader.select_template([...]).render(context)`)
    { type: DJANGO_TEMPLATE, call: ["django.template.loader.get_template", "django.template.loader.select_template"] },
    { type: DJANGO_ENGINE, class: ["django.template.Engine", "django.template.engine.Engine"], call: ["django.template.Engine.get_default", "django.template.engine.Engine.get_default"] },
  ],
  // Django templates escape the variables they render (autoescape is on unless turned off): the page is no
  // HTML injection, but what it shows is still what it was given (an exception's text rendered into a 500 page)
  sanitizers: [{ on: [DJANGO_TEMPLATE], method: ["render"], kinds: ["xss"] }],
  sinks: [
    { kind: "template", consumes: TEMPLATE_AND_HTML, call: ["django.template.Template", "django.template.base.Template"], args: [{ pos: 0, kw: "template_string" }] },
    // `Engine().from_string(text)`, `engines["django"].from_string(text)`
    { kind: "template", consumes: TEMPLATE_AND_HTML, on: [DJANGO_ENGINE], method: ["from_string"], untyped: ["django.template"], args: [{ pos: 0, kw: "template_code" }] },
    { kind: "template", consumes: TEMPLATE_AND_HTML, call: ["mako.template.Template"], args: [{ pos: 0, kw: "text" }] },
    { kind: "template", consumes: TEMPLATE_AND_HTML, method: ["put_string"], untyped: ["mako"], args: [{ pos: 1, kw: "text" }] },
    {
      kind: "template",
      consumes: TEMPLATE_AND_HTML,
      call: ["chameleon.PageTemplate", "chameleon.PageTextTemplate", "chameleon.zpt.template.PageTemplate", "chameleon.zpt.template.PageTextTemplate"],
      args: [{ pos: 0, kw: "body" }],
    },
    {
      kind: "template",
      consumes: TEMPLATE_AND_HTML,
      call: ["genshi.template.MarkupTemplate", "genshi.template.NewTextTemplate", "genshi.template.OldTextTemplate", "genshi.template.TextTemplate"],
      args: [{ pos: 0, kw: "source" }],
    },
  ],
};
