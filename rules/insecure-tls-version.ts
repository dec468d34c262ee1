/**
 * insecure-tls-version: TLS connections allowed or forced to use SSL 2/3, TLS 1.0 or TLS 1.1 —
 * `ssl.PROTOCOL_*` and pyOpenSSL `*_METHOD` constants passed to a call or used as a parameter
 * default, and `minimum_version`/`maximum_version` below TLS 1.2.
 *
 * Decisions:
 * - A protocol constant counts where it configures something: as a call argument (followed
 *   through names: `SSLContext(PROTOCOL)` with `PROTOCOL = ssl.PROTOCOL_TLSv1`), as a function
 *   parameter's default, or assigned to `minimum_version`/`maximum_version`. Comparisons, mapping
 *   tables and feature tests (`hasattr(ssl, "PROTOCOL_TLSv1")`) are not reported.
 * - SSL 2 and 3 are errors (broken: DROWN, POODLE); TLS 1.0 and 1.1 are warnings (deprecated by
 *   RFC 8996, weak but not trivially broken).
 * - `TLSVersion.MINIMUM_SUPPORTED` as a minimum is a warning: it reopens whatever old version the
 *   OpenSSL build still supports.
 * - `PROTOCOL_TLS`, `PROTOCOL_TLS_CLIENT`/`SERVER`, `PROTOCOL_SSLv23` (an alias of `PROTOCOL_TLS`)
 *   and pyOpenSSL `TLS_METHOD`/`SSLv23_METHOD` negotiate the best version and are not reported,
 *   nor is `ssl.wrap_socket()` without `ssl_version` (tls-verification-disabled reports that call
 *   for its missing certificate check instead).
 * - Test code is not reported: tests exercise old protocols on purpose.
 */
import { unparen, type PyNode } from "../src/parse/ast.js";
import type { FileModel } from "../src/model/file-model.js";
import type { PatternRule, RuleContext } from "../src/rule.js";
import { isTestPath } from "../src/test-code.js";
import { valueSources } from "./lib/python.js";
import { TLS_VERSION_FIX_DOCS, tlsVersionFix } from "./lib/tls-version-fix.js";

interface Protocol {
  label: string;
  broken: boolean;
}

const SSL2: Protocol = { label: "SSL 2.0", broken: true };
const SSL3: Protocol = { label: "SSL 3.0", broken: true };
const TLS10: Protocol = { label: "TLS 1.0", broken: false };
const TLS11: Protocol = { label: "TLS 1.1", broken: false };

/** Constants that select one protocol version. */
const FIXED_PROTOCOLS = new Map<string, Protocol>([
  ["ssl.PROTOCOL_SSLv2", SSL2],
  ["ssl.PROTOCOL_SSLv3", SSL3],
  ["ssl.PROTOCOL_TLSv1", TLS10],
  ["ssl.PROTOCOL_TLSv1_1", TLS11],
  ["ssl._SSLMethod.PROTOCOL_SSLv2", SSL2],
  ["ssl._SSLMethod.PROTOCOL_SSLv3", SSL3],
  ["ssl._SSLMethod.PROTOCOL_TLSv1", TLS10],
  ["ssl._SSLMethod.PROTOCOL_TLSv1_1", TLS11],
  ["OpenSSL.SSL.SSLv2_METHOD", SSL2],
  ["OpenSSL.SSL.SSLv3_METHOD", SSL3],
  ["OpenSSL.SSL.TLSv1_METHOD", TLS10],
  ["OpenSSL.SSL.TLSv1_1_METHOD", TLS11],
]);

/** `ssl.TLSVersion` members below TLS 1.2, as bounds of a context. */
const OLD_VERSIONS = new Map<string, Protocol>([
  ["ssl.TLSVersion.SSLv3", SSL3],
  ["ssl.TLSVersion.TLSv1", TLS10],
  ["ssl.TLSVersion.TLSv1_1", TLS11],
  ["OpenSSL.SSL.SSL3_VERSION", SSL3],
  ["OpenSSL.SSL.TLS1_VERSION", TLS10],
  ["OpenSSL.SSL.TLS1_1_VERSION", TLS11],
]);
const MINIMUM_SUPPORTED = new Set(["ssl.TLSVersion.MINIMUM_SUPPORTED"]);

/** Keyword arguments that set a lower or upper bound (urllib3, `create_urllib3_context`). */
const BOUND_KEYWORDS = new Set(["minimum_version", "maximum_version", "ssl_minimum_version", "ssl_maximum_version"]);
const BOUND_ATTRIBUTES = new Set(["minimum_version", "maximum_version"]);
const BOUND_METHODS = new Set(["set_min_proto_version", "set_max_proto_version"]);

