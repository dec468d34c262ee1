/**
 * Library mode (`--include-parameter-sources`): parameters of public functions are sources,
 * reported as warnings of precision medium; off by default.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { annotationsIn, compareWithAnnotations, describeMismatch, findingKeys, scanFolder } from "../helpers/annotations.js";

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "library-mode");

describe("library mode", () => {
  it("reports flows from public parameters as warnings of precision medium, exactly at the annotated lines", async () => {
    const annotations = await annotationsIn(dir);
    const output = await scanFolder(dir, undefined, { includeParameterSources: true });
    const comparison = compareWithAnnotations(annotations, findingKeys(output));
    expect({ missing: comparison.missing, unexpected: comparison.unexpected }, describeMismatch("library-mode", comparison)).toEqual({ missing: [], unexpected: [] });
    const taint = output.findings.filter((f) => f.properties?.sourceLine !== undefined);
    expect(taint.map((f) => `${f.level} ${f.properties?.precision} ${f.properties?.source}`).sort()).toEqual([
      "warning medium parameter cmd of run()",
      "warning medium parameter name of restore()",
      "warning medium parameter table of count_rows()",
    ]);
  });

  it("is off by default", async () => {
    const output = await scanFolder(dir);
    expect(output.findings.filter((f) => f.properties?.sourceLine !== undefined)).toEqual([]);
  });
});
