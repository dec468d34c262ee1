/**
 * jwt-verification-disabled: JSON Web Tokens read without checking their signature or expiry —
 * PyJWT, python-jose, Authlib and jwcrypto.
 *
 * Decisions:
 * - Reading a token without verification is reported unless the same function also decodes a token
 *   with verification: peeking at the header or the issuer to choose the key, then verifying, is the
 *   documented way to handle several issuers and is not a bypass. The same holds for a token object
 *   whose class (or a class of the module derived from it) decodes the same `self` attribute with
 *   verification: the unverified object exposes what picks the key, the verified one the rest.
 * - `algorithms` missing from a verifying PyJWT/python-jose decode is a warning: PyJWT ≥ 2 refuses
 *   the call, so code that runs without it is on PyJWT 1.x (or python-jose), which trust the token's
 *   own `alg` header — the algorithm-confusion attack. `"none"` among the algorithms is an error.
 *   A file that uses an API PyJWT has only since 2.0 (`PyJWKClient`, `PyJWK`, `PyJWKSet`) runs on
 *   2.x, where such a call raises instead: a bug that fails closed, not reported.
 * - A turned-off expiry check (`verify_exp: False`, jwcrypto `check_claims=False`, Authlib claims
 *   never `validate()`d) is a warning: the signature still holds, but a stolen token works forever.
 * - Option dictionaries are read through names (`options=NO_VERIFY`) and partially: one constant
 *   entry is enough even when others are computed.
 * - An unverified read whose result is only asked for timing claims (`exp`, `iat`, `nbf`) is not
 *   reported either: that is a client checking whether its own token needs refreshing, not a
 *   server accepting claims.
 * - Test code is not reported: tests decode tokens they have just minted to look at the claims.
 */
import { unparen, walk, type PyNode } from "../src/parse/ast.js";
import type { FileModel } from "../src/model/file-model.js";
import type { PatternRule, RuleContext } from "../src/rule.js";
import { asString, truthy, type PyValue } from "../src/model/values.js";
import { isTestPath } from "../src/test-code.js";
import { calleeIn, constString, methodName, receiver, sourceCallees, valueSources } from "./lib/python.js";
import { JWT_FIX_DOCS, jwtFix } from "./lib/jwt-fix.js";

/** PyJWT's module-level decoders and the methods of its `PyJWT`/`PyJWS` objects. */
const PYJWT_DECODE = new Set(["jwt.decode", "jwt.decode_complete", "jwt.api_jwt.decode", "jwt.api_jwt.decode_complete", "jwt.api_jws.decode", "jwt.api_jws.decode_complete"]);
const PYJWT_OBJECTS = new Set(["jwt.PyJWT", "jwt.api_jwt.PyJWT", "jwt.PyJWS", "jwt.api_jws.PyJWS"]);
const PYJWT_ENCODE = new Set(["jwt.encode", "jwt.api_jwt.encode", "jwt.api_jws.encode"]);
const JOSE_DECODE = new Set(["jose.jwt.decode", "jose.jws.verify"]);
const JOSE_ENCODE = new Set(["jose.jwt.encode", "jose.jws.sign"]);
/** Readers that return claims without checking anything. */
const UNVERIFIED_CLAIMS = new Set(["jose.jwt.get_unverified_claims", "jose.jws.get_unverified_claims"]);
const AUTHLIB_DECODE = new Set(["authlib.jose.jwt.decode", "authlib.jose.rfc7519.jwt.decode"]);
const AUTHLIB_JWT = new Set(["authlib.jose.JsonWebToken", "authlib.jose.rfc7519.JsonWebToken", "authlib.jose.jwt.JsonWebToken"]);
const JWCRYPTO_JWT = new Set(["jwcrypto.jwt.JWT"]);

/** Names PyJWT has only since 2.0, which refuses a decode without `algorithms` (raises instead of trusting the token's `alg`). */
const PYJWT2_ONLY = new Set(["jwt.PyJWKClient", "jwt.jwks_client.PyJWKClient", "jwt.PyJWK", "jwt.PyJWKSet", "jwt.api_jwk.PyJWK", "jwt.api_jwk.PyJWKSet"]);
const pyJwt2 = new WeakMap<FileModel, boolean>();

