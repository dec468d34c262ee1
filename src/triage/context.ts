/**
 * Builds what the reviewer sees for one finding: the enclosing function with line numbers
 * (bounded, with omission markers), the data-flow steps with their code, the module's imports and
 * the module-level constants the code uses, and the detected framework. Everything is taken from
 * the redacted text of the file, so no credential-like literal can slip into a request.
 */
import type { PyNode } from "../parse/ast.js";
import type { PythonParser } from "../parse/parser.js";
import { FileModel } from "../model/file-model.js";
import type { Finding, RuleMeta } from "../types.js";
import { redactSecrets } from "./redact.js";

export interface ContextLimits {
  /** A function up to this many lines is shown whole; a longer one is cut around the finding. */
  maxFunctionLines: number;
  /** Lines shown around the finding (and each flow step) in a cut function or at module level. */
  window: number;
  /** Longer source lines are cut with a marker. */
  maxLineChars: number;
  maxImports: number;
  maxConstants: number;
}

export const DEFAULT_LIMITS: ContextLimits = {
  maxFunctionLines: 80,
  window: 8,
  maxLineChars: 200,
  maxImports: 30,
  maxConstants: 15,
};

/** A code region of one file: its unit (function, class body or module window) and the lines to show. */
export interface CodeExcerpt {
  /** Identifies the unit inside the file, so findings of one function share one code block. */
  unitKey: string;
  /** "function `name` (lines 10-42)", "module level", … */
  label: string;
  /** 1-based line numbers to show, sorted. */
  lines: number[];
  /** Last line of the unit, so a cut at its end is marked too. */
  endLine: number;
}

export interface FlowLine {
  kind: string;
  path: string;
  line: number;
  code: string;
  message: string;
}

export interface FindingContext {
  path: string;
  framework: string;
  ruleId: string;
  ruleName: string;
  ruleKind: string;
  cwe: string;
  precision: string;
  level: string;
  securitySeverity: string;
  line: number;
  column: number;
  /** ", in function `name` (lines a-b)" or "" at module level. */
  functionLabel: string;
  message: string;
  help: string;
  /** Whether a patch is wanted for this finding, and the rule's "use instead" guidance when it is. */
  patch: string;
  flow: FlowLine[];
  imports: string[];
  constants: string[];
  excerpt: CodeExcerpt;
  /** The excerpt rendered alone (also part of the cache key). */
  code: string;
}

/** One scanned file, parsed once and redacted once. */
export interface PreparedFile {
  path: string;
  /** Redacted lines, 0-based index = line - 1. */
  lines: string[];
  model: FileModel | null;
  framework: string;
  imports: string[];
}

const FRAMEWORKS: [prefix: string, name: string][] = [
  ["flask", "Flask"],
  ["quart", "Quart"],
  ["django", "Django"],
  ["rest_framework", "Django REST framework"],
  ["fastapi", "FastAPI"],
  ["starlette", "Starlette"],
  ["aiohttp", "aiohttp"],
  ["tornado", "Tornado"],
  ["pyramid", "Pyramid"],
  ["bottle", "Bottle"],
  ["sanic", "Sanic"],
  ["falcon", "Falcon"],
];

/** Parses and redacts a file; `text` undefined means the source is not available. */
export function prepareFile(path: string, text: string | undefined, parser: PythonParser | null): PreparedFile {
  if (text === undefined) return { path, lines: [], model: null, framework: "unknown (source not available)", imports: [] };
  const redacted = redactSecrets(text).text;
  const lines = redacted.split(/\r\n|\r|\n/);
  let model: FileModel | null = null;
  if (parser) {
    // the tree is built from the original text so offsets match the finding's region
    model = new FileModel(parser.parse(text), path);
  }
  const framework = model ? detectFramework(model) : "unknown";
  const imports = model ? moduleImports(model, lines) : [];
  return { path, lines, model, framework, imports };
}

function detectFramework(model: FileModel): string {
  const found = new Set<string>();
  for (const imp of model.imports) {
    const top = imp.imported.split(".")[0]!;
    for (const [prefix, name] of FRAMEWORKS) if (top === prefix) found.add(name);
  }
  return found.size > 0 ? [...found].join(", ") : "none detected (plain Python)";
}

/** Module-level import statements as `L<n>: text`, whitespace collapsed. */
function moduleImports(model: FileModel, lines: string[]): string[] {
  const seen = new Set<number>();
  const out: string[] = [];
  for (const imp of model.imports) {
    if (imp.scope !== model.moduleScope) continue;
    const stmt = model.statementOf(imp.node);
    const first = stmt.line + 1;
    if (seen.has(first)) continue;
    seen.add(first);
    out.push(`L${first}: ${statementText(stmt, lines)}`);
  }
  return out;
}

