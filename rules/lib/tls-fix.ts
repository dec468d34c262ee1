/**
 * The automatic fix of `tls-verification-disabled`: the switch that turned verification off goes
 * back to the library's verifying default — `verify=False` / aiohttp `ssl=False` removed from the
 * call, `session.verify = False` and `check_hostname = False` set to `True`, `CERT_NONE` replaced by
 * `CERT_REQUIRED`, `ssl._create_unverified_context` replaced by `ssl.create_default_context`.
 */
import { unparen, type PyNode } from "../../src/parse/ast.js";
import type { FixBuilder } from "../../src/fix/builder.js";
import type { FixOutcome, TextEdit } from "../../src/fix/types.js";
import type { RawFinding } from "../../src/types.js";

export const TLS_FIX_DOCS =
  "**Unsafe.** The setting that turned verification off goes back to the verifying default: `verify=False` (requests, httpx) and `ssl=False` / `verify_ssl=False` (aiohttp) are removed from the call, keeping its other arguments, line breaks and trailing comma; `session.verify = False` and `context.check_hostname = False` become `True`; `ssl.CERT_NONE` (or `\"CERT_NONE\"`) becomes `ssl.CERT_REQUIRED` (`\"CERT_REQUIRED\"`); `ssl._create_unverified_context` becomes `ssl.create_default_context` when it is given nothing but `purpose`, `cafile`, `capath` or `cadata` (and where it was installed as the default HTTPS context, the original default is put back). A server whose certificate is self-signed or issued by a private CA then fails the handshake until its CA bundle is passed (`verify=\"/path/ca.pem\"`, `cafile=...`), hence unsafe. No fix for a value folded through a name, for `ssl.wrap_socket()` (its replacement needs the server's host name) or for pyOpenSSL `set_verify` (`VERIFY_PEER` also needs the trusted CA locations).";

const REMOVABLE_KEYWORDS = new Set(["verify", "ssl", "verify_ssl"]);
const UNVERIFIED = new Set(["ssl._create_unverified_context", "ssl._create_stdlib_context"]);
/** Keywords `_create_unverified_context` shares with `create_default_context`. */
const SHARED_KEYWORDS = new Set(["purpose", "cafile", "capath", "cadata"]);

export function tlsFix(finding: RawFinding, fix: FixBuilder): FixOutcome | undefined {
  const node = fix.nodeAt(finding.region);
  if (!node) return undefined;
  if (node.type === "keyword_argument") return keywordFix(node, fix);
  if (node.type === "assignment") return assignmentFix(node, fix);
  if (node.type === "call") return callFix(node, fix);
  return undefined;
}

/** `verify=False`, `ssl=False`: removed; `cert_reqs=ssl.CERT_NONE`: CERT_REQUIRED. */
function keywordFix(kw: PyNode, fix: FixBuilder): FixOutcome | undefined {
  const name = kw.get("name")?.text ?? "";
  const value = kw.get("value");
  if (!value) return undefined;
  if (REMOVABLE_KEYWORDS.has(name) && (value.type === "false" || value.text === "0")) {
    const edit = fix.removeItem(kw);
    if (!edit) return undefined;
    return { description: `Remove ${name}=${value.text} so the server's certificate is verified`, safety: "unsafe", edits: [edit] };
  }
  if (name === "cert_reqs") {
    const edits = certRequired(value, fix);
    return edits ? { description: "Require a valid certificate (CERT_REQUIRED)", safety: "unsafe", edits } : undefined;
  }
  return undefined;
}

function assignmentFix(node: PyNode, fix: FixBuilder): FixOutcome | undefined {
  const left = node.get("left");
  const right = node.get("right");
  if (left?.type !== "attribute" || !right) return undefined;
  const attr = left.get("attribute")?.text;
  if ((attr === "verify" || attr === "check_hostname") && right.type === "false") {
    return { description: attr === "verify" ? "Verify the certificates of this session's requests" : "Check the server's host name", safety: "unsafe", edits: [fix.replace(right, "True")] };
  }
  if (attr === "verify_mode") {
    const edits = certRequired(right, fix);
    return edits ? { description: "Require a valid certificate (CERT_REQUIRED)", safety: "unsafe", edits } : undefined;
  }
  if (attr === "_create_default_https_context" && fix.model.qualifiedNames(unparen(right)).some((q) => UNVERIFIED.has(q))) {
    // ssl.py's own default is create_default_context: putting it back is the same as never replacing it
    const ssl = fix.importModule("ssl", node);
    if (!ssl) return undefined;
    return { description: "Put back ssl.create_default_context as the default HTTPS context", safety: "unsafe", edits: [fix.replace(right, `${ssl.ref}.create_default_context`), ...ssl.edits] };
  }
  return undefined;
}

function callFix(call: PyNode, fix: FixBuilder): FixOutcome | undefined {
  const fn = call.get("function");
  if (!fn || !fix.model.qualifiedNames(fn).some((q) => UNVERIFIED.has(q))) return undefined;
  const args = fix.model.callArgs(call);
  if (args.positional.length > 0 || args.hasSplat || [...args.keywords.keys()].some((k) => !SHARED_KEYWORDS.has(k))) return undefined;
  const ssl = fix.importModule("ssl", call);
  if (!ssl) return undefined;
  return { description: "Create the context with ssl.create_default_context(), which verifies the certificate and host name", safety: "unsafe", edits: [fix.replace(fn, `${ssl.ref}.create_default_context`), ...ssl.edits] };
}

/** `ssl.CERT_NONE` → `ssl.CERT_REQUIRED` as written (attribute or imported name); `"CERT_NONE"` → `"CERT_REQUIRED"`. */
function certRequired(value: PyNode, fix: FixBuilder): TextEdit[] | undefined {
  const v = unparen(value);
  if (!v) return undefined;
  if (v.type === "string" && /^["'](?:CERT_)?NONE["']$/i.test(v.text)) return [fix.replace(v, fix.quote("CERT_REQUIRED"))];
  if (!fix.model.qualifiedNames(v).some((q) => q === "ssl.CERT_NONE" || q === "ssl.VerifyMode.CERT_NONE")) return undefined;
  if (v.type === "attribute" && v.get("attribute")?.text === "CERT_NONE") {
    const attr = v.get("attribute")!;
    return [{ start: attr.start, end: attr.end, text: "CERT_REQUIRED" }];
  }
  // `CERT_NONE` imported by name: `CERT_REQUIRED` imported beside it
  if (v.type !== "identifier") return undefined;
  const ref = fix.importName("ssl", "CERT_REQUIRED", v);
  return ref ? [fix.replace(v, ref.ref), ...ref.edits] : undefined;
}
