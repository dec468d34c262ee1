/**
 * What pysast knows about Claude models: list prices (USD per million tokens, from Anthropic's
 * pricing page as of 2026-10) and the request features each accepts. Update this table when
 * Anthropic changes prices; docs/triage.md shows it to users.
 */

export interface ModelPrices {
  input: number;
  output: number;
  /** Writing the prompt cache (5-minute entries, which `cache_control: ephemeral` creates). */
  cacheWrite: number;
  cacheRead: number;
}

export interface ModelInfo {
  id: string;
  prices: ModelPrices;
  /**
   * Whether `tool_choice: {type: "tool"}` is accepted. The 5.5 generation answers a forced tool
   * choice with HTTP 400, so those models get `auto` and the prompt asks for the tool call.
   */
  forcedToolChoice: boolean;
  /** Thinks before answering by default: the output budget must leave room for it. */
  thinks: boolean;
  /** `output_config.effort` to send, where the model documents it. */
  effort?: "low" | "medium";
}

/** The default `--triage-model`: the current Claude Sonnet. */
export const DEFAULT_MODEL = "claude-sonnet-5-5";

const p = (input: number, output: number, cacheWrite: number, cacheRead: number): ModelPrices => ({
  input,
  output,
  cacheWrite,
  cacheRead,
});

export const MODELS: readonly ModelInfo[] = [
  { id: "claude-sonnet-5-5", prices: p(2, 10, 2.5, 0.1), forcedToolChoice: false, thinks: true, effort: "medium" },
  { id: "claude-opus-5-5", prices: p(4, 20, 5, 0.2), forcedToolChoice: false, thinks: true, effort: "medium" },
  { id: "claude-haiku-5-5", prices: p(0.1, 0.5, 0.125, 0.01), forcedToolChoice: false, thinks: true },
  { id: "claude-fable-5-1", prices: p(10, 50, 12.5, 0.25), forcedToolChoice: false, thinks: true },
  { id: "claude-fable-5", prices: p(10, 50, 12.5, 1), forcedToolChoice: false, thinks: true },
  { id: "claude-sonnet-5", prices: p(2, 10, 2.5, 0.2), forcedToolChoice: true, thinks: true },
  { id: "claude-opus-5", prices: p(5, 25, 6.25, 0.5), forcedToolChoice: true, thinks: true },
  { id: "claude-opus-4-8", prices: p(5, 25, 6.25, 0.5), forcedToolChoice: true, thinks: false },
  { id: "claude-opus-4-7", prices: p(5, 25, 6.25, 0.5), forcedToolChoice: true, thinks: false },
  { id: "claude-opus-4-6", prices: p(5, 25, 6.25, 0.5), forcedToolChoice: true, thinks: false },
  { id: "claude-opus-4-5", prices: p(5, 25, 6.25, 0.5), forcedToolChoice: true, thinks: false },
  { id: "claude-sonnet-4-6", prices: p(3, 15, 3.75, 0.3), forcedToolChoice: true, thinks: false },
  { id: "claude-sonnet-4-5", prices: p(3, 15, 3.75, 0.3), forcedToolChoice: true, thinks: false },
  { id: "claude-haiku-4-5", prices: p(1, 5, 1.25, 0.1), forcedToolChoice: true, thinks: false },
];

/**
 * The entry for a model id, matching dated snapshots (`claude-sonnet-4-5-20250929`). An unknown
 * model gets no price and the settings that every model accepts.
 */
export function modelInfo(id: string): ModelInfo & { known: boolean } {
  const hit = MODELS.find((m) => id === m.id || (id.startsWith(`${m.id}-`) && /^-\d{8}$/.test(id.slice(m.id.length))));
  if (hit) return { ...hit, known: true };
  return { id, prices: p(0, 0, 0, 0), forcedToolChoice: false, thinks: true, known: false };
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** Estimated cost in USD of the given usage at the model's list prices. */
export function estimateCost(usage: TokenUsage, prices: ModelPrices): number {
  const usd =
    (usage.inputTokens * prices.input +
      usage.outputTokens * prices.output +
      usage.cacheWriteTokens * prices.cacheWrite +
      usage.cacheReadTokens * prices.cacheRead) /
    1_000_000;
  return Math.round(usd * 1_000_000) / 1_000_000;
}