/** Whether the file uses an API of PyJWT ≥ 2 (`jwt.PyJWKClient(...)`, `from jwt import PyJWK`): the library in use is 2.x. */
function onPyJwt2(model: FileModel): boolean {
  let known = pyJwt2.get(model);
  if (known === undefined) {
    known = model.imports.some((i) => PYJWT2_ONLY.has(i.qualified));
    if (!known) {
      walk(model.root, (n) => {
        if (known) return false;
        if (n.type !== "attribute") return;
        const q = model.qualifiedName(n);
        if (q !== undefined && PYJWT2_ONLY.has(q)) known = true;
      });
    }
    pyJwt2.set(model, known);
  }
  return known;
}

/** Libraries whose import makes a file worth looking at. */
const LIBRARIES = ["jwt", "jose", "authlib", "jwcrypto"];

/** Readers of a token's header without verification: an algorithm taken from there is the attacker's choice. */
const UNVERIFIED_HEADER = new Set(["jwt.get_unverified_header", "jwt.api_jws.get_unverified_header", "jose.jwt.get_unverified_header", "jose.jws.get_unverified_header", "jose.jwt.get_unverified_headers", "jose.jws.get_unverified_headers"]);

type Verdict = { kind: "unverified"; detail: string } | { kind: "none-alg" } | { kind: "token-alg" } | { kind: "no-algorithms" } | { kind: "no-exp"; detail: string };

