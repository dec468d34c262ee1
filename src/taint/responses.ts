/**
 * HTTP responses and their content types, as far as HTML sinks care:
 * - the content type a view declares while it builds its response (headers, `start_response`,
 *   `resp.content_type = ...`), which holds for the rest of the function;
 * - which part of a response is its HTML body, and whether a response object's content type says
 *   it is not HTML — given when it is built (`make_response((body, {"Content-Type": "text/plain"}))`)
 *   or set before a view returns it (`resp.mimetype = "text/plain"`).
 */
import { unparen, type PyNode } from "../parse/ast.js";
import { argOf, type CallCtx } from "./calls.js";
import type { Frame } from "./frame.js";
import { CLEAN, type Taint } from "./labels.js";
import type { ContentTypeSpec, ResponseObjectSpec } from "./model-types.js";
import { flat, isClean, shaped, type Val } from "./value.js";

/** The value a declaration stands for: the constant string, `text/html` for a modelled HTML constant, `?` when unknown. */
function contentTypeOf(f: Frame, spec: ContentTypeSpec, v: Val | undefined, node: PyNode | undefined): string {
  if (v && isClean(v) && v.c?.t === "str") return v.c.v;
  const q = v?.q ?? (node ? f.model.qualifiedName(unparen(node)) : undefined);
  if (q && spec.htmlNames?.includes(q)) return "text/html";
  return "?";
}

const CONTENT_TYPE = /^content-type$/i;

/** A modelled call declaring the response's content type (`send_header("Content-Type", ...)`, `start_response(status, headers)`). */
export function declareContentType(f: Frame, spec: ContentTypeSpec, ctx: CallCtx): void {
  if (spec.header) {
    const name = argOf(ctx, spec.header).val;
    const pattern = spec.headerName ? new RegExp(spec.headerName, "i") : CONTENT_TYPE;
    if (!name || !isClean(name) || name.c?.t !== "str" || !pattern.test(name.c.v)) return;
  }
  if (spec.value) {
    const { val, node } = argOf(ctx, spec.value);
    if (val) f.contentType = contentTypeOf(f, spec, val, node);
  }
  if (spec.headers) {
    const headers = argOf(ctx, spec.headers).val;
    if (!headers) return;
    const s = shaped(headers);
    for (const item of s.items ?? []) {
      const pair = shaped(item).items;
      const name = pair?.[0];
      if (name && isClean(name) && name.c?.t === "str" && CONTENT_TYPE.test(name.c.v)) f.contentType = contentTypeOf(f, spec, pair[1], undefined);
    }
    for (const [k, v] of s.keys ?? []) if (CONTENT_TYPE.test(k.replace(/^['"]|['"]$/g, ""))) f.contentType = contentTypeOf(f, spec, v, undefined);
  }
}

/** Whether an HTML sink applies given the declared content type (`html`: only once declared HTML; `unless-other`: unless declared otherwise). */
export function htmlDeclared(f: Frame, mode: "html" | "unless-other"): boolean {
  const ct = f.contentType;
  if (ct === undefined) return mode === "unless-other";
  return ct === "?" || /html/i.test(ct);
}

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

/** Whether a response object's content type has been set to a non-HTML type (see `ResponseObjectSpec`). */
export function contentTypeNotHtml(response: Val, spec: ResponseObjectSpec): boolean {
  const key = spec.header.toLowerCase();
  for (const a of spec.attrs ?? []) if (notHtml(response.attrs?.get(a))) return true;
  for (const h of spec.headerAttrs ?? []) {
    const headers = h === "" ? response : response.attrs?.get(h);
    if (headers && declaresNonHtml(headers, key)) return true;
  }
  return false;
}
