/**
 * hardcoded-secret: credentials written into the code — framework signing keys (Django/Flask
 * `SECRET_KEY`, `app.secret_key`, JWT and itsdangerous keys), passwords and tokens assigned to
 * credential names, passed as such keywords or function defaults, compared against, or stored in
 * config dictionaries; provider keys recognised by their format (AWS, GCP, Azure, Stripe, GitHub,
 * GitLab, Slack, OpenAI, Anthropic, SendGrid, …), private keys, and passwords inside database URLs
 * and connection strings; and secrets given as the fallback of an environment lookup.
 *
 * Decisions:
 * - The secret itself never appears in any output: messages show at most a masked prefix (the
 *   public format prefix of a provider key, else at most a quarter of the value and never more
 *   than four characters) and the finding's snippet is masked.
 * - Provider keys and private keys are reported everywhere, tests and examples included; values
 *   found by their name only are not reported in files evidently for development or tests, in
 *   development config classes or under `if DEBUG:`.
 * - Placeholders (`"changeme"`, `"<your-key>"`, `"${DB_PASSWORD}"`, `"%(password)s"`), empty
 *   values, environment-variable names, file paths, URLs without a password and format templates
 *   are not secrets. A placeholder as a framework signing key is still reported, as a warning: if
 *   that module is deployed, sessions can be forged.
 * - `os.environ.get("SECRET_KEY") or "dev-key"` is a fallback like `os.environ.get("SECRET_KEY",
 *   "dev-key")`: the literal is the key whenever the variable is missing or empty.
 * - A value that is itself a name made of words, one of which names a secret
 *   (`"_password_reset_token"`, the session key a token is stored under), is a key name, not a secret.
 * - Level: error for random-looking values and provider credentials, warning for human-chosen or
 *   guessable passwords, local-only database URLs, test-mode keys and environment fallbacks.
 */
import { unparen, type PyNode } from "../src/parse/ast.js";
import type { FileModel } from "../src/model/file-model.js";
import type { PatternRule, ReportOptions, RuleContext } from "../src/rule.js";
import type { Level } from "../src/types.js";
import { methodName } from "./lib/python.js";
import {
  findCredentials,
  isGuessablePassword,
  isPlaceholder,
  isSigningKeyName,
  describesFields,
  looksLikeSecretValue,
  maskSecret,
  nameWords,
  secretNameStrength,
  secretValueConfidence,
} from "./lib/secrets.js";
import { branchState, envLookupWithDefault, envVariableRead, isDevelopmentFile, isSettingsModule } from "./lib/settings.js";

/** Calls whose key argument signs or encrypts (position, keyword). */
const KEY_ARGUMENTS = new Map<string, [number, string]>([
  ["jwt.encode", [1, "key"]],
  ["jwt.decode", [1, "key"]],
  ["jose.jwt.encode", [1, "key"]],
  ["jose.jwt.decode", [1, "key"]],
  ["itsdangerous.Signer", [0, "secret_key"]],
  ["itsdangerous.TimestampSigner", [0, "secret_key"]],
  ["itsdangerous.Serializer", [0, "secret_key"]],
  ["itsdangerous.URLSafeSerializer", [0, "secret_key"]],
  ["itsdangerous.URLSafeTimedSerializer", [0, "secret_key"]],
  ["itsdangerous.TimedSerializer", [0, "secret_key"]],
  ["hmac.new", [0, "key"]],
  ["hmac.digest", [0, "key"]],
  ["cryptography.fernet.Fernet", [0, "key"]],
  ["django.core.signing.Signer", [0, "key"]],
  ["django.core.signing.TimestampSigner", [0, "key"]],
]);

/** One reportable literal: where its text is and what name (if any) it was given to. */
interface Candidate {
  /** The literal's node (a `string` or `concatenated_string`). */
  literal: PyNode;
  /** The credential name it is assigned or passed to, if any. */
  name?: string;
  /** How the name is used, for messages. */
  role: "assigned" | "argument" | "default" | "compared" | "entry" | "key-argument";
  /** A framework signing key (`SECRET_KEY`, `app.secret_key`, a JWT key). */
  signing: boolean;
  /** The node to report (the literal, or the whole statement for settings). */
  anchor: PyNode;
  /** A module-level setting name, for settings-package overrides. */
  setting?: string;
}

