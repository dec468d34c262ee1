/**
 * The automatic fix of `reflected-xss`: the request values that reach an HTML response are wrapped
 * in the framework's escaping function — `markupsafe.escape` for Flask/Jinja/Werkzeug code,
 * `django.utils.html.escape` for Django, `html.escape` elsewhere — imported once. Values are found
 * from the finding's data-flow path (the variables it was assigned to, or the request expression
 * itself when it sits in the response).
 */
import { walk, type PyNode } from "../../src/parse/ast.js";
import type { FixBuilder } from "../../src/fix/builder.js";
import type { FixOutcome, TextEdit } from "../../src/fix/types.js";
import type { RawFinding } from "../../src/types.js";

export const XSS_FIX_DOCS =
  "**Safe** where the response is HTML, which is what this rule reports: each request value that reaches the response is wrapped in the framework's escaping function — `markupsafe.escape` in Flask (and other Jinja/Werkzeug) code, `django.utils.html.escape` in Django, `html.escape` elsewhere — imported once or taken from an existing import. Text without `<`, `>`, `&` or quotes looks exactly as before. No fix is offered when the request value is the template itself (`render_template_string(user_text)`, `Template(user_text)`): escaping a template does not stop template injection; render a fixed template and pass the value as a variable.";

const TEMPLATE_SINKS = /(?:^|\.)(render_template_string|Template|from_string)$/;

function escapeFunction(fix: FixBuilder): [string, string] {
  const imported = fix.model.imports.map((i) => i.qualified);
  const uses = (prefix: string) => imported.some((q) => q === prefix || q.startsWith(`${prefix}.`));
  if (uses("django")) return ["django.utils.html", "escape"];
  if (uses("flask") || uses("markupsafe") || uses("jinja2") || uses("werkzeug") || uses("quart")) return ["markupsafe", "escape"];
  return ["html", "escape"];
}

/** True when `node` is already an argument of an escaping call. */
function escaped(node: PyNode, fix: FixBuilder): boolean {
  const call = node.parent?.type === "argument_list" ? node.parent.parent : null;
  return call?.type === "call" && fix.model.qualifiedNames(call.get("function")).some((q) => /(^|\.)(escape|conditional_escape|quote)$/.test(q));
}

/** The expression to wrap for a request value that appears in the response: the whole `request.args.get("q")`. */
function wholeValue(node: PyNode): PyNode {
  let n = node;
  for (;;) {
    const p = n.parent;
    if (p && ((p.type === "attribute" && p.get("object") === n) || (p.type === "call" && p.get("function") === n) || (p.type === "subscript" && p.get("value") === n))) n = p;
    else return n;
  }
}

export function xssFix(finding: RawFinding, fix: FixBuilder): FixOutcome | undefined {
  const { model } = fix;
  const sink = fix.nodeAt(finding.region);
  if (!sink) return undefined;
  if (sink.type === "call" && model.qualifiedNames(sink.get("function")).some((q) => TEMPLATE_SINKS.test(q))) {
    return { reason: "the request value is the template itself, and escaping a template does not stop template injection; render a fixed template and pass the value as a variable" };
  }
  const flow = finding.flow ?? [];
  const names = new Set(flow.map((s) => /^assigned to ([A-Za-z_]\w*)$/.exec(s.message)?.[1]).filter((n): n is string => n !== undefined));
  const param = /^request parameter ([A-Za-z_]\w*)$/.exec(String(finding.properties?.source ?? ""))?.[1];
  if (param && flow[0]?.path === model.path) names.add(param);
  const targets: PyNode[] = [];
  const sources = flow.filter((s) => s.kind === "source" && s.path === model.path).map((s) => fix.nodeAt(s.region)).filter((n): n is PyNode => n !== undefined);
  for (const source of sources) {
    if (source.start >= sink.start && source.end <= sink.end) targets.push(wholeValue(source));
  }
  walk(sink, (n) => {
    if (targets.some((t) => t.start <= n.start && n.end <= t.end)) return false;
    if (n.type !== "identifier" || !names.has(n.text)) return;
    const p = n.parent;
    if (p?.type === "attribute" && p.get("attribute") === n) return;
    if (p?.type === "keyword_argument" && p.get("name") === n) return;
    if (p?.type === "call" && p.get("function") === n) return;
    targets.push(n);
  });
  const wanted = targets.filter((t) => !escaped(t, fix));
  if (wanted.length === 0) return undefined;
  for (const t of wanted) {
    const interpolation = t.parent?.type === "interpolation" ? t.parent : null;
    if (interpolation && (interpolation.get("type_conversion") || interpolation.get("format_specifier"))) return undefined;
  }
  const [module, name] = escapeFunction(fix);
  const ref = fix.importName(module, name, sink);
  if (!ref) return undefined;
  const edits: TextEdit[] = [...wanted.map((t) => fix.replace(t, `${ref.ref}(${t.text})`)), ...ref.edits];
  return { description: `Escape ${wanted.map((t) => t.text).join(", ")} with ${module === "html" ? "html.escape" : `${module}.${name}`}`, safety: "safe", edits };
}
