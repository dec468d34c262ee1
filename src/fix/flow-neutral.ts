/**
 * Which patches cannot change any data flow, so that the fix verifier's re-scan can keep the first scan's
 * data-flow results for a patched file instead of analysing again every phase-2 shard that loaded it.
 *
 * The two versions of the file are compared tree against tree; they must be the same but at sites of these
 * two kinds, each judged conservatively (anything else, or any doubt, means "re-analyse"):
 *
 * - **A callee swapped for its model twin** (`hashlib.md5(x)` → `hashlib.sha256(x)`): the function of a call
 *   changes from one dotted name to another, the arguments unchanged; both resolve through the file's imports
 *   to one qualified name each, neither is defined in the project, no project function or method carries
 *   either's last name, and the taint models treat the two alike: every container (array or object) of the
 *   models relates to both names in the same way (lists both or neither, names a dotted prefix of both or
 *   neither, matches both or neither by pattern, …), and at least one lists both, so that the likeness is
 *   declared rather than presumed from silence.
 * - **A constant keyword argument added or changed** (`hashlib.md5(x)` → `hashlib.md5(x, usedforsecurity=False)`,
 *   `extract(m, filter="fully_trusted")` → `filter="data"`): a call gains a `name=literal` argument, or such an
 *   argument's literal (a number, `True`/`False`/`None`, or a string without interpolation) changes, the other
 *   arguments unchanged; the callee resolves to a qualified name not defined in the project (so no summary
 *   of project code can read the keyword), no project function or method carries its last name, and no
 *   string anywhere in the models mentions the keyword (so no sink condition, argument spec or template
 *   reads it). A constant carries no taint, so the argument adds none.
 *
 * Whatever else a patch does (a new import, a new call, an assignment, a changed positional argument, a
 * literal outside a keyword argument: a constant can decide a branch the engine folds) re-analyses the file.
 *
 * A site is the smallest pair of nodes that differ: a change inside an argument of another call
 * (`":".join(... md5(key) ...)`, `str(shlex.quote(x))`) is the inner call's site, judged as above, not a change of
 * the outer call's argument list (whose callee, a method of a string or a builtin, is no library name).
 */
import type { FileModel } from "../model/file-model.js";
import type { PyNode } from "../parse/ast.js";
import type { TaintModel } from "../taint/model-types.js";
import type { TaintFileRecord } from "../taint/index.js";
import type { RecordHead } from "../taint/project-index.js";
import type { TextEdit } from "./types.js";

/** What the models say, walked once per model list (every re-scan of every session asks the same). */
interface ModelStrings {
  /**
   * Every distinct string of the models (property names aside) with where it occurs: the container (array, object,
   * map or set, numbered) and the property (`""` in arrays), and, for a string with a pattern's metacharacters, the
   * pattern it makes.
   */
  occurrences: Map<string, { at: string[]; re: RegExp | null | undefined }>;
  /** Every string of the models, property names included. */
  all: Set<string>;
}

const walked = new WeakMap<readonly TaintModel[], ModelStrings>();

function modelStrings(models: readonly TaintModel[]): ModelStrings {
  let out = walked.get(models);
  if (out) return out;
  const occurrences: ModelStrings["occurrences"] = new Map();
  const all = new Set<string>();
  const seen = new Set<object>();
  let containers = 0;
  const visit = (v: unknown): void => {
    if (typeof v !== "object" || v === null || seen.has(v)) return;
    seen.add(v);
    const members: { key: string; value: string }[] = [];
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x) => ["", x]) : v instanceof Map ? [...v].map(([k, x]) => [String(k), x]) : v instanceof Set ? [...v].map((x) => ["", x]) : Object.entries(v);
    for (const [key, x] of entries) {
      if (v instanceof Map) members.push({ key: "", value: key });
      if (typeof x === "string") members.push({ key, value: x });
      else if (x instanceof RegExp) members.push({ key: "\0regexp", value: x.source });
      else visit(x);
    }
    if (!Array.isArray(v) && !(v instanceof Map) && !(v instanceof Set)) for (const key of Object.keys(v)) all.add(key);
    const container = containers++;
    for (const { key, value } of members) {
      all.add(value);
      let o = occurrences.get(value);
      if (!o) occurrences.set(value, (o = { at: [], re: /[\^$*+?()[\]{}|\\]/.test(value) ? compiled(value) : undefined }));
      o.at.push(`${container}:${key}`);
    }
  };
  for (const m of models) visit(m);
  out = { occurrences, all };
  walked.set(models, out);
  return out;
}

