/**
 * Redacts literals that look like credentials before any code leaves the machine. Every
 * replacement keeps the number of line breaks, so line numbers shown to the reviewer stay exact.
 */
import { findCredentials, isSecretName, looksRandom } from "../../rules/lib/secrets.js";

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
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"'<>]*:)([^\s@"'/<>]+)(@)/gi;

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
/** `getenv("SECRET_KEY", "fallback")`, `environ.get(...)`, `environ.setdefault(...)`: the fallback is a literal secret. */
const ENV_DEFAULT = new RegExp(
  String.raw`((?:getenv|environ\.get|\.get|\.setdefault)\(\s*(["'])([A-Za-z0-9_.-]+)\2\s*,\s*[rRbBuU]{0,2})(["'])((?:\\.|(?!\4)[^\\\n])*)\4`,
  "g",
);

/** `NAME = """…"""` (either triple quote, with a string prefix): the whole body, across lines. */
const TRIPLE_ASSIGNED = new RegExp(
  String.raw`\b([A-Za-z_][A-Za-z0-9_]*)(\s*(?::\s*[A-Za-z_][\w\[\]., |]{0,40})?\s*=\s*[rRbBuUfF]{0,2})("""|''')([\s\S]*?)\3`,
  "g",
);

/** `NAME = [` or `NAME = (`: the literals up to the matching bracket (lists and tuples of passwords). */
const ASSIGNED_SEQUENCE = /\b([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z_][\w[\]., |]{0,40})?\s*=\s*([[(])/g;

/** A string literal followed by `.format(`: when the template is about a credential, so are its string arguments. */
const FORMAT_CALL = new RegExp(String.raw`(["'])((?:\\.|(?!\1)[^\\\n])*)\1\s*\.format\(`, "g");
const CREDENTIAL_TEMPLATE = /passw|pwd|\bpw\b|\bpass\b|secret|token|api[_-]?key|:\{[^}]*\}@/i;

/** A single-line string literal (for `-p` options inside command strings). */
const ANY_STRING = new RegExp(String.raw`(["'])((?:\\.|(?!\1)[^\\\n])*)\1`, "g");
/** mysql's `-pSECRET`, `--password=SECRET` / `--password SECRET`, `sshpass -p SECRET` inside a command. */
const CLI_PASSWORD = /(^|\s)(-p(?=[^\s\d-])|--passw(?:or)?d(?:=|\s+)|sshpass\s+-p\s*)([^\s"']{3,})/g;

/** `"--password", "SECRET"` as two items of an argument list. */
const FLAG_THEN_VALUE = new RegExp(String.raw`(["'])(--passw(?:or)?d|--pass)\1(\s*,\s*[rRbBuU]{0,2})(["'])((?:\\.|(?!\4)[^\\\n])*)\4`, "g");

/** A comment: `#` at the start of a line or after a space. */
const COMMENT = /(^|[ \t])#([^\n]*)/gm;
/** A credential stated in a comment: `# admin password: hunter2`, `# the token is abc123`. */
const COMMENT_SECRET = /\b(password|passwd|passphrase|pwd|pw|pass|secret|token|api[ _-]?key|credentials?|creds)\b(\s*(?:is|was|=|:|->|=>)\s*)(["'`]?)([^\s"'`]{3,})/gi;

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
  text = text.replace(URL_PASSWORD, (m, head: string, pw: string, at: string) => {
    // a template's placeholder (`:{}@`, `:%s@`, `:${PW}@`) is not a password; the `.format` pass sees its arguments
    if (/^(?:\{[^}]*\}|%\(?\w*\)?s|\$\{?\w+\}?)$/.test(pw)) return m;
    count("url-password");
    return head + marker("url-password") + at;
  });
  text = text.replace(TRIPLE_ASSIGNED, (m, name: string, op: string, quote: string, value: string) => {
    if (!sensitive(name) || value.trim() === "" || value.startsWith("<redacted:")) return m;
    count("sensitive-name");
    return `${name}${op}${quote}${marker("sensitive-name")}${"\n".repeat(value.split("\n").length - 1)}${quote}`;
  });
  text = redactSequences(text, count);
  text = redactFormatArguments(text, count);
  // libpq `password=…`, ODBC `Pwd=…;`: the connection-string knowledge of the hard-coded-secret rule
  text = text
    .split("\n")
    .map((line) => {
      const found = findCredentials(line).filter((c) => c.kind === "connection-string-password");
      for (const c of found.reverse()) {
        const secret = line.slice(c.secretStart, c.secretEnd);
        if (secret.includes("<redacted:")) continue;
        count("connection-string-password");
        const quoted = /^['{]/.test(secret) && secret.length > 1;
        const body = quoted ? `${secret[0]}${marker("connection-string-password")}${secret[secret.length - 1]}` : marker("connection-string-password");
        line = line.slice(0, c.secretStart) + body + line.slice(c.secretEnd);
      }
      return line;
    })
    .join("\n");
  text = text.replace(ANY_STRING, (literal: string, quote: string, body: string) => {
    const replaced = body.replace(CLI_PASSWORD, (m, lead: string, flag: string, value: string) => {
      if (value.startsWith("<redacted:") || /^[{$%]/.test(value)) return m;
      count("cli-password");
      return `${lead}${flag}${marker("cli-password")}`;
    });
    return replaced === body ? literal : `${quote}${replaced}${quote}`;
  });
  text = text.replace(FLAG_THEN_VALUE, (m, q1: string, flag: string, sep: string, q2: string, value: string) => {
    if (value === "" || value.startsWith("<redacted:")) return m;
    count("cli-password");
    return `${q1}${flag}${q1}${sep}${q2}${marker("cli-password")}${q2}`;
  });
  text = text.replace(COMMENT, (m, lead: string, comment: string) => {
    const replaced = comment.replace(COMMENT_SECRET, (c, word: string, sep: string, quote: string, value: string) => {
      if (value.startsWith("<redacted:") || isPlaceholderWord(value)) return c;
      count("comment-secret");
      return `${word}${sep}${quote}${marker("comment-secret")}`;
    });
    return replaced === comment ? m : `${lead}#${replaced}`;
  });
  text = text.replace(SUBSCRIPT_LITERAL, (m, head: string, _q: string, name: string, quote: string, value: string) => {
    if (!sensitive(name) || !isSecretValue(value)) return m;
    count("sensitive-name");
    return `${head}${quote}${marker("sensitive-name")}${quote}`;
  });
  text = text.replace(ENV_DEFAULT, (m, head: string, _q: string, name: string, quote: string, value: string) => {
    if (!sensitive(name) || !isSecretValue(value)) return m;
    count("sensitive-name");
    return `${head}${quote}${marker("sensitive-name")}${quote}`;
  });
  text = text.replace(ASSIGNED_LITERAL, (m, name: string, op: string, quote: string, value: string) => {
    const redacted = redactValue(name, op, value);
    if (redacted === undefined) return m;
    count("sensitive-name");
    return `${name}${op}${quote}${redacted}${quote}`;
  });
  text = text.replace(KEYED_LITERAL, (m, q1: string, name: string, sep: string, q2: string, value: string) => {
    const redacted = redactValue(name, sep, value);
    if (redacted === undefined) return m;
    count("sensitive-name");
    return `${q1}${name}${q1}${sep}${q2}${redacted}${q2}`;
  });
  text = text.replace(TOKEN, (token) => {
    if (!looksRandom(token)) return token;
    count("high-entropy");
    return marker("high-entropy");
  });
  return { text, counts };
}

/** A name that holds a credential: the hard-coded-secret rule's knowledge, or any name mentioning one. */
function sensitive(name: string): boolean {
  return isSecretName(name) || SENSITIVE_NAME.test(name);
}

/**
 * The redacted body of a literal assigned to `name`, or undefined to keep it. An f-string keeps its
 * `{expressions}` (code the reviewer needs) and loses the literal text between them when the name
 * surely holds a credential (`password = f"{prefix}Sup3r!"`); a plain literal follows isSecretValue.
 */
function redactValue(name: string, prefix: string, value: string): string | undefined {
  if (!sensitive(name)) return undefined;
  const isF = /[fF]/.test(prefix.replace(/[^A-Za-z]/g, ""));
  if (isF && value.includes("{")) {
    if (!isSecretName(name)) return undefined;
    let changed = false;
    const out = value.replace(/((?:\{\{|\}\}|[^{}])+)|(\{[^{}]*\})/g, (piece: string, literal: string | undefined) => {
      if (literal === undefined || literal.replace(/\s|\{\{|\}\}/g, "").length < 3) return piece;
      changed = true;
      return marker("sensitive-name");
    });
    return changed ? out : undefined;
  }
  return isSecretValue(value) ? marker("sensitive-name") : undefined;
}

/**
 * A literal assigned to a sensitive name is redacted unless it is empty, already a marker, or the
 * name of an environment variable (`os.environ["API_KEY"]`-style lookups).
 */
function isSecretValue(value: string): boolean {
  if (value.length === 0 || value.startsWith("<redacted:")) return false;
  return !/^[A-Z][A-Z0-9_]*$/.test(value);
}

/** Words in comments that stand for a value rather than being one (`password: see the vault`). */
function isPlaceholderWord(value: string): boolean {
  return (
    /^(?:the|a|an|not|none|null|empty|required|optional|set|stored|read|from|in|see|via|kept|given|here|below|above|env|environment|xxx+|\*+|\.\.\.)$/i.test(value) ||
    /^[$<{]|^%\(/.test(value)
  );
}

/** The index just past the string literal starting at `start` (single- or triple-quoted); -1 when unclosed. */
function stringEnd(text: string, start: number): number {
  const q = text[start]!;
  const close = text.startsWith(q.repeat(3), start) ? q.repeat(3) : q;
  for (let i = start + close.length; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text.startsWith(close, i)) return i + close.length;
    else if (close.length === 1 && text[i] === "\n") return -1;
  }
  return -1;
}

/** The index just past the bracket that closes the one at `open`, skipping strings and comments; -1 when unclosed. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"' || ch === "'") {
      const end = stringEnd(text, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") {
      if (--depth === 0) return i + 1;
    } else if (ch === "#") {
      const nl = text.indexOf("\n", i);
      if (nl < 0) return -1;
      i = nl;
    }
  }
  return -1;
}

/** Replaces each non-empty string literal between `from` and `to` with a marker, keeping line breaks. */
function redactLiteralsIn(text: string, from: number, to: number, kind: string, count: (kind: string) => void): string {
  let out = "";
  let i = from;
  while (i < to) {
    const ch = text[i]!;
    if (ch !== '"' && ch !== "'") {
      out += ch;
      i++;
      continue;
    }
    const end = stringEnd(text, i);
    if (end < 0 || end > to) break;
    const q = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
    const body = text.slice(i + q.length, end - q.length);
    if (body.trim() === "" || body.startsWith("<redacted:") || /^[A-Z][A-Z0-9_]*$/.test(body)) out += text.slice(i, end);
    else {
      count(kind);
      out += q + marker(kind) + "\n".repeat(body.split("\n").length - 1) + q;
    }
    i = end;
  }
  return text.slice(0, from) + out + text.slice(i);
}

/** Redacts the literals inside the brackets opened at the end of each match of `pattern` that `wanted` accepts. */
function redactBracketed(text: string, pattern: RegExp, wanted: (m: RegExpExecArray) => boolean, kind: string, count: (kind: string) => void): string {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(pattern)) {
    if (!wanted(m)) continue;
    const open = m.index + m[0].length - 1;
    const close = closingBracket(text, open);
    if (close > 0) spans.push([open, close]);
  }
  for (const [from, to] of spans.reverse()) text = redactLiteralsIn(text, from, to, kind, count);
  return text;
}

/** `PASSWORDS = ["a", "b"]`, `creds = ("admin", "s3cret")`: every literal of a sequence under a credential name. */
function redactSequences(text: string, count: (kind: string) => void): string {
  return redactBracketed(text, ASSIGNED_SEQUENCE, (m) => sensitive(m[1]!), "sensitive-name", count);
}

/** `"…password={}".format("hunter2")`, `"{}:{}@db".format(user, "s3cret")`: the string arguments of a credential template. */
function redactFormatArguments(text: string, count: (kind: string) => void): string {
  return redactBracketed(text, FORMAT_CALL, (m) => CREDENTIAL_TEMPLATE.test(m[2]!), "format-argument", count);
}