export const rule: PatternRule = {
  meta: {
    id: "hardcoded-secret",
    name: "HardcodedSecret",
    shortDescription: "Secret or credential written in the source code",
    fullDescription:
      "A password, API key, token, private key or signing key is written into the source, where everyone with access to the repository, its history, a build artefact or a leaked copy can read and use it — and where rotating it means a code change.",
    docs: {
      whatItDoes:
        "Flags string literals that are credentials: values assigned to, passed as, defaulted for, compared with or stored under credential names (`password`, `DB_PASSWORD`, `api_key`, `client_secret`, `access_token`, …; a name like `token` alone needs a random-looking value); framework signing keys (`SECRET_KEY` in Django settings and Flask config, `app.secret_key`, the key of `jwt.encode`/`decode`, itsdangerous and Django signers, `hmac.new`, `Fernet`); provider keys recognised by format anywhere in a string (AWS access key IDs, Google API keys and OAuth client secrets, Azure storage keys and client secrets, Stripe, GitHub, GitLab, Slack tokens and webhooks, OpenAI, Anthropic, SendGrid, Twilio, npm, PyPI, Telegram); private key blocks; passwords in URLs (`postgresql://app:…@db/shop`) and in libpq/ODBC/ADO connection strings (`password=…`, `Pwd=…`); and secrets used as the fallback of an environment lookup (`os.environ.get(\"SECRET_KEY\", \"dev\")`, `env(\"DB_PASSWORD\", default=…)`, `os.environ.get(\"SECRET_KEY\") or \"dev\"`, `os.getenv(\"A\") or os.getenv(\"B\") or \"dev\"`), which a deployment that forgets the variable runs with.\n\nNot flagged: placeholders (`\"changeme\"`, `\"<your-api-key>\"`, `\"${DB_PASSWORD}\"`, `\"%(password)s\"`, `\"xxxx\"`), empty values, environment-variable names, key names made of words such as `\"_password_reset_token\"` (the session entry a token is stored under, not the token), file paths, URLs without passwords, templates, values of names that only describe a secret (`password_field`, `TOKEN_URL`, `PASSWORD_HASHERS`, `secret_from`), a signing key compared with a placeholder (`if SECRET_KEY == \"change-me\": raise ImproperlyConfigured(...)` detects the shipped default, it does not set it), and — except for provider keys and private keys — files evidently for development or tests, development config classes and `if DEBUG:` branches. The secret is never printed: messages show a masked prefix and snippets are masked.",
      whyBad:
        "Source code is copied everywhere: developer laptops, CI logs, container images, forks, backups, paste sites. A credential in it is readable by all of them, stays in the version history after it is removed, and is shared by every environment that runs the code. A leaked `SECRET_KEY` lets anyone forge session cookies and password-reset tokens; a cloud key gives access to data and billing; a database password in a URL opens the database to whoever reaches it.",
      example: [
        "import psycopg2",
        "",
        "DB_PASSWORD = \"Xk9#mQ27vLpe\"",
        "",
        "",
        "def connect():",
        "    return psycopg2.connect(host=\"db.internal\", dbname=\"shop\", user=\"shop\", password=DB_PASSWORD)",
        "",
      ].join("\n"),
      useInstead: [
        "import os",
        "",
        "import psycopg2",
        "",
        "DB_PASSWORD = os.environ[\"DB_PASSWORD\"]",
        "",
        "",
        "def connect():",
        "    return psycopg2.connect(host=\"db.internal\", dbname=\"shop\", user=\"shop\", password=DB_PASSWORD)",
        "",
      ].join("\n"),
      useInsteadText:
        "Read secrets at run time from the environment, a secret manager (Vault, AWS Secrets Manager, GCP Secret Manager, Azure Key Vault) or a file outside the repository, and fail at start-up when one is missing rather than falling back to a default. Rotate any secret that was ever committed: removing it from the code does not remove it from the history.",
      fix:
        "No automatic fix. The secret is already in the repository's history, so the first step is to revoke or rotate it where it was issued, which only its owner can do; then read the new one from the environment or a secret manager (`os.environ[\"STRIPE_API_KEY\"]`, Django-environ, Vault). Rewriting the literal as an environment lookup by itself would leave the leaked value valid and stop the program until the variable is set, so pysast does not offer it.",
      references: [
        { title: "CWE-798: Use of Hard-coded Credentials", url: "https://cwe.mitre.org/data/definitions/798.html" },
        { title: "OWASP Top 10 2021 A07: Identification and Authentication Failures", url: "https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/" },
        { title: "OWASP Secrets Management Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html" },
        { title: "Django settings: SECRET_KEY", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key" },
        { title: "Flask: SECRET_KEY", url: "https://flask.palletsprojects.com/en/stable/config/#SECRET_KEY" },
        { title: "GitHub: About secret scanning", url: "https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning" },
      ],
    },
    cwe: [798],
    owasp: ["A07:2021-Identification and Authentication Failures"],
    level: "error",
    securitySeverity: "7.5",
    precision: "high",
    tags: ["security", "secrets", "external/cwe/cwe-798"],
    frameworks: ["python-stdlib", "django", "flask", "pyjwt", "itsdangerous"],
    aliases: { bandit: ["B105", "B106", "B107"], ruff: ["S105", "S106", "S107"] },
    kind: "pattern",
    fixSafety: [],
  },
  fix: () => ({
    reason: "revoke or rotate the secret where it was issued (it is in the repository's history), then read the new one from the environment or a secret manager; see the rule's page",
  }),
  create(ctx) {
    const { model } = ctx;
    const development = isDevelopmentFile(model);
    const settingsModule = isSettingsModule(model);
    const claimed = new Set<PyNode>();

    const nameBased = (c: Candidate): void => {
      if (development || claimed.has(c.literal)) return;
      if (branchState(model, c.anchor) !== "live") return;
      if (reportNamed(ctx, c)) claimed.add(c.literal);
    };

    const consider = (name: string | undefined, value: PyNode | null | undefined, role: Candidate["role"], anchor: PyNode, extra: { signing?: boolean; setting?: string } = {}): void => {
      if (!name || !value) return;
      const v = unparen(value);
      if (!v) return;
      const signing = extra.signing ?? isSigningKeyName(name);
      if (isLiteral(v)) {
        if (signing || secretNameStrength(name)) nameBased({ literal: v, name, role, signing, anchor, ...(extra.setting ? { setting: extra.setting } : {}) });
        return;
      }
      if (v.type === "call" && !development) checkEnvFallback(ctx, v, name, signing, claimed, extra.setting);
      // `os.environ.get("SECRET_KEY") or "dev-key"`: the literal is the value whenever the variable is missing or empty
      if (v.type === "boolean_operator" && !development) checkOrFallback(ctx, v, name, signing, claimed, extra.setting);
    };

    return {
      assignment(node) {
        const left = unparen(node.get("left"));
        let right = node.get("right");
        while (right?.type === "assignment") right = right.get("right");
        if (!left || !right || !considered(right)) return;
        const scope = model.scopeOf(node).kind;
        if (left.type === "identifier") {
          const setting = scope === "module" && settingsModule ? left.text : undefined;
          consider(left.text, right, "assigned", unparen(right)!, { signing: isSigningKeyName(left.text) && (settingsModule || scope === "class"), ...(setting ? { setting } : {}) });
        } else if (left.type === "attribute") {
          const attr = left.get("attribute")?.text;
          consider(attr, right, "assigned", unparen(right)!, { signing: attr !== undefined && isSigningKeyName(attr) });
        } else if (left.type === "subscript") {
          if (describesFields(mappingName(left.get("value")) ?? "")) return;
          const key = constKey(model, left.get("subscript"));
          consider(key, right, "assigned", unparen(right)!, { signing: key !== undefined && isSigningKeyName(key) });
        }
      },
      keyword_argument(node) {
        if (!considered(node.get("value"))) return;
        consider(node.get("name")?.text, node.get("value"), "argument", unparen(node.get("value"))!, { signing: isSigningKeyName(node.get("name")?.text ?? "") && isConfigCall(model, node) });
      },
      pair(node) {
        if (!considered(node.get("value"))) return;
        if (describesFields(mappingName(holderOf(node.parent)) ?? "")) return;
        const key = constKey(model, node.get("key"));
        consider(key, node.get("value"), "entry", unparen(node.get("value"))!);
      },
      default_parameter(node) {
        if (!considered(node.get("value"))) return;
        consider(node.get("name")?.text, node.get("value"), "default", unparen(node.get("value"))!);
      },
      typed_default_parameter(node) {
        if (!considered(node.get("value"))) return;
        consider(node.get("name")?.text, node.get("value"), "default", unparen(node.get("value"))!);
      },
      comparison_operator(node) {
        const [a, b] = node.namedChildren;
        if (!a || !b || node.namedChildren.length !== 2) return;
        const op = node.children.find((c) => !c.named)?.text;
        if (op !== "==" && op !== "!=") return;
        for (const [subject, other] of [
          [a, b],
          [b, a],
        ] as const) {
          if (!considered(other)) continue;
          const name = subjectName(model, subject);
          if (name && secretNameStrength(name) === "strong") consider(name, other, "compared", unparen(other)!);
        }
      },
      call(call) {
        for (const q of model.qualifiedNames(call.get("function"))) {
          const spec = KEY_ARGUMENTS.get(q);
          if (!spec) continue;
          const key = unparen(model.arg(call, spec[0], spec[1]) ?? null);
          if (key && isLiteral(key)) nameBased({ literal: key, name: `${q.split(".").pop()}() key`, role: "key-argument", signing: true, anchor: key });
          return;
        }
        // os.environ.setdefault("DB_PASSWORD", "…") and os.environ["X"] = "…" put a literal in the environment
        if (methodName(call) === "setdefault" && !development) checkEnvFallback(ctx, call, undefined, false, claimed, undefined);
      },
      string(node) {
        if (node.parent?.type === "concatenated_string" || isDocstring(node)) return;
        if (claimed.has(node)) return;
        if (reportFormats(ctx, node)) claimed.add(node);
      },
      concatenated_string(node) {
        if (claimed.has(node)) return;
        if (reportFormats(ctx, node)) claimed.add(node);
      },
    };
  },
};

/**
 * Whether `consider` can find anything in a value: a literal, or a call or `or` that may fall back to one. The
 * handlers ask this first, so the names of the many other values are not looked at.
 */
/** The name a mapping is known by: a variable's, or the last attribute's (`self.css_classes`). */
function mappingName(node: PyNode | null | undefined): string | undefined {
  const n = unparen(node ?? null);
  if (n?.type === "identifier") return n.text;
  if (n?.type === "attribute") return n.get("attribute")?.text;
  if (n?.type === "keyword_argument") return n.get("name")?.text;
  return undefined;
}

/** What a dict display is assigned to or passed as (`labels = {...}`, `widgets={...}`). */
function holderOf(dict: PyNode | null): PyNode | undefined {
  const up = dict?.parent;
  if (up?.type === "assignment" && unparen(up.get("right")) === dict) return up.get("left") ?? undefined;
  if (up?.type === "keyword_argument") return up;
  return undefined;
}

function considered(value: PyNode | null): boolean {
  const v = unparen(value);
  return v !== null && CONSIDERED.has(v.type);
}

const CONSIDERED = new Set(["string", "concatenated_string", "call", "boolean_operator"]);

/** A string literal (possibly implicitly concatenated), without interpolated expressions. */
function isLiteral(node: PyNode): boolean {
  if (node.type === "concatenated_string") return node.namedChildren.every(isLiteral);
  if (node.type !== "string") return false;
  return !node.namedChildren.some((c) => c.type === "interpolation");
}

/** The literal's text content segments with their source offsets (quotes and prefixes excluded). */
function contents(node: PyNode): PyNode[] {
  if (node.type === "concatenated_string") return node.namedChildren.flatMap(contents);
  return node.namedChildren.filter((c) => c.type === "string_content");
}

/** The source span of a literal's content, from its first to its last content segment. */
function contentSpan(node: PyNode): { start: number; end: number } | undefined {
  const parts = contents(node);
  if (parts.length === 0) return undefined;
  return { start: parts[0]!.start, end: parts[parts.length - 1]!.end };
}

function constKey(model: FileModel, node: PyNode | null | undefined): string | undefined {
  const v = node ? model.constant(node) : undefined;
  return v?.t === "str" ? v.v : undefined;
}

/** The credential name a compared expression reads: `password`, `user.password`, `request.form["password"]`. */
function subjectName(model: FileModel, node: PyNode): string | undefined {
  const n = unparen(node);
  if (!n) return undefined;
  if (n.type === "identifier") return n.text;
  if (n.type === "attribute") return n.get("attribute")?.text;
  if (n.type === "subscript") return constKey(model, n.get("subscript"));
  if (n.type === "call" && methodName(n) === "get") return constKey(model, model.arg(n, 0));
  return undefined;
}

/** `app.config.update(SECRET_KEY=…)`, `Flask(secret_key=…)`, `settings.configure(SECRET_KEY=…)`: a keyword that configures a signing key. */
function isConfigCall(model: FileModel, kw: PyNode): boolean {
  const call = kw.parent?.parent;
  if (call?.type !== "call") return false;
  const method = methodName(call);
  return method === "update" || method === "from_mapping" || method === "configure" || model.qualifiedNames(call.get("function")).some((q) => /(?:^|\.)(?:Flask|Quart|Sanic|Application|configure)$/.test(q));
}

/** A docstring: a string that is the first statement of a module, class or function, or is assigned to `__doc__`. */
function isDocstring(node: PyNode): boolean {
  if (node.parent?.type === "assignment" && node.parent.get("right") === node && node.parent.get("left")?.text === "__doc__") return true;
  const stmt = node.parent;
  if (stmt?.type !== "expression_statement" || stmt.namedChildren.length !== 1) return false;
  const block = stmt.parent;
  return (block?.type === "block" || block?.type === "module") && block.namedChildren[0] === stmt;
}

/** Reports a literal given to a credential name; true when reported. */
function reportNamed(ctx: RuleContext, c: Candidate): boolean {
  const { model } = ctx;
  const v = model.constant(c.literal);
  if (v?.t !== "str" && v?.t !== "bytes") return false;
  const value = v.v;
  const span = contentSpan(c.literal);
  if (!span) return false;
  // a provider key or URL password inside the value is reported by format, with its own span
  if (findCredentials(value).length > 0) return reportFormats(ctx, c.literal);
  // a label that repeats its name (`SECRET = "Secret"`, `PASSWORD = "password"`) is not a secret
  if (repeatsName(value, c.name!)) return false;
  const strength = secretNameStrength(c.name!) ?? "strong";
  // a token or an auth value travels as text (a header, a URL, a form): bytes that are not printable text under
  // such a name are a digest, an event's signature or a magic number (`TOKEN_LOCKED = b"yG{\x88\xde…"`)
  if (v.t === "bytes" && strength === "weak" && /[^\x20-\x7e]/.test(value)) return false;
  const what = describeName(c);
  const shown = maskedPrefix(model, span);
  if (c.signing && (isPlaceholder(value) || value.trim().length < 8)) {
    if (value.trim().length === 0) return false;
    // `if SECRET_KEY == "change-me": raise ImproperlyConfigured(...)` detects the shipped
    // placeholder: the comparison never sets the key, and a known placeholder is no secret
    if (c.role === "compared") return false;
    report(ctx, c, span, "warning", `${what} is a hard-coded placeholder (${shown}): if this code is deployed as is, anyone who reads it can forge what the key signs (sessions, cookies, tokens). Read the key from the environment and fail when it is missing.`);
    return true;
  }
  if (!looksLikeSecretValue(value, strength)) return false;
  const guessable = isGuessablePassword(value);
  const level: Level = !guessable && secretValueConfidence(value) === "high" ? "error" : "warning";
  const consequence = c.signing
    ? "anyone with the code can forge what it signs (sessions, cookies, tokens)"
    : guessable
      ? "it is also one of the first passwords an attacker tries"
      : "everyone with access to the repository or its history can use it";
  report(ctx, c, span, level, `${what} is hard-coded (${shown}): ${consequence}. Read it from the environment or a secret store.`);
  return true;
}

/**
 * Whether a value is its name's words (`PASSWORD = "password"`, `SECRET = "Secret"`), or a key's name's words
 * without the `key`, also written without separators (`withdrawal_credentials_key = "withdrawalcredentials"`: the
 * key a record's field is read with). A value that squeezes the whole name (`"postgrespassword"`) may be a weak
 * password and stays reported.
 */
function repeatsName(value: string, name: string): boolean {
  const words = nameWords(name);
  if (nameWords(value).join("_") === words.join("_")) return true;
  const squeezed = value.toLowerCase().replace(/[^a-z]/g, "");
  if (squeezed.length === 0 || /[^A-Za-z0-9_.:-]/.test(value)) return false;
  return words.length > 1 && words[words.length - 1] === "key" && squeezed === words.slice(0, -1).join("");
}

function describeName(c: Candidate): string {
  switch (c.role) {
    case "argument":
      return `The \`${c.name}\` argument`;
    case "default":
      return `The default of parameter \`${c.name}\``;
    case "compared":
      return `The value compared with \`${c.name}\``;
    case "entry":
      return `The "${c.name}" entry`;
    case "key-argument":
      return `The ${c.name}`;
    default:
      return `\`${c.name}\``;
  }
}

/** Reports provider keys, private keys and passwords in URLs/connection strings inside a literal; true when any. */
/** `findCredentials` finds nothing in a shorter text (string contents hold no identifiers: offsets are lengths). */
const MIN_CREDENTIAL_TEXT = 8;

function reportFormats(ctx: RuleContext, literal: PyNode): boolean {
  const { model } = ctx;
  const development = isDevelopmentFile(model);
  let any = false;
  // every string literal comes here: no array of its parts, no slice of one too short to hold a credential
  for (const part of literal.type === "string" ? literal.namedChildren : contents(literal)) {
    if (part.type !== "string_content" || part.end - part.start < MIN_CREDENTIAL_TEXT) continue;
    const text = part.text;
    for (const m of findCredentials(text)) {
      // a local database password or a test-mode key in tests, docs or examples is not a leak
      if (development && (m.weak || m.impact === "test")) continue;
      const secret = { start: part.start + m.secretStart, end: part.start + m.secretEnd };
      const level: Level = m.impact === "test" || m.weak ? "warning" : "error";
      // nothing of a key body is shown, not even its first characters
      const shown = m.kind === "private-key" ? `${secret.end - secret.start} characters` : maskedPrefix(model, secret, m.publicPrefix);
      const why =
        m.kind === "private-key"
          ? "whoever reads the code can impersonate its owner or decrypt what it protects"
          : m.weak
            ? "a guessable or local-only credential, still shared by everyone with the code"
            : m.impact === "test"
              ? "a test-mode key, still usable against the account's test data"
              : "it grants access to whoever reads the code";
      ctx.report(literal, `Hard-coded ${m.title} (${shown}): ${why}. Move it out of the code into the environment or a secret store${m.impact === "live" && !m.weak ? ", and rotate it" : ""}.`, {
        level,
        secrets: [{ ...secret, keep: m.publicPrefix }],
        properties: { secretKind: m.kind },
      });
      any = true;
    }
  }
  return any;
}

/** `os.environ.get("SECRET_KEY", "dev")`-style fallbacks: a secret the deployment runs with when the variable is missing. */
function checkEnvFallback(ctx: RuleContext, call: PyNode, target: string | undefined, signing: boolean, claimed: Set<PyNode>, setting: string | undefined): void {
  const lookup = envLookupWithDefault(ctx.model, call);
  if (lookup) reportFallback(ctx, call, lookup.fallback, lookup.variable, target, signing, claimed, setting);
}

/**
 * `os.environ.get("SECRET_KEY") or "dev-key"` (also `os.getenv(...)`, `os.environ["X"]`, an
 * environment lookup with an empty default, and longer `or` chains of lookups): the last operand,
 * a literal, is the value whenever the variables are missing or empty.
 */
function checkOrFallback(ctx: RuleContext, node: PyNode, target: string | undefined, signing: boolean, claimed: Set<PyNode>, setting: string | undefined): void {
  const { model } = ctx;
  if (node.children.find((c) => !c.named)?.type !== "or") return;
  const operands = node.namedChildren;
  const last = unparen(operands[operands.length - 1] ?? null);
  if (!last || !isLiteral(last) || operands.length < 2) return;
  let variable: string | undefined;
  let found = false;
  const visit = (n: PyNode | null): void => {
    const e = unparen(n);
    if (!e || found) return;
    if (e.type === "boolean_operator") return e.namedChildren.forEach(visit);
    const read = envVariableRead(model, e);
    if (read) {
      found = true;
      variable = read.variable;
    }
  };
  operands.slice(0, -1).forEach(visit);
  if (found) reportFallback(ctx, node, last, variable, target, signing, claimed, setting);
}

function reportFallback(
  ctx: RuleContext,
  at: PyNode,
  fallbackNode: PyNode,
  variable: string | undefined,
  target: string | undefined,
  signing: boolean,
  claimed: Set<PyNode>,
  setting: string | undefined,
): void {
  const { model } = ctx;
  const fallback = unparen(fallbackNode);
  if (!fallback || !isLiteral(fallback) || claimed.has(fallback)) return;
  const named = [variable, target].filter((n): n is string => n !== undefined);
  const isSigning = signing || named.some((n) => isSigningKeyName(n));
  if (!isSigning && !named.some((n) => secretNameStrength(n) === "strong")) return;
  const v = model.constant(fallback);
  if (v?.t !== "str" || v.v.trim().length === 0 || /^(?:none|null|undefined|false|0)$/i.test(v.v.trim())) return;
  if (branchState(model, at) !== "live") return;
  const span = contentSpan(fallback);
  if (!span) return;
  claimed.add(fallback);
  const shown = maskedPrefix(model, span);
  ctx.report(fallback, `The fallback of the ${variable ? `"${variable}"` : "environment"} lookup is a hard-coded secret (${shown}): a deployment that forgets the variable silently runs with it. Fail when the variable is missing instead of falling back.`, {
    level: "warning",
    securitySeverity: "5.9",
    secrets: [{ ...span, keep: keepFor(span.end - span.start) }],
    ...(setting ? { setting } : {}),
  });
}

function report(ctx: RuleContext, c: Candidate, span: { start: number; end: number }, level: Level, message: string): void {
  const options: ReportOptions = { secrets: [{ ...span, keep: keepFor(span.end - span.start) }], properties: { secretKind: c.signing ? "signing-key" : "named-credential" } };
  if (level !== "error") options.level = level;
  if (level === "warning") options.securitySeverity = "5.9";
  if (c.setting) options.setting = c.setting;
  ctx.report(c.anchor, message, options);
}

/** Leading characters of a secret that may be shown: at most a quarter, never more than four. */
function keepFor(length: number): number {
  return Math.min(4, Math.floor(length / 4));
}

/** A masked mention of the secret at `span`: its shown prefix and its length, never the secret. */
function maskedPrefix(model: FileModel, span: { start: number; end: number }, publicPrefix = 0): string {
  return maskSecret(model.src.text.slice(span.start, span.end), publicPrefix);
}