export const rule: PatternRule = {
  meta: {
    id: "jwt-verification-disabled",
    name: "JwtVerificationDisabled",
    shortDescription: "JWT decoded without verifying its signature or expiry",
    fullDescription:
      "A JSON Web Token is decoded with signature verification turned off, with the `none` algorithm allowed, without an algorithm allow-list, or with its expiry check disabled, so a forged, altered or expired token is accepted as proof of identity.",
    docs: {
      whatItDoes:
        "Flags PyJWT `jwt.decode(...)` / `decode_complete(...)` (and `PyJWT().decode`) with `options={\"verify_signature\": False}` or the pre-2.0 `verify=False`, a `PyJWT(options=...)` object that turns verification off, python-jose `jwt.decode` with `verify_signature: False` and `get_unverified_claims(...)`, jwcrypto `JWT(jwt=token)` without a key; `\"none\"` among the accepted `algorithms` (PyJWT, python-jose, Authlib `JsonWebToken([...])`) or used to sign (`jwt.encode(..., algorithm=\"none\")`); algorithms read from the token's own unverified header (`algorithms=[jwt.get_unverified_header(token)[\"alg\"]]`); a verifying PyJWT or python-jose decode without `algorithms` (or with `algorithms=None`); and the expiry check turned off (`verify_exp: False`, jwcrypto `check_claims=False`, Authlib claims used without `claims.validate()`). Option dictionaries are followed through names.\n\nNot flagged: an unverified read in a function that also decodes with verification (reading the header or issuer to choose the key; a verifying decode in the other arm of the same `if` does not count: `if alg == \"none\": decode unverified` / `else: verify` accepts unsigned tokens), or of the token a class keeps in an attribute (`self._token`) when a method of that class, or of a class in the module derived from it, decodes the same attribute with verification, an unverified read asked only for `exp`/`iat`/`nbf` (a client checking whether its own token needs refreshing), `jwt.get_unverified_header` (it returns only the header), decoders in test code, option values that are not constant, and a PyJWT decode without `algorithms` in a file that uses PyJWT 2's key APIs (`jwt.PyJWKClient`, `PyJWK`, `PyJWKSet`): PyJWT 2 raises on such a call rather than trusting the token's `alg`.",
      whyBad:
        "A JWT is only as trustworthy as its signature check: without it, anyone can write `{\"sub\": \"admin\"}` into a token, encode it in base64 and be accepted. Allowing `none` lets an attacker strip the signature altogether; leaving the algorithm to the token's own header lets them sign with HMAC using the server's public RSA key (algorithm confusion). With the expiry check off, a token that leaks once — from a log, a browser or a proxy — works forever.",
      example: [
        "import jwt",
        "from flask import abort, request",
        "",
        "",
        "def current_user_id(secret_key):",
        "    token = request.headers[\"Authorization\"].removeprefix(\"Bearer \")",
        "    claims = jwt.decode(token, secret_key, algorithms=[\"HS256\"], options={\"verify_signature\": False})",
        "    if \"sub\" not in claims:",
        "        abort(401)",
        "    return claims[\"sub\"]",
        "",
      ].join("\n"),
      useInstead: [
        "import jwt",
        "from flask import abort, request",
        "",
        "",
        "def current_user_id(secret_key):",
        "    token = request.headers[\"Authorization\"].removeprefix(\"Bearer \")",
        "    claims = jwt.decode(token, secret_key, algorithms=[\"HS256\"], options={\"require\": [\"exp\", \"sub\"]})",
        "    if \"sub\" not in claims:",
        "        abort(401)",
        "    return claims[\"sub\"]",
        "",
      ].join("\n"),
      useInsteadText:
        "Always decode with the key and an explicit allow-list of the algorithms you issue (`algorithms=[\"RS256\"]`), leave signature and expiry checks on, and require the claims you rely on (`options={\"require\": [\"exp\", \"sub\"]}`). When the key depends on the issuer, read the header with `jwt.get_unverified_header` only to choose the key, then decode with verification. With Authlib, call `claims.validate()` after `jwt.decode`.",
      fix: JWT_FIX_DOCS,
      references: [
        { title: "CWE-347: Improper Verification of Cryptographic Signature", url: "https://cwe.mitre.org/data/definitions/347.html" },
        { title: "CWE-613: Insufficient Session Expiration", url: "https://cwe.mitre.org/data/definitions/613.html" },
        { title: "OWASP Top 10 2021 A07: Identification and Authentication Failures", url: "https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/" },
        { title: "OWASP JSON Web Token Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html" },
        { title: "PyJWT: Usage examples", url: "https://pyjwt.readthedocs.io/en/stable/usage.html" },
        { title: "RFC 8725: JSON Web Token Best Current Practices", url: "https://www.rfc-editor.org/rfc/rfc8725" },
        { title: "Authlib: JSON Web Token (claims validation)", url: "https://docs.authlib.org/en/latest/jose/jwt.html" },
      ],
    },
    cwe: [347, 613],
    owasp: ["A07:2021-Identification and Authentication Failures", "A02:2021-Cryptographic Failures"],
    level: "error",
    securitySeverity: "8.1",
    precision: "high",
    tags: ["security", "authentication", "external/cwe/cwe-347", "external/cwe/cwe-613"],
    frameworks: ["pyjwt", "python-jose", "authlib", "jwcrypto"],
    aliases: {},
    kind: "pattern",
    fixSafety: ["unsafe"],
  },
  fix: jwtFix,
  create(ctx) {
    const { model } = ctx;
    if (isTestPath(model.path)) return {};
    if (!model.imports.some((i) => LIBRARIES.some((l) => i.qualified === l || i.qualified.startsWith(`${l}.`)))) return {};
    return {
      call(call) {
        const verdict = judgeCall(model, call);
        if (verdict) report(ctx, call, verdict);
      },
    };
  },
};

