/**
 * The automatic fix of `jwt-verification-disabled`: the decode call is made to verify — `False`
 * among its inline options (`verify_signature`, `verify_exp`) becomes `True`, PyJWT 1.x `verify=False`
 * and jwcrypto `check_claims=False` are removed, `"none"` leaves the algorithms list, and a missing
 * `algorithms=[...]` is added with the algorithm the same file signs its tokens with; Authlib claims get
 * `claims.validate()` after they are decoded.
 */
import type { PyNode } from "../../src/parse/ast.js";
import type { FixBuilder } from "../../src/fix/builder.js";
import type { FixOutcome, TextEdit } from "../../src/fix/types.js";
import type { RawFinding } from "../../src/types.js";
import { calleeIn, constString } from "./python.js";

export const JWT_FIX_DOCS =
  "**Unsafe.** The decode is made to verify: `False` for `verify_signature` or `verify_exp` in an options dictionary written in the call becomes `True`; PyJWT 1.x `verify=False` and jwcrypto `check_claims=False` are removed; `\"none\"` is taken out of an algorithms list that names another algorithm; a missing `algorithms=[...]` is added when the same file signs its tokens with one constant algorithm (`jwt.encode(..., algorithm=\"HS256\")`, or the module constant it names); Authlib claims get `claims.validate()` on the line after `jwt.decode`. Tokens that were accepted before — forged, unsigned, signed with another algorithm, expired — are now rejected with an exception, hence unsafe. No fix where the call has no key to verify with, where the options come from a variable shared with other calls, where the algorithm cannot be told from the file (pass the one you issue), or for tokens signed with `\"none\"`.";

/** Decoders and signers the fix knows; the rule decides which calls are findings. */
const DECODERS = new Set(["jwt.decode", "jwt.decode_complete", "jwt.api_jwt.decode", "jwt.api_jwt.decode_complete", "jwt.api_jws.decode", "jwt.api_jws.decode_complete", "jose.jwt.decode"]);
const ENCODERS = new Set(["jwt.encode", "jwt.api_jwt.encode", "jwt.api_jws.encode", "jose.jwt.encode"]);
const AUTHLIB_DECODE = new Set(["authlib.jose.jwt.decode", "authlib.jose.rfc7519.jwt.decode"]);
const JWCRYPTO_JWT = new Set(["jwcrypto.jwt.JWT"]);
const VERIFY_OPTIONS = new Set(["verify_signature", "verify_exp"]);

