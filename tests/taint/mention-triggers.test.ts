import { describe, expect, it } from "vitest";
import { MODELS } from "../../rules/models/index.js";
import { TaintProject } from "../../src/taint/index.js";
import { dedent, KIND_RULES, parseFile } from "./harness.js";

/**
 * Phase 2 analyses the files that can hold a flow: those importing a model's trigger. A library nearly every
 * file imports (`asyncio`) is named by what a server uses of it instead (`mentionTriggers`): a file counts when
 * it imports the name, or its module and mentions the name. A framework's own modules (the standard library
 * scanned as a project) are its implementation: neither its protocol classes nor its `start_server` make them
 * candidates.
 */
async function planned(files: Record<string, string>): Promise<string[]> {
  const project = new TaintProject(KIND_RULES, { includeLocalSources: false, models: MODELS });
  for (const [path, src] of Object.entries(files)) project.addFile(await parseFile(path, dedent(src)));
  return project.plan().flatMap((s) => s.paths).sort();
}

const WORKER = `
  import asyncio

  async def crunch(jobs):
      results = await asyncio.gather(*(job.run() for job in jobs))
      return sum(results)
`;

describe("relevance by what a file uses of a library", () => {
  it("a module that imports asyncio only to run coroutines is not analysed; one that starts a server or defines a protocol is", async () => {
    expect(
      await planned({
        "jobs/worker.py": WORKER,
        "jobs/server.py": `
          import asyncio
          import subprocess

          async def handle(reader, writer):
              line = await reader.readline()
              subprocess.run(line.decode(), shell=True)

          async def main():
              await asyncio.start_server(handle, "0.0.0.0", 9000)
        `,
        "jobs/syslog.py": `
          from asyncio import DatagramProtocol
          import os

          class Collector(DatagramProtocol):
              def datagram_received(self, data, addr):
                  os.system("logger " + data.decode())
        `,
      }),
    ).toEqual(["jobs/server.py", "jobs/syslog.py"]);
  });

  it("the library's own modules are not candidates, nor are protocol classes they define", async () => {
    expect(
      await planned({
        "asyncio/protocols.py": `
          class BaseProtocol:
              pass

          class Protocol(BaseProtocol):
              def data_received(self, data):
                  pass
        `,
        "asyncio/sslproto.py": `
          import asyncio
          from . import protocols

          class SSLProtocol(protocols.Protocol):
              def data_received(self, data):
                  self._incoming.write(data)

          async def start_server(cb):
              return await asyncio.start_server(cb)
        `,
        "jobs/worker.py": WORKER,
      }),
    ).toEqual([]);
  });
});
