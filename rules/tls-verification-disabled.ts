/**
 * tls-verification-disabled: HTTPS and TLS clients told not to check the server's certificate or
 * host name — requests/httpx `verify=False`, aiohttp `ssl=False`, unverified `ssl` contexts,
 * `check_hostname = False`, `CERT_NONE`, urllib3 `cert_reqs="CERT_NONE"`, pyOpenSSL `VERIFY_NONE`.
 *
 * Decisions:
 * - Only constant values count (`verify=False`, `VERIFY = False` folded through names); a value
 *   from configuration or the environment is the deployment's decision.
 * - `verify=False` on a method whose receiver cannot be resolved (`self.session.get(url,
 *   verify=False)`) counts in a file that imports requests or httpx; `.verify = False` on an
 *   unresolved object counts when the object's name says it is a session or client.
 * - `urllib3.disable_warnings()` is not reported by itself, but it is named as a related location
 *   of the findings in its file: it silences the one warning that would have shown the problem.
 * - `check_hostname = False` followed by `verify_mode = CERT_NONE` on the same context (Python
 *   requires that order) is one problem, reported once on the `verify_mode` line.
 * - `ssl.wrap_socket()` on the client side without `cert_reqs` is reported: its default is
 *   `CERT_NONE`.
 * - `ssl.SSLContext()` with any protocol constant but `PROTOCOL_TLS_CLIENT`/`_SERVER` (or none) starts with `CERT_NONE`:
 *   it is reported when the same scope hands it to a client (`context=`, `wrap_socket(...,
 *   server_hostname=...)`) and never sets `verify_mode` or `check_hostname = True`; a context that
 *   loads a certificate chain or wraps with `server_side=True` is a server's.
 * - Test code is not reported: tests talk to local servers with throw-away certificates.
 */
import { unparen, walk, type PyNode } from "../src/parse/ast.js";
import type { FileModel } from "../src/model/file-model.js";
import type { PatternRule, RuleContext } from "../src/rule.js";
import { asString, truthy } from "../src/model/values.js";
import { isTestPath } from "../src/test-code.js";
import { calleeIn, methodName, receiver, sourceCallees, valueSources } from "./lib/python.js";
import { TLS_FIX_DOCS, tlsFix } from "./lib/tls-fix.js";

const HTTP_CLIENT_MODULES = ["requests", "httpx"];
/** Other clients whose `verify=False` turns certificate checks off (AWS SDK, HashiCorp Vault). */
const VERIFY_CLIENT_PREFIXES = ["boto3.", "botocore.", "hvac."];
/** Search clients that call it `verify_certs`. */
const VERIFY_CERTS_CLIENTS = new Set(["elasticsearch.Elasticsearch", "elasticsearch.AsyncElasticsearch", "opensearchpy.OpenSearch", "opensearchpy.AsyncOpenSearch"]);
/** Objects whose `verify` attribute or constructor argument controls certificate checks. */
const SESSION_CLASSES = new Set([
  "requests.Session", "requests.session", "requests.sessions.Session", "requests.sessions.session",
  "httpx.Client", "httpx.AsyncClient",
]);
const REQUEST_METHODS = new Set(["get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream", "merge_environment_settings"]);
const UNVERIFIED_CONTEXT = new Set(["ssl._create_unverified_context", "ssl._create_stdlib_context"]);
const CERT_NONE = new Set(["ssl.CERT_NONE", "ssl.VerifyMode.CERT_NONE"]);
const WRAP_SOCKET = new Set(["ssl.wrap_socket"]);
const PYOPENSSL_VERIFY_NONE = new Set(["OpenSSL.SSL.VERIFY_NONE"]);
const SSL_CONTEXT = new Set(["ssl.SSLContext"]);
/** Protocols for which `SSLContext(...)` verifies by default; every other one starts with `CERT_NONE`. */
const VERIFYING_PROTOCOLS = new Set(["ssl.PROTOCOL_TLS_CLIENT", "ssl._SSLMethod.PROTOCOL_TLS_CLIENT", "ssl.PROTOCOL_TLS_SERVER", "ssl._SSLMethod.PROTOCOL_TLS_SERVER"]);
/** Keywords through which clients take a TLS context. */
const CONTEXT_KEYWORDS = new Set(["context", "ssl_context", "ssl"]);
const DISABLE_WARNINGS = new Set(["urllib3.disable_warnings", "requests.packages.urllib3.disable_warnings"]);

