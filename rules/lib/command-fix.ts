/**
 * The automatic fix of `command-injection`: a command line built from parts and run through a shell
 * (`subprocess.*(…, shell=True)`, `os.system`, `os.popen(…).read()`) becomes an argument list run
 * without one: the constant text is split into words as the shell would (`shlex.split` of the
 * constant part), and each value becomes a separate argument that no shell ever parses.
 */
import { unparen, type PyNode } from "../../src/parse/ast.js";
import type { FixBuilder } from "../../src/fix/builder.js";
import { fString, literal, stringParts, type LiteralStyle, type StringPart } from "../../src/fix/python-strings.js";
import type { FixOutcome, TextEdit } from "../../src/fix/types.js";

export const COMMAND_FIX_DOCS =
  "**Unsafe.** `subprocess.run(f\"ping -c 1 {host}\", shell=True)` becomes `subprocess.run([\"ping\", \"-c\", \"1\", host])`: the constant text is split into words as the shell would split it (quotes honoured) and each value becomes one argument of its own, so no shell parses it; `shell=True` goes. `os.system(cmd)` becomes `subprocess.run([...], check=False)` (its `.returncode` where the status was used) and `os.popen(cmd).read()` becomes `subprocess.run([...], capture_output=True, text=True, check=False).stdout`, with `import subprocess` added once. A value is no longer split on spaces or expanded by the shell, and a status is no longer a raw wait status, hence unsafe. No fix is offered when the command uses shell syntax (pipes, redirection, `;`, `&&`, variables, globbing), which an argument list cannot express.";

const SUBPROCESS = new Set(["subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen", "subprocess.getoutput", "subprocess.getstatusoutput"]);
const SHELL_SYNTAX = /[|&;<>()$`*?[\]~{}!#]/;

/** Splits the command's parts into shell words; undefined when it uses shell syntax. */
function words(parts: readonly StringPart[]): StringPart[][] | undefined {
  const out: StringPart[][] = [];
  let word: StringPart[] | undefined;
  const text = (ch: string) => {
    word ??= [];
    const last = word[word.length - 1];
    if (last?.kind === "text") last.value += ch;
    else word.push({ kind: "text", value: ch });
  };
  let quote: "'" | '"' | undefined;
  for (const part of parts) {
    if (part.kind === "expr") {
      word ??= [];
      word.push(part);
      continue;
    }
    const s = part.value;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i]!;
      if (quote) {
        if (ch === quote) quote = undefined;
        else if (quote === '"' && ch === "\\" && /["\\$`]/.test(s[i + 1] ?? "")) text(s[++i]!);
        else if (quote === '"' && /[$`]/.test(ch)) return undefined;
        else text(ch);
        continue;
      }
      if (ch === " " || ch === "\t") {
        if (word) out.push(word);
        word = undefined;
      } else if (ch === "'" || ch === '"') {
        quote = ch;
        word ??= [];
      } else if (ch === "\\") text(s[++i] ?? "");
      else if (SHELL_SYNTAX.test(ch) || ch === "\n") return undefined;
      else text(ch);
    }
  }
  if (quote) return undefined;
  if (word) out.push(word);
  // `VAR=value cmd` sets an environment variable: not a program name
  const first = out[0];
  if (!first || (first[0]?.kind === "text" && /^[A-Za-z_]\w*=/.test(first[0].value)) || first.some((p) => p.kind === "expr")) return undefined;
  return out;
}

function argument(word: StringPart[], style: LiteralStyle): string {
  if (word.every((p) => p.kind === "text")) return literal(word.map((p) => (p.kind === "text" ? p.value : "")).join(""), { raw: false, quote: style.quote.length === 3 ? style.quote[0]! : style.quote });
  return fString(word, { raw: false, quote: style.quote.length === 3 ? style.quote[0]! : style.quote });
}

/** Deletes a keyword argument and the comma that joins it to its neighbour. */
function dropArgument(arg: PyNode): TextEdit {
  const list = arg.parent!;
  const args = list.namedChildren;
  const index = args.indexOf(arg);
  if (index > 0) return { start: args[index - 1]!.end, end: arg.end, text: "" };
  const next = args[index + 1];
  return { start: arg.start, end: next ? next.start : arg.end, text: "" };
}

export function commandFix(call: PyNode | undefined, fix: FixBuilder): FixOutcome | undefined {
  if (!call) return undefined;
  const { model } = fix;
  const names = model.qualifiedNames(call.get("function"));
  const subprocess = names.find((q) => SUBPROCESS.has(q));
  const system = names.includes("os.system");
  const popen = names.includes("os.popen");
  if (!subprocess && !system && !popen) return undefined;
  const args = model.callArgs(call);
  if (args.hasSplat) return undefined;
  const commandNode = args.positional[0] ?? args.keywords.get(system || popen ? "command" : "args");
  if (!commandNode) return undefined;
  let built = unparen(commandNode)!;
  if (built.type === "identifier") {
    const bindings = model.lookup(built.text, built);
    const only = bindings?.length === 1 ? bindings[0] : undefined;
    if (!only || only.kind !== "assign" || !only.value || only.node.parent?.type !== "assignment" || only.node.start > call.start) return undefined;
    if (model.enclosingFunction(only.node) !== model.enclosingFunction(call)) return undefined;
    built = unparen(only.value)!;
  }
  const read = stringParts(built);
  if (!read || !read.parts.some((p) => p.kind === "expr")) return undefined;
  const split = words(read.parts);
  if (!split) {
    return { reason: "the command uses shell syntax (pipes, redirection, ;, &&, variables or globbing), which an argument list cannot express; run each program with subprocess.run([...]) and an argument list, and do the piping in Python" };
  }
  const list = `[${split.map((w) => argument(w, read.style)).join(", ")}]`;
  const edits: TextEdit[] = [fix.replace(built, list)];
  if (subprocess) {
    if (subprocess === "subprocess.getoutput" || subprocess === "subprocess.getstatusoutput") return undefined;
    const shell = fix.keyword(call, "shell");
    if (!shell) return undefined;
    edits.push(dropArgument(shell));
    return { description: "Run the program with an argument list and no shell", safety: "unsafe", edits };
  }
  if (built !== unparen(commandNode)) return undefined;
  const ref = fix.importModule("subprocess", call);
  if (!ref) return undefined;
  if (system) {
    const statement = model.statementOf(call);
    const used = !(statement.type === "expression_statement" && unparen(statement.namedChildren[0] ?? null) === call);
    const replacement = `${ref.ref}.run(${list}, check=False)${used ? ".returncode" : ""}`;
    return { description: "Run the program with subprocess.run and an argument list instead of a shell", safety: "unsafe", edits: [fix.replace(call, replacement), ...ref.edits] };
  }
  const read_ = call.parent?.type === "attribute" && call.parent.get("attribute")?.text === "read" ? call.parent.parent : null;
  if (read_?.type !== "call" || (read_.get("arguments")?.namedChildren.length ?? 0) > 0) return undefined;
  const replacement = `${ref.ref}.run(${list}, capture_output=True, text=True, check=False).stdout`;
  return { description: "Capture the program's output with subprocess.run and an argument list instead of a shell", safety: "unsafe", edits: [fix.replace(read_, replacement), ...ref.edits] };
}
