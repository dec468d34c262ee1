/**
 * Runs the real pipeline over every tests/fixtures/<rule-id>/ folder with all registered rules and
 * checks the exact set of reported `file:line:ruleId` against the fixture annotations.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ruleById } from "../../rules/index.js";
import { annotationsIn, compareWithAnnotations, describeMismatch, findingKeys, levelMismatches, scanFolder } from "../helpers/annotations.js";

const fixturesRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const folders = readdirSync(fixturesRoot, { withFileTypes: true })
  .filter((e) => e.isDirectory() && ruleById(e.name) !== undefined)
  .map((e) => e.name)
  .sort();

describe("rule fixtures", () => {
  it("finds the fixture folder of every registered rule that has one", () => {
    expect(folders).toEqual(expect.arrayContaining(["tar-extraction-traversal", "unsafe-load", "weak-hash", "weak-password-hash", "wildcard-cors"]));
  });

  for (const folder of folders) {
    it(`${folder}: reported lines equal the annotations`, async () => {
      const dir = path.join(fixturesRoot, folder);
      const annotations = await annotationsIn(dir);
      const unknown = annotations.filter((a) => !ruleById(a.ruleId)).map((a) => `${a.file}:${a.annotationLine}: ${a.ruleId}`);
      expect(unknown, "annotations naming no registered rule").toEqual([]);
      const output = await scanFolder(dir);
      const errors = output.notifications.filter((n) => n.kind === "analysis-error" || n.kind === "syntax-error").map((n) => n.message);
      expect(errors, "fixture files must parse and analyse cleanly").toEqual([]);
      const comparison = compareWithAnnotations(annotations, findingKeys(output));
      if (comparison.todo.length > 0) console.info(`${folder}: known gaps\n  ${comparison.todo.join("\n  ")}`);
      expect({ missing: comparison.missing, unexpected: comparison.unexpected }, describeMismatch(folder, comparison)).toEqual({ missing: [], unexpected: [] });
      expect(levelMismatches(annotations, output), "findings whose level differs from the annotation's @level").toEqual([]);
    });
  }
});