export const rule: PatternRule = {
  meta: {
    id: "insecure-tls-version",
    name: "InsecureTlsVersion",
    shortDescription: "SSL or an old TLS version (below 1.2) allowed",
    fullDescription:
      "A TLS context or connection is made with SSL 2.0/3.0, TLS 1.0 or TLS 1.1, or its minimum version is set below TLS 1.2, so a network attacker can downgrade or attack the connection with known protocol weaknesses.",
    docs: {
      whatItDoes:
        "Flags `ssl.PROTOCOL_SSLv2`, `PROTOCOL_SSLv3`, `PROTOCOL_TLSv1` and `PROTOCOL_TLSv1_1` and pyOpenSSL `SSLv2_METHOD`/`SSLv3_METHOD`/`TLSv1_METHOD`/`TLSv1_1_METHOD` passed to any call (`ssl.SSLContext(...)`, `wrap_socket(ssl_version=...)`, `SSL.Context(...)`, urllib3 `ssl_version=`) or used as a function parameter's default; and `minimum_version`/`maximum_version` (attribute, or `ssl_minimum_version=` keyword, or pyOpenSSL `set_min_proto_version`) set to `TLSVersion.SSLv3`, `TLSv1` or `TLSv1_1`, or a minimum of `TLSVersion.MINIMUM_SUPPORTED`. Constants are followed through names. SSL 2.0/3.0 are errors, TLS 1.0/1.1 warnings.\n\nNot flagged: version-negotiating constants (`PROTOCOL_TLS_CLIENT`, `PROTOCOL_TLS_SERVER`, `PROTOCOL_TLS`, `PROTOCOL_SSLv23`, `TLS_METHOD`), comparisons and lookup tables of versions, and test code.",
      whyBad:
        "SSL 2.0 and 3.0 are broken (DROWN, POODLE) and TLS 1.0/1.1 were deprecated by RFC 8996 in 2021: they rely on SHA-1 and MD5 in the handshake and on CBC constructions with known attacks (BEAST, Lucky Thirteen). Pinning a context to one of them, or allowing them as the minimum, lets a network attacker force the weakest version both sides accept. Modern servers and compliance regimes (PCI DSS) refuse them.",
      example: [
        "import socket",
        "import ssl",
        "",
        "",
        "def open_feed(host):",
        "    context = ssl.SSLContext(ssl.PROTOCOL_TLSv1)",
        "    context.load_default_certs()",
        "    sock = socket.create_connection((host, 443))",
        "    return context.wrap_socket(sock, server_hostname=host)",
        "",
      ].join("\n"),
      useInstead: [
        "import socket",
        "import ssl",
        "",
        "",
        "def open_feed(host):",
        "    context = ssl.create_default_context()",
        "    context.minimum_version = ssl.TLSVersion.TLSv1_2",
        "    sock = socket.create_connection((host, 443))",
        "    return context.wrap_socket(sock, server_hostname=host)",
        "",
      ].join("\n"),
      useInsteadText:
        "Create contexts with `ssl.create_default_context()` (or `SSLContext(PROTOCOL_TLS_CLIENT)`), which negotiate the best version, and set `context.minimum_version = ssl.TLSVersion.TLSv1_2` (or `TLSv1_3`). With pyOpenSSL use `SSL.Context(SSL.TLS_METHOD)` and `set_min_proto_version(SSL.TLS1_2_VERSION)`.",
      fix: TLS_VERSION_FIX_DOCS,
      references: [
        { title: "CWE-327: Use of a Broken or Risky Cryptographic Algorithm", url: "https://cwe.mitre.org/data/definitions/327.html" },
        { title: "CWE-326: Inadequate Encryption Strength", url: "https://cwe.mitre.org/data/definitions/326.html" },
        { title: "OWASP Top 10 2021 A02: Cryptographic Failures", url: "https://owasp.org/Top10/A02_2021-Cryptographic_Failures/" },
        { title: "RFC 8996: Deprecating TLS 1.0 and TLS 1.1", url: "https://www.rfc-editor.org/rfc/rfc8996" },
        { title: "Python ssl: protocol versions", url: "https://docs.python.org/3/library/ssl.html#ssl.TLSVersion" },
        { title: "OWASP Transport Layer Security Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html" },
      ],
    },
    cwe: [327, 326],
    owasp: ["A02:2021-Cryptographic Failures"],
    level: "warning",
    securitySeverity: "5.9",
    precision: "high",
    tags: ["security", "crypto", "tls", "external/cwe/cwe-327", "external/cwe/cwe-326"],
    frameworks: ["python-stdlib", "pyopenssl", "urllib3"],
    aliases: { bandit: ["B502", "B503"], ruff: ["S502", "S503"] },
    kind: "pattern",
    fixSafety: ["unsafe"],
  },
  fix: tlsVersionFix,
  create(ctx) {
    const { model } = ctx;
    if (isTestPath(model.path)) return {};
    if (!model.imports.some((i) => i.qualified === "ssl" || i.qualified.startsWith("ssl.") || i.qualified.startsWith("OpenSSL") || i.qualified.startsWith("urllib3"))) return {};
    const reported = new Set<PyNode>();
    const once = (node: PyNode, report: () => void) => {
      if (reported.has(node)) return;
      reported.add(node);
      report();
    };
    return {
      call(call) {
        const args = model.callArgs(call);
        const method = unparen(call.get("function"))?.type === "attribute" ? unparen(call.get("function"))!.get("attribute")?.text : undefined;
        const boundMethod = method !== undefined && BOUND_METHODS.has(method);
        for (const arg of args.positional) {
          const fixed = protocolOf(model, arg, FIXED_PROTOCOLS);
          if (fixed) once(arg, () => reportFixed(ctx, arg, fixed));
          else if (boundMethod) checkBound(ctx, arg, method === "set_min_proto_version", once);
        }
        for (const [name, value] of args.keywords) {
          const fixed = protocolOf(model, value, FIXED_PROTOCOLS);
          const anchor = value.parent ?? value;
          if (fixed) once(anchor, () => reportFixed(ctx, anchor, fixed));
          else if (BOUND_KEYWORDS.has(name)) checkBound(ctx, value, name.includes("minimum"), once, anchor);
        }
      },
      assignment(node) {
        const left = node.get("left");
        const right = node.get("right");
        const attr = left?.type === "attribute" ? left.get("attribute")?.text : undefined;
        if (attr && right && BOUND_ATTRIBUTES.has(attr)) checkBound(ctx, right, attr === "minimum_version", once, node);
      },
      default_parameter(node) {
        checkDefault(ctx, node, once);
      },
      typed_default_parameter(node) {
        checkDefault(ctx, node, once);
      },
    };
  },
};

