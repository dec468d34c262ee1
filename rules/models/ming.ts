/**
 * Ming, MongoDB's object-document mapper (TurboGears and Allura use it): a mapped class's `query` manager
 * (`Ticket.query.get(ticket_num=n)`, `Page.query.find({"title": t}).first()`, `Thread.query.remove({...})`) sends its
 * filter to the server as pymongo does, and what it returns — a document, a cursor of them, a count — is stored data,
 * not the filter that selected it: a ticket found by a request's number does not hold the number's taint.
 *
 * `query` is recognised on classes whose bases come from Ming (`MappedClass`, through the project's own base classes)
 * and, on values of unknown type, in files importing it.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const QUERY = "ming.Query";
const CURSOR = "ming.Cursor";
/** Manager methods whose arguments (a filter dict, or keyword filters) select documents. */
const FILTERS = ["find", "find_by", "get", "get_or_create", "remove", "find_and_modify", "find_one_and_update", "count"];

export const ming: TaintModel = {
  name: "ming",
  types: [
    { type: QUERY, untypedAttr: ["query"], requiresImport: ["ming"] },
    { type: CURSOR, on: [CURSOR], method: ["sort", "limit", "skip", "hint", "options"] },
  ],
  sinks: [
    { kind: "nosql", on: [QUERY], method: FILTERS, args: [{ pos: 0, mode: "rest" }] },
    // `update(spec, changes)`: the spec selects, the changes are written
    { kind: "nosql", on: [QUERY], method: ["update"], args: [{ pos: 0, kw: "spec" }] },
    // a spec dict's `$where` clause is JavaScript the server runs (keyword filters name fields, never `$where`)
    { kind: "nosql-script", on: [QUERY], method: ["find", "remove", "update", "find_and_modify", "count"], args: [{ pos: 0, kw: "spec", key: "$where" }] },
  ],
  propagators: [
    { on: [QUERY], method: ["find", "find_by"], result: "clean", returns: CURSOR },
    { on: [QUERY], method: ["get", "get_or_create", "find_and_modify", "find_one_and_update", "count"], result: "clean" },
    { on: [CURSOR], method: ["first", "one", "all", "count", "next"], result: "clean" },
  ],
};
