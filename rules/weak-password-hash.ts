/**
 * weak-password-hash: a fast general-purpose hash (MD5, SHA-1, SHA-2, SHA-3, BLAKE2) applied to a
 * value that evidently is a plaintext password, at construction (`hashlib.sha256(pw.encode())`)
 * or through `.update(pw)` on a hash object.
 *
 * Decisions:
 * - "Evidently a password" is decided from names: identifiers, attributes and constant mapping
 *   keys made of the words password/passwd/pwd/pw/passphrase/passcode (any case, snake or camel),
 *   unless another word says the value is derived from or about the password (`password_hash`,
 *   `pw_digest`, `password_reset_token`, `password_salt`, `pw_dir`). Reset and API tokens are
 *   random and high-entropy, so a fast hash is the right way to store them.
 * - `usedforsecurity=False` does not exempt: a stored password digest is always a security use.
 * - Key-derivation functions (bcrypt, argon2, scrypt, PBKDF2, passlib, werkzeug) are never hash
 *   constructors here; their parameters are judged instead (`lib/password-kdf.ts`): PBKDF2 below the
 *   OWASP 2023 iteration counts or with a constant salt, passlib's insecure schemes, and Django's
 *   PASSWORD_HASHERS led by a fast hasher (`setting`, so a deployed module overriding it wins).
 */
import type { PyNode } from "../src/parse/ast.js";
import type { PatternRule } from "../src/rule.js";
import { cryptographyAlgorithm, hashConstructor, isCryptographyHashContext } from "./lib/hash-algorithms.js";
import { passwordIn } from "./lib/password.js";
import { weakDefaultHasher, weakKdfParameters, weakPasslibScheme } from "./lib/password-kdf.js";
import { methodName, receiver, valueSources } from "./lib/python.js";
import { branchState, configAssignment, isDevelopmentFile, isSettingsModule } from "./lib/settings.js";

