/**
 * Expression evaluators of scientific and imaging libraries that run Python code or build it from
 * the expression text: Pillow's `ImageMath.eval`/`unsafe_eval` (CVE-2023-50447), numexpr's
 * `evaluate` (its expression is checked only by a blacklist before `eval`, CVE-2023-39631).
 */
import type { TaintModel } from "../../src/taint/model-types.js";

export const evaluators: TaintModel = {
  name: "evaluators",
  sinks: [
    { kind: "code", call: ["PIL.ImageMath.eval", "PIL.ImageMath.unsafe_eval"], args: [{ pos: 0, kw: "expression" }] },
    { kind: "code", call: ["numexpr.evaluate", "numexpr.necompiler.evaluate", "numexpr.re_evaluate"], args: [{ pos: 0, kw: "ex" }] },
  ],
};
