/**
 * What a secret looks like: names that hold credentials, credential formats of cloud providers and
 * services, connection strings with passwords, placeholders that are not secrets, randomness
 * (entropy), and how to mention a secret without showing it. Shared by the `hardcoded-secret`
 * rule and by redaction before anything leaves the machine, so both agree on what a secret is.
 */
import { remembered } from "./memo.js";

// ---- names ----------------------------------------------------------------------------------

/**
 * How sure a name is to hold a credential. `strong`: any real-looking value is a secret
 * (`password`, `api_key`, `client_secret`); `weak`: only a random-looking value is (`token`, which
 * is also what lexers call their pieces; `auth`).
 */
export type SecretNameStrength = "strong" | "weak";

/** Words that make a name a credential on their own. */
const STRONG_WORDS = new Set([
  "password",
  "passwd",
  "passphrase",
  "passcode",
  "secret",
  "secrets",
  "credential",
  "credentials",
  "creds",
  "apikey",
  "secretkey",
  "privatekey",
  "clientsecret",
  "accesstoken",
  "authtoken",
  "apitoken",
  "refreshtoken",
  "bearertoken",
]);

/** Words that name a credential only as the last word of a name (`db_pass`, `smtp_pw`, `mysql_pwd`). */
const STRONG_HEADS = new Set(["pass", "pwd", "pw", "psw"]);

/** Qualifiers that turn `key` or `token` into a credential (`api_key`, `signing_key`, `access_token`). */
const KEY_QUALIFIERS = new Set(["api", "secret", "private", "signing", "encryption", "master", "auth", "hmac", "jwt", "client", "app", "account", "storage", "webhook", "license", "service"]);
const TOKEN_QUALIFIERS = new Set(["access", "auth", "api", "bearer", "refresh", "session", "oauth", "bot", "personal", "github", "gitlab", "slack", "id", "csrf", "xsrf", "app", "service", "webhook", "jwt"]);

/** Words that, last in a name, say it holds something *about* a secret rather than the secret. */
const NON_SECRET_HEADS = new Set([
  "name", "names", "field", "fields", "id", "ids", "arn", "type", "types", "kind", "url", "uri", "urls", "endpoint",
  "path", "paths", "file", "files", "filename", "dir", "directory", "header", "headers", "param", "params",
  "parameter", "parameters", "prefix", "suffix", "length", "len", "size", "min", "max", "count", "timeout", "ttl",
  "expiry", "expires", "expiration", "age", "lifetime", "interval", "hasher", "hashers", "hash", "hashed",
  "validator", "validators", "regex", "re", "pattern", "format", "fmt", "template", "label", "help", "text",
  "message", "msg", "error", "errors", "prompt", "placeholder", "policy", "rule", "rules", "required",
  "enabled", "enable", "disabled", "changed", "change", "reset", "setting", "settings", "env", "var", "variable",
  "attr", "attribute", "column", "col", "option", "options", "flag", "choice", "choices", "state", "status",
  "counter", "attempts", "retries", "strength", "complexity", "widget", "input", "form", "view", "mode",
  "method", "scheme", "location", "source", "provider", "backend", "backends", "storage", "cache", "manager",
  "generator", "factory", "checker", "handler", "serializer", "class", "cls", "algorithm", "algorithms", "alg",
  "algo", "version", "charset", "encoding", "mask", "sentinel", "visible", "hidden", "index", "idx", "position",
  "offset", "characters", "chars", "alphabet", "entropy", "bits", "module", "schema", "spec", "description",
  "desc", "title", "hint", "tooltip", "ref", "lookup", "callback", "hook", "func", "fn", "function", "command",
  "cmd", "query", "route", "tag", "tags", "separator", "sep", "delimiter", "char", "display", "output",
  "context", "ctx", "info", "meta", "metadata", "vault", "store", "key", "keys", "list", "set", "map", "dict",
  "doc", "docs", "example", "examples", "sample", "style", "icon", "color",
  "selector", "locator", "xpath", "element", "button", "link", "page", "screen", "step", "action", "event",
  "signal", "lock", "mutex", "queue", "topic", "channel", "parser", "lexer", "tokenizer", "stream",
  // what identifies or finds a credential, not the credential (`token_serial`, `PasswdIdResolver`, `token_identifier`,
  // a wallet's `token_address`)
  "serial", "serials", "resolver", "resolvers", "identifier", "identifiers", "address", "addresses", "addr",
  // where a credential is checked or whose it is (`auth_port`, `auth_server`, `token_host`, `auth_user`)
  "port", "ports", "host", "hosts", "hostname", "server", "realm", "user", "username", "email",
  // where a credential came from (`secret_from = "file"`), not the credential
  "from", "origin", "provenance",
]);