export const rule: PatternRule = {
  meta: {
    id: "weak-password-hash",
    name: "WeakPasswordHash",
    shortDescription: "Password hashed with a fast hash instead of a password hashing function",
    fullDescription:
      "A plaintext password is hashed with a fast general-purpose hash (MD5, SHA-1, SHA-2, SHA-3 or BLAKE2). Billions of guesses per second are possible against such digests, so a leaked table of them gives up most passwords; passwords need a deliberately slow, salted function such as Argon2id, scrypt, bcrypt or PBKDF2.",
    docs: {
      whatItDoes:
        "Flags a fast hash applied to a value that evidently is a password: a hashlib constructor (`hashlib.sha256(...)`, `hashlib.new(name, ...)`), a PyCryptodome/PyCrypto `Hash.X.new(...)`, or `.update(...)` on such an object or on a `cryptography` `hashes.Hash(...)` context, when the hashed data is a name, attribute or mapping key such as `password`, `passwd`, `pwd`, `pw`, `passphrase` (e.g. `request.form[\"password\"]`, `user.password`, `form.password.data`) or is built from one (`.encode()`, salt concatenation, f-strings, `\"\".join`, `getpass.getpass()`), or is a parameter of a helper that every call in the file passes one (`def _digest(self, text)` called only as `self._digest(self.password)`).\n\nNames that describe something derived from the password are not passwords: `password_hash`, `pw_digest`, `password_salt`, and `password_reset_token` (random tokens have enough entropy for SHA-256). bcrypt, argon2, scrypt, `hashlib.pbkdf2_hmac`, `hashlib.scrypt`, passlib and werkzeug's `generate_password_hash` are not fast hashes.\n\nPassword hashing set up too weakly is reported too:\n- PBKDF2 (`hashlib.pbkdf2_hmac`, `cryptography`'s `PBKDF2HMAC`) with a constant salt (a literal or module constant: equal passwords get equal hashes), or with fewer iterations than the OWASP Password Storage Cheat Sheet's 2023 figures — 1,300,000 for HMAC-SHA1, 600,000 for HMAC-SHA256, 210,000 for HMAC-SHA512. Below 100,000 iterations it is a warning; between 100,000 and the OWASP figure a note.\n- passlib schemes that passlib itself calls insecure or archaic (`md5_crypt`, `des_crypt`, `ldap_md5`, `hex_sha1`, `mysql41`, `plaintext`, …) used to hash (`md5_crypt.hash(pw)`, `.using(...).hash(pw)`), and a `CryptContext` whose default scheme (`default=`, else the first of `schemes`) is one of them.\n- A Django settings module whose `PASSWORD_HASHERS` starts with `MD5PasswordHasher`, `SHA1PasswordHasher`, `UnsaltedMD5PasswordHasher`, `UnsaltedSHA1PasswordHasher` or `CryptPasswordHasher`: Django hashes every new password with the first entry (weak hashers later in the list only verify old hashes). Development and test settings (`settings/test.py`, `local_settings.py`) are not checked, and a deployed settings module that imports the weak one and puts a strong hasher first overrides it.",
      whyBad:
        "Users choose guessable passwords. A GPU computes billions of MD5 or SHA-256 digests per second, so once the password table leaks, an attacker recovers most passwords by brute force and dictionary attacks — a per-user salt only stops precomputed tables, not guessing. Password hashing functions are slow and memory-hard by design and make every guess cost the attacker as much as a login costs you.",
      example: [
        "import hashlib",
        "import os",
        "",
        "",
        "def store_credentials(db, username: str, password: str) -> None:",
        "    salt = os.urandom(16)",
        "    digest = hashlib.sha256(salt + password.encode()).hexdigest()",
        "    db.save_user(username, salt.hex(), digest)",
        "",
      ].join("\n"),
      useInstead: [
        "import hashlib",
        "import os",
        "",
        "",
        "def store_credentials(db, username: str, password: str) -> None:",
        "    salt = os.urandom(16)",
        "    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1).hex()",
        "    db.save_user(username, salt.hex(), digest)",
        "",
      ].join("\n"),
      useInsteadText:
        "Use a password hashing function: Argon2id (`argon2-cffi`'s `PasswordHasher`), scrypt (`hashlib.scrypt`), bcrypt, or PBKDF2 (`hashlib.pbkdf2_hmac` with ≥ 600,000 iterations of SHA-256). Libraries such as passlib or werkzeug's `generate_password_hash` choose safe parameters and store them with the hash.",
      fix:
        "No automatic fix: swapping the function would lock every user out, because stored hashes must be verified with the old function and re-hashed on the next successful login. Use `argon2-cffi` (`PasswordHasher().hash`/`verify`), `bcrypt`, `hashlib.scrypt` or PBKDF2 with a random salt (Django and Werkzeug ship helpers), and migrate as users log in.",
      references: [
        { title: "CWE-916: Use of Password Hash With Insufficient Computational Effort", url: "https://cwe.mitre.org/data/definitions/916.html" },
        { title: "OWASP Top 10 2021 A02: Cryptographic Failures", url: "https://owasp.org/Top10/A02_2021-Cryptographic_Failures/" },
        { title: "OWASP Password Storage Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html" },
        { title: "Python hashlib: key derivation (scrypt, pbkdf2_hmac)", url: "https://docs.python.org/3/library/hashlib.html#key-derivation" },
        { title: "argon2-cffi documentation", url: "https://argon2-cffi.readthedocs.io/" },
        { title: "CWE-760: Use of a One-Way Hash with a Predictable Salt", url: "https://cwe.mitre.org/data/definitions/760.html" },
        { title: "Django: password management, PASSWORD_HASHERS", url: "https://docs.djangoproject.com/en/stable/topics/auth/passwords/" },
        { title: "passlib: choosing a hash", url: "https://passlib.readthedocs.io/en/stable/narr/quickstart.html" },
      ],
    },
    cwe: [916, 760],
    owasp: ["A02:2021-Cryptographic Failures"],
    level: "warning",
    securitySeverity: "7.4",
    precision: "medium",
    tags: ["security", "crypto", "passwords", "external/cwe/cwe-916", "external/cwe/cwe-760"],
    frameworks: ["hashlib", "pycryptodome", "cryptography", "passlib", "django"],
    aliases: {},
    kind: "pattern",
    fixSafety: [],
  },
  fix: () => ({
    reason: "a password needs a salted, deliberately slow hash (argon2-cffi, bcrypt, hashlib.scrypt or PBKDF2) and stored hashes need a migration on next login; see the rule's page",
  }),
  create(ctx) {
    const { model } = ctx;
    const check = (call: PyNode, data: PyNode | null | undefined, algorithm: string): void => {
      const password = data && passwordIn(model, data);
      if (!password) return;
      ctx.report(
        call,
        `Password \`${password.text.length > 40 ? `${password.text.slice(0, 37)}...` : password.text}\` is hashed with ${algorithm}, which is fast enough to brute-force; use Argon2id, scrypt, bcrypt or PBKDF2.`,
        { properties: { algorithm } },
      );
    };

    /** The algorithm of the hash object a `.update()` receiver holds, if it is one. */
    const hashObjectAlgorithm = (obj: PyNode | null): string | undefined => {
      for (const src of valueSources(model, obj)) {
        if (src.type !== "call") continue;
        const hash = hashConstructor(model, src);
        if (hash) return hash.algorithm ?? "a fast hash function";
        if (isCryptographyHashContext(model, src)) {
          const alg = model.arg(src, 0, "algorithm");
          return (alg?.type === "call" && cryptographyAlgorithm(model, alg)) || "a fast hash function";
        }
      }
      return undefined;
    };

    const settingsModule = isSettingsModule(model) && !isDevelopmentFile(model);
    return {
      call(call) {
        const hash = hashConstructor(model, call);
        if (hash) {
          check(call, hash.data, hash.algorithm ?? "a fast hash function");
          return;
        }
        if (methodName(call) === "update") {
          const algorithm = hashObjectAlgorithm(receiver(call));
          if (algorithm) check(call, model.arg(call, 0, "data"), algorithm);
          return;
        }
        for (const p of weakKdfParameters(model, call)) ctx.report(call, p.message, { level: p.level, properties: p.properties });
        const scheme = weakPasslibScheme(model, call);
        if (scheme) ctx.report(call, scheme.message, { properties: { scheme: scheme.scheme } });
      },
      assignment(node) {
        if (!settingsModule) return;
        const a = configAssignment(model, node);
        if (a?.scope !== "module" || a.name !== "PASSWORD_HASHERS" || branchState(model, node) !== "live") return;
        const hasher = weakDefaultHasher(model, a.value);
        if (hasher) {
          ctx.report(node, `PASSWORD_HASHERS starts with ${hasher.split(".").pop()}: Django hashes every new or changed password with the first hasher, and this one is a fast, ${/Unsalted/.test(hasher) ? "unsalted " : ""}hash. Put PBKDF2PasswordHasher, Argon2PasswordHasher, BCryptSHA256PasswordHasher or ScryptPasswordHasher first and keep the weak one later only to verify old hashes.`, {
            setting: "PASSWORD_HASHERS",
            properties: { hasher },
          });
        }
      },
    };
  },
};
