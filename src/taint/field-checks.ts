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
import { CLEAN } from "./labels.js";
import { attribute, CLEAN_VAL, flat, type Val } from "./value.js";
import type { ClassInfo, FieldConstraint, FunctionRef } from "./project-index.js";

/** Whether a pattern the value must match (searched, not anchored, as pydantic does) leaves it clean of every kind. */
export function patternValidates(knowledge: Knowledge, pattern: string): boolean {
  return regexSafety(pattern, "none", (k) => knowledge.mask(k)) === knowledge.allKinds;
}

/** Whether one of a field's constraint calls leaves its value clean of every kind. */
function constrained(f: Frame, cls: ClassInfo, constraints: readonly FieldConstraint[], safe: ReadonlySet<string>): boolean {
  const spec = f.knowledge.fieldValidation;
  for (const c of constraints) {
    if (c.pattern !== undefined && patternValidates(f.knowledge, c.pattern)) return true;
    if (c.first !== undefined && spec.patternValidators.has(c.call) && patternValidates(f.knowledge, c.first)) return true;
    if (spec.numeric.has(c.call) || safe.has(c.call)) return true;
    if (c.fn && spec.validatorWrappers.has(c.call)) {
      const r = f.host.index.resolve(c.fn, cls.path);
      const fn = r?.kind === "function" || r?.kind === "method" ? r.fn : undefined;
      if (fn && returnsClean(f, fn, 0)) return true;
    }
  }
  return false;
}

/**
 * `form.cleaned_data` of a form class (`FormSpec`): a mapping whose entries under the names of
 * fields that validate their values are clean; every other entry keeps the form's taint.
 * Undefined when the class is no such form or `attr` is not its validated mapping.
 */
export function validatedMapping(f: Frame, cls: ClassInfo, attr: string, form: Val): Val | undefined {
  const forms = f.knowledge.fieldValidation.forms.filter((s) => s.attrs.includes(attr));
  if (forms.length === 0) return undefined;
  const ancestors = f.host.index.ancestors(cls);
  const spec = forms.find((s) => s.bases.some((b) => ancestors.includes(b)));
  if (!spec) return undefined;
  const safe = new Set(spec.safeFields);
  const keys = new Map<string, Val>();
  const declared = f.host.index.inherited(cls, (x) => [...(x.declared ?? [])]);
  for (const [field, constraints] of declared) {
    const key = pyRepr({ t: "str", v: field });
    if (!keys.has(key) && constrained(f, cls, constraints, safe)) keys.set(key, CLEAN_VAL);
  }
  return { t: CLEAN, seq: "dict", keys, rest: flat(attribute(form, attr)) };
}

/** Whether the model class validates field `name` so that no sink kind is left open. */
export function fieldValidated(f: Frame, cls: ClassInfo, name: string): boolean {
  const spec = f.knowledge.fieldValidation;
  const index = f.host.index;
  if (constrained(f, cls, index.inherited(cls, (x) => x.constraints?.get(name)), new Set())) return true;
  for (const v of index.inherited(cls, (x) => x.fieldValidators?.get(name))) {
    if (!spec.fieldValidators.has(v.decorator)) continue;
    const fn = index.findMethod(cls, v.method);
    // `def check(cls, value)`: the value is the second parameter
    if (fn && returnsClean(f, fn, 1)) return true;
  }
  return false;
}

/** Whether what the function returns carries nothing of parameter `param` (or of any source). */
function returnsClean(f: Frame, fn: FunctionRef, param: number): boolean {
  const summary = f.host.summary(fn);
  if (!summary) return false;
  if (summary.neverReturns) return true;
  return flat(summary.ret).every((l) => l.src === null && (l.param !== param || l.mask === 0));
}