/** Words that, first in a name, say it holds where something is (`path_credentials`), not the thing. */
const LOCATION_FIRST = new Set(["path", "paths", "dir", "directory", "folder", "file", "filename", "url", "uri"]);

/** Splits an identifier into lower-case words, digits dropped: `dbPassword2` → db, password; `API_KEY` → api, key. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Words that, last in a mapping's name, say it holds something *about* each field it is keyed by. */
const FIELD_DESCRIPTION_HEADS = new Set([
  "class", "classes", "css", "style", "styles", "label", "labels", "widget", "widgets", "placeholder", "placeholders",
  "help", "texts", "message", "messages", "icon", "icons", "title", "titles", "verbose", "types", "kinds", "choices",
  // how often or how long each action may run (`ACCOUNT_RATE_LIMITS = {"change_password": "1/m/user"}`)
  "limit", "limits", "rates", "throttle", "throttles", "timeouts",
]);

/**
 * Whether a mapping keyed by field names holds a description of each field (`css_classes["password"] = "input"`,
 * `help_texts = {"password": "..."}`, `widgets`, `labels`, `error_messages`), not the fields' values: its entries
 * are no credentials, whatever their keys say.
 */
export function describesFields(mapping: string): boolean {
  const words = nameWords(mapping);
  return words.length > 0 && FIELD_DESCRIPTION_HEADS.has(words[words.length - 1]!);
}

/**
 * Whether a name (variable, attribute, keyword, dictionary key, setting) holds a credential, and
 * how surely. The last word decides what the name is (`password_field` is a field, `db_password`
 * a password).
 */
export const secretNameStrength: (name: string) => SecretNameStrength | undefined = remembered(nameStrength);

function nameStrength(name: string): SecretNameStrength | undefined {
  let words = nameWords(name);
  if (words.length === 0 || words.length > 8) return undefined;
  // a title written with spaces (`"Github Secrets Detection Report"`, `"Detect-secrets Scan"`, a scanner's or a
  // report's name) is a noun phrase: its last word says what it is (`"Client Secret"`; `"API Key"` with the
  // word before a key or a token)
  const tokens = name.trim().split(/\s+/);
  if (tokens.length > 1) {
    const last = nameWords(tokens[tokens.length - 1]!);
    const tail = last[last.length - 1];
    words = tail === "key" || tail === "token" || tail === "tokens" ? [...nameWords(tokens[tokens.length - 2]!), ...last] : last;
    if (words.length === 0) return undefined;
  }
  const head = words[words.length - 1]!;
  if (NON_SECRET_HEADS.has(head) && !(head === "key" && words.length > 1)) return undefined;
  // a location named first (`path_mounts_credentials`, `file_secrets`, `url_password_reset`): where the thing is
  if (words.length > 1 && LOCATION_FIRST.has(words[0]!)) return undefined;
  if (STRONG_HEADS.has(head)) return "strong";
  let strength: SecretNameStrength | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const prev = i > 0 ? words[i - 1]! : "";
    // a word that says what the name holds *about* the credential right after it (`SAFE_TOKEN_ID_GNOSIS`,
    // `secret_name_prod`) makes the rest qualifiers of that: the credential word does not count here
    const next = words[i + 1];
    if (next !== undefined && next !== "key" && next !== "keys" && NON_SECRET_HEADS.has(next)) continue;
    if (STRONG_WORDS.has(w)) return "strong";
    if (w === "key" && KEY_QUALIFIERS.has(prev)) return "strong";
    if (w === "token" || w === "tokens") strength = TOKEN_QUALIFIERS.has(prev) ? "strong" : (strength ?? "weak");
    if (w === "auth" || w === "bearer" || w === "sessionid" || w === "sid" || w === "salt") strength ??= "weak";
  }
  // `key` alone is a dictionary key, not a credential; `secret_key` and `api_key` were handled above
  return strength;
}

