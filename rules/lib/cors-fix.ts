/**
 * The automatic fix of `wildcard-cors`: a wildcard origin list becomes the list of origins read from
 * configuration — the `CORS_ALLOWED_ORIGINS` environment variable, whitespace-separated — so each
 * deployment names the sites that may read its responses.
 */
import { unparen, walk, type PyNode } from "../../src/parse/ast.js";
import type { FixBuilder } from "../../src/fix/builder.js";
import type { FixOutcome, TextEdit } from "../../src/fix/types.js";

export const CORS_FIX_DOCS =
  "**Unsafe.** The wildcard becomes the origins read from configuration: `allow_origins=[\"*\"]` (Starlette/FastAPI), `origins=\"*\"` or the flask-cors default (`CORS(app)`, `@cross_origin()`) become `os.environ.get(\"CORS_ALLOWED_ORIGINS\", \"\").split()`, and django-cors-headers' `CORS_ALLOW_ALL_ORIGINS = True` becomes `CORS_ALLOWED_ORIGINS = os.environ.get(\"CORS_ALLOWED_ORIGINS\", \"\").split()` (or `False` when the file already lists `CORS_ALLOWED_ORIGINS`), with `import os` added once. Until the variable is set, no other site can read the responses, hence unsafe. Hand-written `Access-Control-Allow-Origin` headers and regex settings get no automatic fix.";

const KEYWORDS = new Set(["allow_origins", "origins"]);
const FLASK_CORS = /^(flask_cors|sanic_cors)(\.extension|\.decorator)?\.(CORS|cross_origin)$/;

function fromEnvironment(fix: FixBuilder, at: PyNode): { text: string; edits: TextEdit[] } | undefined {
  const os = fix.importModule("os", at);
  if (!os) return undefined;
  return { text: `${os.ref}.environ.get(${fix.quote("CORS_ALLOWED_ORIGINS")}, ${fix.quote("")}).split()`, edits: os.edits };
}

export function corsFix(node: PyNode | undefined, fix: FixBuilder): FixOutcome | undefined {
  if (!node) return undefined;
  const { model } = fix;
  const description = "Read the allowed origins from the CORS_ALLOWED_ORIGINS environment variable";
  const assignment = node.type === "assignment" ? node : node.type === "expression_statement" && node.namedChildren[0]?.type === "assignment" ? node.namedChildren[0] : undefined;
  if (assignment) {
    const left = assignment.get("left");
    const right = assignment.get("right");
    if (!left || !right || !/^(CORS_ALLOW_ALL_ORIGINS|CORS_ORIGIN_ALLOW_ALL)$/.test(left.text)) return undefined;
    if (model.moduleScope.bindings.has("CORS_ALLOWED_ORIGINS") || model.moduleScope.bindings.has("CORS_ORIGIN_WHITELIST")) {
      return { description: `Set ${left.text} to False and keep the listed origins`, safety: "unsafe", edits: [fix.replace(right, "False")] };
    }
    const env = fromEnvironment(fix, assignment);
    if (!env) return undefined;
    return { description, safety: "unsafe", edits: [fix.replace(assignment, `CORS_ALLOWED_ORIGINS = ${env.text}`), ...env.edits] };
  }
  let wildcard: PyNode | undefined;
  let call: PyNode | undefined;
  walk(node, (n) => {
    if (wildcard) return false;
    if (n.type === "call") call ??= n;
    if (n.type === "keyword_argument" && KEYWORDS.has(n.get("name")?.text ?? "")) {
      const value = unparen(n.get("value"));
      if (value && /["']\*["']/.test(value.text) && (value.type === "string" || value.type === "list" || value.type === "tuple" || value.type === "set")) wildcard = value;
    }
  });
  if (wildcard) {
    const env = fromEnvironment(fix, wildcard);
    return env ? { description, safety: "unsafe", edits: [fix.replace(wildcard, env.text), ...env.edits] } : undefined;
  }
  if (call && model.qualifiedNames(call.get("function")).some((q) => FLASK_CORS.test(q))) {
    const args = model.callArgs(call);
    if (args.hasSplat || args.keywords.has("resources") || args.keywords.has("origins")) return undefined;
    const env = fromEnvironment(fix, call);
    const edit = env && fix.addKeyword(call, `origins=${env.text}`);
    return env && edit ? { description, safety: "unsafe", edits: [edit, ...env.edits] } : undefined;
  }
  return undefined;
}
