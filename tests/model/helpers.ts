import { FileModel } from "../../src/model/file-model.js";
import { pyRepr } from "../../src/model/values.js";
import { walk, type PyNode } from "../../src/parse/ast.js";
import { loadPython } from "../../src/parse/grammar.js";
import { PythonParser } from "../../src/parse/parser.js";

let parser: PythonParser | undefined;

/** Parses source into a FileModel at the given repo-relative path. */
export async function modelOf(source: string, path = "app/views.py"): Promise<FileModel> {
  parser ??= new PythonParser(await loadPython());
  return new FileModel(parser.parse(source), path);
}

/** Every call in the file as `text → qualified name`. */
export function callNames(model: FileModel): string[] {
  const out: string[] = [];
  walk(model.root, (n) => {
    if (n.type === "call") out.push(`${n.get("function")!.text} → ${model.qualifiedName(n) ?? "?"}`);
  });
  return out;
}

/** The folded value of the right-hand side of `name = …` (the last such assignment), as Python repr. */
export function folded(model: FileModel, name: string): string | undefined {
  let target: PyNode | undefined;
  walk(model.root, (n) => {
    if (n.type === "assignment" && n.get("left")?.text === name) target = n.get("right") ?? undefined;
  });
  const v = model.constant(target ?? null);
  return v === undefined ? undefined : pyRepr(v);
}