/** True when a name holds a credential (strongly or weakly). */
export function isSecretName(name: string): boolean {
  return secretNameStrength(name) !== undefined;
}

/**
 * Setting names whose value signs or encrypts what the application trusts (sessions, cookies,
 * tokens): a value known to anyone who can read the code lets them forge those.
 */
export const isSigningKeyName: (name: string) => boolean = remembered(signingKeyName);

/** The signing-key names, as `nameWords` joined with `_`. */
export const SIGNING_KEY_NAMES: ReadonlySet<string> = new Set([
  "secret_key",
  "jwt_secret",
  "jwt_secret_key",
  "signing_key",
  "session_secret",
  "cookie_secret",
  "flask_secret_key",
  "django_secret_key",
  "app_secret",
  "app_secret_key",
  "security_password_salt",
  "wtf_csrf_secret_key",
]);

/**
 * The last words of those names (`key`, `secret`, `salt`), derived from the list: each is a run of
 * letters of the name itself, so a name that contains none of them (in any case) cannot be one, and
 * is answered without splitting it into words — most names a scan meets.
 */
const SIGNING_KEY_LAST_WORDS = new RegExp([...new Set([...SIGNING_KEY_NAMES].map((n) => n.slice(n.lastIndexOf("_") + 1)))].join("|"), "i");

function signingKeyName(name: string): boolean {
  if (!SIGNING_KEY_LAST_WORDS.test(name)) return false;
  return SIGNING_KEY_NAMES.has(nameWords(name).join("_"));
}

// ---- values ---------------------------------------------------------------------------------

/** Values people write where a secret will go later: never themselves a secret. */
const PLACEHOLDER_EXACT = new Set([
  "changeme", "changeit", "replaceme", "secret", "secrets", "password", "passwd", "pass", "pwd", "test", "tests",
  "testing", "dev", "develop", "development", "debug", "local", "example", "sample", "dummy", "fake", "mock",
  "foo", "bar", "baz", "foobar", "qux", "none", "null", "nil", "undefined", "default", "placeholder", "insecure",
  "unsafe", "notasecret", "notsecret", "redacted", "censored", "masked", "obfuscated", "withheld", "hidden", "empty", "blank", "todo", "fixme", "tbd", "token",
  "key", "apikey", "secretkey", "yourpassword", "yoursecret", "yourkey", "yourtoken", "mysecret", "mypassword",
  "supersecret", "secretkey", "xxx", "value", "string", "str", "text", "required", "optional", "unset", "na",
  "true", "false", "yes", "no", "on", "off", "enabled", "disabled", "include", "omit", "user", "username",
]);

/** Fragments that mark a value as a stand-in wherever they appear. */
const PLACEHOLDER_PARTS = /change[\s_.-]?(?:me|it|this)|replace[\s_.-]?(?:me|this|with)|your[\s_.-]|insecure|example|placeholder|dummy|not[\s_.-]?(?:a[\s_.-]?)?(?:real[\s_.-]?)?secret|fixme|todo|x{4,}|\*{3,}|\.{3}|•|<[^>]*>|\{\{.*\}\}|\$\{[^}]*\}|^\$[A-Za-z_][A-Za-z0-9_]*$|%\([^)]*\)[sd]|^%s$|\{[A-Za-z_0-9]*\}/i;