type Once = (node: PyNode, report: () => void) => void;

function checkDefault(ctx: RuleContext, param: PyNode, once: Once): void {
  const value = param.get("value");
  const fixed = value ? protocolOf(ctx.model, value, FIXED_PROTOCOLS) : undefined;
  if (value && fixed) once(param, () => reportFixed(ctx, param, fixed, " by default"));
}

function checkBound(ctx: RuleContext, value: PyNode, isMinimum: boolean, once: Once, anchor: PyNode = value): void {
  const old = protocolOf(ctx.model, value, OLD_VERSIONS);
  if (old) {
    const what = isMinimum ? `The minimum TLS version is ${old.label}` : `The maximum TLS version is ${old.label}, so nothing newer can be negotiated`;
    once(anchor, () =>
      ctx.report(anchor, `${what}: ${old.broken ? "the protocol is broken (POODLE)" : "TLS 1.0 and 1.1 are deprecated (RFC 8996)"} and a network attacker can force it. Use ssl.TLSVersion.TLSv1_2 or newer.`, severity(old)),
    );
    return;
  }
  if (isMinimum && ctx.model.qualifiedNames(unparen(value)).some((q) => MINIMUM_SUPPORTED.has(q))) {
    once(anchor, () => ctx.report(anchor, "minimum_version = TLSVersion.MINIMUM_SUPPORTED allows every old protocol version this OpenSSL build still supports (SSL 3.0 or TLS 1.0 on many systems). Set ssl.TLSVersion.TLSv1_2 or newer."));
  }
}

function reportFixed(ctx: RuleContext, node: PyNode, p: Protocol, suffix = ""): void {
  const why = p.broken ? "it is broken (DROWN, POODLE) and lets a network attacker decrypt traffic" : "TLS 1.0 and 1.1 are deprecated (RFC 8996) and rely on weak handshake hashes and CBC modes";
  ctx.report(node, `This connection uses ${p.label}${suffix}: ${why}. Use ssl.create_default_context() (or PROTOCOL_TLS_CLIENT) with minimum_version = ssl.TLSVersion.TLSv1_2.`, severity(p));
}

function severity(p: Protocol) {
  return p.broken ? { level: "error" as const, securitySeverity: "7.4" } : {};
}

/** The protocol a value stands for, through names bound to it. */
function protocolOf(model: FileModel, node: PyNode, table: ReadonlyMap<string, Protocol>): Protocol | undefined {
  for (const src of valueSources(model, node)) {
    for (const q of model.qualifiedNames(unparen(src))) {
      const p = table.get(q);
      if (p) return p;
    }
  }
  return undefined;
}
