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
  "pydantic.NegativeFloat",
  "pydantic.NonNegativeFloat",
  "pydantic.NonPositiveFloat",
  "pydantic.FiniteFloat",
  "pydantic.UUID1",
  "pydantic.UUID3",
  "pydantic.UUID4",
  "pydantic.UUID5",
  "pydantic.AwareDatetime",
  "pydantic.NaiveDatetime",
  "pydantic.PastDate",
  "pydantic.FutureDate",
  "pydantic.PastDatetime",
  "pydantic.FutureDatetime",
  // pydantic-extra-types: codes and names checked against a fixed list or a strict format (an IANA time zone such as
  // `America/New_York`, an ISO 4217 currency code, an ISO 3166 country or ISO 639-1 language code, a ULID, a MAC address)
  "pydantic_extra_types.timezone_name.TimeZoneName",
  "pydantic_extra_types.currency_code.ISO4217",
  "pydantic_extra_types.currency_code.Currency",
  "pydantic_extra_types.country.CountryAlpha2",
  "pydantic_extra_types.country.CountryAlpha3",
  "pydantic_extra_types.country.CountryNumericCode",
  "pydantic_extra_types.language_code.LanguageAlpha2",
  "pydantic_extra_types.language_code.ISO639_3",
  "pydantic_extra_types.ulid.ULID",
  "pydantic_extra_types.mac_address.MacAddress",
  "pydantic_extra_types.coordinate.Latitude",
  "pydantic_extra_types.coordinate.Longitude",
];
