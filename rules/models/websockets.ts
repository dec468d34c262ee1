/**
 * The `websockets` library: a connection handler given to `serve(handler, host, port)` (asyncio,
 * threading or legacy API) receives the connection; the messages it reads from it — `await
 * websocket.recv()`, `async for message in websocket`, `websocket.recv()` in the threading API — and
 * the handshake request (`websocket.request.path`, headers; the legacy API's `path` argument) are the
 * client's. The connection parameter is therefore a source as a whole.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const SERVE = ["websockets.serve", "websockets.unix_serve", "websockets.server.serve", "websockets.server.unix_serve", "websockets.asyncio.server.serve", "websockets.asyncio.server.unix_serve", "websockets.sync.server.serve", "websockets.sync.server.unix_serve", "websockets.legacy.server.serve", "websockets.legacy.server.unix_serve"];

export const websockets: TaintModel = {
  name: "websockets",
  triggers: ["websockets"],
  endpoints: [
    {
      framework: "websockets",
      registrations: [{ call: SERVE, view: { pos: 0, kw: "handler" } }, { call: SERVE, view: { pos: 0, kw: "ws_handler" } }],
      params: "all",
      paramLabel: "WebSocket connection",
    },
  ],
};
