/**
 * WebSockets in Flask through Flask-Sock (`@sock.route("/ws") def echo(ws)`) and simple-websocket
 * (`ws = simple_websocket.Server(request.environ)`): the connection's messages (`ws.receive()`) are the
 * client's. The connection is a source as a whole.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const SOCK = "flask_sock.Sock";

export const flaskSock: TaintModel = {
  name: "flask-sock",
  triggers: ["flask_sock", "simple_websocket"],
  types: [{ type: SOCK, class: ["flask_sock.Sock"] }],
  sources: [{ label: "websocket message", call: ["simple_websocket.Server", "simple_websocket.AioServer", "simple_websocket.Server.accept", "simple_websocket.AioServer.accept"] }],
  endpoints: [
    {
      framework: "flask-sock",
      requiresImport: ["flask_sock"],
      decorators: ["route"],
      appTypes: [SOCK],
      routeArg: { pos: 0, kw: "path" },
      params: "all",
      paramLabel: "websocket",
    },
  ],
};
