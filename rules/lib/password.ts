/**
 * Recognises expressions that evidently hold a plaintext password: names, attributes and mapping
 * keys such as `password`, `new_passwd`, `userPwd`, `request.form["password"]`, and values built
 * from them (`.encode()`, `salt + password`, f-strings, `"".join([...])`).
 */
import { unparen, type PyNode } from "../../src/parse/ast.js";
import type { FileModel } from "../../src/model/file-model.js";
import { constString, methodName, receiver } from "./python.js";

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

/** Methods of str/bytes whose result still carries the password. */
const PRESERVING_METHODS = new Set(["encode", "decode", "strip", "lstrip", "rstrip", "lower", "upper", "casefold", "format", "join"]);

/** Mapping getters whose first argument is the key (`request.form.get("password")`). */
const KEYED_GETTERS = new Set(["get", "getlist", "pop", "getone", "get_argument", "get_param", "get_body_argument"]);

/** Plain attributes that hold a field's value (`form.password.data`). */
const VALUE_ATTRIBUTES = new Set(["data", "value", "cleaned_data"]);

const WRAPPERS = new Set(["builtins.str", "builtins.bytes", "builtins.bytearray", "builtins.memoryview"]);
const PROMPTS = new Set(["getpass.getpass"]);

const MAX_DEPTH = 8;

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
  return search(model, expr, 0, new Set());
}

/** `visited` keeps repeated rebindings (`data = data + chunk`) from being explored again and again. */
function search(model: FileModel, expr: PyNode | null | undefined, depth: number, visited: Set<PyNode>): PyNode | undefined {
  const n = unparen(expr ?? null);
  if (!n || depth > MAX_DEPTH || visited.has(n)) return undefined;
  visited.add(n);
  const next = depth + 1;
  switch (n.type) {
    case "identifier": {
      const bindings = model.lookup(n.text, n);
      if (bindings?.some((b) => b.kind === "import")) return undefined;
      if (isPasswordName(n.text)) return n;
      // `data = password.encode()`, `salted = salt + pw`
      for (const b of bindings ?? []) {
        const found = b.kind === "assign" && b.value ? search(model, b.value, next, visited) : undefined;
        if (found) return found;
      }
      return undefined;
    }
    case "attribute": {
      const attr = n.get("attribute")?.text ?? "";
      if (isPasswordName(attr)) return n;
      return VALUE_ATTRIBUTES.has(attr) ? search(model, n.get("object"), next, visited) : undefined;
    }
    case "subscript": {
      const key = constString(model, n.get("subscript"));
      if (key !== undefined) return isPasswordName(key) ? n : undefined;
      // an element of `passwords`
      return search(model, n.get("value"), next, visited);
    }
    case "call":
      return passwordInCall(model, n, next, visited);
    case "binary_operator":
      return search(model, n.get("left"), next, visited) ?? search(model, n.get("right"), next, visited);
    case "string":
      for (const part of n.children) {
        if (part.type !== "interpolation") continue;
        const found = search(model, part.get("expression"), next, visited);
        if (found) return found;
      }
      return undefined;
    case "concatenated_string":
    case "list":
    case "tuple":
    case "conditional_expression":
      for (const c of n.namedChildren) {
        const found = search(model, c, next, visited);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

function passwordInCall(model: FileModel, call: PyNode, depth: number, visited: Set<PyNode>): PyNode | undefined {
  const callee = model.qualifiedNames(call.get("function"));
  if (callee.some((q) => PROMPTS.has(q))) return call;
  if (callee.some((q) => WRAPPERS.has(q))) return search(model, model.arg(call, 0), depth, visited);
  if (callee.includes("builtins.getattr")) {
    const key = constString(model, model.arg(call, 1));
    return key !== undefined && isPasswordName(key) ? call : undefined;
  }
  const method = methodName(call);
  if (!method) return undefined;
  if (KEYED_GETTERS.has(method)) {
    const key = constString(model, model.arg(call, 0));
    return key !== undefined && isPasswordName(key) ? call : undefined;
  }
  if (!PRESERVING_METHODS.has(method)) return undefined;
  const args = model.callArgs(call);
  for (const a of [receiver(call), ...args.positional, ...args.keywords.values()]) {
    const found = search(model, a, depth, visited);
    if (found) return found;
  }
  return undefined;
}
