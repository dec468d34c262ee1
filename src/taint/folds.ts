/**
 * Pure library functions the taint models name (`PropagatorSpec.fold`), evaluated on constant
 * arguments so that their results stay constants: `pickle.loads(base64.b64decode(BLOB))` loads the
 * program's own data. Only functions whose result depends on nothing but their arguments belong here.
 */
import type { PyValue } from "../model/values.js";
import type { Fold } from "./model-types.js";

function text(v: PyValue | undefined): string | undefined {
  return v && (v.t === "str" || v.t === "bytes") ? v.v : undefined;
}

const bytes = (v: string): PyValue => ({ t: "bytes", v });
const str = (v: string): PyValue => ({ t: "str", v });

/** Bytes (as code units 0–255) to a Node buffer and back. */
const toBuffer = (s: string): Buffer => Buffer.from(s, "latin1");
const fromBuffer = (b: Buffer): string => b.toString("latin1");

function unquote(s: string, plus: boolean): string | undefined {
  try {
    return decodeURIComponent((plus ? s.replace(/\+/g, " ") : s).replace(/%(?![0-9a-fA-F]{2})/g, "%25"));
  } catch {
    return undefined;
  }
}

/** The result of a fold on constant arguments, or undefined when it cannot be computed. */
export function applyFold(fold: Fold, args: readonly PyValue[]): PyValue | undefined {
  const s = text(args[0]);
  if (s === undefined) return undefined;
  switch (fold) {
    case "base64-encode":
      return bytes(toBuffer(s).toString("base64"));
    case "base64-urlsafe-encode":
      return bytes(toBuffer(s).toString("base64").replace(/\+/g, "-").replace(/\//g, "_"));
    case "base64-decode":
      return bytes(fromBuffer(Buffer.from(s, "base64")));
    case "base64-urlsafe-decode":
      return bytes(fromBuffer(Buffer.from(s.replace(/-/g, "+").replace(/_/g, "/"), "base64")));
    case "url-unquote": {
      const u = unquote(s, false);
      return u === undefined ? undefined : str(u);
    }
    case "url-unquote-plus": {
      const u = unquote(s, true);
      return u === undefined ? undefined : str(u);
    }
    default:
      return undefined;
  }
}
