/**
 * Source kinds that can reach no sink in the project, proved from the models and the project index.
 *
 * A sink is evaluated only where code calls it: through a name the code imports (`flask.jsonify`), a method
 * on a value of a modelled type (made by a call the code names, or a framework's argument to a view it
 * declares), or a view's return value (`EndpointSpec.bodySink`). A model can thus put a sink of kind `k` in
 * front of the code only when the code can reach one of the names it is written in: the model is *active*
 * when the project imports (at any scope, `ProjectIndex.roots`) or itself defines a top-level module its
 * triggers or its sink-side parts name, when it declares an entry point that needs no import (a handler
 * found by its shape or named in a deployment descriptor) or a method matched on receivers of unknown type
 * anywhere (`untyped: true`), or when an active model mentions a type its sinks are declared on (a type one
 * library's calls return and another's sinks take). A kind no active
 * model mentions outside its source-side parts (sources, sanitizers, guards, validators, development-only
 * code, syntaxes, escaping formatters, constants) is dead: its sources are dropped (`Knowledge.deadKinds`),
 * so the analysis carries no label that could never be reported. On the standard library this is error
 * text (caught exceptions and tracebacks): its sinks (responses, `abort`, `flash`, view bodies) come only
 * from the web frameworks' models, and the library imports none of them.
 */
import type { Knowledge } from "./knowledge.js";
import type { EndpointSpec, TaintModel } from "./model-types.js";

/** Parts of a model that say what a value is or what clears it, never where it is dangerous. */
const SOURCE_SIDE = new Set<string>([
  "name",
  "sources",
  "sanitizers",
  "developmentOnly",
  "checkPredicates",
  "validatorNames",
  "regexSanitizers",
  "guards",
  "regexGuards",
  "componentGuards",
  "syntaxes",
  "escapingFormatters",
  "constants",
]);

/** A dotted name (`flask.Response`, `werkzeug.exceptions.abort`): its first segment is a module the code must reach. */
const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

/** Keys whose strings are types an entry applies on (values of them must exist). */
const TAKEN = new Set<string>(["on", "appTypes"]);
/** Keys whose strings are types an entry makes: not names the code must import. */
const MADE = new Set<string>(["type", "returns", "elementType", "et"]);

/** The keys of an endpoint spec that say how a view is declared (what the code must name for the spec to apply). */
const RECOGNITION = new Set<string>(["requiresImport", "decoratorNames", "registrations", "viewBases", "notViews"]);

/** One entry of a model (a source, a sink, an endpoint spec, a type, …): when it applies, what kinds it can sink, what types it makes. */
interface Entry {
  /** Its JSON text when it is on the sink side (to find the kinds it can sink), else "". */
  sinkText: string;
  /** Module roots of the names it is written in (calls, decorators, import requirements, its model's triggers). */
  roots: Set<string>;
  /** Types it applies on (`on`, `appTypes`, `class`): it applies once a value of one exists. */
  onTypes: Set<string>;
  /** Every string in it: a type an applying entry mentions can exist in the program. */
  strings: Set<string>;
  /** An entry point that applies without an import (by its parameters' names or shape, or named by a deployment descriptor). */
  unconditional: boolean;
}

function entriesOf(m: TaintModel, declared: ReadonlySet<string>): Entry[] {
  const triggers = [...(m.triggers ?? []), ...(m.localTriggers ?? []), ...(m.mentionTriggers ?? [])].map((t) => t.split(".")[0]!);
  const entry = (piece: unknown, sinkSide: boolean, unconditional: boolean, endpoint = false): Entry => {
    const roots = new Set<string>(triggers);
    const onTypes = new Set<string>();
    const strings = new Set<string>();
    let anywhere = unconditional;
    const visit = (v: unknown, key: string | undefined): void => {
      // a method matched on receivers of unknown type (`untyped: true`: any `.execute(sql)`) needs no name at all
      if (v === true && key === "untyped") anywhere = true;
      if (typeof v === "string") {
        strings.add(v);
        if (key !== undefined && TAKEN.has(key)) onTypes.add(v);
        else if (key !== undefined && MADE.has(key)) return;
        // an endpoint spec applies by how a view is declared; its annotations and the like matter only in a view
        else if (DOTTED.test(v) && (!endpoint || (key !== undefined && RECOGNITION.has(key)))) roots.add(v.slice(0, v.indexOf(".")));
        // an import requirement, a trigger or the imports `untyped` asks for are module names, dotted or not
        if (key === "requiresImport" || key === "triggers" || key === "mentionTriggers" || key === "untyped") roots.add(v.split(".")[0]!);
      } else if (Array.isArray(v)) {
        for (const x of v) visit(x, key);
      } else if (v && typeof v === "object") {
        // a registration's arguments are positions and keywords: the names in it are what it calls
        for (const [k, x] of Object.entries(v)) visit(x, endpoint && key !== undefined && RECOGNITION.has(key) ? key : k);
      }
    };
    visit(piece, undefined);
    return { sinkText: sinkSide ? JSON.stringify(piece) : "", roots, onTypes, strings, unconditional: anywhere };
  };
  const out: Entry[] = [];
  for (const [key, value] of Object.entries(m)) {
    if (key === "name") continue;
    const sinkSide = !SOURCE_SIDE.has(key);
    for (const piece of Array.isArray(value) ? value : [value]) {
      const e = key === "endpoints" ? (piece as EndpointSpec) : undefined;
      const unconditional = e !== undefined && ((e.signature?.length ?? 0) > 0 || e.inferred !== undefined || declared.has(e.framework));
      out.push(entry(piece, sinkSide, unconditional, e !== undefined));
    }
  }
  return out;
}

/** The kinds (a bit mask of `knowledge`) no applying model entry can sink in a project that reaches these module roots. */
export function deadKinds(models: readonly TaintModel[], knowledge: Knowledge, roots: ReadonlySet<string>, declaredFrameworks: ReadonlySet<string> = new Set()): number {
  const entries = models.flatMap((m) => entriesOf(m, declaredFrameworks));
  const active = entries.map((e) => e.unconditional || [...e.roots].some((r) => roots.has(r)));
  // a type an applying entry makes or mentions can reach the entries (sinks, endpoints) declared on it
  const made = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    entries.forEach((e, i) => {
      if (active[i]) for (const t of e.strings) made.add(t);
    });
    entries.forEach((e, i) => {
      if (active[i] || ![...e.onTypes].some((t) => made.has(t))) return;
      active[i] = true;
      changed = true;
    });
  }
  let dead = 0;
  for (const [kind, bit] of knowledge.kindBits) {
    const quoted = JSON.stringify(kind);
    if (!entries.some((e, i) => active[i] && e.sinkText.includes(quoted))) dead |= bit;
  }
  return dead;
}
