/**
 * Socket.IO servers: Flask-SocketIO and python-socketio. An event handler receives what the client
 * emitted, so every parameter is input, except python-socketio's `sid` (the server's own id for the
 * connection). Handlers are registered with `@socketio.on("event")`, `@sio.event`, `sio.on("event",
 * handler)`, `socketio.on_event("event", handler)`, or as `on_<event>` methods of a `Namespace`
 * subclass. In a Flask-SocketIO handler, `flask.request` is the handshake request, as Flask's model
 * describes it.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const SERVER = "socketio.Server";

export const socketio: TaintModel = {
  name: "socketio",
  triggers: ["flask_socketio", "socketio"],
  types: [
    {
      type: SERVER,
      class: ["flask_socketio.SocketIO", "socketio.Server", "socketio.AsyncServer", "socketio.server.Server", "socketio.async_server.AsyncServer"],
    },
  ],
  endpoints: [
    {
      framework: "socketio",
      decorators: ["on", "event"],
      appTypes: [SERVER],
      requiresImport: ["flask_socketio", "socketio"],
      registrations: [{ method: ["on", "on_event"], route: { pos: 0, kw: "event" }, view: { pos: 1, kw: "handler" } }],
      viewBases: ["flask_socketio.Namespace", "socketio.Namespace", "socketio.AsyncNamespace", "socketio.namespace.Namespace", "socketio.async_namespace.AsyncNamespace"],
      viewMethodPattern: "^on_\\w+$",
      params: "all",
      objects: [{ names: ["sid"] }],
      paramLabel: "Socket.IO event argument",
      // an event name is not a URL: nothing of the handshake request is fixed by it
      routeSyntax: [],
    },
  ],
};
