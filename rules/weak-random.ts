/**
 * weak-random: a value from a non-cryptographic generator (`random.*`, a `random.Random`
 * instance, `numpy.random.*`) used where it must be unguessable — a token, password, session id,
 * nonce, OTP, salt, reset or verification code, CSRF or remember-me token.
 *
 * Decisions:
 * - The use decides, found by names and by flow within the file: the random value (through
 *   `str()`, slicing, f-strings, `"".join(...)`, base64, helper functions of the same file, loops
 *   that append to it) is assigned to, stored under, passed as or returned from a name that says
 *   it must be unguessable (`reset_code`, `session["remember_me"]`, `password=`, `def make_token()`),
 *   becomes a cookie value (unless the cookie's name says it is not a secret), or is hashed
 *   (a digest of a predictable number is just as predictable).
 * - `random` for shuffling, sampling test data, jitter, simulations or A/B buckets is not reported:
 *   nothing ties it to a secret.
 * - `secrets`, `os.urandom`, `random.SystemRandom` and `uuid.uuid4` are safe, and their results stay
 *   safe whatever their arguments were built from (`secrets.token_hex(random.randint(16, 32))`).
 * - The finding sits on the random call (the range a fix replaces), with the use as a related location;
 *   one call is reported once.
 * - Values of other files are not followed: a helper in another module that returns `random` output
 *   is reported where its own name says what it makes (`def generate_token()`).
 */
import { unparen, type PyNode } from "../src/parse/ast.js";
import type { FileModel } from "../src/model/file-model.js";
import { RANDOM_FIX_DOCS, randomFix } from "./lib/random-fix.js";
import type { PatternRule } from "../src/rule.js";
import { findOrigin } from "./lib/origins.js";
import { calleeIn, constStringAt, methodName, receiver, sourceCallees } from "./lib/python.js";
import { isUnguessableName, nameWords } from "./lib/secrets.js";

/** Functions of the `random` module (and methods of `random.Random`) that draw from the Mersenne Twister. */
const RANDOM_FUNCTIONS = new Set([
  "random", "randint", "randrange", "getrandbits", "randbytes", "choice", "choices", "sample", "uniform", "triangular",
  "normalvariate", "gauss", "betavariate", "expovariate", "gammavariate", "lognormvariate", "vonmisesvariate",
  "paretovariate", "weibullvariate", "binomialvariate",
]);
const NUMPY_FUNCTIONS = new Set(["rand", "randn", "randint", "random", "random_sample", "ranf", "sample", "choice", "bytes", "integers", "permutation"]);
const RANDOM_CLASSES = new Set(["random.Random"]);
const NUMPY_GENERATORS = new Set(["numpy.random.default_rng", "numpy.random.RandomState", "numpy.random.Generator"]);

/** Generators whose output is safe whatever their arguments are. */
const SAFE_SOURCES = /^(?:secrets\.|os\.urandom$|os\.getrandom$|random\.SystemRandom|uuid\.uuid4$|ssl\.RAND_bytes$|Crypto\.Random\.|Cryptodome\.Random\.|nacl\.utils\.random$)/;

const HASHES = /^(?:hashlib\.|hmac\.(?:new|digest|HMAC)$|Crypto\.Hash\.|Cryptodome\.Hash\.)/;

