/**
 * Zope and Plone browser views (`class ExportView(BrowserView)`): the publisher calls `__call__` (or
 * `render` / `update` of a form or viewlet) with the request as `self.request`, whose `form`, `get()`,
 * item access, cookies and headers are the client's. `self.request.response` sets headers and redirects.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const REQUEST = "zope.Request";
const RESPONSE = "zope.Response";
const VIEWS = ["Products.Five.browser.BrowserView", "Products.Five.BrowserView", "zope.publisher.browser.BrowserView", "zope.publisher.browser.BrowserPage", "plone.app.layout.viewlets.common.ViewletBase"];

export const zope: TaintModel = {
  name: "zope",
  triggers: ["Products.Five", "zope.publisher", "plone"],
  types: [
    { type: RESPONSE, on: [REQUEST], attr: ["response", "RESPONSE"] },
  ],
  sources: [
    { label: "self.request.form", on: [REQUEST], attr: ["form", "cookies", "other", "URL", "ACTUAL_URL", "QUERY_STRING", "PATH_INFO", "BODY", "environ"] },
    { label: "self.request.get()", on: [REQUEST], method: ["get", "__getitem__", "get_header", "getHeader", "getURL", "get_cookie"] },
  ],
  sinks: [{ kind: "redirect", on: [RESPONSE], method: ["redirect"], args: [{ pos: 0, kw: "location" }] }],
  contentTypes: [{ on: [RESPONSE], method: ["setHeader"], header: { pos: 0, kw: "name" }, value: { pos: 1, kw: "value" } }],
  endpoints: [
    {
      framework: "zope",
      viewBases: VIEWS,
      viewMethods: ["__call__", "render", "update", "handle_apply", "handleApply"],
      params: "none",
      selfAttrs: [{ name: "request", type: REQUEST }],
      paramLabel: "request",
    },
  ],
};
