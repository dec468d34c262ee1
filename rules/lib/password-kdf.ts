/**
 * Password hashing set up too weakly: PBKDF2 with too few iterations or a constant salt, passlib
 * schemes that are fast or unsalted, and Django's PASSWORD_HASHERS led by a fast hasher.
 *
 * Iteration figures are the OWASP Password Storage Cheat Sheet's (2023 revision) for PBKDF2:
 * 1,300,000 for HMAC-SHA1, 600,000 for HMAC-SHA256 and 210,000 for HMAC-SHA512. Below 100,000
 * iterations (an order of magnitude under them, and under what Django has used since 2.1) the
 * finding is a warning; between 100,000 and the OWASP figure it is a note.
 */
import { unparen, type PyNode } from "../../src/parse/ast.js";
import type { FileModel } from "../../src/model/file-model.js";
import type { Level } from "../../src/types.js";
import { cryptographyAlgorithm, normaliseAlgorithm } from "./hash-algorithms.js";
import { calleeIn } from "./python.js";

/** OWASP 2023 PBKDF2 iteration counts, by normalised hash name. */
const OWASP_ITERATIONS: Record<string, number> = { sha1: 1_300_000, sha256: 600_000, sha512: 210_000 };
const DEFAULT_ITERATIONS = 600_000;
/** Below this many iterations the finding is a warning, above it a note. */
const WARNING_BELOW = 100_000;

const PBKDF2 = new Set(["hashlib.pbkdf2_hmac"]);
const CRYPTOGRAPHY_PBKDF2 = new Set(["cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC"]);

export interface KdfFinding {
  message: string;
  level: Level;
  properties: Record<string, unknown>;
}

function constantInt(model: FileModel, node: PyNode | undefined): number | undefined {
  const c = node ? model.constant(node) : undefined;
  return c?.t === "int" ? c.v : undefined;
}

/** A salt written into the program: a literal, a module constant, `b"..." * n`. */
function constantSalt(model: FileModel, node: PyNode | undefined): boolean {
  const c = node ? model.constant(node) : undefined;
  return c?.t === "str" || c?.t === "bytes";
}

/** Iteration and salt problems of a PBKDF2 call (`hashlib.pbkdf2_hmac`, `cryptography`'s `PBKDF2HMAC`). */
export function weakKdfParameters(model: FileModel, call: PyNode): KdfFinding[] {
  let hash: string | undefined;
  let salt: PyNode | undefined;
  let iterations: PyNode | undefined;
  if (calleeIn(model, call, PBKDF2)) {
    const name = model.constant(model.arg(call, 0, "hash_name") ?? null);
    hash = name?.t === "str" ? normaliseAlgorithm(name.v) : undefined;
    salt = model.arg(call, 2, "salt");
    iterations = model.arg(call, 3, "iterations");
  } else if (calleeIn(model, call, CRYPTOGRAPHY_PBKDF2)) {
    const alg = unparen(model.arg(call, 0, "algorithm") ?? null);
    const name = alg?.type === "call" ? cryptographyAlgorithm(model, alg) : undefined;
    hash = name ? normaliseAlgorithm(name) : undefined;
    salt = model.arg(call, 2, "salt");
    iterations = model.arg(call, 3, "iterations");
  } else return [];
  const out: KdfFinding[] = [];
  const n = constantInt(model, iterations);
  const needed = (hash ? OWASP_ITERATIONS[hash] : undefined) ?? DEFAULT_ITERATIONS;
  if (n !== undefined && n < needed) {
    const level: Level = n < WARNING_BELOW ? "warning" : "note";
    out.push({
      message: `PBKDF2${hash ? `-HMAC-${hash.toUpperCase()}` : ""} with ${n.toLocaleString("en-US")} iterations: OWASP's Password Storage Cheat Sheet (2023) asks for ${needed.toLocaleString("en-US")}${level === "warning" ? ", and fewer than 100,000 leaves leaked hashes cheap to brute-force" : ""}. Raise the count (and re-hash on next login), or use Argon2id or scrypt.`,
      level,
      properties: { iterations: n, recommended: needed },
    });
  }
  if (constantSalt(model, salt)) {
    out.push({
      message: "PBKDF2 with a constant salt: equal passwords get equal hashes and one precomputed table attacks every account. Generate a random salt per password (os.urandom(16) or secrets.token_bytes(16)) and store it with the hash.",
      level: "warning",
      properties: { salt: "constant" },
    });
  }
  return out;
}