export const rule: PatternRule = {
  meta: {
    id: "weak-random",
    name: "WeakRandom",
    shortDescription: "Predictable random value used as a secret",
    fullDescription:
      "A token, password, session id, nonce, OTP, salt or reset code is made with Python's `random` module (or NumPy's), whose Mersenne Twister output can be reconstructed from a few hundred observed values or guessed from its seed, so an attacker can predict the secret.",
    docs: {
      whatItDoes:
        "Follows values from `random.random()`, `randint`, `randrange`, `getrandbits`, `randbytes`, `choice`, `choices`, `sample`, the distribution functions, methods of a `random.Random` instance and `numpy.random.*` through conversions, slices, string building, `\"\".join(...)`, loops that append to a variable and the file's own helper functions, and flags the random call when the value is assigned to, stored under, passed as, or returned from a name that must be unguessable (`token`, `password`, `api_key`, `session_id`, `nonce`, `otp`, `salt`, `csrf_token`, `reset_code`, `verification_code`, `remember_me`, …), is set as a cookie value, or is hashed.\n\nNot flagged: `secrets.*`, `os.urandom`, `random.SystemRandom()`, `uuid.uuid4()`; `random` used for shuffling, sampling, jitter, simulations, games or test data where nothing ties it to a secret.",
      whyBad:
        "`random` is built for simulations, not secrets: its 19,937-bit state is recovered from 624 consecutive 32-bit outputs, after which every past and future value is known, and a process seeded from the clock can be brute-forced. A password-reset code, session id or API token generated this way can be predicted by anyone who sees a few other tokens (their own, for instance) — account takeover without touching the victim. Hashing the value does not help: the digest of a predictable number is predictable.",
      example: [
        "import random",
        "import string",
        "",
        "",
        "def new_reset_code(user):",
        "    reset_code = \"\".join(random.choice(string.digits) for _ in range(6))",
        "    user.reset_code = reset_code",
        "    user.save()",
        "    return reset_code",
        "",
      ].join("\n"),
      useInstead: [
        "import secrets",
        "import string",
        "",
        "",
        "def new_reset_code(user):",
        "    reset_code = \"\".join(secrets.choice(string.digits) for _ in range(6))",
        "    user.reset_code = reset_code",
        "    user.save()",
        "    return reset_code",
        "",
      ].join("\n"),
      useInsteadText:
        "Use the `secrets` module for anything an attacker must not guess: `secrets.token_urlsafe(32)` for tokens and session ids, `secrets.choice` for codes and passwords, `secrets.token_bytes` / `os.urandom` for salts and keys. `random.SystemRandom()` offers the `random` API on the same source.",
      fix: RANDOM_FIX_DOCS,
      references: [
        { title: "CWE-330: Use of Insufficiently Random Values", url: "https://cwe.mitre.org/data/definitions/330.html" },
        { title: "CWE-338: Use of Cryptographically Weak Pseudo-Random Number Generator (PRNG)", url: "https://cwe.mitre.org/data/definitions/338.html" },
        { title: "OWASP Top 10 2021 A02: Cryptographic Failures", url: "https://owasp.org/Top10/A02_2021-Cryptographic_Failures/" },
        { title: "OWASP Cheat Sheet: Secure random number generation", url: "https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html#secure-random-number-generation" },
        { title: "Python: random — warning about security use", url: "https://docs.python.org/3/library/random.html" },
        { title: "Python: secrets — generate secure random numbers", url: "https://docs.python.org/3/library/secrets.html" },
      ],
    },
    cwe: [330, 338],
    owasp: ["A02:2021-Cryptographic Failures"],
    level: "warning",
    securitySeverity: "7.5",
    precision: "high",
    tags: ["security", "crypto", "external/cwe/cwe-330", "external/cwe/cwe-338"],
    frameworks: ["python-stdlib", "numpy"],
    aliases: { bandit: ["B311"], ruff: ["S311"] },
    kind: "pattern",
    fixSafety: ["safe"],
  },
  fix: (finding, fix) => randomFix(fix.nodeAt(finding.region, "call"), fix),
  create(ctx) {
    const { model } = ctx;
    if (!model.imports.some((i) => i.qualified === "random" || i.qualified.startsWith("random.") || i.qualified === "numpy" || i.qualified.startsWith("numpy."))) return {};
    const reported = new Set<PyNode>();
    const origin = (expr: PyNode | null | undefined) => findOrigin(model, expr, { match: (n) => n.type === "call" && isWeakRandomCall(model, n), opaque: (c) => isSafeSource(model, c) });
    const flag = (expr: PyNode | null | undefined, use: PyNode, what: string): void => {
      const call = origin(expr);
      if (!call || reported.has(call)) return;
      reported.add(call);
      const callee = calleeText(call);
      const where = use.line === call.line ? "" : ` (line ${use.line + 1})`;
      ctx.report(call, `${callee} is not a secure random source, and its value becomes ${what}${where}: it can be predicted from other outputs of the generator. Use the secrets module (secrets.token_urlsafe, secrets.choice, secrets.randbelow).`, {
        related: [{ node: use, message: what }],
      });
    };
    const assignTo = (target: PyNode | null, value: PyNode | null, use: PyNode): void => {
      const name = targetName(model, target);
      if (name && isUnguessableName(name)) flag(value, use, `\`${name}\``);
    };
    return {
      assignment(node) {
        let right = node.get("right");
        while (right?.type === "assignment") right = right.get("right");
        assignTo(node.get("left"), right, node);
      },
      augmented_assignment(node) {
        assignTo(node.get("left"), node.get("right"), node);
      },
      keyword_argument(node) {
        const name = node.get("name")?.text;
        if (name && isUnguessableName(name)) flag(node.get("value"), node, `the \`${name}\` argument`);
      },
      pair(node) {
        const key = constStringAt(model, node.get("key"));
        if (key && isUnguessableName(key)) flag(node.get("value"), node, `the "${key}" entry`);
      },
      return_statement(node) {
        const fn = model.enclosingFunction(node);
        const name = fn?.get("name")?.text;
        if (name && isUnguessableName(stripVerb(name))) flag(node.namedChildren[0], node, `the result of ${name}()`);
      },
      call(call) {
        const method = methodName(call);
        if (method === "set_cookie" || method === "set_signed_cookie" || method === "add_cookie" || method === "set_secure_cookie") {
          const args = model.callArgs(call);
          const cookieName = args.positional[0] ?? args.keywords.get("key") ?? args.keywords.get("name");
          const value = args.positional[1] ?? args.keywords.get("value");
          const constName = constStringAt(model, cookieName);
          if (value && (constName === undefined || isUnguessableName(constName) || !nameWords(constName).some((w) => NOT_SECRET_COOKIES.has(w)))) {
            flag(value, call, constName ? `the value of cookie "${constName}"` : "a cookie value");
          }
          return;
        }
        const hash = model.qualifiedNames(call.get("function")).some((q) => HASHES.test(q)) || (method === "update" && sourceCallees(model, receiver(call)).some((q) => HASHES.test(q)));
        if (hash) {
          for (const a of model.callArgs(call).positional) flag(a, call, "the input of a hash");
        }
      },
    };
  },
};

