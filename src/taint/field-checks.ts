/**
 * Fields a validating model (pydantic) checks before any code sees them: a `pattern` over a safe
 * alphabet, a numeric constrained type, or a validator function (`AfterValidator(f)`,
 * `@field_validator("name")`) that returns only clean values — its summary decides, so a validator
 * that raises on bad input (`if not v.isalnum(): raise ValueError`) cleans the field and one that
 * merely strips whitespace does not. Which calls and decorators mean what is model data
 * (`FieldValidationSpec`).
 */
import type { Frame } from "./frame.js";
import { regexSafety } from "./guards.js";
import type { Knowledge } from "./knowledge.js";
import { pyRepr } from "../model/values.js";
import { CLEAN, restrict, type Taint } from "./labels.js";
import type { FormSpec } from "./model-types.js";
import { attribute, CLEAN_VAL, flat, type Val } from "./value.js";
import type { ClassInfo, FieldConstraint, FunctionRef, ProjectIndex } from "./project-index.js";
import type { Summary } from "./summary.js";

/** What judging a field needs: the models, the project's classes, and function summaries when the analysis can give them. */
export interface FieldHost {
  knowledge: Knowledge;
  index: ProjectIndex;
  summary?(ref: FunctionRef): Summary | undefined;
}

function hostOf(f: Frame): FieldHost {
  return { knowledge: f.knowledge, index: f.host.index, summary: (ref) => f.host.summary(ref) };
}

/** The sink kinds a pattern the value must match (searched, not anchored, as pydantic does) leaves it clean of. */
export function patternMask(knowledge: Knowledge, pattern: string): number {
  return regexSafety(pattern, "none", (k) => knowledge.mask(k));
}

/**
 * The sink kinds a field's constraint calls leave its value clean of: a pattern's alphabet decides
 * (`^[a-z0-9.-]+$` allows `..`, so not paths); a numeric type, a safe field class or a validator
 * function returning only clean values clears every kind.
 */
export function constrained(f: FieldHost, fromPath: string, constraints: readonly FieldConstraint[], safe: ReadonlySet<string>): number {
  const spec = f.knowledge.fieldValidation;
  const all = f.knowledge.allKinds;
  let mask = 0;
  for (const c of constraints) {
    if (c.pattern !== undefined) mask |= patternMask(f.knowledge, c.pattern);
    if (c.first !== undefined && spec.patternValidators.has(c.call)) mask |= patternMask(f.knowledge, c.first);
    if (spec.numeric.has(c.call) || safe.has(c.call)) return all;
    mask |= spec.formatTypes.get(c.call) ?? 0;
    // a project subclass of a library field class validates as its base does
    const sub = safe.size > 0 || spec.formatTypes.size > 0 ? f.index.baseClass(c.call, fromPath) : undefined;
    if (sub) {
      for (const b of f.index.ancestors(sub)) {
        if (safe.has(b)) return all;
        mask |= spec.formatTypes.get(b) ?? 0;
      }
    }
    if (c.fn && spec.validatorWrappers.has(c.call)) {
      const r = f.index.resolve(c.fn, fromPath);
      const fn = r?.kind === "function" || r?.kind === "method" ? r.fn : undefined;
      if (fn && returnsClean(f, fn, 0)) return all;
    }
    if (mask === all) return all;
  }
  return mask;
}

/**
 * `form.cleaned_data` of a form class (`FormSpec`): a mapping whose entries under the names of
 * fields that validate their values are clean; every other entry keeps the form's taint.
 * Undefined when the class is no such form or `attr` is not its validated mapping.
 */
export function validatedMapping(f: Frame, cls: ClassInfo, attr: string, form: Val): Val | undefined {
  const spec = formSpec(f, cls, (s) => s.attrs.includes(attr));
  return spec ? fieldsMapping(f, cls, spec, flat(attribute(form, attr))) : undefined;
}

/**
 * `schema.load(data)` of a schema class (`FormSpec.loads`): the mapping of the fields `data`
 * validates to, whose validated fields are clean and whose other entries keep `data`'s taint; a
 * list of such mappings (as tainted as `data`) with `many`. Undefined when the class is no such
 * schema or the method does not load.
 */
export function loadedMapping(f: Frame, cls: ClassInfo, method: string, data: Val, many: boolean): Val | undefined {
  const spec = formSpec(f, cls, (s) => s.loads?.includes(method) === true);
  if (!spec) return undefined;
  if (many) return { t: CLEAN, seq: "list", rest: flat(data) };
  return fieldsMapping(f, cls, spec, flat(data));
}

function formSpec(f: Frame, cls: ClassInfo, pick: (s: FormSpec) => boolean): FormSpec | undefined {
  const forms = f.knowledge.fieldValidation.forms.filter(pick);
  if (forms.length === 0) return undefined;
  const ancestors = f.host.index.ancestors(cls);
  return forms.find((s) => s.bases.some((b) => ancestors.includes(b)));
}

/** The validated mapping of a form-like class: its validated fields clean, every other entry `rest`. */
function fieldsMapping(f: Frame, cls: ClassInfo, spec: FormSpec, rest: Taint): Val {
  const safe = new Set(spec.safeFields);
  const keys = new Map<string, Val>();
  const declared = f.host.index.inherited(cls, (x) => [...(x.declared ?? [])]);
  const all = f.knowledge.allKinds;
  for (const [field, constraints] of declared) {
    const key = pyRepr({ t: "str", v: field });
    if (keys.has(key)) continue;
    const mask = constrained(hostOf(f), cls.path, constraints, safe);
    if (mask === all) keys.set(key, CLEAN_VAL);
    else if (mask && rest.length > 0) keys.set(key, { t: restrict(rest, ~mask) });
  }
  return { t: CLEAN, seq: "dict", keys, rest };
}

/** The sink kinds the model class's validation of field `name` leaves its value clean of. */
export function fieldValidation(f: Frame, cls: ClassInfo, name: string): number {
  const spec = f.knowledge.fieldValidation;
  const index = f.host.index;
  const all = f.knowledge.allKinds;
  const mask = constrained(hostOf(f), cls.path, index.inherited(cls, (x) => x.constraints?.get(name)), new Set());
  if (mask === all) return all;
  for (const v of index.inherited(cls, (x) => x.fieldValidators?.get(name))) {
    if (!spec.fieldValidators.has(v.decorator)) continue;
    const fn = index.findMethod(cls, v.method);
    // `def check(cls, value)`: the value is the second parameter
    if (fn && returnsClean(hostOf(f), fn, 1)) return all;
  }
  return mask;
}

/** Whether what the function returns carries nothing of parameter `param` (or of any source). */
function returnsClean(f: FieldHost, fn: FunctionRef, param: number): boolean {
  const summary = f.summary?.(fn);
  if (!summary) return false;
  if (summary.neverReturns) return true;
  return flat(summary.ret).every((l) => l.src === null && (l.param !== param || l.mask === 0));
}

/** The sink kinds a field or parameter type leaves its value clean of (`FieldValidationSpec.safeTypes`, `hostTypes`). */
export function typeKinds(knowledge: Knowledge, type: string): number {
  const spec = knowledge.fieldValidation;
  if (spec.safeTypes.has(type)) return knowledge.allKinds;
  if (spec.hostTypes.has(type)) return knowledge.allKinds & ~knowledge.mask(["ssrf", "redirect"]);
  return spec.formatTypes.get(type) ?? 0;
}
