/**
 * The automatic fix of `debug-enabled`: the constant `True` that switches debugging on becomes a
 * switch read from the environment that is off unless the variable says `1` (`FLASK_DEBUG` in Flask
 * code, `DJANGO_DEBUG` in Django settings, `DEBUG` elsewhere), with `import os` added once.
 */
import { walk, type PyNode } from "../../src/parse/ast.js";
import type { FixBuilder } from "../../src/fix/builder.js";
import type { FixOutcome } from "../../src/fix/types.js";

export const DEBUG_FIX_DOCS =
  '**Unsafe.** The constant `True` becomes `os.environ.get("FLASK_DEBUG", "") == "1"` (`DJANGO_DEBUG` in Django code, `DEBUG` elsewhere), with `import os` added once: debugging is off unless the environment turns it on, so a developer who relied on the constant sets the variable instead. No fix is offered where the switch is not a plain `True` (a `DebuggedApplication` wrapper, a fallback inside `os.environ.get`).';

const DEBUG_KEYWORDS = new Set(["debug", "use_debugger", "serve_traceback", "DEBUG"]);

function variableName(fix: FixBuilder): string {
  const imported = fix.model.imports.map((i) => i.qualified);
  if (imported.some((q) => q === "django" || q.startsWith("django."))) return "DJANGO_DEBUG";
  if (imported.some((q) => q === "flask" || q.startsWith("flask.") || q.startsWith("quart"))) return "FLASK_DEBUG";
  return "DEBUG";
}

export function debugFix(node: PyNode | undefined, fix: FixBuilder): FixOutcome | undefined {
  if (!node) return undefined;
  const trues = (root: PyNode) => {
    const out: PyNode[] = [];
    walk(root, (n) => {
      if (n.type === "true") out.push(n);
      if (n.type === "lambda" || n.type === "function_definition") return false;
    });
    return out;
  };
  // wrapping an application in the debugger is the problem itself: no switch to flip
  if (node.type === "call" && fix.model.qualifiedNames(node.get("function")).some((q) => q.endsWith("DebuggedApplication"))) return undefined;
  let found = trues(node);
  if (found.length === 0) found = trues(fix.model.statementOf(node));
  // `run_simple(..., use_reloader=True, use_debugger=True)`: the debugger's switch, not the reloader's
  if (found.length > 1) found = found.filter((t) => t.parent?.type === "keyword_argument" && DEBUG_KEYWORDS.has(t.parent.get("name")?.text ?? ""));
  if (found.length !== 1) return undefined;
  const os = fix.importModule("os", node);
  if (!os) return undefined;
  const name = variableName(fix);
  return {
    description: `Read the debug switch from the ${name} environment variable (off unless it is 1)`,
    safety: "unsafe",
    edits: [fix.replace(found[0]!, `${os.ref}.environ.get(${fix.quote(name)}, ${fix.quote("")}) == ${fix.quote("1")}`), ...os.edits],
  };
}
