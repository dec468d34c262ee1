/**
 * Template files a view renders by name (`render_template("search.html", q=q)`, Django
 * `render(request, "shop/search.html", {"q": q})`): which context variables each outputs without
 * HTML escaping (`{{ q|safe }}`, `{% autoescape false %}`/`{% autoescape off %}`). Read once by the
 * scan, outside the analysis; the taint engine gets the facts as data (`ProjectIndex.templateVariables`).
 */
import path from "node:path";
import type { TemplateFact } from "./taint/index.js";
import { unescapedVariables } from "./taint/template-escapes.js";
import { readCappedText } from "./safe-fs.js";
import type { Notification } from "./types.js";

/** Extensions of HTML templates (Flask autoescapes these; Django escapes every template). */
const TEMPLATE_EXT = /\.(?:html?|xhtml|xml|svg|jinja2?|j2|djhtml)$/i;

/** Larger templates are generated or vendored; their variables are not judged. */
const MAX_TEMPLATE_BYTES = 512 * 1024;

/** Whether a discovered file is a template the views may render by name: under a folder called `templates`. */
export function isTemplatePath(rel: string): boolean {
  return TEMPLATE_EXT.test(rel) && (rel.startsWith("templates/") || rel.includes("/templates/"));
}

/** The facts of the given template files; unreadable (with a warning) and oversized ones are left out: their variables stay unknown. */
export function templateFacts(root: string, templates: readonly string[]): { facts: TemplateFact[]; notifications: Notification[] } {
  const out: TemplateFact[] = [];
  const notifications: Notification[] = [];
  for (const rel of [...templates].sort()) {
    let text: string | undefined;
    try {
      text = readCappedText(path.join(root, rel), MAX_TEMPLATE_BYTES);
    } catch (err) {
      notifications.push({ kind: "read-error", level: "warning", path: rel, message: `could not read template ${rel} (${(err as Error).message}); the variables it renders unescaped are unknown: fix its permissions or exclude it with --exclude` });
      continue;
    }
    // larger files are generated: not read
    if (text === undefined) continue;
    out.push({ path: rel, unescaped: [...unescapedVariables(text)].sort() });
  }
  return { facts: out, notifications };
}
