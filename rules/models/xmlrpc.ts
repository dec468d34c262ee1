/**
 * XML-RPC servers of the standard library (`xmlrpc.server`, Python 2's `SimpleXMLRPCServer`): every
 * function published with `register_function` (also as a decorator) and every public method of an
 * object published with `register_instance` can be called by any client that reaches the port, with
 * arguments of the client's choosing. Their return values are marshalled as XML-RPC, not HTML.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const MODULES = ["xmlrpc.server", "SimpleXMLRPCServer", "DocXMLRPCServer"];
const SERVERS = ["SimpleXMLRPCServer", "CGIXMLRPCRequestHandler", "DocXMLRPCServer", "DocCGIXMLRPCRequestHandler", "MultiPathXMLRPCServer", "SimpleXMLRPCDispatcher"];
const SERVER = "xmlrpc.Server";

export const xmlrpc: TaintModel = {
  name: "xmlrpc",
  triggers: MODULES,
  types: [{ type: SERVER, class: SERVERS.flatMap((c) => [`xmlrpc.server.${c}`, `SimpleXMLRPCServer.${c}`, `DocXMLRPCServer.${c}`]) }],
  endpoints: [
    {
      framework: "xmlrpc",
      requiresImport: MODULES,
      appTypes: [SERVER],
      // `@server.register_function` and `@server.register_function(name="add")`
      decorators: ["register_function"],
      registrations: [
        { method: ["register_function"], view: { pos: 0, kw: "function" } },
        // the instance's methods are called by name; the dispatcher refuses names that start with `_`
        { method: ["register_instance"], view: { pos: 0, kw: "instance" } },
      ],
      viewMethodPattern: "^[A-Za-z]\\w*$",
      params: "all",
      paramLabel: "XML-RPC argument",
    },
  ],
};