/** A project index record as `FlowNeutrality` reads it: its head (`RecordHead`), and the whole record when asked. */
export interface HeadedRecord {
  head: RecordHead;
  record: () => TaintFileRecord;
}

/** What the judgement needs besides the two trees: the taint models and the project's index records. */
export class FlowNeutrality {
  private readonly occurrences: ModelStrings["occurrences"];
  private readonly modelStrings: Set<string>;

  constructor(
    models: readonly TaintModel[],
    /**
     * The project's index records, each as its head and a way to read the whole record (read only for the callees
     * asked about; iterated once per question): the heads answer most questions, a record is read only for a module
     * whose name matches.
     */
    private readonly records: Iterable<HeadedRecord>,
    /** Answers about these records known already (the analysis cache keeps them for the index's digest); new ones are added. */
    private readonly answers = new Map<string, boolean>(),
  ) {
    const strings = modelStrings(models);
    this.occurrences = strings.occurrences;
    this.modelStrings = strings.all;
  }

  /** `compute`'s answer for `key`, asked once. */
  private remembered(key: string, compute: () => boolean): boolean {
    let answer = this.answers.get(key);
    if (answer === undefined) this.answers.set(key, (answer = compute()));
    return answer;
  }

  /** Whether a project module found by `module` (any dotted suffix of its name, as `ProjectIndex.pickModule` finds it) binds `name` at module level. */
  private projectBinds(module: string, name: string): boolean {
    return this.remembered(`binds\0${module}\0${name}`, () => this.scanBinds(module, name));
  }

  private scanBinds(module: string, name: string): boolean {
    for (const { head, record } of this.records) {
      if (!(head.name === module || head.name.endsWith(`.${module}`))) continue;
      const mod = record().entry.mod;
      if (mod.functions.has(name) || mod.classes.has(name) || mod.imports.has(name) || mod.constants.has(name) || mod.instances.has(name)) return true;
    }
    return false;
  }

  /** Whether a project function, method or class has this last name. */
  private projectDefines(last: string): boolean {
    return this.remembered(`defines\0${last}`, () => this.scanDefines(last));
  }

  private scanDefines(last: string): boolean {
    const named = (q: string) => q === last || q.endsWith(`.${last}`);
    for (const { head } of this.records) for (const name of head.defines) if (named(name)) return true;
    return false;
  }

  /**
   * Why the patch from `before` to `after` may change a data flow (`why`), or, when it cannot (see the file
   * comment), the sites it changed as edits of `before`'s text (the trees are the same everywhere else, so
   * `mapOffset` moves any other position exactly).
   */
  judge(before: FileModel, after: FileModel): { why: string } | { why: null; edits: TextEdit[] } {
    const sites: [PyNode, PyNode][] = [];
    if (!differences(before.root, after.root, sites)) return { why: "the patch changes the code's structure" };
    for (const [a, b] of sites) {
      const why = this.site(before, a, after, b);
      if (why) return { why };
    }
    return { why: null, edits: sites.map(([a, b]) => ({ start: a.start, end: a.end, text: b.text })) };
  }

