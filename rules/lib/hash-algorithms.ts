/**
 * Hash constructors of hashlib, PyCryptodome/PyCrypto and `cryptography`, with the algorithm each
 * one computes, shared by weak-hash and weak-password-hash.
 */
import type { PyNode } from "../../src/parse/ast.js";
import type { FileModel } from "../../src/model/file-model.js";
import { constString } from "./python.js";

/** Display names of the algorithms whose collision resistance is broken. */
const WEAK_BY_NORMALISED_NAME: ReadonlyMap<string, string> = new Map([
  ["md2", "MD2"],
  ["md4", "MD4"],
  ["md5", "MD5"],
  ["sha", "SHA-1"],
  ["sha1", "SHA-1"],
  ["md5sha1", "MD5-SHA1"],
  // OpenSSL aliases that hashlib.new() accepts
  ["ssl3md5", "MD5"],
  ["ssl3sha1", "SHA-1"],
  ["rsamd5", "MD5"],
  ["rsasha1", "SHA-1"],
]);

/** `hashlib.new("SHA-1")` and `"sha1"` name the same digest: compare names without case or punctuation. */
export function normaliseAlgorithm(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The display name of a weak algorithm, or undefined when `name` is not one. */
export function weakAlgorithm(name: string): string | undefined {
  return WEAK_BY_NORMALISED_NAME.get(normaliseAlgorithm(name));
}

/** Display names for the fast (unsalted, unstretched) hashes a password must never be stored with. */
const FAST_HASHLIB: Record<string, string> = {
  md5: "MD5",
  sha1: "SHA-1",
  sha224: "SHA-224",
  sha256: "SHA-256",
  sha384: "SHA-384",
  sha512: "SHA-512",
  sha3_224: "SHA3-224",
  sha3_256: "SHA3-256",
  sha3_384: "SHA3-384",
  sha3_512: "SHA3-512",
  shake_128: "SHAKE128",
  shake_256: "SHAKE256",
  blake2b: "BLAKE2b",
  blake2s: "BLAKE2s",
};

const PYCRYPTO_MODULES: Record<string, string> = {
  MD2: "MD2",
  MD4: "MD4",
  MD5: "MD5",
  SHA: "SHA-1",
  SHA1: "SHA-1",
  SHA224: "SHA-224",
  SHA256: "SHA-256",
  SHA384: "SHA-384",
  SHA512: "SHA-512",
  SHA3_224: "SHA3-224",
  SHA3_256: "SHA3-256",
  SHA3_384: "SHA3-384",
  SHA3_512: "SHA3-512",
  BLAKE2b: "BLAKE2b",
  BLAKE2s: "BLAKE2s",
  RIPEMD160: "RIPEMD-160",
  keccak: "Keccak",
};

const CRYPTOGRAPHY_HASHES = "cryptography.hazmat.primitives.hashes.";

/** A recognised hash constructor call: which algorithm, and where its data argument is. */
export interface HashCall {
  /** Display name; undefined for `hashlib.new(name)` whose name does not fold to a constant. */
  algorithm: string | undefined;
  /** The argument that is hashed at construction, if any. */
  data: PyNode | undefined;
  family: "hashlib" | "hashlib.new" | "pycrypto";
}

/** Recognises hashlib, `hashlib.new` and PyCryptodome/PyCrypto hash constructors. */
export function hashConstructor(model: FileModel, call: PyNode): HashCall | undefined {
  for (const q of model.qualifiedNames(call.get("function"))) {
    if (q === "hashlib.new") {
      const name = constString(model, model.arg(call, 0, "name"));
      const weak = name === undefined ? undefined : weakAlgorithm(name);
      const display = name === undefined ? undefined : (weak ?? FAST_HASHLIB[name.toLowerCase().replace(/-/g, "_")] ?? name);
      return { algorithm: display, data: model.arg(call, 1, "data") ?? model.arg(call, -1, "string"), family: "hashlib.new" };
    }
    const hashlibName = /^(?:hashlib|_hashlib\.openssl)[._](\w+)$/.exec(q)?.[1];
    if (hashlibName && FAST_HASHLIB[hashlibName]) {
      return { algorithm: FAST_HASHLIB[hashlibName], data: model.arg(call, 0, "data") ?? model.arg(call, -1, "string"), family: "hashlib" };
    }
    const pycrypto = /^(?:Crypto|Cryptodome)\.Hash\.(\w+)\.new$/.exec(q)?.[1];
    if (pycrypto && PYCRYPTO_MODULES[pycrypto]) {
      return { algorithm: PYCRYPTO_MODULES[pycrypto], data: model.arg(call, 0, "data"), family: "pycrypto" };
    }
  }
  return undefined;
}

/** True for `cryptography`'s `hashes.Hash(…)` context, whose `.update()` feeds a digest. */
export function isCryptographyHashContext(model: FileModel, call: PyNode): boolean {
  return model.qualifiedNames(call.get("function")).includes(`${CRYPTOGRAPHY_HASHES}Hash`);
}

/** The algorithm of a `cryptography` `hashes.X()` call (`MD5`, `SHA1`, `SHA256`, …), or undefined. */
export function cryptographyAlgorithm(model: FileModel, call: PyNode): string | undefined {
  for (const q of model.qualifiedNames(call.get("function"))) {
    if (q.startsWith(CRYPTOGRAPHY_HASHES)) {
      const cls = q.slice(CRYPTOGRAPHY_HASHES.length);
      if (/^[A-Z][A-Za-z0-9_]*$/.test(cls) && cls !== "Hash" && cls !== "HashAlgorithm" && cls !== "HashContext") {
        // SHA256 → SHA-256, SHA3_256 → SHA3-256, SHA512_224 → SHA-512/224
        return cls.replace(/^SHA(\d{3})$/, "SHA-$1").replace(/^SHA3_(\d+)$/, "SHA3-$1").replace(/^SHA(\d{3})_(\d{3})$/, "SHA-$1/$2").replace(/^SHA1$/, "SHA-1");
      }
    }
  }
  return undefined;
}
