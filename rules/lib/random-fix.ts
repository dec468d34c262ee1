/**
 * The automatic fix of `weak-random`: the call to the `random` module draws from the operating
 * system's generator instead — `secrets.choice`, `secrets.randbits`, `secrets.token_bytes`, and for
 * every other function the same method of `secrets.SystemRandom()` — with `import secrets` added once.
 */
import { unparen, type PyNode } from "../../src/parse/ast.js";
import type { FixBuilder } from "../../src/fix/builder.js";
import type { FixOutcome } from "../../src/fix/types.js";

export const RANDOM_FIX_DOCS =
  "**Safe.** A call to the `random` module becomes the same draw from the operating system's generator: `random.choice` → `secrets.choice`, `random.getrandbits` → `secrets.randbits`, `random.randbytes` → `secrets.token_bytes`, and every other function (`randint`, `randrange`, `choices`, `sample`, `random`, …) the same method of `secrets.SystemRandom()`, with `import secrets` added once. The values have the same distribution and type; only their predictability changes, except that `random.seed()` no longer makes them reproducible. Methods of a `random.Random` instance and NumPy generators get no automatic fix.";

const DIRECT: Record<string, string> = { choice: "choice", getrandbits: "randbits", randbytes: "token_bytes" };

export function randomFix(call: PyNode | undefined, fix: FixBuilder): FixOutcome | undefined {
  if (!call) return undefined;
  const callee = unparen(call.get("function"));
  const name = fix.model.qualifiedNames(callee).map((q) => /^random\.(\w+)$/.exec(q)?.[1]).find(Boolean);
  if (!callee || !name || name === "Random" || name === "SystemRandom" || name === "seed") return undefined;
  const secrets = fix.importModule("secrets", call);
  if (!secrets) return undefined;
  const replacement = DIRECT[name] ? `${secrets.ref}.${DIRECT[name]}` : `${secrets.ref}.SystemRandom().${name}`;
  return { description: `Draw from the operating system's generator with ${replacement}()`, safety: "safe", edits: [fix.replace(callee, replacement), ...secrets.edits] };
}