/** passlib handlers that are fast, unsalted, truncating or plain text (passlib's own "insecure"/"archaic" lists). */
const WEAK_PASSLIB = new Set([
  "des_crypt", "bsdi_crypt", "bigcrypt", "crypt16", "md5_crypt", "apr_md5_crypt", "sun_md5_crypt",
  "lmhash", "nthash", "msdcc", "msdcc2", "hex_md4", "hex_md5", "hex_sha1", "hex_sha256", "hex_sha512",
  "ldap_md5", "ldap_sha1", "ldap_salted_md5", "ldap_salted_sha1", "ldap_salted_sha256", "ldap_salted_sha512",
  "ldap_hex_md5", "ldap_hex_sha1", "ldap_plaintext", "ldap_md5_crypt", "ldap_des_crypt", "ldap_bsdi_crypt",
  "plaintext", "roundup_plaintext", "mysql323", "mysql41", "postgres_md5", "oracle10", "oracle11",
  "cisco_pix", "cisco_asa", "cisco_type7", "htdigest", "django_salted_md5", "django_salted_sha1", "django_des_crypt",
]);

const PASSLIB_HASH = "passlib.hash.";
const CRYPT_CONTEXT = new Set(["passlib.context.CryptContext", "passlib.apps.CryptContext"]);

/** The passlib handler a name stands for (`passlib.hash.md5_crypt`), when it is a weak one. */
function weakHandler(model: FileModel, node: PyNode | null): string | undefined {
  for (const q of model.qualifiedNames(node)) {
    if (q.startsWith(PASSLIB_HASH) && WEAK_PASSLIB.has(q.slice(PASSLIB_HASH.length))) return q.slice(PASSLIB_HASH.length);
  }
  return undefined;
}

/**
 * `md5_crypt.hash(pw)` (also `.encrypt`, and through `.using(...)`), or a `CryptContext` whose
 * default scheme (`default=`, else the first of `schemes`) is a weak passlib handler.
 */
export function weakPasslibScheme(model: FileModel, call: PyNode): { scheme: string; message: string } | undefined {
  const fn = unparen(call.get("function"));
  if (fn?.type === "attribute" && ["hash", "encrypt", "genhash"].includes(fn.get("attribute")?.text ?? "")) {
    let owner = unparen(fn.get("object"));
    // `md5_crypt.using(rounds=...).hash(pw)`
    if (owner?.type === "call") {
      const inner = unparen(owner.get("function"));
      owner = inner?.type === "attribute" && inner.get("attribute")?.text === "using" ? unparen(inner.get("object")) : null;
    }
    const scheme = weakHandler(model, owner);
    if (scheme) return { scheme, message: `passlib's ${scheme} is a fast or unsalted scheme that passlib itself lists as insecure; hash passwords with argon2, bcrypt, scrypt or pbkdf2_sha256.` };
    return undefined;
  }
  if (!calleeIn(model, call, CRYPT_CONTEXT)) return undefined;
  const dflt = model.constant(model.arg(call, -1, "default") ?? null);
  const schemes = model.constant(model.arg(call, 0, "schemes") ?? null);
  const first = schemes?.t === "list" || schemes?.t === "tuple" ? schemes.items[0] : schemes?.t === "str" ? { t: "str" as const, v: schemes.v.split(",")[0]!.trim() } : undefined;
  const scheme = dflt?.t === "str" ? dflt.v : first?.t === "str" ? first.v : undefined;
  if (scheme && WEAK_PASSLIB.has(scheme)) {
    return { scheme, message: `This CryptContext hashes new passwords with ${scheme}, a fast or unsalted scheme; make argon2, bcrypt, scrypt or pbkdf2_sha256 the default and keep ${scheme} only as deprecated, to verify old hashes.` };
  }
  return undefined;
}

/** Django hashers that hash with one fast round, some without a salt. */
const WEAK_DJANGO_HASHERS = new Set(
  ["MD5PasswordHasher", "SHA1PasswordHasher", "UnsaltedMD5PasswordHasher", "UnsaltedSHA1PasswordHasher", "CryptPasswordHasher"].map((h) => `django.contrib.auth.hashers.${h}`),
);

/** The first entry of a `PASSWORD_HASHERS` list, when it is a weak hasher. */
export function weakDefaultHasher(model: FileModel, value: PyNode): string | undefined {
  const c = model.constant(value);
  const first = c?.t === "list" || c?.t === "tuple" ? c.items[0] : undefined;
  return first?.t === "str" && WEAK_DJANGO_HASHERS.has(first.v) ? first.v : undefined;
}