export const rule: PatternRule = {
  meta: {
    id: "tls-verification-disabled",
    name: "TlsVerificationDisabled",
    shortDescription: "TLS certificate or host name verification disabled",
    fullDescription:
      "An HTTPS or TLS client is told not to check the server's certificate or host name, so anyone on the network path can impersonate the server and read or change the traffic, credentials included.",
    docs: {
      whatItDoes:
        "Flags `verify=False` in requests and httpx calls (module functions, `Session`/`Client` methods, `httpx.Client(...)`/`AsyncClient(...)`/transports), boto3/botocore clients and hvac, and `session.verify = False`; Elasticsearch/OpenSearch `verify_certs=False`; aiohttp `ssl=False` / `verify_ssl=False` on requests and `TCPConnector`; `ssl._create_unverified_context()` (called, or installed as `ssl._create_default_https_context`); an `ssl.SSLContext(...)` made with a protocol other than `PROTOCOL_TLS_CLIENT` (so starting with `CERT_NONE`) and handed to a client without turning verification on; `context.check_hostname = False`; `context.verify_mode = ssl.CERT_NONE`; `cert_reqs=ssl.CERT_NONE` or `\"CERT_NONE\"` (urllib3 pools, `ssl.wrap_socket`); client-side `ssl.wrap_socket()` without `cert_reqs` (its default is `CERT_NONE`); pyOpenSSL `set_verify(VERIFY_NONE, ...)`. Values are folded through constants. `urllib3.disable_warnings()` in the same file is shown beside the finding.\n\nNot flagged: values read from configuration or the environment, `verify=\"/path/to/ca.pem\"`, server-side sockets, and test code.",
      whyBad:
        "Certificate verification is what makes HTTPS more than encryption with a stranger: without it, a machine on the same Wi-Fi, a compromised router or a hostile proxy can present its own certificate, decrypt the connection, steal tokens and passwords and alter responses (CWE-295). Turning it off \"temporarily\" to get past a self-signed certificate tends to ship.",
      example: [
        "import requests",
        "",
        "",
        "def fetch_invoice(invoice_id, token):",
        "    response = requests.get(",
        "        f\"https://billing.internal.example.com/invoices/{invoice_id}\",",
        "        headers={\"Authorization\": f\"Bearer {token}\"},",
        "        verify=False,",
        "        timeout=10,",
        "    )",
        "    return response.json()",
        "",
      ].join("\n"),
      useInstead: [
        "import requests",
        "",
        "",
        "def fetch_invoice(invoice_id, token):",
        "    response = requests.get(",
        "        f\"https://billing.internal.example.com/invoices/{invoice_id}\",",
        "        headers={\"Authorization\": f\"Bearer {token}\"},",
        "        verify=\"/etc/ssl/certs/internal-ca.pem\",",
        "        timeout=10,",
        "    )",
        "    return response.json()",
        "",
      ].join("\n"),
      useInsteadText:
        "Keep verification on. For a private certificate authority, pass its bundle (`verify=\"/path/ca.pem\"`, `ssl.create_default_context(cafile=...)`, `REQUESTS_CA_BUNDLE`) instead of turning checks off; use `ssl.create_default_context()` for raw sockets.",
      fix: TLS_FIX_DOCS,
      references: [
        { title: "CWE-295: Improper Certificate Validation", url: "https://cwe.mitre.org/data/definitions/295.html" },
        { title: "OWASP Top 10 2021 A07: Identification and Authentication Failures", url: "https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/" },
        { title: "Requests: SSL Cert Verification", url: "https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification" },
        { title: "HTTPX: SSL", url: "https://www.python-httpx.org/advanced/ssl/" },
        { title: "Python ssl: security considerations", url: "https://docs.python.org/3/library/ssl.html#security-considerations" },
        { title: "aiohttp: SSL control for TCP sockets", url: "https://docs.aiohttp.org/en/stable/client_advanced.html#ssl-control-for-tcp-sockets" },
      ],
    },
    cwe: [295],
    owasp: ["A07:2021-Identification and Authentication Failures", "A02:2021-Cryptographic Failures"],
    level: "error",
    securitySeverity: "7.4",
    precision: "high",
    tags: ["security", "crypto", "tls", "external/cwe/cwe-295"],
    frameworks: ["requests", "httpx", "aiohttp", "urllib3", "python-stdlib", "pyopenssl", "boto3", "elasticsearch"],
    aliases: { bandit: ["B501", "B323"], ruff: ["S501", "S323"] },
    kind: "pattern",
    fixSafety: ["unsafe"],
  },
  fix: tlsFix,
  create(ctx) {
    const { model } = ctx;
    if (isTestPath(model.path)) return {};
    const imported = (prefixes: readonly string[]) => model.imports.some((i) => prefixes.some((p) => i.qualified === p || i.qualified.startsWith(`${p}.`)));
    const httpClientFile = imported(HTTP_CLIENT_MODULES);
    const aiohttpFile = imported(["aiohttp"]);
    const findings: { node: PyNode; message: string; context?: string }[] = [];
    const silencers: PyNode[] = [];
    const flag: Flag = (node, message, context) => findings.push({ node, message, context });
    return {
      call(call) {
        if (calleeIn(model, call, DISABLE_WARNINGS)) {
          silencers.push(call);
          return;
        }
        checkCall(model, call, httpClientFile, aiohttpFile, flag);
      },
      assignment(node) {
        checkAssignment(model, node, httpClientFile, flag);
      },
      "module:exit"() {
        // `check_hostname = False` must precede `verify_mode = CERT_NONE` on the same context: one problem, reported once
        const certNone = new Set(findings.filter((f) => f.context?.startsWith("verify_mode:")).map((f) => f.context!.slice("verify_mode:".length)));
        for (const f of findings) {
          if (f.context?.startsWith("check_hostname:") && certNone.has(f.context.slice("check_hostname:".length))) continue;
          report(ctx, f.node, f.message, silencers);
        }
      },
    };
  },
};

