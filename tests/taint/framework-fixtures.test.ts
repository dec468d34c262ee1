/**
 * Every stack with a model of its own (entry points or sources) has a fixture application in
 * tests/fixtures/frameworks/<model name>/, written like real code with vulnerable and safe twins;
 * the exact set of reported `file:line:ruleId` must equal its annotations. The `cli` folder is
 * scanned with local sources on (command-line input counts only then).
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MODELS } from "../../rules/models/index.js";
import { annotationsIn, compareWithAnnotations, describeMismatch, findingKeys, scanFolder } from "../helpers/annotations.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "frameworks");
const folders = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const LOCAL = new Set(["cli"]);

describe("framework fixtures", () => {
  it("every model with entry points or sources has a fixture folder", () => {
    // sources with kinds of their own (caught exceptions for error-disclosure) are covered by their rule's fixtures
    const stacks = MODELS.filter((m) => (m.endpoints?.length ?? 0) > 0 || (m.sources ?? []).some((s) => !s.kinds)).map((m) => m.name);
    expect(stacks.filter((s) => !folders.includes(s))).toEqual([]);
  });

  for (const folder of folders) {
    it(`${folder}: reported lines equal the annotations`, async () => {
      const dir = path.join(root, folder);
      const annotations = await annotationsIn(dir);
      expect(annotations.length, "a fixture folder needs annotations").toBeGreaterThan(0);
      const output = await scanFolder(dir, undefined, { includeLocalSources: LOCAL.has(folder) });
      const errors = output.notifications.filter((n) => n.kind === "analysis-error" || n.kind === "syntax-error" || n.kind === "analysis-budget").map((n) => n.message);
      expect(errors, "fixture files must parse and analyse cleanly").toEqual([]);
      const comparison = compareWithAnnotations(annotations, findingKeys(output));
      if (comparison.todo.length > 0) console.info(`${folder}: known gaps\n  ${comparison.todo.join("\n  ")}`);
      expect({ missing: comparison.missing, unexpected: comparison.unexpected }, describeMismatch(folder, comparison)).toEqual({ missing: [], unexpected: [] });
    });
  }
});
