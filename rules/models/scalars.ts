/** Parameter annotations that frameworks validating by annotation (FastAPI, Litestar, Django Ninja) turn into values that carry no injection. */

/** Numbers, booleans, UUIDs, decimals, dates and durations: the framework parses the text into one or rejects the request. */
export const VALIDATED_SCALARS: readonly string[] = [
  "builtins.int",
  "builtins.float",
  "builtins.bool",
  "uuid.UUID",
  "decimal.Decimal",
  "datetime.date",
  "datetime.datetime",
  "datetime.time",
  "datetime.timedelta",
];

/** pydantic's constrained scalar types, validated the same way where pydantic parses the parameters. */
export const PYDANTIC_SCALARS: readonly string[] = [
  "pydantic.PositiveInt",
  "pydantic.NegativeInt",
  "pydantic.NonNegativeInt",
  "pydantic.NonPositiveInt",
  "pydantic.PositiveFloat",
  "pydantic.StrictInt",
  "pydantic.StrictFloat",
  "pydantic.StrictBool",
  "pydantic.UUID4",
];