function report(ctx: RuleContext, call: PyNode, v: Verdict): void {
  switch (v.kind) {
    case "unverified":
      if (verifiedDecodeInSameFunction(ctx.model, call) || verifiedByItsClass(ctx.model, call) || readsOnlyTimingClaims(ctx.model, call)) return;
      ctx.report(call, `${v.detail}: the token's claims are accepted without checking its signature, so anyone can forge them. Decode with the key and an explicit algorithms list, and keep verification on.`);
      return;
    case "none-alg":
      ctx.report(call, "The \"none\" algorithm is allowed: a token without any signature is accepted (or issued). List only the algorithms you sign with, such as [\"HS256\"] or [\"RS256\"].");
      return;
    case "token-alg":
      ctx.report(call, "The accepted algorithms are read from the token's own unverified header, so the attacker chooses how the signature is checked (\"none\", or HMAC keyed with your public key). Pass a fixed list such as algorithms=[\"RS256\"].");
      return;
    case "no-algorithms":
      ctx.report(call, "The token is decoded without an algorithms list, so the token's own \"alg\" header chooses how it is checked (PyJWT 1.x and python-jose): an attacker can sign with HMAC using your public key. Pass algorithms=[...] with the algorithm you issue.", { level: "warning", securitySeverity: "7.4" });
      return;
    case "no-exp":
      ctx.report(call, `${v.detail}: an expired or leaked token stays valid forever. Keep the expiry check on.`, { level: "warning", securitySeverity: "5.4" });
  }
}

function judgeCall(model: FileModel, call: PyNode): Verdict | undefined {
  const args = model.callArgs(call);
  const kw = (name: string) => args.keywords.get(name);

  if (calleeIn(model, call, PYJWT_DECODE) || isPyJwtObjectDecode(model, call)) {
    const options = optionFlags(model, kw("options") ?? (args.positional.length > 3 ? args.positional[3] : undefined));
    const verify = kw("verify") ?? (isBoolConstant(model, args.positional[2]) ? args.positional[2] : undefined);
    if (options.get("verify_signature") === false) return { kind: "unverified", detail: "jwt.decode runs with verify_signature=False" };
    if (verify && isFalse(model, verify)) return { kind: "unverified", detail: "jwt.decode runs with verify=False" };
    const algorithms = given(model, kw("algorithms") ?? (verify ? undefined : args.positional[2]));
    if (algorithms && allowsNone(model, algorithms)) return { kind: "none-alg" };
    if (algorithms && fromTokenHeader(model, algorithms)) return { kind: "token-alg" };
    if (!algorithms && !args.hasSplat && !objectHasOptions(model, call) && !onPyJwt2(model)) return { kind: "no-algorithms" };
    if (options.get("verify_exp") === false) return { kind: "no-exp", detail: "jwt.decode runs with verify_exp=False" };
    return undefined;
  }
  if (calleeIn(model, call, PYJWT_OBJECTS)) {
    const options = optionFlags(model, kw("options") ?? args.positional[0]);
    if (options.get("verify_signature") === false) return { kind: "unverified", detail: "This PyJWT object has verify_signature=False as its default" };
    if (options.get("verify_exp") === false) return { kind: "no-exp", detail: "This PyJWT object has verify_exp=False as its default" };
    return undefined;
  }
  if (calleeIn(model, call, JOSE_DECODE)) {
    const options = optionFlags(model, kw("options"));
    if (options.get("verify_signature") === false) return { kind: "unverified", detail: "jose.jwt.decode runs with verify_signature=False" };
    const algorithms = given(model, kw("algorithms") ?? args.positional[2]);
    if (algorithms && allowsNone(model, algorithms)) return { kind: "none-alg" };
    if (algorithms && fromTokenHeader(model, algorithms)) return { kind: "token-alg" };
    if (!algorithms && !args.hasSplat) return { kind: "no-algorithms" };
    if (options.get("verify_exp") === false) return { kind: "no-exp", detail: "jose.jwt.decode runs with verify_exp=False" };
    return undefined;
  }
  if (calleeIn(model, call, UNVERIFIED_CLAIMS)) return { kind: "unverified", detail: "get_unverified_claims(token) reads the claims" };
  if (calleeIn(model, call, PYJWT_ENCODE) || calleeIn(model, call, JOSE_ENCODE)) {
    const alg = kw("algorithm") ?? args.positional[2];
    if (alg && isNoneAlgorithm(constString(model, alg))) return { kind: "none-alg" };
    return undefined;
  }
  if (calleeIn(model, call, AUTHLIB_JWT)) {
    const algorithms = kw("algorithms") ?? args.positional[0];
    if (algorithms && allowsNone(model, algorithms)) return { kind: "none-alg" };
    return undefined;
  }
  if (calleeIn(model, call, AUTHLIB_DECODE) || isAuthlibObjectDecode(model, call)) {
    return claimsNeverValidated(model, call) ? { kind: "no-exp", detail: "The claims from Authlib's jwt.decode are used without claims.validate(), which is where exp and nbf are checked" } : undefined;
  }
  if (calleeIn(model, call, JWCRYPTO_JWT)) {
    const token = kw("jwt");
    if (token && !kw("key") && !args.hasSplat && !isNoneConstant(model, token)) return { kind: "unverified", detail: "jwcrypto JWT(jwt=...) is given no key" };
    if (token && isFalse(model, kw("check_claims"))) return { kind: "no-exp", detail: "jwcrypto JWT(check_claims=False) skips the exp and nbf checks" };
  }
  return undefined;
}

