/**
 * The automatic fix of `path-traversal`. Flask: `send_file(os.path.join(base, name))` becomes
 * `send_from_directory(base, name)`, and an upload saved under `os.path.join(base, f.filename)` gets
 * `secure_filename(f.filename)`. Elsewhere: the joined path is resolved and checked to stay inside its
 * base folder (`Path(base) / name`, `.resolve()`, `.is_relative_to(...)`) before the call.
 */
import { unparen, type PyNode } from "../../src/parse/ast.js";
import type { FixBuilder } from "../../src/fix/builder.js";
import { fString, literal, stringParts, type StringPart } from "../../src/fix/python-strings.js";
import type { FixOutcome } from "../../src/fix/types.js";
import { receiver } from "./python.js";

export const PATH_FIX_DOCS =
  "**Unsafe.** In Flask code, `send_file(os.path.join(base, name), …)` becomes `send_from_directory(base, name, …)`, which answers 404 for a name that leaves `base`, and an upload saved as `os.path.join(base, upload.filename)` is saved as `secure_filename(upload.filename)` (both imported once). Elsewhere, when the path is `os.path.join(base, name)` or `base / name`, a check is inserted before the statement — `path = (Path(base) / name).resolve()` and `if not path.is_relative_to(Path(base).resolve()): raise PermissionError(...)` — and the call uses the checked path (Python 3.9 or later). Requests for paths outside the folder now fail, and stored upload names lose characters `secure_filename` removes, hence unsafe. No fix is offered for other shapes of path.";

const JOINS = new Set(["os.path.join", "posixpath.join", "ntpath.join"]);
const SEND_FILE = new Set(["flask.send_file", "flask.helpers.send_file"]);

/**
 * The source text of `base` and `name` in `os.path.join(base, name)`, `base / name`, or a string
 * built from a constant folder and values (`f"/srv/drafts/{name}"`, `"/srv/docs/" + name`).
 */
function joined(node: PyNode | null | undefined, fix: FixBuilder): [string, string] | undefined {
  const n = unparen(node ?? null);
  if (!n) return undefined;
  if (n.type === "call" && fix.model.qualifiedNames(n.get("function")).some((q) => JOINS.has(q))) {
    const args = fix.model.callArgs(n);
    if (args.positional.length === 2 && args.keywords.size === 0 && !args.hasSplat) return [args.positional[0]!.text, args.positional[1]!.text];
    return undefined;
  }
  if (n.type === "binary_operator" && n.get("operator")?.text === "/") {
    const left = n.get("left");
    const right = n.get("right");
    if (left && right) return [left.text, right.text];
  }
  const read = n.type === "string" || n.type === "binary_operator" ? stringParts(n) : undefined;
  const head = read?.parts[0];
  if (!read || head?.kind !== "text" || read.parts.length < 2) return undefined;
  const slash = head.value.lastIndexOf("/");
  if (slash <= 0 || !head.value.startsWith("/")) return undefined;
  const rest = ([{ kind: "text", value: head.value.slice(slash + 1) } as StringPart, ...read.parts.slice(1)]).filter((p) => p.kind === "expr" || p.value !== "");
  if (!rest.some((p) => p.kind === "expr")) return undefined;
  return [literal(head.value.slice(0, slash), { raw: false, quote: read.style.quote.length === 3 ? read.style.quote[0]! : read.style.quote }), fString(rest, { raw: false, quote: read.style.quote.length === 3 ? read.style.quote[0]! : read.style.quote })];
}

function freeName(fix: FixBuilder, at: PyNode, ...candidates: string[]): string | undefined {
  return candidates.find((c) => fix.isFree(c, at));
}

export function pathFix(call: PyNode | undefined, fix: FixBuilder): FixOutcome | undefined {
  if (!call || call.type !== "call") return undefined;
  const { model } = fix;
  const args = model.callArgs(call);
  let pathArg = args.positional[0] ?? args.keywords.get("path_or_file") ?? args.keywords.get("path") ?? args.keywords.get("dst") ?? args.keywords.get("file");
  let parts = joined(pathArg, fix);
  const recv = receiver(call);
  if (!parts && recv) {
    // `(base / name).read_text()`: the path is the receiver
    parts = joined(recv, fix);
    pathArg = parts ? recv : pathArg;
  }
  if (!pathArg || !parts) return undefined;
  const [base, name] = parts;
  const callee = unparen(call.get("function"));
  if (model.qualifiedNames(callee).some((q) => SEND_FILE.has(q)) && pathArg === args.positional[0] && unparen(pathArg)?.type === "call") {
    const ref = fix.importName("flask", "send_from_directory", call);
    if (!ref || !callee) return undefined;
    return {
      description: `Serve the file with ${ref.ref}(), which refuses names outside the folder`,
      safety: "unsafe",
      edits: [fix.replace(callee, ref.ref), fix.replace(pathArg, `${base}, ${name}`), ...ref.edits],
    };
  }
  const joinArgs = unparen(pathArg)?.type === "call" ? fix.model.callArgs(unparen(pathArg)!).positional : [];
  const upload = unparen(joinArgs[1] ?? null);
  if (callee?.type === "attribute" && callee.get("attribute")?.text === "save" && upload?.type === "attribute" && upload.get("attribute")?.text === "filename") {
    const ref = fix.importName("werkzeug.utils", "secure_filename", call);
    if (!ref) return undefined;
    return { description: `Save the upload under ${ref.ref}(${upload.text})`, safety: "unsafe", edits: [fix.replace(upload, `${ref.ref}(${upload.text})`), ...ref.edits] };
  }
  // rename(src, dst), copy(src, dst): one guard would leave the other path unchecked
  if (args.positional.filter((a) => a !== pathArg && model.constant(a) === undefined).length > 0) return undefined;
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
    `${indent}${variable} = (${path.ref}(${base}) / ${name}).resolve()${eol}` +
    `${indent}if not ${variable}.is_relative_to(${path.ref}(${base}).resolve()):${eol}` +
    `${indent}${fix.indentUnit()}raise PermissionError(${fix.quote("path outside the allowed folder")})${eol}`;
  const at = model.src.lineStart(statement.line);
  return {
    description: `Resolve the path and check that it stays inside ${base} before using it`,
    safety: "unsafe",
    edits: [{ start: at, end: at, text: guard }, fix.replace(pathArg, variable), ...path.edits],
  };
}
