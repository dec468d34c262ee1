/**
 * What a digest is used for, judged from the names around the hashing call: a cache key, an ETag,
 * a file checksum or an identifier (where a collision costs a cache miss or a duplicate name), or
 * something that protects — a password, a secret, a token, a signature.
 */
import { unparen, type PyNode } from "../../src/parse/ast.js";
import type { FileModel } from "../../src/model/file-model.js";

/** Words that put a digest to a security use; any of them near the call keeps the finding a warning. */
const SECURITY_WORDS = new Set([
  "password", "passwd", "passphrase", "pwd", "pass", "secret", "token", "signature", "sign", "signed", "signing",
  "hmac", "mac", "auth", "authenticate", "authentication", "session", "csrf", "xsrf", "nonce", "salt", "credential",
  "credentials", "apikey", "private", "verify", "verification", "otp", "totp", "hotp", "cert", "certificate", "integrity",
]);

/** Uses where a collision does no harm, and how a message names them. */
const NON_SECURITY_USES: readonly [RegExp, string][] = [
  [/^(cache|cached|caching|memo|memoize|lru)$/, "cache key"],
  [/^etag$/, "ETag"],
  [/^(checksum|checksums|md5sum|sha1sum|crc)$/, "file checksum"],
  [/^(name|filename|basename|path|slug|bucket|shard|partition|dedup|dedupe|duplicate|avatar|gravatar|color|colour)$/, "name or identifier"],
  // a unique key or name is an identifier (a secret key is caught by `secret` before this list is read)
  [/^(id|ident|identifier|uid|guid|uuid|fingerprint|fingerprints|unique)$/, "identifier"],
];

/** Method calls whose argument is a cache key or an ETag. */
const KEY_METHODS: readonly [RegExp, string][] = [
  [/^(set_etag|add_etag)$/, "ETag"],
  [/^(cache_key|make_key|make_template_fragment_key)$/, "cache key"],
];

/** `camelCase` / `snake_case` names as lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The names a value is stored under or passed as, climbing from the hashing call to the statement using it. */
function contextNames(call: PyNode): { names: string[]; methods: string[] } {
  const names: string[] = [];
  const methods: string[] = [];
  let node: PyNode = call;
  for (let depth = 0; depth < 12 && node.parent; depth++) {
    const parent = node.parent;
    switch (parent.type) {
      case "attribute":
      case "call":
      case "subscript":
      case "slice":
      case "argument_list":
      case "parenthesized_expression":
      case "binary_operator":
      case "interpolation":
      case "string":
      case "concatenated_string":
      case "await":
        if (parent.type === "argument_list" && parent.parent?.type === "call") {
          const fn = unparen(parent.parent.get("function"));
          const method = fn?.type === "attribute" ? fn.get("attribute")?.text : fn?.type === "identifier" ? fn.text : undefined;
          if (method) methods.push(method);
          // the object a method belongs to names the use too (`cache.set(key, …)`)
          const owner = fn?.type === "attribute" ? unparen(fn.get("object")) : null;
          const ownerName = owner?.type === "identifier" ? owner.text : owner?.type === "attribute" ? owner.get("attribute")?.text : undefined;
          if (ownerName) methods.push(ownerName);
        }
        node = parent;
        continue;
      case "keyword_argument":
        names.push(parent.get("name")?.text ?? "");
        node = parent;
        continue;
      case "pair":
        names.push(unparen(parent.get("key"))?.text ?? "");
        node = parent;
        continue;
      case "assignment":
      case "augmented_assignment": {
        const target = parent.get("left");
        if (target) names.push(...targetNames(target));
        return { names, methods };
      }
      case "return_statement":
        return { names, methods };
      default:
        return { names, methods };
    }
  }
  return { names, methods };
}

/** The names of an assignment target: `key`, `self.cache_key`, `headers["ETag"]`. */
function targetNames(target: PyNode): string[] {
  const t = unparen(target);
  if (!t) return [];
  if (t.type === "identifier") return [t.text];
  if (t.type === "attribute") return [t.get("attribute")?.text ?? ""];
  if (t.type === "subscript") {
    const key = unparen(t.get("subscript"));
    const value = unparen(t.get("value"));
    return [...(key?.type === "string" ? [key.text.replace(/^[a-z]*['"]+|['"]+$/gi, "")] : []), ...(value ? targetNames(value) : [])];
  }
  if (t.type === "pattern_list" || t.type === "tuple_pattern" || t.type === "tuple") return t.namedChildren.flatMap(targetNames);
  return [];
}

/** Identifiers and string constants in the hashed arguments (`hashlib.md5(password.encode())`). */
function inputWords(call: PyNode): string[] {
  const out: string[] = [];
  const stack: PyNode[] = [...(call.get("arguments")?.namedChildren ?? [])];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "identifier") out.push(...words(n.text));
    else if (n.type === "string_content") out.push(...words(n.text));
    stack.push(...n.children);
  }
  return out;
}

/** The enclosing function's name. */
function functionName(node: PyNode): string | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === "function_definition") return n.get("name")?.text;
  return undefined;
}

/**
 * What a digest is for when nothing around it suggests security: "cache key", "ETag", "file
 * checksum", "identifier", "name or identifier"; undefined when the use is unknown or protects something.
 */
export function nonSecurityUse(_model: FileModel, call: PyNode): string | undefined {
  const { names, methods } = contextNames(call);
  const fn = functionName(call);
  const around = [...names, ...methods, ...(fn ? [fn] : [])].flatMap(words);
  if ([...around, ...inputWords(call)].some((w) => SECURITY_WORDS.has(w))) return undefined;
  for (const m of methods) for (const [re, use] of KEY_METHODS) if (re.test(m)) return use;
  for (const name of [...names, ...methods, ...(fn ? [fn] : [])]) {
    for (const w of words(name)) for (const [re, use] of NON_SECURITY_USES) if (re.test(w)) return use;
  }
  return undefined;
}