function report(ctx: RuleContext, node: PyNode, message: string, silencers: PyNode[]): void {
  const related = silencers.map((s) => ({ node: s, message: "urllib3.disable_warnings() hides the InsecureRequestWarning" }));
  const suffix = silencers.length > 0 ? " The file also silences urllib3's InsecureRequestWarning, which would have reported it." : "";
  ctx.report(node, message + suffix, related.length > 0 ? { related } : {});
}

/** Records a finding; `context` names the SSL context object (attribute, object text and scope) an attribute write is about. */
type Flag = (node: PyNode, message: string, context?: string) => void;

const VERIFY_MESSAGE = "verify=False turns off certificate verification: anyone on the network path can impersonate the server and read or alter the traffic. Keep verification on, and pass the CA bundle (verify=\"/path/ca.pem\") for a private certificate authority.";

function checkCall(model: FileModel, call: PyNode, httpClientFile: boolean, aiohttpFile: boolean, flag: Flag): void {
  const args = model.callArgs(call);
  const kw = (name: string) => args.keywords.get(name);
  const callees = model.qualifiedNames(call.get("function"));
  const method = methodName(call);

  const verify = kw("verify");
  if (verify && isFalse(model, verify)) {
    const direct = callees.some((q) => HTTP_CLIENT_MODULES.some((m) => q.startsWith(`${m}.`)) || VERIFY_CLIENT_PREFIXES.some((p) => q.startsWith(p)));
    const onSession = method !== undefined && REQUEST_METHODS.has(method) && (sourceCallees(model, receiver(call)).some((q) => SESSION_CLASSES.has(q)) || httpClientFile);
    if (direct || onSession) {
      flag(verify.parent ?? call, VERIFY_MESSAGE);
      return;
    }
  }

  const verifyCerts = kw("verify_certs");
  if (verifyCerts && isFalse(model, verifyCerts) && callees.some((q) => VERIFY_CERTS_CLIENTS.has(q))) {
    flag(verifyCerts.parent ?? call, "verify_certs=False turns off certificate verification for this search cluster connection: anyone on the network path can read or alter queries and credentials. Keep it on and pass ca_certs for a private CA.");
    return;
  }

  for (const name of ["ssl", "verify_ssl"]) {
    const value = kw(name);
    if (!value || !isFalse(model, value) || !isAiohttpCall(model, call, callees, aiohttpFile)) continue;
    flag(value.parent ?? call, `aiohttp ${name}=False turns off certificate verification: anyone on the network path can impersonate the server. Keep the default, or pass an ssl.SSLContext that trusts your CA.`);
    return;
  }

  if (callees.some((q) => SSL_CONTEXT.has(q))) {
    const protocol = args.positional[0] ?? kw("protocol");
    // only a protocol known to be one of the ssl module's constants is judged; a parameter or setting is not
    const protocols = protocol === undefined ? [] : valueSources(model, protocol).map((p) => model.qualifiedNames(unparen(p)));
    const known = protocols.every((names) => names.some((q) => q.startsWith("ssl.")));
    const verifying = protocols.some((names) => names.some((q) => VERIFYING_PROTOCOLS.has(q)));
    const use = !known || verifying || args.hasSplat ? undefined : unverifiedClientUse(model, call);
    if (use) {
      flag(call, `This ssl.SSLContext starts with verify_mode = CERT_NONE (only PROTOCOL_TLS_CLIENT verifies by default) and is used for a client connection on line ${use.line + 1} without turning verification on: any certificate is accepted. Use ssl.create_default_context(), or set verify_mode = ssl.CERT_REQUIRED and check_hostname = True.`);
    }
    return;
  }

  if (callees.some((q) => UNVERIFIED_CONTEXT.has(q))) {
    flag(call, "ssl._create_unverified_context() makes a context that checks neither the certificate nor the host name. Use ssl.create_default_context() (with cafile=... for a private CA).");
    return;
  }

  const certReqs = kw("cert_reqs");
  if (certReqs && isCertNone(model, certReqs)) {
    flag(certReqs.parent ?? call, "cert_reqs=CERT_NONE accepts any certificate the server presents: the connection can be intercepted. Use CERT_REQUIRED with a CA bundle.");
    return;
  }
  if (callees.some((q) => WRAP_SOCKET.has(q)) && !certReqs && !args.hasSplat && !isTrue(model, kw("server_side"))) {
    flag(call, "ssl.wrap_socket() does not verify the server's certificate unless cert_reqs is given (its default is CERT_NONE), and it was removed in Python 3.12. Use ssl.create_default_context().wrap_socket(sock, server_hostname=host).");
    return;
  }

  if (method === "set_verify") {
    const mode = args.positional[0] ?? kw("mode");
    if (mode && model.qualifiedNames(unparen(mode)).some((q) => PYOPENSSL_VERIFY_NONE.has(q))) {
      flag(call, "set_verify(VERIFY_NONE) accepts any certificate the peer presents. Use VERIFY_PEER with trusted CA locations.");
    }
  }
}

