/**
 * Django Channels consumers: what a WebSocket client sends arrives as the arguments of `receive`
 * (`text_data`, `bytes_data`), `receive_json` (the decoded document) and the low-level
 * `websocket_receive(event)`; an `AsyncHttpConsumer`'s `handle(body)` gets the request body. Messages
 * a consumer's group handlers receive (`chat_message(self, event)`) come from the server's own
 * `group_send`, so they are not entry points.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const WS = "channels.generic.websocket";

export const channels: TaintModel = {
  name: "channels",
  triggers: ["channels"],
  endpoints: [
    {
      framework: "channels",
      viewBases: [
        `${WS}.WebsocketConsumer`,
        `${WS}.AsyncWebsocketConsumer`,
        `${WS}.JsonWebsocketConsumer`,
        `${WS}.AsyncJsonWebsocketConsumer`,
        "channels.generic.http.AsyncHttpConsumer",
        "channels.consumer.SyncConsumer",
        "channels.consumer.AsyncConsumer",
      ],
      viewMethods: ["receive", "receive_json", "websocket_receive", "handle"],
      params: "all",
      paramLabel: "WebSocket message",
    },
  ],
};
