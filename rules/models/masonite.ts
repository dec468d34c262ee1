/**
 * Masonite: controllers (`class UsersController(Controller)`) whose public methods the routes name
 * (`Route.get("/users/@id", "UsersController@show")`); the container injects what the parameters'
 * annotations ask for, and the `Request` holds the input: `request.input("name")`, `request.all()`,
 * `request.param("id")` (a URL segment), headers and cookies.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const REQUEST = "masonite.Request";
const RESPONSE = "masonite.Response";
const REQUEST_CLASSES = ["masonite.request.Request", "masonite.request.request.Request"];

export const masonite: TaintModel = {
  name: "masonite",
  triggers: ["masonite"],
  types: [
    { type: REQUEST, class: REQUEST_CLASSES },
    { type: RESPONSE, class: ["masonite.response.Response", "masonite.response.response.Response"] },
  ],
  sources: [
    { label: "request.input()", on: [REQUEST], method: ["input", "all", "only", "param", "get_path", "get_request_method", "cookie", "get_cookie", "header", "get_header", "get_subdomain"] },
  ],
  sinks: [
    { kind: "redirect", on: [RESPONSE], method: ["redirect"], args: [{ pos: 0, kw: "location" }, { kw: "url" }] },
    { kind: "path", on: [RESPONSE], method: ["download"], args: [{ pos: 1, kw: "location" }] },
  ],
  endpoints: [
    {
      framework: "masonite",
      requiresImport: ["masonite"],
      viewBases: ["masonite.controllers.Controller", "masonite.controllers.Controller.Controller"],
      viewMethodPattern: "^(?!_)\\w+$",
      // everything a controller method receives comes from the container: the input is read from the request
      params: "none",
      objectAnnotations: [
        { class: REQUEST_CLASSES, type: REQUEST },
        { class: ["masonite.response.Response", "masonite.response.response.Response"], type: RESPONSE },
      ],
      paramLabel: "request",
    },
  ],
};
