/**
 * Sends one Messages API request with our own retry policy. The SDK's retries are switched off
 * (`maxRetries: 0`): its waits cannot be capped or injected, and a `retry-after` of an hour would
 * stall a scan. Here: exponential backoff with jitter on 408/409/429/5xx/529, timeouts and
 * connection errors, honouring `retry-after` / `retry-after-ms` up to a cap.
 */
import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server-requested wait longer than this is cut to it. */
  maxRetryAfterMs: number;
  sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1); injectable so tests see exact delays. */
  random: () => number;
  now: () => number;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, "maxRetries"> = {
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
};

/** A request that failed for good. `fatal` means every further request would fail the same way. */
export class TriageRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly fatal: boolean,
  ) {
    super(message);
  }
}

export interface AttemptInfo {
  attempt: number;
  /** Milliseconds waited before this attempt (0 for the first). */
  waitedMs: number;
}

/** A client that never retries and never reads credentials from the environment on its own. */
export function createClient(apiKey: string, baseURL: string | undefined): Anthropic {
  return new Anthropic({
    apiKey,
    ...(baseURL ? { baseURL } : {}),
    maxRetries: 0,
    logLevel: "off",
  });
}

/**
 * Posts `body` to /v1/messages, retrying transient failures. Throws TriageRequestError with a
 * message that never contains the API key.
 */
export async function sendMessage(
  client: Anthropic,
  body: Anthropic.MessageCreateParamsNonStreaming,
  timeoutMs: number,
  policy: RetryPolicy,
  apiKey: string,
  onAttempt?: (info: AttemptInfo) => void,
  deadline?: number,
): Promise<Anthropic.Message> {
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    // the whole triage stage has a deadline (--triage-deadline): no attempt starts, or runs, past it
    const left = deadline === undefined ? Infinity : deadline - Date.now();
    if (left <= 0) throw new DeadlineError();
    onAttempt?.({ attempt, waitedMs: waited });
    try {
      return await client.messages.create(body, { timeout: Math.max(1, Math.min(timeoutMs, left)), maxRetries: 0 });
    } catch (err) {
      if (deadline !== undefined && Date.now() >= deadline) throw new DeadlineError();
      const failure = classify(err);
      const message = scrub(failure.message, apiKey);
      if (!failure.retryable || attempt >= policy.maxRetries) {
        const tries = attempt + 1;
        throw new TriageRequestError(`${message}${tries > 1 ? ` (after ${tries} attempts)` : ""}`, failure.status, failure.fatal);
      }
      const requested = retryAfterMs(failure.headers, policy.now());
      waited = requested !== undefined ? Math.min(requested, policy.maxRetryAfterMs) : backoffMs(attempt, policy);
      if (deadline !== undefined && Date.now() + waited >= deadline) throw new DeadlineError();
      await policy.sleep(waited);
    }
  }
}

/** The triage deadline passed before this request could get an answer. */
export class DeadlineError extends Error {
  constructor() {
    super("the triage deadline passed");
    this.name = "DeadlineError";
  }
}

/** Exponential backoff with "equal jitter": half the step is fixed, half random. */
export function backoffMs(attempt: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(step / 2 + (step / 2) * policy.random());
}

/**
 * The wait a response asks for: `retry-after-ms`, or `retry-after` in seconds or as an HTTP date.
 * Undefined when absent, unparsable or not positive.
 */
export function retryAfterMs(headers: Headers | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) {
    const v = Number(ms);
    if (v > 0) return Math.ceil(v);
  }
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) {
    const v = Number(value) * 1000;
    return v > 0 ? Math.ceil(v) : undefined;
  }
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  const delta = date - now;
  return delta > 0 ? delta : undefined;
}

interface Failure {
  message: string;
  status: number | undefined;
  retryable: boolean;
  fatal: boolean;
  headers?: Headers;
}

function classify(err: unknown): Failure {
  if (err instanceof APIConnectionError) {
    const timeout = err instanceof APIConnectionTimeoutError;
    return { message: timeout ? "request timed out" : `connection failed: ${err.message}`, status: undefined, retryable: true, fatal: false };
  }
  if (err instanceof APIError && typeof err.status === "number") {
    const status = err.status;
    const detail = [err.type, err.apiMessage].filter(Boolean).join(": ");
    const message = `HTTP ${status}${detail ? ` ${detail}` : ""}`;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    // a bad key, a forbidden account or an unknown model fails every request alike
    const fatal = status === 401 || status === 403 || status === 404;
    return { message, status, retryable, fatal, headers: err.headers ?? undefined };
  }
  return { message: err instanceof Error ? err.message : String(err), status: undefined, retryable: false, fatal: false };
}

/** Removes the API key from text that may end up in output. */
export function scrub(text: string, apiKey: string): string {
  return apiKey.length >= 4 ? text.split(apiKey).join("<api-key>") : text;
}