/** The redacted text of a statement, on one line, bounded. */
function statementText(node: PyNode, lines: string[], maxChars = 300): string {
  const first = node.line;
  const last = node.src.lineOf(Math.max(node.start, node.end - 1));
  const text = lines
    .slice(first, Math.min(last, first + 5) + 1)
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  const cut = last > first + 5 ? " …" : "";
  return truncate(text, maxChars) + cut;
}

/** Builds the context of one finding from its prepared file (and the files of its flow steps). */
export function buildFindingContext(
  finding: Finding,
  rule: RuleMeta | undefined,
  file: PreparedFile,
  otherFile: (path: string) => PreparedFile,
  limits: ContextLimits = DEFAULT_LIMITS,
): FindingContext {
  const line = finding.region.startLine;
  const flowLinesHere = (finding.flow ?? []).filter((s) => s.path === finding.path).map((s) => s.region.startLine);
  const excerpt = excerptFor(file, finding.region.startLine, finding.region.startColumn, finding.region.endLine, flowLinesHere, limits);
  const flow: FlowLine[] = (finding.flow ?? []).map((step) => {
    const f = step.path === file.path ? file : otherFile(step.path);
    const code = f.lines[step.region.startLine - 1];
    return {
      kind: step.kind,
      path: step.path,
      line: step.region.startLine,
      code: truncate((code ?? "").trim(), limits.maxLineChars),
      message: redactText(step.message),
    };
  });
  const shownText = excerpt.lines.map((n) => file.lines[n - 1] ?? "").join("\n") + "\n" + flow.map((s) => s.code).join("\n");
  return {
    path: finding.path,
    framework: file.framework,
    ruleId: finding.ruleId,
    ruleName: rule?.name ?? finding.ruleId,
    ruleKind: rule?.kind ?? (finding.flow?.length ? "taint" : "pattern"),
    cwe: rule && rule.cwe.length > 0 ? rule.cwe.map((c) => `CWE-${c}`).join(", ") : "CWE unknown",
    precision: rule?.precision ?? "unknown",
    level: finding.level,
    securitySeverity: finding.securitySeverity ?? rule?.securitySeverity ?? "unknown",
    line,
    column: finding.region.startColumn,
    functionLabel: excerpt.label.startsWith("function") || excerpt.label.startsWith("method") ? `, in ${excerpt.label}` : "",
    message: redactText(finding.message),
    help: ruleHelp(rule),
    patch: patchRequest(finding, rule),
    flow,
    imports: file.imports.slice(0, limits.maxImports),
    constants: file.model ? usedConstants(file, shownText, excerpt, limits) : [],
    excerpt,
    code: renderExcerpt(file, excerpt, new Set([line]), limits),
  };
}

function redactText(text: string): string {
  return redactSecrets(text).text.replace(/\s+/g, " ").trim();
}

/**
 * Patches are asked for only where pysast has no verified fix of its own, with the rule's safe
 * pattern as guidance; pysast re-scans every patch before offering it.
 */
function patchRequest(finding: Finding, rule: RuleMeta | undefined): string {
  if (finding.fix) return "not wanted: pysast already offers a verified fix for this finding; leave `patch` out.";
  const guidance = rule?.docs ? truncate(`${rule.docs.useInsteadText ?? ""} Safe form: ${rule.docs.useInstead.trim().replace(/\n+/g, " ⏎ ")}`.replace(/\s+/g, " ").trim(), 700) : "";
  return `wanted when the verdict is true_positive: a unified diff against this file (its real line numbers, without the number prefixes shown above). ${guidance ? `What the rule recommends instead: ${guidance}` : ""}`.trim();
}

function ruleHelp(rule: RuleMeta | undefined): string {
  if (!rule) return "(rule metadata not available)";
  const text = rule.docs ? `${rule.docs.whatItDoes} ${rule.docs.whyBad}` : rule.fullDescription || rule.shortDescription;
  return truncate(text.replace(/\s+/g, " ").trim(), 600);
}

/**
 * The unit around the finding (innermost function with its decorators, else a window) and the
 * lines of it to show: all of a short function, or its header plus windows around the findings
 * and flow steps of a long one; the header line of an enclosing class is always kept.
 */
