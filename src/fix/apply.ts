/**
 * `--fix`: choosing the fixes to apply, and writing fixed files. This is the one place where pysast
 * writes a scanned file, so it is careful: only files inside the scan root (symlinks resolved), only
 * when the bytes on disk still decode to exactly the text the scan analysed, in the file's own
 * encoding (BOM, PEP 263 cookie) and never when decoding had to replace bytes, atomically (a
 * temporary file in the same folder renamed over the original, its mode kept).
 */
import { randomBytes } from "node:crypto";
import { readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative } from "node:path";
import { decodeSource, encodeSource, sourceEncoding } from "../read-source.js";
import type { Finding } from "../types.js";
import { applyEdits, pickCompatible } from "./edits.js";

/** The fixes `--fix` applies: verified, on unsuppressed findings, safe ones (and unsafe with `--unsafe-fixes`). */
export function applicable(findings: readonly Finding[], unsafe: boolean): Finding[] {
  return findings.filter((f) => f.fix && !f.suppression && (f.fix.safety === "safe" || unsafe));
}

export interface FilePlan {
  path: string;
  /** The findings whose fixes are applied in this pass. */
  fixed: Finding[];
  /** Findings whose fixes overlap one applied in this pass: they wait for the next pass. */
  deferred: Finding[];
  before: string;
  after: string;
}

/** Per file, the fixes that can be applied together (in finding order) and the text they produce. */
export function planFixes(findings: readonly Finding[], textOf: (path: string) => string | undefined): FilePlan[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
  const plans: FilePlan[] = [];
  for (const [path, list] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const before = textOf(path);
    if (before === undefined) continue;
    const { picked, deferred } = pickCompatible(list, (f) => f.fix!.edits);
    plans.push({ path, fixed: picked, deferred, before, after: applyEdits(before, picked.flatMap((f) => f.fix!.edits)) });
  }
  return plans;
}

/** Writes one fixed file; returns why it was not written, or undefined on success. */
export function writeFixedFile(root: string, plan: FilePlan): string | undefined {
  let target: string;
  try {
    target = realpathSync(join(root, plan.path));
  } catch (err) {
    return `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  const rel = relative(realpathSync(root), target);
  if (rel.startsWith("..") || isAbsolute(rel)) return "resolves to a place outside the scan root";
  const bytes = readFileSync(target);
  const decoded = decodeSource(bytes, plan.path);
  if (decoded.text !== plan.before) return "changed since pysast read it; scan again";
  if (decoded.notifications.some((n) => n.kind === "decode-error")) return "has bytes that do not decode in its encoding, which a rewrite would lose";
  const encoding = sourceEncoding(bytes);
  const encoded = encodeSource(plan.after, encoding);
  if (!encoded) return `the fixed text cannot be written in the file's encoding (${encoding.label})`;
  const temp = join(dirname(target), `.${basename(target)}.pysast-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  try {
    writeFileSync(temp, encoded, { flag: "wx", mode: statSync(target).mode & 0o7777 });
    // the last look before replacing: an editor may have saved the file while pysast was working
    if (!Buffer.from(readFileSync(target)).equals(Buffer.from(bytes))) {
      unlinkSync(temp);
      return "changed since pysast read it; scan again";
    }
    renameSync(temp, target);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // the temporary file was never created or is already gone
    }
    return `could not be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  return undefined;
}