/** `jwt.PyJWT().decode(...)`, `decoder.decode(...)` where `decoder = jwt.PyJWT()`. */
function isPyJwtObjectDecode(model: FileModel, call: PyNode): boolean {
  const m = methodName(call);
  if (m !== "decode" && m !== "decode_complete") return false;
  return sourceCallees(model, receiver(call)).some((q) => PYJWT_OBJECTS.has(q));
}

/** A `PyJWT(options=...)` object carries its own defaults; its decode without algorithms is judged at the constructor. */
function objectHasOptions(model: FileModel, call: PyNode): boolean {
  if (!isPyJwtObjectDecode(model, call)) return false;
  return valueSources(model, receiver(call)).some((s) => s.type === "call" && model.callArgs(s).keywords.has("options"));
}

function isAuthlibObjectDecode(model: FileModel, call: PyNode): boolean {
  if (methodName(call) !== "decode") return false;
  return sourceCallees(model, receiver(call)).some((q) => AUTHLIB_JWT.has(q));
}

/**
 * The constant boolean entries of an options mapping: a dict literal (followed through names)
 * or `dict(verify_signature=False)`. Entries that are not constant are left out.
 */
function optionFlags(model: FileModel, node: PyNode | undefined): Map<string, boolean> {
  const flags = new Map<string, boolean>();
  if (!node) return flags;
  for (const src of valueSources(model, node)) {
    const n = unparen(src);
    if (n?.type === "dictionary") {
      for (const pair of n.namedChildren) {
        if (pair.type !== "pair") continue;
        const key = constString(model, pair.get("key"));
        const value = constantOf(model, pair.get("value"));
        if (key !== undefined && value !== undefined) flags.set(key, truthy(value));
      }
    } else if (n?.type === "call" && model.qualifiedName(n.get("function")) === "builtins.dict") {
      for (const [key, valueNode] of model.callArgs(n).keywords) {
        const value = constantOf(model, valueNode);
        if (value !== undefined) flags.set(key, truthy(value));
      }
    }
  }
  return flags;
}

function constantOf(model: FileModel, node: PyNode | null | undefined): PyValue | undefined {
  return node ? model.constant(node) : undefined;
}

function isFalse(model: FileModel, node: PyNode | undefined): boolean {
  const v = constantOf(model, node);
  return v !== undefined && !truthy(v);
}

function isBoolConstant(model: FileModel, node: PyNode | undefined): boolean {
  return constantOf(model, node)?.t === "bool";
}

function isNoneConstant(model: FileModel, node: PyNode): boolean {
  return constantOf(model, node)?.t === "none";
}

function isNoneAlgorithm(alg: string | undefined): boolean {
  return alg !== undefined && alg.trim().toLowerCase() === "none";
}

/** An argument, or undefined when it is absent or an explicit `None` (which means the same to these libraries). */
function given(model: FileModel, node: PyNode | undefined): PyNode | undefined {
  return node && constantOf(model, node)?.t !== "none" ? node : undefined;
}

/**
 * True when an algorithms argument is built from the token's unverified header
 * (`algorithms=[header["alg"]]` with `header = jwt.get_unverified_header(token)`), through names,
 * subscripts, `.get()` and list or tuple items.
 */
