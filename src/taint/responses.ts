/**
 * The response a view builds, as far as HTML sinks care: the content type it declares (headers,
 * `start_response`, `resp.content_type = ...`). The declaration holds for the rest of the function.
 */
import { unparen, type PyNode } from "../parse/ast.js";
import { argOf, type CallCtx } from "./calls.js";
import type { Frame } from "./frame.js";
import type { ContentTypeSpec } from "./model-types.js";
import { isClean, shaped, type Val } from "./value.js";

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
