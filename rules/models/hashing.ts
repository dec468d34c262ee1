/**
 * Digests and password hashes: whatever goes in, what comes out is a fixed alphabet (hex,
 * base64-like) or fixed-size bytes, so the result carries no injectable text.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const HASH = "hashlib.Hash";
const PASSWORD_HASHER = "argon2.PasswordHasher";

const HASHLIB = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "sha3_512", "blake2b", "blake2s", "new"].map((h) => `hashlib.${h}`);

export const hashing: TaintModel = {
  name: "hashing",
  types: [{ type: PASSWORD_HASHER, class: ["argon2.PasswordHasher"] }],
  propagators: [
    { call: [...HASHLIB, "hmac.new", "hmac.HMAC"], result: "clean", returns: HASH },
    { on: [HASH], method: ["update", "hexdigest", "digest", "copy"], result: "clean" },
    { call: ["hmac.digest", "hashlib.pbkdf2_hmac", "hashlib.scrypt", "zlib.crc32", "binascii.crc32"], result: "clean" },
    { on: [PASSWORD_HASHER], method: ["hash"], result: "clean" },
    { call: ["bcrypt.hashpw", "bcrypt.gensalt", "werkzeug.security.generate_password_hash", "django.contrib.auth.hashers.make_password"], result: "clean" },
  ],
};