/** Cookie names that say the value is a preference, not a secret. */
const NOT_SECRET_COOKIES = new Set(["theme", "lang", "language", "locale", "currency", "timezone", "tz", "consent", "banner", "seen", "visited", "variant", "bucket", "experiment", "ab", "layout", "view", "sort", "font", "mode", "color", "tracking", "analytics", "ga"]);

function isWeakRandomCall(model: FileModel, call: PyNode): boolean {
  for (const q of model.qualifiedNames(call.get("function"))) {
    const dot = q.lastIndexOf(".");
    const mod = q.slice(0, dot);
    const fn = q.slice(dot + 1);
    if (mod === "random" && RANDOM_FUNCTIONS.has(fn)) return true;
    if (mod === "numpy.random" && NUMPY_FUNCTIONS.has(fn)) return true;
  }
  const method = methodName(call);
  if (!method) return false;
  const recv = receiver(call);
  if (RANDOM_FUNCTIONS.has(method) && calleeOfReceiver(model, recv).some((q) => RANDOM_CLASSES.has(q))) return true;
  return NUMPY_FUNCTIONS.has(method) && calleeOfReceiver(model, recv).some((q) => NUMPY_GENERATORS.has(q));
}

/** The classes or factories a receiver was made by (`rng = random.Random(42)` → `random.Random`). */
function calleeOfReceiver(model: FileModel, recv: PyNode | null): string[] {
  const r = unparen(recv);
  if (!r) return [];
  if (r.type === "call") return [...model.qualifiedNames(r.get("function"))];
  return sourceCallees(model, r);
}

/** Calls whose result does not carry their arguments' randomness: secure generators, and sizes and ranges. */
const SIZE_FUNCTIONS = new Set(["builtins.len", "builtins.range"]);

function isSafeSource(model: FileModel, call: PyNode): boolean {
  return model.qualifiedNames(call.get("function")).some((q) => SAFE_SOURCES.test(q)) || calleeIn(model, call, SIZE_FUNCTIONS) !== undefined;
}

/** The name a value is stored under: a variable, an attribute, or a constant subscript key. */
function targetName(model: FileModel, target: PyNode | null): string | undefined {
  const t = unparen(target);
  if (!t) return undefined;
  if (t.type === "identifier") return t.text;
  if (t.type === "attribute") return t.get("attribute")?.text;
  if (t.type === "subscript") return constStringAt(model, t.get("subscript"));
  return undefined;
}

/** `generate_token` → `token`; `make_reset_code` → `reset_code`: the thing a function makes. */
function stripVerb(name: string): string {
  return name.replace(/^_*(?:generate|gen|make|new|create|get|build|random|rand|issue|mint|compute)_?/i, "") || name;
}

function calleeText(call: PyNode): string {
  const fn = call.get("function")?.text ?? "random";
  return `${fn.length > 40 ? `${fn.slice(0, 40)}…` : fn}()`;
}
