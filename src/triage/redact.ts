/**
 * Redacts literals that look like credentials before any code leaves the machine. Every
 * replacement keeps the number of line breaks, so line numbers shown to the reviewer stay exact.
 */
import { looksRandom } from "../../rules/lib/secrets.js";

/** The randomness measures live with the rest of the secret knowledge (rules/lib/secrets.ts). */
export { classSwitchRate, looksRandom, shannonEntropy } from "../../rules/lib/secrets.js";

export interface RedactionResult {
  text: string;
  /** How many literals were replaced, by kind (`aws-access-key`, `high-entropy`, …). */
  counts: Record<string, number>;
}

const marker = (kind: string) => `<redacted:${kind}>`;

/** Multi-line private key blocks; an unterminated block is cut at the end of its base64 body. */
const PRIVATE_KEY =
  /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|(?:\\n|[A-Za-z0-9+/=]|\n(?=[A-Za-z0-9+/=]{20,}))*)/g;

/** Credentials recognisable by their shape, most specific first. */
const KNOWN_TOKENS: [kind: string, pattern: RegExp][] = [
  ["aws-access-key", /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g],
  ["github-token", /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g],
  ["github-token", /\bgithub_pat_[A-Za-z0-9_]{20,}/g],
  ["anthropic-api-key", /\bsk-ant-[A-Za-z0-9_-]{10,}/g],
  ["api-key", /\bsk-[A-Za-z0-9_-]{16,}/g],
  ["stripe-key", /\b[rsp]k_(?:live|test)_[A-Za-z0-9]{10,}/g],
  ["slack-token", /\bxox[abposr]-[A-Za-z0-9-]{10,}/g],
  ["slack-webhook", /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g],
  ["google-api-key", /\bAIza[0-9A-Za-z_-]{35}/g],
  ["jwt", /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g],
];

/** `scheme://user:password@host`: only the password part is replaced. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"'<>]+:)([^\s@"'/<>]+)(@)/gi;

/** Names whose assigned literal is treated as a secret whatever it looks like. */
const SENSITIVE_NAME = /secret|token|passw(?:or)?d|passwd|pwd|key|credential/i;

const STRING_BODY = String.raw`((?:\\.|(?!\3)[^\\\n])*)`;
/** `NAME = "v"`, `NAME: str = "v"`, `name="v"` (keyword), `name == "v"`. */
const ASSIGNED_LITERAL = new RegExp(
  String.raw`\b([A-Za-z_][A-Za-z0-9_]*)(\s*(?::\s*[A-Za-z_][\w\[\]., |]{0,40})?\s*(?:==|!=|:=|=)\s*[rRbBuUfF]{0,2})(["'])` +
    STRING_BODY +
    String.raw`\3`,
  "g",
);
/** `"name": "v"` in dict literals and JSON-like text. */
const KEYED_LITERAL = new RegExp(
  String.raw`(["'])([A-Za-z0-9_.-]+)\1(\s*:\s*[rRbBuUfF]{0,2})(["'])((?:\\.|(?!\4)[^\\\n])*)\4`,
  "g",
);
/** `config["SECRET_KEY"] = "v"`. */
const SUBSCRIPT_LITERAL = new RegExp(
  String.raw`(\[\s*(["'])([A-Za-z0-9_.-]+)\2\s*\]\s*=\s*[rRbBuU]{0,2})(["'])((?:\\.|(?!\4)[^\\\n])*)\4`,
  "g",
);
/** `getenv("SECRET_KEY", "fallback")` / `environ.get(...)`: the fallback is a literal secret. */
const ENV_DEFAULT = new RegExp(
  String.raw`((?:getenv|environ\.get|\.get)\(\s*(["'])([A-Za-z0-9_.-]+)\2\s*,\s*[rRbBuU]{0,2})(["'])((?:\\.|(?!\4)[^\\\n])*)\4`,
  "g",
);

/** Runs of characters secrets are made of; checked for randomness one by one. */
const TOKEN = /[A-Za-z0-9+/=_-]{20,}/g;

/** Replaces credential-like literals with `<redacted:kind>` markers. */
export function redactSecrets(input: string): RedactionResult {
  const counts: Record<string, number> = {};
  const count = (kind: string) => {
    counts[kind] = (counts[kind] ?? 0) + 1;
  };
  let text = input.replace(PRIVATE_KEY, (block) => {
    count("private-key");
    return marker("private-key") + "\n".repeat(block.split("\n").length - 1);
  });
  for (const [kind, pattern] of KNOWN_TOKENS) {
    text = text.replace(pattern, () => {
      count(kind);
      return marker(kind);
    });
  }
  text = text.replace(URL_PASSWORD, (_m, head: string, _pw: string, at: string) => {
    count("url-password");
    return head + marker("url-password") + at;
  });
  text = text.replace(SUBSCRIPT_LITERAL, (m, head: string, _q: string, name: string, quote: string, value: string) => {
    if (!SENSITIVE_NAME.test(name) || !isSecretValue(value, "")) return m;
    count("sensitive-name");
    return `${head}${quote}${marker("sensitive-name")}${quote}`;
  });
  text = text.replace(ENV_DEFAULT, (m, head: string, _q: string, name: string, quote: string, value: string) => {
    if (!SENSITIVE_NAME.test(name) || !isSecretValue(value, "")) return m;
    count("sensitive-name");
    return `${head}${quote}${marker("sensitive-name")}${quote}`;
  });
  text = text.replace(ASSIGNED_LITERAL, (m, name: string, op: string, quote: string, value: string) => {
    if (!SENSITIVE_NAME.test(name) || !isSecretValue(value, op)) return m;
    count("sensitive-name");
    return `${name}${op}${quote}${marker("sensitive-name")}${quote}`;
  });
  text = text.replace(KEYED_LITERAL, (m, q1: string, name: string, sep: string, q2: string, value: string) => {
    if (!SENSITIVE_NAME.test(name) || !isSecretValue(value, sep)) return m;
    count("sensitive-name");
    return `${q1}${name}${q1}${sep}${q2}${marker("sensitive-name")}${q2}`;
  });
  text = text.replace(TOKEN, (token) => {
    if (!looksRandom(token)) return token;
    count("high-entropy");
    return marker("high-entropy");
  });
  return { text, counts };
}

/**
 * A literal assigned to a sensitive name is redacted unless it is empty, already a marker, the name
 * of an environment variable (`os.environ["API_KEY"]`-style lookups), or an f-string with code.
 */
function isSecretValue(value: string, prefix: string): boolean {
  if (value.length === 0 || value.startsWith("<redacted:")) return false;
  if (/^[A-Z][A-Z0-9_]*$/.test(value)) return false;
  if (/[fF]/.test(prefix.replace(/[^A-Za-z]/g, "")) && value.includes("{")) return false;
  return true;
}