/** True for values that stand in for a secret rather than being one (`"changeme"`, `"<your-key>"`, `"${DB_PASSWORD}"`). */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  const letters = v.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (PLACEHOLDER_EXACT.has(letters)) return true;
  // made only of placeholder words: `pass%20pass`, `secret-secret`, `test_password`
  const parts = safeDecode(v).toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (parts.length > 1 && parts.every((p) => PLACEHOLDER_EXACT.has(p))) return true;
  if (/^(.)\1*$/.test(v)) return true;
  return PLACEHOLDER_PARTS.test(v);
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** Passwords every guessing tool tries first: hard-coded, they are a default credential, not a placeholder. */
const GUESSABLE = new Set(["admin", "root", "123456", "1234", "12345", "12345678", "123456789", "qwerty", "letmein", "password1", "admin123", "root123", "toor", "guest", "postgres", "mysql", "welcome", "abc123", "pass123", "passw0rd", "p@ssw0rd", "p4ssw0rd", "s3cr3t"]);

/** True for a well-known, guessable password. */
export function isGuessablePassword(value: string): boolean {
  return GUESSABLE.has(value.trim().toLowerCase());
}

/** A path segment of words: lower-case or capitalised words of three letters or more, joined by `_`, `.`, `-` or case. */
const PATH_WORDS = "[A-Za-z]?[a-z]{2,}(?:[A-Z][a-z]{2,})*(?:[_.-][A-Za-z]?[a-z]{2,}(?:[A-Z][a-z]{2,})*)*";

/**
 * Whether a literal assigned to a secret name is plausibly the secret itself rather than a file
 * name, a URL, a template, an environment-variable name, a dotted import path or prose.
 * `strength` is how sure the name is (see `secretNameStrength`): weak names need a random-looking value.
 */
