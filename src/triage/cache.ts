/**
 * The verdict cache, content-addressed: the key is a sha256 over the prompt version and digest, the
 * model, the tool schema, the rule and the redacted context that would be sent. Entries live in the
 * authenticated cache store (src/cache-store.ts), so a verdict is reused only when pysast wrote it on
 * this machine: a committed or copied cache cannot choose verdicts. Entries hold only the verdict,
 * never credentials.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { openCacheStore, type CacheEnv, type CacheStore } from "../cache-store.js";
import { VerdictSchema, type Verdict } from "./answer.js";

/** The store namespace; v1 entries (plain JSON under `triage-v1/`) carried no authentication and are never read. */
export const TRIAGE_NAMESPACE = "triage-v2";

const EntrySchema = z.object({
  key: z.string(),
  model: z.string(),
  promptVersion: z.string(),
  ruleId: z.string(),
  verdict: VerdictSchema,
});

export interface CacheEntry {
  key: string;
  model: string;
  promptVersion: string;
  ruleId: string;
  verdict: Verdict;
}

/** The content address of a finding's request section. */
export function cacheKey(parts: unknown): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

export class VerdictCache {
  private readonly store: CacheStore | null;

  constructor(
    /** Absolute directory, or null for no cache. */
    readonly dir: string | null,
    /** Where the per-user cache key lives (the user's cache root). */
    secretDir?: string,
    env?: CacheEnv,
  ) {
    this.store = dir === null ? null : openCacheStore({ dir, namespace: TRIAGE_NAMESPACE, ...(secretDir ? { secretDir } : {}), ...(env ? { env } : {}) });
  }

  /** The stored verdict, or undefined when absent, unreadable, malformed or not written by pysast here. */
  get(key: string): CacheEntry | undefined {
    const parsed = EntrySchema.safeParse(this.store?.getJson(key));
    if (!parsed.success || parsed.data.key !== key) return undefined;
    return parsed.data as CacheEntry;
  }

  /** Stores an entry; a failure only costs a future request, so it is reported through `notices()`, not thrown. */
  put(entry: CacheEntry): void {
    this.store?.putJson(entry.key, entry);
  }

  /** Problems met so far (a folder that is a link or a file, entries that failed authentication, write errors). */
  notices(): string[] {
    return this.store?.notices() ?? [];
  }
}
