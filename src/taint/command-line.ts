/** Where user input in a command line can choose the program or the shell script, and where it is only an argument. */
import { unparen, type PyNode } from "../parse/ast.js";
import type { Frame } from "./frame.js";
import type { CallCtx } from "./calls.js";
import { constVal, flat, isClean, tainted, type Val } from "./value.js";

/** POSIX shells whose `-c` option takes the script as the next word and positional parameters after it. */
const POSIX_SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "ash"]);

function constStr(v: Val | undefined): string | undefined {
  return v && isClean(v) && v.c?.t === "str" ? v.c.v : undefined;
}

/**
 * In `[shell, opts…, "-c", script, name, args…]` the words after the script are positional
 * parameters (`$0`, `$1`…), which the script receives as data: the number of leading words that
 * matter, or undefined when the vector is not such a call.
 */
export function shellScriptEnd(items: readonly Val[]): number | undefined {
  const program = constStr(items[0])?.split(/[\\/]/).pop();
  if (!program || !POSIX_SHELLS.has(program)) return undefined;
  for (let i = 1; i < items.length - 1; i++) {
    const opt = constStr(items[i]);
    if (opt === undefined || !opt.startsWith("-") || opt.startsWith("--")) return undefined;
    if (/^-[a-z]*c[a-z]*$/i.test(opt)) return i + 2;
  }
  return undefined;
}

/**
 * `shlex.split(text)`: when the text starts with a constant program word (`"grep -c " + pattern`,
 * `f"grep -c {pattern}"`), the result's first element is that constant and input only reaches the
 * arguments; otherwise a list carrying the text's taint.
 */
export function splitCommandLine(f: Frame, ctx: CallCtx): Val {
  const text = ctx.args.pos[0] ?? ctx.args.kw.get("s");
  if (!text) return { t: [], seq: "list", items: [] };
  if (isClean(text)) return tainted(flat(text));
  const prefix = constantPrefix(f, ctx.args.posNodes[0] ?? ctx.args.kwNodes.get("s") ?? null);
  const program = prefix?.match(/^\s*([^\s'"\\]+)\s/)?.[1];
  if (!program || POSIX_SHELLS.has(program.split("/").pop() ?? "")) return tainted(flat(text));
  return { t: [], seq: "list", items: [constVal({ t: "str", v: program })], rest: flat(text) };
}

/** The constant text an expression is known to start with: `"a " + x`, `"a %s" % x`, `f"a {x}"`, `"a {}".format(x)`. */
function constantPrefix(f: Frame, node: PyNode | null): string | undefined {
  let n = node ? unparen(node) : null;
  while (n) {
    const c = f.model.constant(n, f.lookup);
    if (c?.t === "str") return c.v;
    const callee = n.type === "call" ? n.get("function") : null;
    if (n.type === "binary_operator") n = n.get("left");
    else if (callee?.type === "attribute" && callee.get("attribute")?.text === "format") n = callee.get("object");
    else if (n.type === "string") {
      let out = "";
      for (const part of n.children) {
        if (part.type === "interpolation") return out;
        if (part.type === "string_content") out += part.text;
      }
      return undefined;
    } else return undefined;
    n = n ? unparen(n) : null;
  }
  return undefined;
}
