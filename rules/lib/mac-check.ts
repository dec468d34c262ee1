/**
 * Whether bytes handed to a loader were authenticated first: a keyed MAC computed over the same
 * name is compared in constant time, and the code goes on only when it matches —
 *
 *     expected = hmac.new(key, data, sha256).digest()
 *     if not hmac.compare_digest(signature, expected):
 *         raise ValueError("tampered")
 *     return pickle.loads(data)
 *
 * or the load sits inside `if hmac.compare_digest(...):`. Only a check that certainly runs before
 * the load counts: an earlier statement of an enclosing block whose failing branch leaves (`raise`,
 * `return`), or the true branch of the check itself. A MAC computed over other bytes, a check that
 * only logs, or `==` (not constant time, but also often a plain digest) does not count.
 */
import { unparen, walk, type PyNode } from "../../src/parse/ast.js";
import type { FileModel } from "../../src/model/file-model.js";
import { valueSources } from "./python.js";

const COMPARERS = new Set(["hmac.compare_digest", "secrets.compare_digest"]);
/** Keyed MAC constructors and one-shot functions; the message is their second argument. */
const MACS = new Set(["hmac.new", "hmac.HMAC", "hmac.digest"]);
const SCOPES = new Set(["function_definition", "class_definition", "module", "lambda"]);
const EXITS = new Set(["raise_statement", "return_statement"]);

/** True when the data `data` given to `load` was verified with a keyed MAC before the load. */
export function isMacVerified(model: FileModel, load: PyNode, data: PyNode | null | undefined): boolean {
  const name = dataName(model, data);
  if (!name) return false;
  let child: PyNode = load;
  for (let n = load.parent; n && !SCOPES.has(n.type); child = n, n = n.parent) {
    if (n.type === "block" || n.type === "module") {
      for (const stmt of n.namedChildren) {
        if (stmt === child) break;
        if (rejectsForgery(model, stmt, name)) return true;
      }
    } else if (n.type === "if_statement" && child === n.get("consequence") && verifies(model, n.get("condition"), name)) {
      return true;
    }
  }
  return false;
}

/** The name the loaded bytes are read from: `data`, or `data` inside `zlib.decompress(data)`. */
function dataName(model: FileModel, node: PyNode | null | undefined): string | undefined {
  let n = unparen(node ?? null);
  for (let i = 0; n?.type === "call" && i < 3; i++) {
    const args = model.callArgs(n);
    if (args.positional.length !== 1) return undefined;
    n = unparen(args.positional[0] ?? null);
  }
  return n?.type === "identifier" ? n.text : undefined;
}

/** `if not compare_digest(sig, mac_of(name)): raise ...` with no else branch. */
function rejectsForgery(model: FileModel, stmt: PyNode, name: string): boolean {
  if (stmt.type !== "if_statement" || stmt.get("alternative")) return false;
  const cond = unparen(stmt.get("condition"));
  if (cond?.type !== "not_operator") return false;
  const body = stmt.get("consequence")?.namedChildren ?? [];
  const last = body[body.length - 1];
  return last !== undefined && EXITS.has(last.type) && verifies(model, cond.get("argument"), name);
}

/** `compare_digest(a, b)` where one side is a keyed MAC of `name`. */
function verifies(model: FileModel, cond: PyNode | null | undefined, name: string): boolean {
  const c = unparen(cond ?? null);
  if (c?.type !== "call" || !model.qualifiedNames(c.get("function")).some((q) => COMPARERS.has(q))) return false;
  return model.callArgs(c).positional.some((side) => valueSources(model, side).some((src) => macOf(model, src, name)));
}

/** Whether an expression computes a keyed MAC whose message is the name (`hmac.new(key, name, sha256).hexdigest()`). */
function macOf(model: FileModel, expr: PyNode, name: string): boolean {
  let found = false;
  walk(expr, (n) => {
    if (found) return false;
    if (n.type !== "call" || !model.qualifiedNames(n.get("function")).some((q) => MACS.has(q))) return;
    const msg = unparen(model.arg(n, 1, "msg") ?? null);
    if (msg?.type === "identifier" && msg.text === name) found = true;
  });
  return found;
}