export function looksLikeSecretValue(value: string, strength: SecretNameStrength): boolean {
  const v = value.trim();
  if (v.length < 4 || v.length > 4096) return false;
  if (/\s/.test(v)) return false;
  // a list of declarations or calls (`name text, location char(1) references location(location)` with its spaces
  // squeezed out): code or a schema's text, not a credential
  if (v.length > 32 && /,/.test(v) && /[A-Za-z_][A-Za-z0-9_]*\([^()]*\)/.test(v)) return false;
  if (isPlaceholder(v)) return false;
  // an environment variable or setting name: `os.environ[DB_PASSWORD_VAR]`-style constants
  if (/^[A-Z][A-Z0-9_]*$/.test(v) && /[_A-Z]{4,}/.test(v) && !/[0-9]/.test(v.slice(0, 3))) return false;
  // a URL, a path or a file name
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return findCredentials(v).length > 0;
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/.test(v)) return false;
  if (/\.(?:pem|key|crt|cer|der|p12|pfx|jks|json|ya?ml|txt|env|ini|cfg|conf|toml|gpg|asc|pub)$/i.test(v)) return false;
  // a Windows registry key or relative path made of words (`SYSTEM\CurrentControlSet\services\`)
  if (/^[A-Za-z_][A-Za-z0-9_ .-]*(?:\\[A-Za-z_][A-Za-z0-9_ .-]*)+\\?$/.test(v)) return false;
  // a record key or relative path of words, without digits (`"account/ImportBot"`, `"people/admin"`); a random
  // value with slashes (base64) has digits, runs of capitals or short humps (`PbLmRs`) in its segments
  if (new RegExp(`^${PATH_WORDS}(?:/${PATH_WORDS})+/?$`).test(v)) return false;
  // a dotted import path or attribute (`django.contrib.auth.hashers.Argon2PasswordHasher`)
  if (/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(v) && !/[0-9]{3}/.test(v)) return false;
  // a name made of words, one of which names the secret (`"access_token"`, `"apiKey"`, `"x-api-key"`,
  // a session or cache key such as `"_password_reset_token"`)
  if (/^_*[A-Za-z][A-Za-z_-]*$/.test(v) && isSecretName(v)) return false;
  // a lower-case snake_case name of words, one of which names a credential (`"api_key_required"`, a policy's action,
  // MySQL's `"caching_sha2_password"` plugin: a word may end in one digit, as `sha2`, `oauth2`, `utf8` do)
  if (/^[a-z]+[0-9]?(?:_[a-z]+[0-9]?)+$/.test(v) && v.split("_").some((w) => w === "key" || w === "token" || isSecretName(w))) return false;
  // a name made of words joined by `:` (`"account:api_token:added"`, an event or cache namespace: three or more
  // words, or one naming a secret), or an entry point `module.path:Object` (`"app.tests.factories:APIToken"`)
  if (/^[A-Za-z_][A-Za-z_.-]*(?::[A-Za-z_][A-Za-z_.-]*)+$/.test(v)) {
    const segments = v.split(":");
    if (segments.length >= 3 || segments.some((x) => isSecretName(x)) || /^[A-Za-z_]+(?:\.[A-Za-z_]+)+:[A-Za-z_][A-Za-z_.]*$/.test(v)) return false;
  }
  // a one-word sentence (`"Updated."`, `"Saved."`): a status message stored under a credential's name
  if (/^[A-Z]?[a-z]+\.$/.test(v)) return false;
  // an HTTP header-style or kebab-case name without digits (`X-Auth-Token`)
  if (/^[A-Za-z]+(?:-[A-Za-z]+)+$/.test(v)) return false;
  if (strength === "weak") return looksRandom(v) || (v.length >= 16 && shannonEntropy(v) >= 3.5 && /[0-9]/.test(v) && /[A-Za-z]/.test(v));
  return true;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  const freq = new Map<string, number>();
  for (const ch of s) freq.set(ch, (freq.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of freq.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Long hex strings, and alphanumeric runs that are both high in entropy and switch between upper
 * case, lower case and digits far more often than words do. camelCase and snake_case identifiers
 * (`processPaymentV2WithRetry`, `test_login_with_2fa`) switch rarely, random keys almost at every
 * character.
 */
export function looksRandom(token: string): boolean {
  if (/^[0-9a-fA-F]{32,}$/.test(token)) return true;
  if (!/[0-9]/.test(token) || !/[a-z]/.test(token) || !/[A-Z]/.test(token)) return false;
  const threshold = Math.min(4.0, 0.86 * Math.log2(token.length));
  if (shannonEntropy(token) < threshold) return false;
  // identifiers cannot contain + / =, so base64 text needs less evidence
  return classSwitchRate(token) >= (/[+/=]/.test(token) ? 0.4 : 0.45);
}

/** Share of adjacent character pairs that change between upper case, lower case, digit and other. */
export function classSwitchRate(s: string): number {
  const cls = (c: string) => (c >= "a" && c <= "z" ? 0 : c >= "A" && c <= "Z" ? 1 : c >= "0" && c <= "9" ? 2 : 3);
  let switches = 0;
  for (let i = 1; i < s.length; i++) if (cls(s[i]!) !== cls(s[i - 1]!)) switches++;
  return s.length > 1 ? switches / (s.length - 1) : 0;
}

/**
 * How strong the evidence is that a value is a real secret: `high` for random-looking values (a
 * generated key), `low` for human-chosen ones (`hunter2`), which may still be real passwords.
 */
export function secretValueConfidence(value: string): "high" | "low" {
  const v = value.trim();
  if (looksRandom(v)) return "high";
  if (v.length >= 20 && shannonEntropy(v) >= 3.5) return "high";
  return "low";
}

// ---- credential formats ---------------------------------------------------------------------

/** A credential recognisable by its format, wherever it appears in a string. */
export interface CredentialPattern {
  /** Stable kind id (`aws-access-key-id`, `github-token`, …). */
  kind: string;
  /** What it is, for messages (`AWS access key ID`). */
  title: string;
  /** Global regex; the `secret` named group (or the whole match) is the part to hide. */
  pattern: RegExp;
  /** `live` credentials grant access; `test` ones reach only test or sandbox data. */
  impact: "live" | "test";
  /** Characters at the start of the secret that are its public format prefix, safe to show (`AKIA`, `ghp_`). */
  publicPrefix: number;
}

const CONNECTION_KEYS = String.raw`(?:password|passwd|pwd|pass)`;

export const CREDENTIAL_PATTERNS: readonly CredentialPattern[] = [
  {
    kind: "private-key",
    title: "private key",
    pattern: /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?<secret>(?:\\[nr]|[\s\S])*?)(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    impact: "live",
    publicPrefix: 0,
  },
  { kind: "aws-access-key-id", title: "AWS access key ID", pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g, impact: "live", publicPrefix: 4 },
  {
    kind: "aws-secret-access-key",
    title: "AWS secret access key",
    pattern: /\baws_?secret_?access_?key\b["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    impact: "live",
    publicPrefix: 0,
  },
  { kind: "gcp-api-key", title: "Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, impact: "live", publicPrefix: 4 },
  { kind: "gcp-oauth-client-secret", title: "Google OAuth client secret", pattern: /\bGOCSPX-[0-9A-Za-z_-]{28}(?![0-9A-Za-z_-])/g, impact: "live", publicPrefix: 7 },
  {
    kind: "azure-storage-key",
    title: "Azure storage account key",
    pattern: /\bAccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/g,
    impact: "live",
    publicPrefix: 0,
  },
  {
    kind: "azure-sas-signature",
    title: "Azure shared access signature",
    pattern: /\bSharedAccessKey=(?<secret>[A-Za-z0-9+/]{42,44}=?)/g,
    impact: "live",
    publicPrefix: 0,
  },
  { kind: "azure-client-secret", title: "Azure AD client secret", pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g, impact: "live", publicPrefix: 0 },
  { kind: "stripe-secret-key", title: "Stripe live secret key", pattern: /\b[rs]k_live_[0-9A-Za-z]{20,}\b/g, impact: "live", publicPrefix: 8 },
  { kind: "stripe-test-key", title: "Stripe test-mode secret key", pattern: /\b[rs]k_test_[0-9A-Za-z]{20,}\b/g, impact: "test", publicPrefix: 8 },
  { kind: "github-token", title: "GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g, impact: "live", publicPrefix: 4 },
  { kind: "github-token", title: "GitHub fine-grained token", pattern: /\bgithub_pat_[A-Za-z0-9_]{60,}\b/g, impact: "live", publicPrefix: 11 },
  { kind: "gitlab-token", title: "GitLab personal access token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/g, impact: "live", publicPrefix: 6 },
  { kind: "slack-token", title: "Slack token", pattern: /\bxox[abposr]-[0-9A-Za-z-]{10,}\b/g, impact: "live", publicPrefix: 5 },
  { kind: "slack-app-token", title: "Slack app token", pattern: /\bxapp-[0-9]-[0-9A-Za-z-]{10,}\b/g, impact: "live", publicPrefix: 5 },
  {
    kind: "slack-webhook",
    title: "Slack webhook URL",
    pattern: /https:\/\/hooks\.slack\.com\/services\/(?<secret>T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]{16,})/g,
    impact: "live",
    publicPrefix: 0,
  },
  { kind: "anthropic-api-key", title: "Anthropic API key", pattern: /\bsk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{20,}/g, impact: "live", publicPrefix: 7 },
  { kind: "openai-api-key", title: "OpenAI API key", pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}/g, impact: "live", publicPrefix: 3 },
  { kind: "sendgrid-api-key", title: "SendGrid API key", pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g, impact: "live", publicPrefix: 3 },
  { kind: "twilio-api-key", title: "Twilio API key", pattern: /\bSK[0-9a-f]{32}\b/g, impact: "live", publicPrefix: 2 },
  { kind: "npm-token", title: "npm access token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, impact: "live", publicPrefix: 4 },
  { kind: "pypi-token", title: "PyPI upload token", pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g, impact: "live", publicPrefix: 5 },
  { kind: "telegram-bot-token", title: "Telegram bot token", pattern: /\b[0-9]{8,10}:AA[0-9A-Za-z_-]{33}\b/g, impact: "live", publicPrefix: 0 },
  {
    kind: "url-password",
    title: "password in a URL",
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"'<>]*:(?<secret>[^\s@"'/<>]+)@(?<host>[^\s/:?#"'<>]+)/gi,
    impact: "live",
    publicPrefix: 0,
  },
  {
    kind: "connection-string-password",
    title: "password in a connection string",
    pattern: new RegExp(String.raw`(?:^|[;\s?&])${CONNECTION_KEYS}\s*=\s*(?<secret>'[^']*'|\{[^}]*\}|[^;\s'"&]+)`, "gi"),
    impact: "live",
    publicPrefix: 0,
  },
];

/** Where a credential sits in a string. */
export interface CredentialMatch {
  kind: string;
  title: string;
  impact: "live" | "test";
  /** The whole match, in string offsets. */
  start: number;
  end: number;
  /** The secret part to hide (inside the match). */
  secretStart: number;
  secretEnd: number;
  /** Public format prefix length of the secret part. */
  publicPrefix: number;
  /** A guessable or local-only credential (`postgres:postgres@localhost`): lower confidence. */
  weak: boolean;
}

/** Quick test before the full pattern list: most strings have none of these. */
const CANDIDATE = /PRIVATE KEY|AKIA|ASIA|ABIA|ACCA|secret|AIza|GOCSPX|AccountKey|SharedAccessKey|Q~|_live_|_test_|gh[pousr]_|github_pat_|glpat-|xox|xapp-|hooks\.slack|sk-|SG\.|SK[0-9a-f]|npm_|pypi-|:AA|:\/\/[^\s/]*:[^\s/]*@|pass|pwd/i;

/** Another key of a libpq, ODBC or ADO.NET connection string: `password=` then belongs to one. */
const CONNECTION_STRING = /(?:^|[;\s])(?:host|hostaddr|server|dbname|database|user|uid|user id|username|driver|dsn|data source|port|initial catalog|sslmode)\s*=/i;

const LOCAL_HOSTS = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|::1|\[::1\]|db|database|postgres|postgresql|mysql|mariadb|redis|mongo|mongodb|rabbitmq|host\.docker\.internal|example\.(?:com|org|net)|.*\.example\.(?:com|org|net)|.*\.local|.*\.test)$/i;

/** Every credential in a string, in order; placeholders (`user:password@`, `Pwd={password}`) are left out. */
export function findCredentials(text: string): CredentialMatch[] {
  if (text.length < 8 || !CANDIDATE.test(text)) return [];
  const out: CredentialMatch[] = [];
  for (const p of CREDENTIAL_PATTERNS) {
    p.pattern.lastIndex = 0;
    for (let m = p.pattern.exec(text); m; m = p.pattern.exec(text)) {
      if (m[0].length === 0) {
        p.pattern.lastIndex++;
        continue;
      }
      const secret = m.groups?.secret ?? m[0];
      const secretStart = m.groups?.secret !== undefined ? m.index + m[0].lastIndexOf(secret) : m.index;
      if (p.kind === "private-key") {
        // a header without a key body is documentation, not a key
        if (secret.replace(/\\[nr]|\s/g, "").length < 40) continue;
      } else if (isPlaceholder(secret) || /EXAMPLE/.test(secret)) continue;
      let weak = false;
      if (p.kind === "url-password" || p.kind === "connection-string-password") {
        const bare = secret.replace(/^['{]|['}]$/g, "");
        // templates and SQL or driver parameter markers (`password = ?`, `Pwd=%s`, `password=:pw`, `$1`)
        if (bare.length === 0 || isPlaceholder(bare) || /^[%{$?:@]/.test(bare) || (p.kind === "url-password" && /^[A-Z_][A-Z0-9_]*$/.test(bare) && bare.length > 3)) continue;
        // one or two characters (`http://us:pa@ex.co/`, `ftp://u:p@host`): a URL parser's test case or a stand-in, no password
        if (p.kind === "url-password" && [...bare].length < 3) continue;
        if (p.kind === "connection-string-password" && !CONNECTION_STRING.test(text) && !/[?&]/.test(text[m.index] ?? "")) continue;
        const host = m.groups?.host ?? "";
        weak = isGuessablePassword(bare) || LOCAL_HOSTS.test(host) || (p.kind === "connection-string-password" && /\b(?:server|host|data source)\s*=\s*(?:localhost|127\.0\.0\.1|\(local\)|\.)\b/i.test(text));
      }
      out.push({
        kind: p.kind,
        title: p.title,
        impact: p.impact,
        start: m.index,
        end: m.index + m[0].length,
        secretStart,
        secretEnd: secretStart + secret.length,
        publicPrefix: p.publicPrefix,
        weak,
      });
    }
  }
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  // one match per place: the first (longest) pattern that claimed a region wins
  return out.filter((m, i) => !out.slice(0, i).some((o) => o.start <= m.start && m.end <= o.end && o !== m));
}

// ---- showing a secret without showing it ----------------------------------------------------

/**
 * A mention of a secret that does not disclose it: the public format prefix if it has one
 * (`AKIA…`, `ghp_…`), else at most a quarter of its characters and never more than four, then its
 * length: `hu… (7 characters)`.
 */
export function maskSecret(value: string, publicPrefix = 0): string {
  const shown = publicPrefix > 0 ? value.slice(0, publicPrefix) : value.slice(0, Math.min(4, Math.floor(value.length / 4)));
  return `${shown}… (${value.length} characters)`;
}

/** Replaces `[start, end)` of `text` with `•` except for the first `keep` characters (same length, so columns stay exact). */
export function maskRange(text: string, start: number, end: number, keep = 0): string {
  const s = Math.max(0, start);
  const e = Math.min(text.length, Math.max(s, end));
  const kept = Math.min(keep, e - s);
  return text.slice(0, s + kept) + "•".repeat(e - s - kept) + text.slice(e);
}

// ---- values that must be unpredictable --------------------------------------------------------

/**
 * Words that name a value an attacker must not be able to guess, beyond credentials. `session` is not one:
 * a session's id, key or token is (below), its counters and times (`session_rx`, `session_count`) are not.
 */
const UNGUESSABLE_WORDS = new Set(["nonce", "otp", "totp", "hotp", "salt", "csrf", "xsrf", "passcode", "captcha", "challenge", "verifier", "remember", "sessid", "sessionid", "sid", "jti"]);

/** Qualifiers that make a `code` or `pin` a credential (`reset_code`, `verification_code`, `login_pin`). */
const CODE_QUALIFIERS = new Set([
  "reset", "verification", "verify", "activation", "activate", "confirm", "confirmation", "auth", "authorization",
  "login", "recovery", "otp", "sms", "email", "invite", "invitation", "access", "magic", "security", "mfa", "twofa",
  "tfa", "one", "pass", "secret", "unlock", "pairing", "device", "backup", "signup", "registration", "validation",
]);

/**
 * True when a name says its value must be unpredictable: a credential (see `secretNameStrength`),
 * a session id, a nonce, an OTP, a salt, a CSRF token, a remember-me token, a reset or verification
 * code, a PIN. The last word still decides (`otp_length`, `session_timeout` are not secrets, nor is a
 * `session` or `workout_session` object; `session_id`, `sessionid`, `session_token` are).
 */
export function isUnguessableName(name: string): boolean {
  if (secretNameStrength(name)) return true;
  const words = nameWords(name);
  if (words.length === 0) return false;
  const head = words[words.length - 1]!;
  const sessionId = (head === "id" || head === "key") && words.slice(0, -1).some((w) => w === "session" || w === "sess");
  if (sessionId) return true;
  if (NON_SECRET_HEADS.has(head) || head === "digits" || head === "timeout" || head === "engine") return false;
  // a session itself is an object (a login session, a database session, a workout session): its id, key or token is the secret
  if (head === "session" || head === "sessions") return false;
  if (words.some((w) => UNGUESSABLE_WORDS.has(w))) return true;
  if (head === "code" || head === "pin" || head === "codes") return words.slice(0, -1).some((w) => CODE_QUALIFIERS.has(w)) || (head === "pin" && words.length === 1);
  return false;
}
