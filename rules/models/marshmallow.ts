/**
 * marshmallow: `Schema().load(data)` returns the fields its declarations validated. A field of a
 * number, date, boolean, UUID or IPv4 type, or one whose `validate=` restricts it to fixed choices
 * (`OneOf`) or to a pattern over a safe alphabet (`Regexp(r"^[a-z]+$")`), is clean; `Str`, `Email`
 * (a quote is valid in an address), `Url`, `Length`-limited text and fields the schema does not
 * declare keep the data's taint.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const FIELDS = [
  "Int", "Integer", "Float", "Decimal", "Number", "Bool", "Boolean", "UUID",
  "Date", "DateTime", "NaiveDateTime", "AwareDateTime", "Time", "TimeDelta", "Enum", "IPv4",
];

const inModules = (names: string[], modules: string[]) => names.flatMap((n) => modules.map((m) => `${m}.${n}`));

export const marshmallow: TaintModel = {
  name: "marshmallow",
  fieldValidation: {
    // `validate.Regexp(pattern)` matches at the start only; the pattern's own anchors decide
    patternValidators: inModules(["Regexp"], ["marshmallow.validate"]),
    forms: [
      {
        bases: ["marshmallow.Schema", "marshmallow.schema.Schema"],
        attrs: [],
        loads: ["load", "loads"],
        safeFields: [...inModules(FIELDS, ["marshmallow.fields"]), ...inModules(["OneOf", "Equal"], ["marshmallow.validate"])],
      },
    ],
  },
};
