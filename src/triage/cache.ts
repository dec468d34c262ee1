/**
 * On-disk cache of verdicts, content-addressed: the key is a sha256 over the prompt version and
 * digest, the model, the tool schema, the rule and the redacted context that would be sent. Entries
 * are written atomically (temp file + rename) and hold only the verdict, never credentials.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { VerdictSchema, type Verdict } from "./answer.js";

const LAYOUT = "triage-v1";

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
  constructor(
    /** Absolute directory, or null for no cache. */
    readonly dir: string | null,
  ) {}

  private file(key: string): string {
    return join(this.dir!, LAYOUT, key.slice(0, 2), `${key}.json`);
  }

  /** The stored verdict, or undefined when absent, unreadable or malformed. */
  get(key: string): CacheEntry | undefined {
    if (!this.dir) return undefined;
    try {
      const parsed = EntrySchema.safeParse(JSON.parse(readFileSync(this.file(key), "utf8")));
      if (!parsed.success || parsed.data.key !== key) return undefined;
      return parsed.data as CacheEntry;
    } catch {
      return undefined;
    }
  }

  /** Stores an entry; a failure to write only costs a future request, so it is reported, not thrown. */
  put(entry: CacheEntry): string | undefined {
    if (!this.dir) return undefined;
    const target = this.file(entry.key);
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      this.ensureDir(join(this.dir, LAYOUT, entry.key.slice(0, 2)));
      writeFileSync(tmp, JSON.stringify(entry, null, 2) + "\n", { mode: 0o600 });
      renameSync(tmp, target);
      return undefined;
    } catch (err) {
      rmSync(tmp, { force: true });
      return `cannot write triage cache entry under ${this.dir}: ${(err as Error).message}`;
    }
  }

  private ensureDir(dir: string): void {
    if (existsSync(dir)) return;
    const fresh = !existsSync(this.dir!);
    mkdirSync(dir, { recursive: true });
    // keep the cache out of commits without asking users to edit their .gitignore
    if (fresh) writeFileSync(join(this.dir!, ".gitignore"), "*\n");
  }
}
