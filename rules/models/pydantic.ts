/**
 * Pydantic (v1 and v2): what a model's field constraints guarantee about the values it hands to
 * the code. `pattern=`/`regex=` arguments are judged wherever they appear (`Field`, `constr`,
 * `StringConstraints`, FastAPI's `Query`/`Path`); this model names the rest.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const both = (names: string[], modules: string[]) => names.flatMap((n) => modules.map((m) => `${m}.${n}`));

export const pydantic: TaintModel = {
  name: "pydantic",
  fieldValidation: {
    // numbers and dates, whatever their bounds
    numeric: both(["conint", "confloat", "condecimal", "condate"], ["pydantic", "pydantic.types"]),
    // `Annotated[str, AfterValidator(check)]`: the field holds what `check` returns
    validatorWrappers: both(["AfterValidator", "PlainValidator", "BeforeValidator"], ["pydantic", "pydantic.functional_validators"]),
    // `@field_validator("name")` (v2) / `@validator("name")` (v1): the field holds what the method returns
    fieldValidators: [
      ...both(["field_validator"], ["pydantic", "pydantic.functional_validators"]),
      ...both(["validator"], ["pydantic", "pydantic.class_validators", "pydantic.v1"]),
    ],
  },
};