export function excerptFor(
  file: PreparedFile,
  line: number,
  column: number,
  endLine: number,
  flowLines: number[],
  limits: ContextLimits = DEFAULT_LIMITS,
): CodeExcerpt {
  const total = Math.max(file.lines.length, 1);
  const clip = (n: number) => Math.min(Math.max(n, 1), total);
  const fn = file.model ? innermostFunction(file.model, line, column) : null;
  const wanted = new Set<number>();
  const addRange = (a: number, b: number) => {
    for (let n = clip(a); n <= clip(b); n++) wanted.add(n);
  };
  let unitKey: string;
  let label: string;
  let unitEnd: number;
  if (fn) {
    const outer = fn.parent?.type === "decorated_definition" ? fn.parent : fn;
    const start = outer.line + 1;
    const end = fn.src.lineOf(Math.max(fn.start, fn.end - 1)) + 1;
    const name = fn.get("name")?.text ?? "?";
    const cls = enclosingClass(fn);
    unitKey = `fn:${start}`;
    unitEnd = end;
    label = `${cls ? "method" : "function"} \`${cls ? `${cls.get("name")?.text ?? "?"}.` : ""}${name}\` (lines ${start}-${end})`;
    if (end - start + 1 <= limits.maxFunctionLines) addRange(start, end);
    else {
      const body = fn.get("body");
      // body.line is 0-based, so as a 1-based number it is the last line before the body
      const headerEnd = body ? body.line : fn.line + 1;
      addRange(start, Math.min(headerEnd, start + 8));
      addRange(line - limits.window, endLine + limits.window);
      for (const n of flowLines) if (n >= start && n <= end) addRange(n - 2, n + 2);
      for (const n of [...wanted]) if (n < start || n > end) wanted.delete(n);
    }
    if (cls) {
      const clsOuter = cls.parent?.type === "decorated_definition" ? cls.parent : cls;
      addRange(clsOuter.line + 1, cls.line + 1);
    }
  } else {
    unitKey = `mod:${line}`;
    label = "module level";
    addRange(line - limits.window, endLine + limits.window);
    unitEnd = clip(endLine + limits.window);
  }
  return { unitKey, label, lines: [...wanted].sort((a, b) => a - b), endLine: unitEnd };
}

function innermostFunction(model: FileModel, line: number, column: number): PyNode | null {
  const pos = model.src.lineStart(line - 1) + column - 1;
  let best: PyNode | null = null;
  let node: PyNode | null = model.root;
  while (node) {
    let next: PyNode | null = null;
    for (const c of node.children) {
      if (c.start <= pos && pos < c.end) {
        next = c;
        break;
      }
    }
    if (next?.type === "function_definition") best = next;
    node = next;
  }
  return best;
}

function enclosingClass(fn: PyNode): PyNode | null {
  for (let n = fn.parent; n; n = n.parent) {
    if (n.type === "function_definition") return null;
    if (n.type === "class_definition") return n;
  }
  return null;
}

/** Renders excerpt lines as `  42 | code`, `>` marking finding lines and `⋮` the omitted gaps. */
export function renderExcerpt(file: PreparedFile, excerpt: CodeExcerpt, marked: Set<number>, limits: ContextLimits = DEFAULT_LIMITS): string {
  if (file.lines.length === 0) return "(source not available)";
  const width = String(excerpt.lines[excerpt.lines.length - 1] ?? 1).length;
  const out: string[] = [];
  let prev = 0;
  for (const n of excerpt.lines) {
    if (prev !== 0 && n > prev + 1) out.push(`${" ".repeat(width)}  ⋮ lines ${prev + 1}-${n - 1} omitted`);
    prev = n;
    out.push(`${marked.has(n) ? ">" : " "}${String(n).padStart(width)} | ${truncate(file.lines[n - 1] ?? "", limits.maxLineChars)}`);
  }
  if (prev < excerpt.endLine) out.push(`${" ".repeat(width)}  ⋮ lines ${prev + 1}-${excerpt.endLine} omitted`);
  return out.join("\n");
}

/** Module-level assignments to names that the shown code mentions (and that it does not show itself). */
function usedConstants(file: PreparedFile, shownText: string, excerpt: CodeExcerpt, limits: ContextLimits): string[] {
  const model = file.model!;
  const names = new Set(shownText.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  const shown = new Set(excerpt.lines);
  const out: { line: number; text: string }[] = [];
  for (const [name, bindings] of model.moduleScope.bindings) {
    if (!names.has(name)) continue;
    for (const b of bindings) {
      if (b.kind !== "assign" && b.kind !== "annotation") continue;
      const stmt = model.statementOf(b.node);
      const line = stmt.line + 1;
      if (shown.has(line) || out.some((o) => o.line === line)) continue;
      out.push({ line, text: `L${line}: ${statementText(stmt, file.lines)}` });
    }
  }
  return out
    .sort((a, b) => a.line - b.line)
    .slice(0, limits.maxConstants)
    .map((o) => o.text);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[+${text.length - max} chars]`;
}