  private site(before: FileModel, a: PyNode, after: FileModel, b: PyNode): string | null {
    const call = a.parent;
    const callAfter = b.parent;
    if (call?.type !== "call" || callAfter?.type !== "call") return `a change outside a call (${a.type})`;
    if (a.field === "function" && b.field === "function") {
      const from = this.callee(before, a);
      const to = this.callee(after, b);
      if (!from || !to) return "a callee that is not an imported library name";
      return this.twins(from, to) ? null : `${from} and ${to} are not alike in the taint models`;
    }
    if (a.type === "argument_list" && b.type === "argument_list") {
      const q = this.callee(before, call.get("function")!);
      if (!q || this.callee(after, callAfter.get("function")!) !== q) return "a keyword of a call whose callee is not an imported library name";
      return keywordChange(a, b, (name) => !this.modelStrings.has(name));
    }
    return `a change in a call's ${a.field ?? a.type}`;
  }

  /**
   * The one qualified name a callee resolves to, when the project cannot define it: the taint engine resolves a
   * qualified callee through the models, then the project's index (`ProjectIndex.resolve`, `reexported`), so a
   * name that neither it nor any of its dotted prefixes binds in the index, and that no project function or
   * method carries as its last name, reaches the models only.
   */
  private callee(model: FileModel, fn: PyNode): string | undefined {
    if (fn.type !== "identifier" && fn.type !== "attribute") return undefined;
    const q = model.qualifiedName(fn);
    const all = model.qualifiedNames(fn);
    if (!q || q.startsWith("builtins.") || all.length !== 1 || all[0] !== q) return undefined;
    if (this.projectDefines(lastName(q))) return undefined;
    // `a.b.c` is bound in the project when a module `a` binds `b`, a module `a.b` binds `c`, or a root module binds `a`
    const parts = q.split(".");
    for (let i = 0; i < parts.length; i++) if (this.projectBinds(parts.slice(0, i).join("."), parts[i]!)) return undefined;
    return q;
  }

  /** Whether the models treat `a` and `b` alike (see the file comment). */
  twins(a: string, b: string): boolean {
    const sa = this.signature(a);
    return sa.listed && sa.text === this.signature(b).text;
  }

  private readonly signatures = new Map<string, { text: string; listed: boolean }>();

  /** How every container of the models relates to a qualified name, as one comparable string; whether one lists it. */
  private signature(q: string): { text: string; listed: boolean } {
    let sig = this.signatures.get(q);
    if (!sig) {
      const parts: string[] = [];
      for (const [value, { at, re }] of this.occurrences) {
        const rel = relation(value, re, q);
        if (rel) for (const where of at) parts.push(`${where}:${rel}`);
      }
      sig = { text: parts.sort().join("|"), listed: this.occurrences.has(q) };
      this.signatures.set(q, sig);
    }
    return sig;
  }

  /** The classes of twins among the qualified names the models list (two or more names each; for tests). */
  twinClasses(): string[][] {
    const classes = new Map<string, string[]>();
    for (const value of this.occurrences.keys()) {
      if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(value)) continue;
      const sig = this.signature(value).text;
      classes.set(sig, [...(classes.get(sig) ?? []), value]);
    }
    return [...classes.values()].filter((c) => c.length > 1).map((c) => c.sort());
  }

}

function lastName(q: string): string {
  return q.slice(q.lastIndexOf(".") + 1);
}

function compiled(source: string): RegExp | null {
  try {
    return new RegExp(source, "i");
  } catch {
    return null;
  }
}

/** How one string of the models relates to a qualified name ("" when it does not). */
function relation(value: string, re: RegExp | null | undefined, q: string): string {
  const last = lastName(q);
  if (value === q) return "eq";
  if (q.startsWith(`${value}.`)) return "pre";
  if (value.startsWith(`${q}.`)) return `ext${value.slice(q.length)}`;
  if (value === last) return "last";
  if (re) {
    const hits = `${re.test(q) ? 1 : 0}${re.test(last) ? 1 : 0}`;
    return hits === "00" ? "" : `re${hits}`;
  }
  // any other mention (a description, a partial name) is a difference when it names one and not the other
  return q.includes(value) || value.includes(last) ? `sub:${value}` : "";
}

