/**
 * weak-hash: MD2/MD4/MD5/SHA-1 (and MD5-SHA1) through hashlib, `hashlib.new(<constant name>)`,
 * PyCryptodome/PyCrypto and `cryptography`.
 *
 * Decisions:
 * - RIPEMD-160 is not reported: no collision attack on the full function is known.
 * - HMAC is not reported (`hmac.new(key, msg, "md5")`, `cryptography` `HMAC(key, hashes.SHA1())`),
 *   nor SHA-1 inside PBKDF2HMAC/HKDF/TOTP/HOTP/OAEP/MGF1: their security rests on the hash as a
 *   pseudo-random function, which collisions do not break (RFC 6151, RFC 6238).
 * - `usedforsecurity=False` (Python ≥ 3.9) declares a non-security use and exempts the call.
 * - Only a name that folds to a constant is judged: `hashlib.new(algo)` with an unknown `algo` is silent.
 * - A digest whose use the names around it show to be a cache key, an ETag, a file checksum or an
 *   identifier (`cache_key = md5(url).hexdigest()`, `resp.set_etag(...)`, `return md5(email)` in
 *   `def avatar_url`), with no password, secret, token or signature named in the input, the target or
 *   the function, is reported as a note saying so: collisions cost a cache miss, not security.
 * - A call that weak-password-hash reports (a password hashed with MD5) is left to that rule
 *   through `supersededBy`, so one line never carries both findings.
 */
import { unparen, type PyNode } from "../src/parse/ast.js";
import type { FixBuilder } from "../src/fix/builder.js";
import type { FixProposal } from "../src/fix/types.js";
import type { PatternRule } from "../src/rule.js";
import { cryptographyAlgorithm, hashConstructor, weakAlgorithm } from "./lib/hash-algorithms.js";
import { nonSecurityUse } from "./lib/hash-use.js";
import { calleeIn, constString, keywordIsFalse } from "./lib/python.js";

/** `cryptography` consumers whose use of SHA-1/MD5 does not depend on collision resistance. */
const PRF_CONSUMERS = new Set(
  [
    "hmac.HMAC",
    "kdf.pbkdf2.PBKDF2HMAC",
    "kdf.hkdf.HKDF",
    "kdf.hkdf.HKDFExpand",
    "twofactor.totp.TOTP",
    "twofactor.hotp.HOTP",
    "asymmetric.padding.MGF1",
    "asymmetric.padding.OAEP",
  ].map((n) => `cryptography.hazmat.primitives.${n}`),
);

const FILE_DIGEST = new Set(["hashlib.file_digest"]);

