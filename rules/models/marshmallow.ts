/**
 * marshmallow: `Schema().load(data)` returns the fields its declarations validated. A field of a
 * number, date, boolean, UUID or IPv4 type, or one whose `validate=` restricts it to fixed choices
 * (`OneOf`) or to a pattern over a safe alphabet (`Regexp(r"^[a-z]+$")`), is clean; `Str`, `Email`
 * (a quote is valid in an address), `Url`, `Length`-limited text and fields the schema does not
 * declare keep the data's taint.
 *
 * webargs, marshmallow's request parser for Flask, Django, aiohttp, Tornado, Pyramid, Bottle and Falcon:
 * `@use_kwargs(Schema, location=...)` (or a parser's `use_kwargs`, the parser possibly a project subclass)
 * calls the view with each field the schema validated from the request as a keyword argument, judged as
 * `load` judges it. A schema with a `@post_load` method hands over what that method returns instead, so
 * its fields say nothing: those arguments stay request data.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const FIELDS = [
  "Int", "Integer", "Float", "Decimal", "Number", "Bool", "Boolean", "UUID",
  "Date", "DateTime", "NaiveDateTime", "AwareDateTime", "Time", "TimeDelta", "Enum", "IPv4",
];

const inModules = (names: string[], modules: string[]) => names.flatMap((n) => modules.map((m) => `${m}.${n}`));

/** webargs' parser modules, one per framework (each has `parser`, `use_args` and `use_kwargs`). */
const PARSER_MODULES = ["flaskparser", "djangoparser", "aiohttpparser", "tornadoparser", "pyramidparser", "bottleparser", "falconparser"].map((m) => `webargs.${m}`);
const PARSER_CLASSES = ["FlaskParser", "DjangoParser", "AIOHTTPParser", "TornadoParser", "PyramidParser", "BottleParser", "FalconParser"];

export const marshmallow: TaintModel = {
  name: "marshmallow",
  fieldValidation: {
    // `validate.Regexp(pattern)` matches at the start only; the pattern's own anchors decide
    patternValidators: inModules(["Regexp"], ["marshmallow.validate", "webargs.validate"]),
    forms: [
      {
        bases: ["marshmallow.Schema", "marshmallow.schema.Schema"],
        attrs: [],
        loads: ["load", "loads"],
        kwargsFrom: {
          calls: inModules(["use_kwargs"], PARSER_MODULES),
          methods: ["use_kwargs"],
          instances: inModules(["parser"], PARSER_MODULES),
          parsers: ["webargs.core.Parser", ...PARSER_MODULES.flatMap((m, i) => [`${m}.${PARSER_CLASSES[i]}`])],
        },
        replacedBy: ["post_load"],
        // webargs re-exports marshmallow's fields and validators (`from webargs import fields, validate`)
        safeFields: [...inModules(FIELDS, ["marshmallow.fields", "webargs.fields"]), ...inModules(["OneOf", "Equal"], ["marshmallow.validate", "webargs.validate"])],
      },
    ],
  },
};
