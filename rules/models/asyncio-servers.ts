/**
 * Network servers written on asyncio alone: the callback of `asyncio.start_server` /
 * `start_unix_server` reads the client's bytes from its `StreamReader` (its first parameter), and a
 * protocol class (`asyncio.Protocol`, `DatagramProtocol`) receives them in `data_received(data)` /
 * `datagram_received(data, addr)`. The writer and the transport are the server's own objects.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const START = ["asyncio.start_server", "asyncio.start_unix_server", "asyncio.streams.start_server", "asyncio.streams.start_unix_server"];
const PROTOCOLS = ["Protocol", "DatagramProtocol", "BufferedProtocol"].flatMap((c) => [`asyncio.${c}`, `asyncio.protocols.${c}`]);

export const asyncioServers: TaintModel = {
  name: "asyncio-servers",
  // not every file that imports asyncio: only those that start a server or define a protocol
  mentionTriggers: [...START, ...PROTOCOLS],
  endpoints: [
    {
      framework: "asyncio-streams",
      registrations: [{ call: START, view: { pos: 0, kw: "client_connected_cb" } }],
      // the reader as a whole: `await reader.read(n)`, `readline()`, `readuntil()`, `async for line in reader`
      params: "all",
      objects: [{ index: 1 }],
      paramLabel: "stream",
    },
    {
      framework: "asyncio-protocol",
      viewBases: PROTOCOLS,
      viewMethods: ["data_received", "datagram_received", "eof_received"],
      params: "all",
      paramLabel: "network data",
    },
  ],
};