/**
 * Where a freshly made `SSLContext` is used by a client, when nothing in its scope turns verification
 * on: passed as `context=`/`ssl_context=`/`ssl=` (directly or through the name it is bound to) or
 * wrapping a socket with `server_hostname=`. Undefined for a server's context or a configured one.
 */
function unverifiedClientUse(model: FileModel, call: PyNode): PyNode | undefined {
  let holder = call.parent;
  while (holder?.type === "parenthesized_expression") holder = holder.parent;
  if (holder?.type === "keyword_argument" && CONTEXT_KEYWORDS.has(holder.get("name")?.text ?? "")) return holder;
  if (holder?.type !== "assignment" || holder.get("right") !== call) return undefined;
  const target = holder.get("left");
  if (target?.type !== "identifier") return undefined;
  const name = target.text;
  const scope = model.enclosingFunction(call) ?? model.root;
  const isName = (n: PyNode | null | undefined) => unparen(n ?? null)?.type === "identifier" && unparen(n ?? null)?.text === name;
  let use: PyNode | undefined;
  let configured = false;
  walk(scope, (n) => {
    if (configured) return false;
    if (n !== scope && (n.type === "function_definition" || n.type === "class_definition")) return false;
    if (n.type === "assignment") {
      const left = n.get("left");
      if (left?.type === "attribute" && isName(left.get("object"))) {
        const attr = left.get("attribute")?.text;
        const right = n.get("right");
        if (attr === "verify_mode" || (attr === "check_hostname" && right && isTrue(model, right))) configured = true;
      }
    } else if (n.type === "call") {
      const method = methodName(n);
      if (isName(receiver(n))) {
        if (method === "load_cert_chain") configured = true;
        if (method === "wrap_socket" || method === "wrap_bio") {
          const a = model.callArgs(n);
          if (isTrue(model, a.keywords.get("server_side"))) configured = true;
          else if (a.keywords.has("server_hostname")) use ??= n;
        }
      }
    } else if (n.type === "keyword_argument" && CONTEXT_KEYWORDS.has(n.get("name")?.text ?? "") && isName(n.get("value"))) {
      use ??= n;
    }
  });
  return configured ? undefined : use;
}

