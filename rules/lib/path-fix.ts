/**
 * The automatic fix of `path-traversal`. Flask: `send_file(os.path.join(base, name))` becomes
 * `send_from_directory(base, name)`, and an upload saved under `os.path.join(base, f.filename)` gets
 * `secure_filename(f.filename)`. Elsewhere: the joined path is resolved and checked to stay inside its
 * base folder (`Path(base) / name`, `.resolve()`, `.is_relative_to(...)`) before the call.
 */
import { unparen, type PyNode } from "../../src/parse/ast.js";
import type { FixBuilder } from "../../src/fix/builder.js";
import type { FixOutcome } from "../../src/fix/types.js";

export const PATH_FIX_DOCS =
  "**Unsafe.** In Flask code, `send_file(os.path.join(base, name), …)` becomes `send_from_directory(base, name, …)`, which answers 404 for a name that leaves `base`, and an upload saved as `os.path.join(base, upload.filename)` is saved as `secure_filename(upload.filename)` (both imported once). Elsewhere, when the path is `os.path.join(base, name)` or `base / name`, a check is inserted before the statement — `path = (Path(base) / name).resolve()` and `if not path.is_relative_to(Path(base).resolve()): raise PermissionError(...)` — and the call uses the checked path (Python 3.9 or later). Requests for paths outside the folder now fail, and stored upload names lose characters `secure_filename` removes, hence unsafe. No fix is offered for other shapes of path.";

const JOINS = new Set(["os.path.join", "posixpath.join", "ntpath.join"]);
const SEND_FILE = new Set(["flask.send_file", "flask.helpers.send_file"]);

/** `base` and `name` of `os.path.join(base, name)` or `base / name`. */
function joined(node: PyNode | undefined, fix: FixBuilder): [PyNode, PyNode] | undefined {
  const n = unparen(node ?? null);
  if (!n) return undefined;
  if (n.type === "call" && fix.model.qualifiedNames(n.get("function")).some((q) => JOINS.has(q))) {
    const args = fix.model.callArgs(n);
    if (args.positional.length === 2 && args.keywords.size === 0 && !args.hasSplat) return [args.positional[0]!, args.positional[1]!];
  }
  if (n.type === "binary_operator" && n.get("operator")?.text === "/") {
    const left = n.get("left");
    const right = n.get("right");
    if (left && right) return [left, right];
  }
  return undefined;
}

function freeName(fix: FixBuilder, at: PyNode, ...candidates: string[]): string | undefined {
  return candidates.find((c) => fix.isFree(c, at));
}

export function pathFix(call: PyNode | undefined, fix: FixBuilder): FixOutcome | undefined {
  if (!call || call.type !== "call") return undefined;
  const { model } = fix;
  const args = model.callArgs(call);
  const pathArg = args.positional[0] ?? args.keywords.get("path_or_file") ?? args.keywords.get("path") ?? args.keywords.get("dst") ?? args.keywords.get("file");
  const parts = joined(pathArg, fix);
  if (!pathArg || !parts) return undefined;
  const [base, name] = parts;
  const callee = unparen(call.get("function"));
  if (model.qualifiedNames(callee).some((q) => SEND_FILE.has(q)) && pathArg === args.positional[0] && pathArg.type === "call") {
    const ref = fix.importName("flask", "send_from_directory", call);
    if (!ref || !callee) return undefined;
    return {
      description: `Serve the file with ${ref.ref}(), which refuses names outside the folder`,
      safety: "unsafe",
      edits: [fix.replace(callee, ref.ref), fix.replace(pathArg, `${base.text}, ${name.text}`), ...ref.edits],
    };
  }
  const upload = unparen(name);
  if (callee?.type === "attribute" && callee.get("attribute")?.text === "save" && upload?.type === "attribute" && upload.get("attribute")?.text === "filename") {
    const ref = fix.importName("werkzeug.utils", "secure_filename", call);
    if (!ref) return undefined;
    return { description: `Save the upload under ${ref.ref}(${upload.text})`, safety: "unsafe", edits: [fix.replace(upload, `${ref.ref}(${upload.text})`), ...ref.edits] };
  }
  const statement = model.statementOf(call);
  if (statement.parent?.type !== "block" && statement.parent?.type !== "module") return undefined;
  const line = model.src.lineText(statement.line);
  if (line.trimStart() !== model.src.text.slice(statement.start, model.src.lineStart(statement.line) + line.length).trimStart()) return undefined;
  const variable = freeName(fix, call, "safe_path", "checked_path", "resolved_path");
  const path = fix.importName("pathlib", "Path", call);
  if (!variable || !path) return undefined;
  const indent = fix.indentOf(statement);
  const eol = fix.eol;
  const guard =
    `${indent}${variable} = (${path.ref}(${base.text}) / ${name.text}).resolve()${eol}` +
    `${indent}if not ${variable}.is_relative_to(${path.ref}(${base.text}).resolve()):${eol}` +
    `${indent}${fix.indentUnit()}raise PermissionError(${fix.quote("path outside the allowed folder")})${eol}`;
  const at = model.src.lineStart(statement.line);
  return {
    description: `Resolve the path and check that it stays inside ${base.text} before using it`,
    safety: "unsafe",
    edits: [{ start: at, end: at, text: guard }, fix.replace(pathArg, variable), ...path.edits],
  };
}