export function jwtFix(finding: RawFinding, fix: FixBuilder): FixOutcome | undefined {
  const call = fix.nodeAt(finding.region, "call");
  if (!call) return undefined;
  const model = fix.model;
  const args = model.callArgs(call);
  if (calleeIn(model, call, JWCRYPTO_JWT)) {
    const checkClaims = fix.keyword(call, "check_claims");
    const edit = checkClaims && checkClaims.get("value")?.type === "false" ? fix.removeItem(checkClaims) : undefined;
    return edit ? { description: "Let jwcrypto check the exp and nbf claims", safety: "unsafe", edits: [edit] } : undefined;
  }
  const pyjwt = calleeIn(model, call, DECODERS) !== undefined;
  // Authlib's decode (the module function, or a JsonWebToken's method in a file that uses Authlib)
  if (!pyjwt && (calleeIn(model, call, AUTHLIB_DECODE) || (isMethodDecode(call) && model.imports.some((i) => i.qualified === "authlib" || i.qualified.startsWith("authlib."))))) {
    return authlibValidate(call, fix);
  }
  if (!pyjwt && !isMethodDecode(call)) return undefined;
  const key = args.keywords.get("key") ?? args.positional[1];
  if (!key || model.constant(key)?.t === "none" || (model.constant(key)?.t === "str" && constString(model, key) === "")) {
    return { reason: "The call has no key to verify the signature with: decode with the key (and algorithms=[...]) of the tokens you issue." };
  }
  const edits: TextEdit[] = [];
  const changed: string[] = [];
  const options = fix.keyword(call, "options")?.get("value");
  if (options?.type === "dictionary") {
    for (const pair of options.namedChildren) {
      const name = pair.type === "pair" ? constString(model, pair.get("key")) : undefined;
      const value = pair.get("value");
      if (name !== undefined && VERIFY_OPTIONS.has(name) && value?.type === "false") {
        edits.push(fix.replace(value, "True"));
        changed.push(`${name}=True`);
      }
    }
  }
  const verify = fix.keyword(call, "verify");
  if (verify && verify.get("value")?.type === "false") {
    const edit = fix.removeItem(verify);
    if (!edit) return undefined;
    edits.push(edit);
    changed.push("verify=False removed");
  }
  const algorithms = fix.keyword(call, "algorithms")?.get("value") ?? (args.positional[2] && model.constant(args.positional[2])?.t !== "bool" ? args.positional[2] : undefined);
  if (algorithms) {
    const none = algorithms.type === "list" || algorithms.type === "tuple" || algorithms.type === "set" ? algorithms.namedChildren.filter((e) => /^none$/i.test(constString(model, e) ?? "")) : [];
    if (none.length > 0) {
      if (none.length === algorithms.namedChildren.length) return { reason: "\"none\" is the only algorithm listed: name the algorithm your tokens are signed with." };
      for (const element of none) {
        const edit = fix.removeItem(element);
        if (!edit) return undefined;
        edits.push(edit);
      }
      changed.push("\"none\" removed from the algorithms");
    } else if (algorithms.type === "string" && /^["']none["']$/i.test(algorithms.text)) {
      return { reason: "\"none\" is the only algorithm listed: name the algorithm your tokens are signed with." };
    }
  } else if (!args.hasSplat) {
    const signing = signingAlgorithm(call, fix);
    if (!signing) return { reason: "pysast cannot tell from this file which algorithm your tokens are signed with: pass algorithms=[...] with it." };
    const edit = fix.addKeyword(call, `algorithms=[${signing}]`);
    if (!edit) return undefined;
    edits.push(edit);
    changed.push(`algorithms=[${signing}]`);
  }
  if (edits.length === 0) return undefined;
  return { description: `Verify the token (${changed.join(", ")})`, safety: "unsafe", edits };
}

/** `decoder.decode(...)` on a `jwt.PyJWT()` object: left to the rule to recognise; here any `.decode` with a jwt import. */
function isMethodDecode(call: PyNode): boolean {
  const fn = call.get("function");
  return fn?.type === "attribute" && ["decode", "decode_complete"].includes(fn.get("attribute")?.text ?? "");
}

/**
 * The algorithm the file signs with, as code usable at `call`: every `jwt.encode` in the file names the
 * same constant algorithm (not "none"), written as the module-level name it uses when `call` sees that
 * name, else as a string literal.
 */
function signingAlgorithm(call: PyNode, fix: FixBuilder): string | undefined {
  const model = fix.model;
  const found: PyNode[] = [];
  const visit = (n: PyNode): void => {
    if (n.type === "call" && calleeIn(model, n, ENCODERS)) {
      const a = model.callArgs(n);
      const alg = a.keywords.get("algorithm") ?? a.positional[2];
      if (alg) found.push(alg);
    }
    for (const c of n.namedChildren) visit(c);
  };
  visit(model.root);
  const values = new Set(found.map((n) => constString(model, n)));
  if (found.length === 0 || values.size !== 1) return undefined;
  const value = [...values][0];
  if (value === undefined || /^none$/i.test(value.trim())) return undefined;
  // `algorithm=ALGORITHM` everywhere, and the decode sees the same module-level ALGORITHM: reuse the name
  const names = new Set(found.map((n) => (n.type === "identifier" ? n.text : "")));
  const name = names.size === 1 ? [...names][0]! : "";
  if (name) {
    const here = model.lookup(name, call);
    const there = model.lookup(name, found[0]!);
    if (here && there && here.length === there.length && here.every((b, k) => b === there[k]) && here.every((b) => b.scope === model.moduleScope)) return name;
  }
  return fix.quote(value);
}

/** Authlib: `claims = jwt.decode(token, key)` gets `claims.validate()` on the next line. */
function authlibValidate(call: PyNode, fix: FixBuilder): FixOutcome | undefined {
  let holder = call.parent;
  while (holder?.type === "parenthesized_expression") holder = holder.parent;
  if (holder?.type !== "assignment" || holder.get("left")?.type !== "identifier") return undefined;
  const name = holder.get("left")!.text;
  const statement = fix.model.statementOf(holder);
  const src = fix.model.src;
  const lastLine = src.lineOf(Math.max(statement.start, statement.end - 1));
  const lineEnd = src.lineStart(lastLine) + src.lineText(lastLine).replace(/[\r\n]+$/, "").length;
  return {
    description: `Check the exp and nbf claims with ${name}.validate()`,
    safety: "unsafe",
    edits: [{ start: lineEnd, end: lineEnd, text: `${fix.eol}${fix.indentOf(statement)}${name}.validate()` }],
  };
}
