/**
 * HTTP responses: which part of a response is its HTML body, and whether its content type says it
 * is not HTML — given when it is built (`make_response((body, {"Content-Type": "text/plain"}))`) or
 * set before a view returns it (`resp.mimetype = "text/plain"`).
 */
import { CLEAN, type Taint } from "./labels.js";
import type { ContentTypeSpec } from "./model-types.js";
import { flat, shaped, type Val } from "./value.js";

/** A constant MIME type that is not HTML (plain text, JSON, images, downloads). */
function notHtml(v: Val | undefined): boolean {
  return v?.c?.t === "str" && v.t.length === 0 && !/html|xml/i.test(v.c.v) && v.c.v.trim() !== "";
}

/** Headers (a dict value) whose Content-Type is a constant non-HTML type. */
export function declaresNonHtml(headers: Val, key = "content-type"): boolean {
  const h = shaped(headers);
  for (const [k, x] of h.keys ?? []) {
    if (k.replace(/^['"]|['"]$/g, "").toLowerCase() === key && notHtml(x)) return true;
  }
  return false;
}

/**
 * The taint of a response body argument: of a `(body, status, headers)` tuple only the body, and
 * nothing when the headers declare a non-HTML type or the body is a dict or list (sent as JSON).
 */
export function bodyTaint(v: Val): Taint {
  let body = shaped(v);
  if (body.seq === "tuple" && body.items && body.items.length > 0) {
    if (body.items.slice(1).some((h) => declaresNonHtml(h))) return CLEAN;
    body = shaped(body.items[0]!);
  }
  if (body.seq === "dict" || body.seq === "list") return CLEAN;
  return flat(body);
}

/** Whether a response object's content type has been set to a non-HTML type (see `ContentTypeSpec`). */
export function contentTypeNotHtml(response: Val, spec: ContentTypeSpec): boolean {
  const key = spec.header.toLowerCase();
  for (const a of spec.attrs ?? []) if (notHtml(response.attrs?.get(a))) return true;
  for (const h of spec.headerAttrs ?? []) {
    const headers = h === "" ? response : response.attrs?.get(h);
    if (headers && declaresNonHtml(headers, key)) return true;
  }
  return false;
}
