/** Validates SARIF against the 2.1.0 JSON schema that @microsoft/jest-sarif ships. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";

const require = createRequire(import.meta.url);

/**
 * The schema declares draft-04, which Ajv 8 no longer implements. Its only draft-04 specifics are the
 * `id` keyword and the `$schema` URI (no boolean exclusiveMinimum/Maximum), so renaming `id` to
 * `$id` and dropping `$schema` gives the same constraints under Ajv's default draft-07.
 */
function loadSchema(): Record<string, unknown> {
  const path = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  const schema = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  expectDraft04(schema);
  const { $schema: _draft, id, ...rest } = schema;
  return { $id: id, ...rest };
}

function expectDraft04(schema: Record<string, unknown>): void {
  if (schema.$schema !== "http://json-schema.org/draft-04/schema#") {
    throw new Error(`expected a draft-04 SARIF schema, found ${String(schema.$schema)}`);
  }
}

/** The three string formats the schema uses, checked for real rather than ignored. */
const formats = {
  "date-time": (value: string) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value)),
  uri: (value: string) => URL.canParse(value),
  "uri-reference": (value: string) => !/\s/.test(value) && URL.canParse(value, "file:///base/"),
};

let validator: ValidateFunction | undefined;

/** Schema errors for a SARIF log as "path message" strings; empty when valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  // strict: false because Ajv's strict mode objects to the schema's own style (`required` naming
  // properties declared elsewhere), not to the data; formats stay checked. The language-tag pattern
  // has a stray "]" that is only legal without the regexp "u" flag.
  validator ??= new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, formats }).compile(loadSchema());
  const data = JSON.parse(JSON.stringify(log)) as unknown;
  if (validator(data)) return [];
  return (validator.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ""}`.trim());
}