export const rule: PatternRule = {
  meta: {
    id: "weak-hash",
    name: "WeakHash",
    shortDescription: "Use of a broken hash function (MD5, SHA-1, MD4)",
    fullDescription:
      "Data is hashed with MD2, MD4, MD5 or SHA-1, whose collision resistance is broken: an attacker can craft two inputs with the same digest, so the digest cannot vouch for integrity, identity or a signature.",
    docs: {
      whatItDoes:
        "Flags hashing with MD2, MD4, MD5, SHA-1 or MD5-SHA1 through `hashlib` (`hashlib.md5()`, `hashlib.sha1()`, `hashlib.new(name)` when the name folds to a weak algorithm in any spelling, `hashlib.file_digest`), PyCryptodome/PyCrypto (`Crypto.Hash.MD5.new()`, `Cryptodome.Hash.SHA1.new()`, `MD4`, `SHA`) and `cryptography` (`hashes.MD5()`, `hashes.SHA1()`). Names are resolved through imports and aliases, and algorithm names through module constants and f-strings.\n\nNot flagged: SHA-2, SHA-3, BLAKE2 and RIPEMD-160; calls with `usedforsecurity=False`; HMAC with any hash, and SHA-1 passed to `cryptography`'s PBKDF2HMAC, HKDF, TOTP/HOTP, OAEP or MGF1, where the hash is used as a keyed pseudo-random function and collisions do not matter. When the hashed value is a password, `weak-password-hash` reports the line instead.\n\nReported as a note (level `note`, with the use named in the message): a digest that the names around it show to be a cache key (`cache_key = …`, `cache.set(…)`), an ETag (`etag = …`, `resp.set_etag(…)`, `headers[\"ETag\"] = …`), a file checksum or an identifier (`file_id`, `filename`, `slug`, `avatar_url()`, `query_fingerprint()`, a `unique_key` property), when no password, secret, token, signature, session or similar name appears in the hashed input, the target or the enclosing function. A collision there costs a cache miss or a duplicate name, not security.",
      whyBad:
        "Practical collisions exist for MD5 (seconds on a laptop) and SHA-1 (SHAttered, 2017; chosen-prefix collisions since 2020). Anything that trusts such a digest to identify content — file integrity checks, deduplication keys an attacker can influence, signatures, certificate or commit fingerprints — can be fooled with two different inputs that hash alike. Both are also fast, so they are unsuitable for secrets.",
      example: [
        "import hashlib",
        "",
        "",
        "def verify_download(payload: bytes, expected_digest: str) -> bool:",
        "    return hashlib.md5(payload).hexdigest() == expected_digest",
        "",
      ].join("\n"),
      useInstead: [
        "import hashlib",
        "",
        "",
        "def verify_download(payload: bytes, expected_digest: str) -> bool:",
        "    return hashlib.sha256(payload).hexdigest() == expected_digest",
        "",
        "",
        "def cache_key(url: str) -> str:",
        "    # not a security control: say so explicitly",
        "    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()",
        "",
      ].join("\n"),
      useInsteadText:
        "Use SHA-256 or stronger (SHA-384/512, SHA-3, BLAKE2). Where the digest really is only a checksum or a cache key, keep the algorithm and pass `usedforsecurity=False` (Python 3.9+), which documents the intent and also works on FIPS-restricted builds.",
      fix:
        "**Safe** where the rule reports the digest as a note because the names around it show it protects nothing (a cache key, an ETag, a file checksum, an identifier): `usedforsecurity=False` is added to the `hashlib` call, which keeps the very same digest (Python 3.9 and later). **Unsafe** everywhere else: the algorithm becomes SHA-256 (`hashlib.sha256`, `hashlib.new(\"sha256\")`, `hashes.SHA256()`, PyCryptodome `SHA256.new`), which changes every digest the code produces, so stored values and the other side of a protocol must change with it; applied only with `--fix --unsafe-fixes`.",
      references: [
        { title: "CWE-327: Use of a Broken or Risky Cryptographic Algorithm", url: "https://cwe.mitre.org/data/definitions/327.html" },
        { title: "CWE-328: Use of Weak Hash", url: "https://cwe.mitre.org/data/definitions/328.html" },
        { title: "OWASP Top 10 2021 A02: Cryptographic Failures", url: "https://owasp.org/Top10/A02_2021-Cryptographic_Failures/" },
        { title: "Python hashlib documentation (usedforsecurity)", url: "https://docs.python.org/3/library/hashlib.html" },
        { title: "cryptography: message digests", url: "https://cryptography.io/en/latest/hazmat/primitives/cryptographic-hashes/" },
        { title: "SHAttered: the first SHA-1 collision", url: "https://shattered.io/" },
        { title: "RFC 6151: security considerations for MD5 and HMAC-MD5", url: "https://www.rfc-editor.org/rfc/rfc6151" },
      ],
    },
    cwe: [327, 328],
    owasp: ["A02:2021-Cryptographic Failures"],
    level: "warning",
    securitySeverity: "5.9",
    precision: "high",
    tags: ["security", "crypto", "external/cwe/cwe-327", "external/cwe/cwe-328"],
    frameworks: ["hashlib", "pycryptodome", "cryptography"],
    aliases: { bandit: ["B303", "B324"], ruff: ["S303", "S324"] },
    kind: "pattern",
    fixSafety: ["safe", "unsafe"],
  },
  supersededBy: "weak-password-hash",
  fix(finding, fix) {
    const call = fix.nodeAt(finding.region, "call");
    return call ? weakHashFix(call, fix, typeof finding.properties?.use === "string") : undefined;
  },
  create(ctx) {
    const { model } = ctx;
    const report = (node: PyNode, algorithm: string): void => {
      const use = nonSecurityUse(model, node);
      if (use) {
        ctx.report(
          node,
          `${algorithm} serves as ${/^[AEIOU]/i.test(use) ? "an" : "a"} ${use} here, with no password, secret, token or signature involved: a collision costs a cache miss or a duplicate, not security. Use SHA-256, or pass usedforsecurity=False to say so.`,
          { properties: { algorithm, use }, level: "note" },
        );
        return;
      }
      ctx.report(
        node,
        `${algorithm} is a broken hash function; use SHA-256 or stronger, or pass usedforsecurity=False if the digest protects nothing.`,
        { properties: { algorithm } },
      );
    };
    return {
      call(call) {
        const hash = hashConstructor(model, call);
        if (hash) {
          const weak = hash.algorithm && weakAlgorithm(hash.algorithm);
          if (weak && hash.family !== "pycrypto" && keywordIsFalse(model, call, "usedforsecurity")) return;
          if (weak) report(call, weak);
          return;
        }
        const cls = cryptographyAlgorithm(model, call);
        if (cls) {
          const weak = weakAlgorithm(cls);
          if (weak && !isPrfArgument(call)) report(call, weak);
          return;
        }
        if (calleeIn(model, call, FILE_DIGEST)) {
          const digest = model.arg(call, 1, "digest");
          const name = constString(model, digest) ?? model.qualifiedName(digest ?? null)?.replace(/^hashlib\./, "");
          const weak = name && weakAlgorithm(name);
          if (weak) report(call, weak);
        }
      },
    };

    /** True when `hashes.SHA1()` is passed straight to HMAC, a KDF, OTP or OAEP/MGF1. */
    function isPrfArgument(call: PyNode): boolean {
      let holder = call.parent;
      if (holder?.type === "keyword_argument") holder = holder.parent;
      const consumer = holder?.type === "argument_list" ? holder.parent : null;
      return consumer?.type === "call" && calleeIn(model, consumer, PRF_CONSUMERS) !== undefined;
    }
  },
};

