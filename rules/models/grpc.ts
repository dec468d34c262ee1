/**
 * gRPC servers (grpcio, also `grpc.aio`): a servicer class derives from the `<Service>Servicer` that
 * protoc generates into a `*_pb2_grpc` module, and each RPC is a method named after it
 * (`def GetUser(self, request, context)`). The request message is the client's; the context is the
 * server's. Details passed to `context.abort(...)` or `context.set_details(...)` are sent to the client.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const CONTEXT = "grpc.ServicerContext";

export const grpc: TaintModel = {
  name: "grpc",
  triggers: ["grpc"],
  types: [{ type: CONTEXT, class: ["grpc.ServicerContext", "grpc.aio.ServicerContext"] }],
  sinks: [
    { kind: "error-disclosure", on: [CONTEXT], method: ["abort"], args: [{ pos: 1, kw: "details" }] },
    { kind: "error-disclosure", on: [CONTEXT], method: ["set_details"], args: [{ pos: 0, kw: "details" }] },
  ],
  endpoints: [
    {
      framework: "grpc",
      // generated per service: `users_pb2_grpc.UserServiceServicer`, also imported from a package
      viewBasePattern: "(?:^|\\.)\\w+_pb2_grpc\\.\\w+Servicer$",
      // RPC names are CamelCase in the .proto; helpers of the class are not RPCs
      viewMethodPattern: "^[A-Z][A-Za-z0-9]*$",
      params: "all",
      objects: [{ names: ["context"], type: CONTEXT }, { index: 1, unannotated: true, type: CONTEXT }],
      objectAnnotations: [{ class: ["grpc.ServicerContext", "grpc.aio.ServicerContext"], type: CONTEXT }],
      paramLabel: "gRPC request message",
    },
  ],
};