function fromTokenHeader(model: FileModel, node: PyNode, depth = 0): boolean {
  if (depth > 6) return false;
  for (const src of valueSources(model, node)) {
    const n = unparen(src);
    if (!n) continue;
    if (n.type === "call" && calleeIn(model, n, UNVERIFIED_HEADER)) return true;
    const inner =
      n.type === "list" || n.type === "tuple" || n.type === "set"
        ? n.namedChildren
        : n.type === "subscript"
          ? [n.get("value")]
          : n.type === "call" && methodName(n) === "get"
            ? [receiver(n)]
            : [];
    if (inner.some((c) => c && fromTokenHeader(model, c, depth + 1))) return true;
  }
  return false;
}

/** True when an algorithms list (or single name) folds to something containing "none". */
function allowsNone(model: FileModel, node: PyNode): boolean {
  const v = model.constant(node);
  if (!v) return false;
  const items = v.t === "list" || v.t === "tuple" || v.t === "set" ? v.items : [v];
  return items.some((i) => isNoneAlgorithm(asString(i)));
}

const TIMING_CLAIMS = new Set(["exp", "iat", "nbf"]);

/**
 * True when every use of an unverified read's result asks for a timing claim: `decode(...)["exp"]`
 * directly, or `claims["exp"]` / `claims.get("exp")` for the name it is bound to.
 */
function readsOnlyTimingClaims(model: FileModel, call: PyNode): boolean {
  const timingKey = (key: PyNode | null | undefined) => TIMING_CLAIMS.has(constString(model, key) ?? "");
  let holder = call.parent;
  while (holder?.type === "parenthesized_expression") holder = holder.parent;
  if (holder?.type === "subscript" && holder.get("value") === call) return timingKey(holder.get("subscript"));
  if (holder?.type !== "assignment" || holder.get("right") !== call || holder.get("left")?.type !== "identifier") return false;
  const name = holder.get("left")!.text;
  const scope = model.enclosingFunction(call) ?? model.root;
  let uses = 0;
  let other = false;
  walk(scope, (n) => {
    if (other) return false;
    if (n !== scope && (n.type === "function_definition" || n.type === "class_definition")) return false;
    if (n.type !== "identifier" || n.text !== name || n === holder!.get("left")) return;
    uses++;
    const parent = n.parent;
    if (parent?.type === "subscript" && parent.get("value") === n && timingKey(parent.get("subscript"))) return;
    const getter = parent?.type === "attribute" && parent.get("attribute")?.text === "get" ? parent.parent : null;
    if (getter?.type === "call" && timingKey(model.callArgs(getter).positional[0])) return;
    other = true;
  });
  return uses > 0 && !other;
}

/** Whether the function holding an unverified read also decodes a token with verification. */
function verifiedDecodeInSameFunction(model: FileModel, call: PyNode): boolean {
  const scope = model.enclosingFunction(call) ?? model.root;
  let found = false;
  walk(scope, (n) => {
    if (found) return false;
    if (n !== scope && (n.type === "function_definition" || n.type === "class_definition")) return false;
    if (n.type === "call" && n !== call && isVerifyingDecode(model, n) && !inOtherArm(call, n)) found = true;
  });
  return found;
}

/**
 * Whether `a` and `b` sit in different arms of one `if` statement (`if alg == "none": decode unverified`, `else:
 * decode verified`): only one of them runs, so the verifying decode does not check what the other one read.
 */
function inOtherArm(a: PyNode, b: PyNode): boolean {
  const above = new Map<PyNode, PyNode>();
  for (let child = a, p = a.parent; p; child = p, p = p.parent) above.set(p, child);
  for (let child = b, p = b.parent; p; child = p, p = p.parent) {
    const aSide = above.get(p);
    if (aSide === undefined) continue;
    if (p.type !== "if_statement" || aSide === child) return false;
    const condition = p.get("condition");
    return aSide !== condition && child !== condition;
  }
  return false;
}

/**
 * Whether an unverified read in a method decodes the object's own token (`self._token`, or the name the
 * method stores there) and a method of the same class, or of a class of the module derived from it, decodes
 * that attribute with verification: an unverified token object that exposes only what picks the key
 * (its issuer), and a verified one the application must build to read the rest.
 */