function isAiohttpCall(model: FileModel, call: PyNode, callees: readonly string[], aiohttpFile: boolean): boolean {
  if (callees.some((q) => q.startsWith("aiohttp."))) return true;
  const method = methodName(call);
  if (!method || !(REQUEST_METHODS.has(method) || method === "ws_connect")) return false;
  return aiohttpFile || sourceCallees(model, receiver(call)).some((q) => q.startsWith("aiohttp."));
}

function checkAssignment(model: FileModel, node: PyNode, httpClientFile: boolean, flag: Flag): void {
  const left = node.get("left");
  let right = node.get("right");
  while (right?.type === "assignment") right = right.get("right");
  if (!left || !right) return;
  if (left.type === "attribute") {
    const attr = left.get("attribute")?.text;
    const obj = left.get("object");
    if (attr === "_create_default_https_context" && model.qualifiedName(obj) === "ssl" && model.qualifiedNames(unparen(right)).some((q) => UNVERIFIED_CONTEXT.has(q))) {
      flag(node, "Installing ssl._create_unverified_context as the default HTTPS context turns off certificate checks for every urllib and http.client connection in the process. Remove it, and trust a private CA with cafile=... instead.");
      return;
    }
    if (attr === "check_hostname" && isFalse(model, right)) {
      flag(node, "check_hostname = False accepts a valid certificate issued for any other host name, so the connection can be intercepted with any certificate from a public CA. Leave it on.", `check_hostname:${contextKey(model, obj)}`);
      return;
    }
    if (attr === "verify_mode" && isCertNone(model, right)) {
      flag(node, "verify_mode = CERT_NONE accepts any certificate the server presents (and its host name goes unchecked): the connection can be intercepted. Leave the default CERT_REQUIRED and load your CA with load_verify_locations().", `verify_mode:${contextKey(model, obj)}`);
      return;
    }
    if (attr === "verify" && isFalse(model, right) && isClientObject(model, obj, httpClientFile)) {
      flag(node, "session.verify = False turns off certificate verification for every request of this session. Keep it on, or set it to the path of your CA bundle.");
    }
  }
}

/** The object an attribute is written on, with the function it is written in: `ctx@123`. */
function contextKey(model: FileModel, obj: PyNode | null): string {
  return `${obj?.text ?? ""}@${model.enclosingFunction(obj ?? model.root)?.start ?? 0}`;
}

/** A requests Session or httpx Client, or, in a file using them, an object named like one. */
function isClientObject(model: FileModel, obj: PyNode | null, httpClientFile: boolean): boolean {
  if (!obj) return false;
  if (sourceCallees(model, obj).some((q) => SESSION_CLASSES.has(q))) return true;
  const name = (obj.type === "attribute" ? obj.get("attribute")?.text : obj.text) ?? "";
  return httpClientFile && /(?:session|client)$/i.test(name);
}

/** `False` or `0` (folded); `None` means "the default" to these libraries and is not false here. */
function isFalse(model: FileModel, node: PyNode): boolean {
  const v = model.constant(node);
  return (v?.t === "bool" || v?.t === "int") && !truthy(v);
}

function isTrue(model: FileModel, node: PyNode | undefined): boolean {
  const v = node ? model.constant(node) : undefined;
  return v !== undefined && truthy(v);
}

/** `ssl.CERT_NONE` (through names), or the strings urllib3 accepts for it. */
function isCertNone(model: FileModel, node: PyNode): boolean {
  for (const src of valueSources(model, node)) {
    if (model.qualifiedNames(unparen(src)).some((q) => CERT_NONE.has(q))) return true;
    const s = asString(model.constant(src));
    if (s !== undefined && /^(?:CERT_)?NONE$/i.test(s.trim())) return true;
  }
  return false;
}
