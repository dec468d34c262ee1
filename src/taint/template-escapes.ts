/** Which context variables a constant Jinja/Django/Tornado template renders without HTML escaping. */

const OFF_BLOCK = /\{%-?\s*autoescape\s+(?:false|off)\s*-?%\}([\s\S]*?)\{%-?\s*endautoescape\s*-?%\}/gi;
const OUTPUT = /\{\{-?([\s\S]*?)-?\}\}/g;
// Tornado: `{% raw expr %}` outputs an expression as it is (Jinja's `{% raw %}` has no expression), and
// `{% autoescape None %}` turns escaping off for the whole file, wherever it stands
const TORNADO_RAW = /\{%\s*raw\s+([^%]+?)\s*%\}/g;
const TORNADO_OFF = /\{%\s*autoescape\s+None\s*%\}/;
/**
 * An output that begins the value of an attribute holding a URL (`href="{{ link }}"`, `src={{ img }}`):
 * HTML escaping keeps it inside the attribute, but not off the `javascript:` scheme.
 */
const URL_ATTRIBUTE_START = /\b(?:href|src|action|formaction|xlink:href|poster)\s*=\s*["']?\{\{-?([\s\S]*?)-?\}\}/gi;
/**
 * Marks a variable that begins a URL attribute: escaping does not help there, what matters is whether
 * the value can choose its scheme, which is what a redirect target's taint says (see `dangerAt`).
 */
export const URL_START = "url:";
/**
 * Filters whose output holds no markup: Jinja's `tojson` (its JSON has `<`, `>`, `&`, `'` as `\u` escapes, so
 * it is safe in a page and a `<script>` block), `escape`/`e`/`forceescape`, Django's `force_escape`,
 * `escapejs` and `json_script`, and `urlencode`.
 */
const ESCAPING_FILTER = /^\s*(?:tojson|escape|e|forceescape|force_escape|escapejs|json_script|urlencode)\b(?!\s*\.)/;
/**
 * Filters that hand on the text of a URL they are given, its scheme with it (`{{ link|default:"#" }}`,
 * `{{ link|lower }}`). Any other filter computes what it outputs (`{{ ticket|issue_url }}`, a project's filter
 * that builds a link from the object, `|urlencode` that encodes the scheme's `:`): the variable no longer begins
 * the attribute, as for a call (`{{ url_for(...) }}`).
 */
const PASSING_URL_FILTER = /^\s*(?:default|default_if_none|d|escape|e|forceescape|force_escape|safe|string|iriencode|trim|striptags|lower|upper|title|capfirst|first|last|add)\b/;
const WORDS = new Set(["and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "True", "False", "None"]);

/**
 * Variables read by a template expression (not attribute names, filters or keywords), each with the
 * attribute path it is read through (`book.author.name`): what the page outputs is that part of the
 * context value, not the whole of it.
 */
function variablesOf(expr: string): string[] {
  const out: string[] = [];
  const text = expr.replace(/(["'])(?:\\.|(?!\1).)*\1/g, '""');
  for (const m of text.matchAll(/[A-Za-z_]\w*((?:\s*\.\s*\w+)*)/g)) {
    const before = text.slice(0, m.index).trimEnd();
    const name = m[0].replace(/\s+/g, "");
    const root = name.split(".")[0]!;
    if (before.endsWith(".") || before.endsWith("|") || WORDS.has(root)) continue;
    // a call's result (`{{ item.get_url() }}`) is not a part of the value: its receiver stands for it
    const after = text.slice(m.index! + m[0].length).trimStart();
    out.push(after.startsWith("(") && name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : name);
  }
  return out;
}

/**
 * The variables a template outputs through `|safe` or inside an `{% autoescape false/off %}` block, with
 * Tornado's `{% raw x %}`, or anywhere in a Tornado template that says `{% autoescape None %}`; and,
 * prefixed with `URL_START`, those output at the very beginning of a URL attribute (`href="{{ link }}"`),
 * unless the expression calls something (`{{ url_for(...) }}` builds a URL of the site) or is
 * percent-encoded (`|urlencode`, which encodes the `:` of a scheme). A variable after a fixed beginning
 * (`href="/tickets/{{ id }}"`) is not one of them, nor is one in text outside a tag (`&lt;a href="{{ id }}"&gt;`). Each is written with the attribute path the template
 * reads it through (`url:book.local_path`, `post.body`).
 */
export function unescapedVariables(template: string): Set<string> {
  const out = new Set<string>();
  for (const m of template.matchAll(TORNADO_RAW)) for (const v of variablesOf(m[1]!)) out.add(v);
  if (TORNADO_OFF.test(template)) for (const m of template.matchAll(OUTPUT)) for (const v of variablesOf(m[1]!)) out.add(v);
  for (const block of template.matchAll(OFF_BLOCK)) {
    for (const m of block[1]!.matchAll(OUTPUT)) for (const v of variablesOf(m[1]!)) out.add(v);
  }
  for (const m of template.replace(OFF_BLOCK, "").matchAll(OUTPUT)) {
    const expr = m[1]!;
    const safe = /\|\s*safe\b/.exec(expr);
    if (!safe) continue;
    // `{{ task|tojson|safe }}`, `{{ q|escape|safe }}`: the text was escaped before it was marked safe
    const before = expr.slice(0, safe.index);
    if (before.split("|").slice(1).some((f) => ESCAPING_FILTER.test(f))) continue;
    for (const v of variablesOf(before)) out.add(v);
  }
  // template tags and outputs blanked out, so that a `>` inside them does not end an HTML tag
  const markup = template.replace(/\{[{%#][\s\S]*?[}%#]\}/g, (x) => " ".repeat(x.length));
  for (const m of template.matchAll(URL_ATTRIBUTE_START)) {
    // an attribute of a tag, not text that shows one (`&lt;iframe src="{{ url }}"&gt;` in a snippet to copy)
    if (markup.lastIndexOf("<", m.index) <= markup.lastIndexOf(">", m.index)) continue;
    const [base, ...filters] = m[1]!.split("|");
    if (base!.includes("(") || filters.some((f) => !PASSING_URL_FILTER.test(f))) continue;
    for (const v of variablesOf(base!)) out.add(`${URL_START}${v}`);
  }
  return out;
}
