/**
 * Pydantic (v1 and v2): what a model's field constraints guarantee about the values it hands to
 * the code. `pattern=`/`regex=` arguments are judged wherever they appear (`Field`, `constr`,
 * `StringConstraints`, FastAPI's `Query`/`Path`); this model names the rest.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const both = (names: string[], modules: string[]) => names.flatMap((n) => modules.map((m) => `${m}.${n}`));

const MODEL = "pydantic.BaseModel";

export const pydantic: TaintModel = {
  name: "pydantic",
  // a model's `dict()` / `model_dump()` is keyed by its field names, never by the data's own keys
  types: [{ type: MODEL, class: both(["BaseModel"], ["pydantic", "pydantic.main", "pydantic.v1"]) }],
  propagators: [{ on: [MODEL], method: ["dict", "model_dump"], fieldsDict: true }],
  fieldValidation: {
    // numbers and dates, whatever their bounds
    numeric: both(["conint", "confloat", "condecimal", "condate"], ["pydantic", "pydantic.types"]),
    // numbers, flags, UUIDs and dates. Not `IPvAnyAddress` or
    // `IPv6Address`: an IPv6 scope id (`fe80::1%eth0`) may hold any character but `%` and `/`
    // (`ipaddress.ip_address("fe80::1%;id")` is valid), and not `EmailStr` (`o'brien@example.com`).
    safeTypes: [
      ...both(
        [
          "PositiveInt", "NegativeInt", "NonNegativeInt", "NonPositiveInt", "StrictInt",
          "PositiveFloat", "NegativeFloat", "NonNegativeFloat", "NonPositiveFloat", "StrictFloat", "FiniteFloat",
          "StrictBool", "UUID1", "UUID3", "UUID4", "UUID5",
          "PastDate", "FutureDate", "AwareDatetime", "NaiveDatetime", "PastDatetime", "FutureDatetime",
        ],
        ["pydantic", "pydantic.types"],
      ),
      "datetime.time",
      "datetime.timedelta",
    ],
    // digits and dots, but still a host of the client's choosing
    hostTypes: ["ipaddress.IPv4Address"],
    // an address the `email-validator` package accepted holds no line break (so it cannot forge a log
    // line) and is validated input a session may keep; it may still hold `'` or `<`
    formatTypes: [{ types: both(["EmailStr", "NameEmail"], ["pydantic", "pydantic.networks"]), kinds: ["log", "session"] }],
    // `Annotated[str, AfterValidator(check)]`: the field holds what `check` returns
    validatorWrappers: both(["AfterValidator", "PlainValidator", "BeforeValidator"], ["pydantic", "pydantic.functional_validators"]),
    // `@field_validator("name")` (v2) / `@validator("name")` (v1): the field holds what the method returns
    fieldValidators: [
      ...both(["field_validator"], ["pydantic", "pydantic.functional_validators"]),
      ...both(["validator"], ["pydantic", "pydantic.class_validators", "pydantic.v1"]),
    ],
  },
};
