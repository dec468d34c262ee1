/**
 * Markdown renderers. mistune escapes raw HTML only in some configurations (read from its sources,
 * 0.8.4, 2.0.5 and 3.x):
 * - `mistune.markdown(text)` escapes (`escape=True` is its default in every version);
 *   `mistune.html(text)` is built with `escape=False` and passes raw HTML through.
 * - `create_markdown()` (2.x/3.x) builds an `HTMLRenderer(escape=escape)` only when `renderer` is
 *   absent, `"html"` or `None`; given a renderer instance it ignores its own `escape` argument, and
 *   the instance decides (`HTMLRenderer()` escapes by default, `HTMLRenderer(escape=False)` does not).
 * - 0.8's `Renderer()` and `Markdown()` do not escape unless given `escape=True`.
 * - An escaping renderer still drops `javascript:` links only while `allow_harmful_protocols` is off.
 * A renderer of a class pysast cannot see (a project subclass, a class built at run time) is not
 * trusted: its methods may emit raw HTML. python-markdown (`markdown.markdown`) keeps raw HTML, so
 * its output carries the input's taint (no entry needed).
 */
import type { ArgCondition, TaintModel } from "../../src/taint/model-types.js";

/** A renderer known to escape raw HTML and drop harmful link protocols. */
const ESCAPING_RENDERER = "mistune.EscapingRenderer";
/** A renderer that passes raw HTML (or harmful links) through. */
const RAW_RENDERER = "mistune.RawRenderer";
/** A Markdown instance whose output has raw HTML escaped. */
const ESCAPING_MARKDOWN = "mistune.EscapingMarkdown";
const MARKDOWN = "mistune.Markdown";

const HTML_RENDERERS = ["mistune.HTMLRenderer", "mistune.renderers.HTMLRenderer", "mistune.renderers.html.HTMLRenderer"];
const MARKDOWN_CLASSES = ["mistune.Markdown", "mistune.markdown.Markdown"];

/** `escape` on (absent counts as on: the default of `HTMLRenderer`, `create_markdown` and `markdown`). */
const escapeOn = (pos: number): ArgCondition => ({ arg: { pos, kw: "escape" }, truthy: true, absent: true });
/** `escape` certainly off (given, and falsy); a negative position: keyword only. */
const escapeOff = (pos: number): ArgCondition => ({ arg: pos >= 0 ? { pos, kw: "escape" } : { kw: "escape" }, truthy: false, absent: false });
const harmfulLinksOff: ArgCondition = { arg: { pos: 1, kw: "allow_harmful_protocols" }, truthy: false, absent: true };
/** The renderer argument makes an HTMLRenderer from `escape`: absent, `"html"`, or `None` (2.x: HTML; 3.x: a token list, not HTML). */
const builtInRenderer = (pos: number): ArgCondition[][] => [
  [{ arg: { pos, kw: "renderer" }, equals: "html", absent: true }],
  [{ arg: { pos, kw: "renderer" }, equals: null }],
];
const escapingRenderer = (pos: number): ArgCondition => ({ arg: { pos, kw: "renderer" }, types: [ESCAPING_RENDERER] });

export const markdown: TaintModel = {
  name: "markdown",
  // The first entry of each class or call is the conservative one: an object imported from another
  // module is judged by its constructor's first entry, without its arguments.
  types: [
    { type: RAW_RENDERER, class: HTML_RENDERERS, when: [escapeOff(0)] },
    { type: ESCAPING_RENDERER, class: HTML_RENDERERS, when: [escapeOn(0), harmfulLinksOff] },
    { type: RAW_RENDERER, class: HTML_RENDERERS },
    // 0.8: `Renderer(**options)` escapes only when told to
    { type: RAW_RENDERER, class: ["mistune.Renderer"], when: [escapeOff(-1)] },
    { type: ESCAPING_RENDERER, class: ["mistune.Renderer"], when: [{ arg: { kw: "escape" }, truthy: true }] },
    { type: RAW_RENDERER, class: ["mistune.Renderer"] },
    { type: MARKDOWN, call: ["mistune.create_markdown"], when: [escapeOff(0)], unless: [escapingRenderer(2)], otherwise: ESCAPING_MARKDOWN },
    { type: ESCAPING_MARKDOWN, call: ["mistune.create_markdown"], when: [escapingRenderer(2)] },
    ...builtInRenderer(2).map((r) => ({ type: ESCAPING_MARKDOWN, call: ["mistune.create_markdown"], when: [escapeOn(0), ...r] })),
    { type: MARKDOWN, call: ["mistune.create_markdown"] },
    { type: MARKDOWN, class: MARKDOWN_CLASSES, when: [{ arg: { pos: 0, kw: "renderer" }, types: [RAW_RENDERER] }] },
    { type: ESCAPING_MARKDOWN, class: MARKDOWN_CLASSES, when: [escapingRenderer(0)] },
    // 0.8: `Markdown(escape=True)` without a renderer of its own
    { type: ESCAPING_MARKDOWN, class: MARKDOWN_CLASSES, when: [{ arg: { kw: "escape" }, truthy: true }, { arg: { pos: 0, kw: "renderer" }, present: false }] },
    { type: MARKDOWN, class: MARKDOWN_CLASSES },
  ],
  sanitizers: [
    { on: [ESCAPING_MARKDOWN], method: ["__call__", "parse", "render"], kinds: ["xss"] },
    { call: ["mistune.markdown"], kinds: ["xss"], when: [escapingRenderer(2)] },
    ...builtInRenderer(2).map((r) => ({ call: ["mistune.markdown"], kinds: ["xss"], when: [escapeOn(1), ...r] })),
  ],
};