/**
 * `usedforsecurity=False` for a `hashlib` digest the rule judged a non-security use (a cache key, an
 * ETag: the finding's `use`), else SHA-256 in the same library.
 */
function weakHashFix(call: PyNode, fix: FixBuilder, nonSecurity: boolean): FixProposal | undefined {
  const { model } = fix;
  const hash = hashConstructor(model, call);
  if (hash && hash.family !== "pycrypto" && nonSecurity && !model.callArgs(call).hasSplat) {
    const edit = fix.addKeyword(call, "usedforsecurity=False");
    if (edit) return { description: "Declare the digest non-cryptographic with usedforsecurity=False (same digest)", safety: "safe", edits: [edit] };
  }
  const callee = unparen(call.get("function"));
  if (!callee) return undefined;
  const strong = (edits: FixProposal["edits"]): FixProposal => ({ description: "Hash with SHA-256 (changes the digest)", safety: "unsafe", edits });
  const literal = (node: PyNode | undefined) => (node?.type === "string" && !node.children.some((c) => c.type === "interpolation") ? node : undefined);
  const names = model.qualifiedNames(callee);
  if (hash?.family === "hashlib.new") {
    const name = literal(model.arg(call, 0, "name"));
    return name ? strong([fix.replace(name, fix.quote("sha256"))]) : undefined;
  }
  if (names.includes("hashlib.file_digest")) {
    const digest = model.arg(call, 1, "digest");
    if (literal(digest)) return strong([fix.replace(digest!, fix.quote("sha256"))]);
    if (digest?.type === "attribute" && model.qualifiedName(digest.get("object")) === "hashlib") return strong([fix.replace(digest.get("attribute")!, "sha256")]);
    return undefined;
  }
  const pycrypto = names.map((q) => /^(Crypto|Cryptodome)\.Hash\.\w+\.new$/.exec(q)?.[1]).find(Boolean);
  if (pycrypto) {
    const object = callee.type === "attribute" ? callee.get("object") : null;
    const ref = object && fix.importName(`${pycrypto}.Hash`, "SHA256", call);
    return object && ref ? strong([fix.replace(object, ref.ref), ...ref.edits]) : undefined;
  }
  const [module, replacement] = hash?.family === "hashlib" ? ["hashlib", "sha256"] : cryptographyAlgorithm(model, call) ? ["cryptography.hazmat.primitives.hashes", "SHA256"] : [];
  if (!module || !replacement) return undefined;
  if (callee.type === "attribute" && model.qualifiedName(callee.get("object")) === module) return strong([fix.replace(callee.get("attribute")!, replacement)]);
  const ref = fix.importName(module, replacement, call);
  return ref ? strong([fix.replace(callee, ref.ref), ...ref.edits]) : undefined;
}