function verifiedByItsClass(model: FileModel, call: PyNode): boolean {
  const fn = model.enclosingFunction(call);
  let cls: PyNode | null = fn?.parent ?? null;
  while (cls && cls.type !== "class_definition") cls = cls.type === "block" || cls.type === "decorated_definition" ? cls.parent : null;
  const clsName = cls?.get("name")?.text;
  if (!fn || !cls || !clsName) return false;
  const token = tokenArgument(model, call);
  if (!token) return false;
  const attrs = new Set<string>();
  const own = selfAttribute(token);
  if (own) attrs.add(own);
  else if (token.type === "identifier") {
    // `self._token = token` in the same method
    walk(fn, (n) => {
      if (n.type !== "assignment") return;
      const right = unparen(n.get("right"));
      const left = n.get("left");
      const attr = left ? selfAttribute(left) : undefined;
      if (attr && right?.type === "identifier" && right.text === token.text) attrs.add(attr);
    });
  }
  if (attrs.size === 0) return false;
  const family = [cls, ...model.root.namedChildren.flatMap((c) => (c.type === "decorated_definition" ? c.namedChildren : [c])).filter((c) => c.type === "class_definition" && (c.get("superclasses")?.namedChildren ?? []).some((b) => b.text === clsName))];
  let found = false;
  for (const c of family) {
    walk(c, (n) => {
      if (found) return false;
      if (n.type === "call" && n !== call && isVerifyingDecode(model, n)) {
        const t = tokenArgument(model, n);
        const attr = t ? selfAttribute(t) : undefined;
        if (attr && attrs.has(attr)) found = true;
      }
    });
    if (found) return true;
  }
  return false;
}

/** The token a decoder is given: its first positional argument, or `jwt=`/`token=`. */
function tokenArgument(model: FileModel, call: PyNode): PyNode | undefined {
  const args = model.callArgs(call);
  const n = args.positional[0] ?? args.keywords.get("jwt") ?? args.keywords.get("token");
  return n ? unparen(n) ?? undefined : undefined;
}

/** `self.name` → `name`. */
function selfAttribute(node: PyNode): string | undefined {
  const n = unparen(node);
  if (n?.type !== "attribute") return undefined;
  const obj = n.get("object");
  return obj?.type === "identifier" && obj.text === "self" ? n.get("attribute")?.text : undefined;
}

function isVerifyingDecode(model: FileModel, call: PyNode): boolean {
  const isDecoder =
    calleeIn(model, call, PYJWT_DECODE) || calleeIn(model, call, JOSE_DECODE) || calleeIn(model, call, AUTHLIB_DECODE) || isPyJwtObjectDecode(model, call) || isAuthlibObjectDecode(model, call);
  if (!isDecoder) return calleeIn(model, call, JWCRYPTO_JWT) !== undefined && model.callArgs(call).keywords.has("key");
  return judgeCall(model, call)?.kind !== "unverified";
}

/**
 * Authlib's `jwt.decode` checks the signature only; `exp`/`nbf` are checked by `claims.validate()`.
 * True when the result is bound to a name that the function reads but never validates; a result
 * returned or passed on directly is left alone (the caller may validate it).
 */
function claimsNeverValidated(model: FileModel, call: PyNode): boolean {
  let holder = call.parent;
  while (holder?.type === "parenthesized_expression") holder = holder.parent;
  if (holder?.type !== "assignment" || holder.get("right") !== call) return false;
  const target = holder.get("left");
  if (target?.type !== "identifier") return false;
  const name = target.text;
  const scope = model.enclosingFunction(call) ?? model.root;
  let validated = false;
  let escapes = false;
  walk(scope, (n) => {
    if (n !== scope && (n.type === "function_definition" || n.type === "class_definition")) return false;
    if (n.type === "call" && methodName(n) === "validate" && unparen(receiver(n))?.text === name) validated = true;
    if (n.type === "return_statement" && n.namedChildren.some((c) => unparen(c)?.type === "identifier" && unparen(c)?.text === name)) escapes = true;
  });
  return !validated && !escapes;
}
