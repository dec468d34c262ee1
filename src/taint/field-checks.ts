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
import { flat } from "./value.js";
import type { ClassInfo, FunctionRef } from "./project-index.js";

/** Whether a pattern the value must match (searched, not anchored, as pydantic does) leaves it clean of every kind. */
export function patternValidates(knowledge: Knowledge, pattern: string): boolean {
  return regexSafety(pattern, "none", (k) => knowledge.mask(k)) === knowledge.allKinds;
}

/** Whether the model class validates field `name` so that no sink kind is left open. */
export function fieldValidated(f: Frame, cls: ClassInfo, name: string): boolean {
  const spec = f.knowledge.fieldValidation;
  const index = f.host.index;
  for (const c of index.inherited(cls, (x) => x.constraints?.get(name))) {
    if (c.pattern !== undefined && patternValidates(f.knowledge, c.pattern)) return true;
    if (spec.numeric.has(c.call)) return true;
    if (c.fn && spec.validatorWrappers.has(c.call)) {
      const r = index.resolve(c.fn, cls.path);
      const fn = r?.kind === "function" || r?.kind === "method" ? r.fn : undefined;
      if (fn && returnsClean(f, fn, 0)) return true;
    }
  }
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
