/**
 * The automatic fix of `insecure-cookie`: the attributes the finding names are set —
 * `secure=True`, `httponly=True`, `samesite="Lax"` — on the cookie call, or the setting that turned
 * one off (`SESSION_COOKIE_SECURE = False`) is turned on.
 */
import { walk, type PyNode } from "../../src/parse/ast.js";
import type { FixBuilder } from "../../src/fix/builder.js";
import type { FixOutcome, TextEdit } from "../../src/fix/types.js";
import type { RawFinding } from "../../src/types.js";

export const COOKIE_FIX_DOCS =
  '**Unsafe.** On a cookie call, each attribute the finding names is set: `secure=True`, `httponly=True`, `samesite="Lax"` (replacing an explicit `False` or `"None"`, or added after the last argument). A setting that turned an attribute off (`SESSION_COOKIE_SECURE = False`, `SESSION_COOKIE_HTTPONLY = False`) is turned on, and a `SameSite` setting of `"None"` becomes `"Lax"`. Browsers then stop sending the cookie over plain HTTP, scripts can no longer read it, and cross-site requests no longer carry it, which a site relying on any of that notices, hence unsafe.';

const NAMES: Record<string, string[]> = { secure: ["secure"], httponly: ["httponly", "http_only"], samesite: ["samesite", "same_site"] };

export function cookieFix(finding: RawFinding, fix: FixBuilder): FixOutcome | undefined {
  const node = fix.nodeAt(finding.region);
  if (!node) return undefined;
  const missing = finding.properties?.missing;
  if (node.type === "call" && Array.isArray(missing) && missing.length > 0) {
    const edits: TextEdit[] = [];
    const added: string[] = [];
    const args = fix.model.callArgs(node);
    // with secure and httponly set, a missing SameSite is the next thing the rule asks for
    const attrs = new Set(missing as string[]);
    // Falcon spells them http_only and same_site
    const falcon = fix.model.imports.some((i) => i.qualified === "falcon" || i.qualified.startsWith("falcon."));
    if (!NAMES.samesite!.some((n) => args.keywords.has(n))) attrs.add("samesite");
    for (const attr of attrs) {
      const value = attr === "samesite" ? fix.quote("Lax") : "True";
      const keyword = fix.model.callArgs(node);
      const existing = (NAMES[attr] ?? []).map((n) => keyword.keywords.get(n)).find((v) => v !== undefined);
      if (existing) edits.push(fix.replace(existing, value));
      else added.push(`${falcon ? (NAMES[attr] ?? [attr])[NAMES[attr]!.length - 1] : attr}=${value}`);
    }
    if (added.length > 0) {
      const edit = fix.addKeyword(node, added.join(", "));
      if (!edit) return undefined;
      edits.push(edit);
    }
    return { description: `Set ${[...attrs].join(", ")} on the cookie`, safety: "unsafe", edits };
  }
  // a setting: `SESSION_COOKIE_SECURE = False`, `SESSION_COOKIE_SAMESITE = "None"`
  const statement = fix.model.statementOf(node);
  let value: PyNode | undefined;
  walk(statement, (n) => {
    if (n.type === "assignment") value = n.get("right") ?? undefined;
    return value === undefined;
  });
  if (!value) return undefined;
  if (value.type === "false") return { description: "Turn the cookie attribute on", safety: "unsafe", edits: [fix.replace(value, "True")] };
  if (value.type === "string" && /^["']none["']$/i.test(value.text)) return { description: 'Send the cookie with SameSite="Lax"', safety: "unsafe", edits: [fix.replace(value, fix.quote("Lax"))] };
  return undefined;
}
