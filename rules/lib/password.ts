/**
 * Recognises expressions that evidently hold a plaintext password: names, attributes and mapping
 * keys such as `password`, `new_passwd`, `userPwd`, `request.form["password"]`, and values built
 * from them (`.encode()`, `salt + password`, f-strings, `"".join([...])`).
 */
import type { PyNode } from "../../src/parse/ast.js";
import type { FileModel } from "../../src/model/file-model.js";
import { namedValueIn } from "./named-values.js";

/** Calls that read a password from the person at the keyboard. */
const PROMPTS = new Set(["getpass.getpass"]);

const PASSWORD_WORDS = new Set(["password", "passwd", "passwort", "pwd", "pw", "pword", "pswd", "passphrase", "passcode"]);

/**
 * Words that make a password-ish name mean something derived from or about the password, which is
 * fine to hash quickly: `password_hash`, `pw_digest`, `password_reset_token` (a high-entropy random
 * token, for which SHA-256 is the recommended storage), `password_salt`, `pwd.getpwnam(u).pw_dir`.
 */
const NOT_THE_PASSWORD = new Set([
  "hash", "hashed", "hmac", "digest", "encrypted", "crypt", "token", "reset", "salt", "salted", "nonce",
  "len", "length", "policy", "hint", "field", "label", "url", "link", "id", "count", "attempts",
  "expiry", "expires", "expiration", "changed", "updated", "regex", "pattern", "min", "max",
  "strength", "validator", "rule", "rules", "history", "file", "path", "dir", "name", "uid", "gid",
  "shell", "gecos", "manager", "prompt", "help", "error", "errors", "message", "msg", "widget", "form",
]);


/** Splits `newUserPassword2`, `NEW_USER_PASSWORD`, `new-password` into lower-case words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/** True when a name (identifier, attribute or key) evidently denotes a plaintext password. */
export function isPasswordName(name: string): boolean {
  const ws = words(name);
  if (ws.some((w) => NOT_THE_PASSWORD.has(w))) return false;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    const singular = w.length > 4 && w.endsWith("s") ? w.slice(0, -1) : w;
    if (PASSWORD_WORDS.has(w) || PASSWORD_WORDS.has(singular)) return true;
    // pass_phrase, pass_word
    if (w === "pass" && (ws[i + 1] === "phrase" || ws[i + 1] === "word")) return true;
  }
  return false;
}

/** The password-like part of an expression (the node that names the password), or undefined. */
export function passwordIn(model: FileModel, expr: PyNode | null | undefined): PyNode | undefined {
  return namedValueIn(model, expr, { isName: isPasswordName, prompts: PROMPTS, followParameters: true });
}
