/**
 * The automatic fix of `insecure-tls-version`: a lower or upper bound below TLS 1.2, written as the
 * version constant itself, becomes TLS 1.2 (`ssl.TLSVersion.TLSv1_2`, pyOpenSSL `TLS1_2_VERSION`);
 * a context pinned to one old protocol gets a note instead, since its replacement depends on which
 * side of the connection it serves.
 */
import { unparen } from "../../src/parse/ast.js";
import type { FixBuilder } from "../../src/fix/builder.js";
import type { FixOutcome } from "../../src/fix/types.js";
import type { RawFinding } from "../../src/types.js";

export const TLS_VERSION_FIX_DOCS =
  "**Unsafe.** A `minimum_version`/`maximum_version` bound (attribute, urllib3 keyword, pyOpenSSL `set_min_proto_version`/`set_max_proto_version`) written as an old version constant, or as `TLSVersion.MINIMUM_SUPPORTED`, becomes TLS 1.2 in the same spelling: `ssl.TLSVersion.TLSv1` → `ssl.TLSVersion.TLSv1_2`, `SSL.TLS1_VERSION` → `SSL.TLS1_2_VERSION`. Peers that speak only the old version can no longer connect, hence unsafe. No fix where the version comes through a name, nor for a context pinned to one protocol (`SSLContext(PROTOCOL_TLSv1)`, `SSL.Context(SSL.TLSv1_METHOD)`, `ssl_version=`): the replacement is `PROTOCOL_TLS_CLIENT` or `PROTOCOL_TLS_SERVER` (`TLS_METHOD` in pyOpenSSL) depending on the side of the connection, and the client one also turns certificate checks on, so that choice is left to the developer.";

const PINNED =
  "the context is pinned to one protocol: use ssl.create_default_context() or SSLContext(PROTOCOL_TLS_CLIENT) on the client side, PROTOCOL_TLS_SERVER on the server side (TLS_METHOD in pyOpenSSL), with minimum_version = ssl.TLSVersion.TLSv1_2";

export function tlsVersionFix(finding: RawFinding, fix: FixBuilder): FixOutcome | undefined {
  const node = fix.nodeAt(finding.region);
  if (!node) return undefined;
  const value = unparen(node.type === "keyword_argument" ? node.get("value") : node.type === "assignment" ? node.get("right") : node.type.endsWith("default_parameter") ? node.get("value") : node);
  if (!value) return undefined;
  const names = fix.model.qualifiedNames(value);
  if (names.some((q) => /^(?:ssl\.(?:_SSLMethod\.)?PROTOCOL_|OpenSSL\.SSL\.\w+_METHOD$)/.test(q))) return { reason: PINNED };
  if (value.type !== "attribute") return undefined;
  const attr = value.get("attribute")!;
  const replacement = names.some((q) => /^ssl\.TLSVersion\.(?:SSLv3|TLSv1|TLSv1_1|MINIMUM_SUPPORTED)$/.test(q))
    ? "TLSv1_2"
    : names.some((q) => /^OpenSSL\.SSL\.(?:SSL3|TLS1|TLS1_1)_VERSION$/.test(q))
      ? "TLS1_2_VERSION"
      : undefined;
  if (!replacement) return undefined;
  return { description: "Set the bound to TLS 1.2", safety: "unsafe", edits: [{ start: attr.start, end: attr.end, text: replacement }] };
}
