/**
 * A local stand-in for `POST /v1/messages` on 127.0.0.1 (node:http, random port), so the real SDK
 * talks real HTTP in tests. It records every request, tracks how many are in flight at once, and
 * answers through a per-test handler.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  /** The key as sent, from `x-api-key` or `Authorization: Bearer`. */
  apiKey: string | undefined;
}

export interface MockReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Wait this long before answering (to outlast a client timeout or to overlap requests). */
  delayMs?: number;
}

export type MockHandler = (req: CapturedRequest, index: number) => MockReply | Promise<MockReply>;

export interface MockAnthropic {
  url: string;
  requests: CapturedRequest[];
  /** Highest number of requests seen in flight at the same time. */
  readonly maxInFlight: number;
  setHandler(handler: MockHandler): void;
  close(): Promise<void>;
}

/** One finding section of a request, as the mock reads it back from the user message. */
export interface SentFinding {
  id: string;
  ruleId: string;
  line: number;
  /** The line of the data-flow source in the finding's file, when the finding has a trace. */
  sourceLine?: number;
  text: string;
}

/** `1. source at L10: ...` in a finding section: what a reviewer cites to explain a false positive. */
function sourceLineOf(part: string): { sourceLine?: number } {
  const m = /^\s*1\. source at L(\d+):/m.exec(part);
  return m ? { sourceLine: Number(m[1]) } : {};
}

/** Starts the mock. Requests without `expectedKey` (when given) get 401 echoing the key they sent. */
export async function startMockAnthropic(handler: MockHandler, expectedKey?: string): Promise<MockAnthropic> {
  let current = handler;
  const requests: CapturedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let finished = false;
    const done = () => {
      if (!finished) {
        finished = true;
        inFlight--;
      }
    };
    res.on("close", done);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const auth = req.headers.authorization;
      const apiKey = (req.headers["x-api-key"] as string | undefined) ?? (auth?.startsWith("Bearer ") ? auth.slice(7) : undefined);
      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
      const captured: CapturedRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, rawBody, body, apiKey };
      const index = requests.length;
      requests.push(captured);
      let reply: MockReply;
      if (req.method !== "POST" || !req.url?.startsWith("/v1/messages")) {
        reply = errorReply(404, "not_found_error", `no route ${req.method} ${req.url}`);
      } else if (expectedKey !== undefined && apiKey !== expectedKey) {
        // echoes what it got, so a test can prove the client scrubs keys out of error messages
        reply = errorReply(401, "authentication_error", `invalid x-api-key: ${apiKey ?? "(none)"}`);
      } else {
        reply = await current(captured, index);
      }
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (res.destroyed) return;
      res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
      res.end(JSON.stringify(reply.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    setHandler(h) {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The finding sections of a request body's user message. */
export function sentFindings(body: { messages: { content: string }[] }): SentFinding[] {
  const text = body.messages[0]!.content;
  const parts = text.split(/^### Finding /m).slice(1);
  return parts.map((part) => ({
    id: /^(F\d+)/.exec(part)![1]!,
    ruleId: /- rule: `([^`]+)`/.exec(part)![1]!,
    line: Number(/- location: line (\d+)/.exec(part)![1]),
    // the first data-flow step (the source): what a reviewer cites to explain a false positive
    ...sourceLineOf(part),
    text: part,
  }));
}

/** An API error response in the Messages API's shape. */
export function errorReply(status: number, type: string, message: string, headers: Record<string, string> = {}): MockReply {
  return { status, headers, body: { type: "error", error: { type, message } } };
}

/** A successful response whose only content block is the given tool call input. */
export function toolCallReply(model: string, input: unknown, usage: Partial<Record<string, number>> = {}): MockReply {
  return {
    body: {
      id: "msg_mock",
      type: "message",
      role: "assistant",
      model,
      content: [{ type: "tool_use", id: "toolu_mock", name: "record_triage", input }],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 1000, output_tokens: 200, cache_creation_input_tokens: 0, cache_read_input_tokens: 3000, ...usage },
    },
  };
}

export interface Decision {
  verdict: "true_positive" | "false_positive" | "uncertain";
  confidence: number;
  severity?: "error" | "warning" | "note";
  patch?: string;
  /** The reasoning to send (default: cites the source line, if any, and the finding's line). */
  reasoning?: string;
}

/**
 * A handler that answers every finding of a request through `decide`, listing the answers in
 * reverse order so the client has to map them back by id.
 */
export function answering(decide: (f: SentFinding) => Decision, usage?: Partial<Record<string, number>>): MockHandler {
  return (req) => {
    const entries = sentFindings(req.body).map((f) => {
      const d = decide(f);
      return {
        id: f.id,
        reasoning: d.reasoning ?? `${f.sourceLine !== undefined ? `L${f.sourceLine}, ` : ""}L${f.line}: ${d.verdict} for ${f.ruleId}.`,
        verdict: d.verdict,
        confidence: d.confidence,
        ...(d.severity ? { severity: d.severity } : {}),
        remediation: `Fix line ${f.line}.`,
        ...(d.patch ? { patch: d.patch } : {}),
      };
    });
    return toolCallReply(req.body.model, { findings: entries.reverse() }, usage);
  };
}