/**
 * Collects into `sites` the pairs of corresponding nodes that differ, each as small as the two trees allow
 * while keeping the same parent; false when the trees differ in a way no pair describes (a different number of
 * children where neither is a call's argument list).
 */
function differences(a: PyNode, b: PyNode, sites: [PyNode, PyNode][]): boolean {
  if (a.text === b.text && a.type === b.type) return true;
  const callee = a.field === "function" && a.parent?.type === "call" && dotted(a) && dotted(b);
  if (callee || a.type !== b.type || a.children.length !== b.children.length || (a.type === "argument_list" && !nestedOnly(a, b)) || a.children.length === 0) {
    sites.push([a, b]);
    return sites.length <= 64;
  }
  for (let i = 0; i < a.children.length; i++) {
    const x = a.children[i]!;
    const y = b.children[i]!;
    if (x.field !== y.field) return false;
    if (!differences(x, y, sites)) return false;
  }
  return true;
}

/**
 * Whether two argument lists of one call (the same number of arguments) differ only inside arguments, not in a
 * constant keyword argument of the call itself: then the sites are looked for inside the arguments
 * (`":".join(... md5(key) ...)` → `... sha256(key) ...` is the inner call's callee, not a change of `join`'s
 * arguments), and an outer call that is no library name does not stand in the way. A constant keyword
 * argument that changes is the call's own site (`keywordChange` judges it).
 */
function nestedOnly(a: PyNode, b: PyNode): boolean {
  for (let i = 0; i < a.children.length; i++) {
    const x = a.children[i]!;
    const y = b.children[i]!;
    if (x.type === y.type && x.text === y.text) continue;
    if (x.type !== y.type || x.field !== y.field) return false;
    if (x.type === "keyword_argument" && (isLiteral(x.get("value")) || isLiteral(y.get("value")))) return false;
  }
  return true;
}

/** A name or a chain of attributes on a name (`hashlib.md5`). */
function dotted(n: PyNode): boolean {
  let node: PyNode | null | undefined = n;
  while (node?.type === "attribute") node = node.get("object");
  return node?.type === "identifier";
}

const LITERALS = new Set(["integer", "float", "true", "false", "none"]);

/** A literal constant: a number, `True`/`False`/`None`, or a string with no interpolation. */
function isLiteral(n: PyNode | null | undefined): boolean {
  if (!n) return false;
  if (LITERALS.has(n.type)) return true;
  if (n.type === "unary_operator") return n.namedChildren.length === 1 && (n.namedChildren[0]!.type === "integer" || n.namedChildren[0]!.type === "float");
  return n.type === "string" && !n.children.some((c) => c.type === "interpolation");
}

/**
 * Why the change between two argument lists of the same call may change a flow, or null when it only adds
 * constant keyword arguments or changes their constants, for keywords `unmentioned` accepts.
 */
function keywordChange(a: PyNode, b: PyNode, unmentioned: (name: string) => boolean): string | null {
  const args = (list: PyNode) => list.namedChildren.filter((c) => c.type !== "comment");
  const before = args(a);
  const after = args(b);
  const keyword = (n: PyNode) => (n.type === "keyword_argument" ? n.get("name")?.text : undefined);
  let j = 0;
  for (const n of after) {
    const old = before[j];
    if (old && old.type === n.type && old.text === n.text) {
      j++;
      continue;
    }
    const name = keyword(n);
    if (!name || !isLiteral(n.get("value"))) return "a changed argument that is not a constant keyword argument";
    if (!unmentioned(name)) return `the keyword ${name} is named in the taint models`;
    if (old && keyword(old) === name) {
      if (!isLiteral(old.get("value"))) return `the keyword ${name} had a value that is not a constant`;
      j++;
    } else if (before.some((o) => keyword(o) === name) || before.some((o) => o.type === "dictionary_splat")) return `the keyword ${name} may be given twice`;
  }
  return j === before.length ? null : "an argument was removed";
}
