/** Pure operations on text edits: ordering, overlap, application, offset mapping, unified diffs. */
import { createTwoFilesPatch } from "diff";
import { regionOf, SourceText } from "../parse/ast.js";
import type { LocatedEdit, TextEdit } from "./types.js";

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.start === b.start && a.end === b.end && a.text === b.text;
}

/** Two edits conflict when their ranges overlap, or when both insert different text at one offset. */
export function editsConflict(a: TextEdit, b: TextEdit): boolean {
  if (sameEdit(a, b)) return false;
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return b.start < a.start && a.start < b.end;
  if (b.start === b.end) return a.start < b.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/**
 * Sorts edits and drops exact duplicates (two fixes adding the same import); returns undefined when
 * two edits conflict, because merging them blindly could produce code nobody wrote.
 */
export function normalizeEdits(edits: readonly TextEdit[]): TextEdit[] | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const out: TextEdit[] = [];
  for (const e of sorted) {
    if (out.some((o) => sameEdit(o, e))) continue;
    if (out.some((o) => editsConflict(o, e))) return undefined;
    out.push(e);
  }
  return out;
}

/** Applies non-conflicting edits to `text` (throws on a conflict: callers normalise first). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = normalizeEdits(edits);
  if (!sorted) throw new Error("conflicting edits");
  let out = "";
  let at = 0;
  for (const e of sorted) {
    if (e.start < at || e.end > text.length || e.start > e.end) throw new Error(`edit out of range: ${e.start}-${e.end}`);
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * Maps an offset of the original text to the patched text. An offset inside a replaced range maps
 * to the start of the replacement (to its end with `bias: "end"`); an insertion at the offset
 * itself stays before it.
 */
export function mapOffset(offset: number, edits: readonly TextEdit[], bias: "start" | "end" = "start"): number {
  let delta = 0;
  for (const e of edits) {
    if (e.end <= offset && !(e.start === e.end && e.start === offset)) delta += e.text.length - (e.end - e.start);
    else if (e.start < offset && offset < e.end) return e.start + delta + (bias === "end" ? e.text.length : 0);
  }
  return offset + delta;
}

/**
 * Picks, in order, the fixes whose edits conflict with none picked before; the others wait for a
 * second pass over the patched text. Each fix is a list of edits.
 */
export function pickCompatible<T>(fixes: readonly T[], editsOf: (fix: T) => readonly TextEdit[]): { picked: T[]; deferred: T[] } {
  const picked: T[] = [];
  const deferred: T[] = [];
  const taken: TextEdit[] = [];
  for (const fix of fixes) {
    const edits = editsOf(fix);
    if (normalizeEdits(edits) && edits.every((e) => taken.every((t) => !editsConflict(t, e)))) {
      picked.push(fix);
      taken.push(...edits);
    } else deferred.push(fix);
  }
  return { picked, deferred };
}

/** The edits with their 1-based regions in `text` (SARIF `deletedRegion`). */
export function locateEdits(text: string, edits: readonly TextEdit[], src: SourceText = new SourceText(text)): LocatedEdit[] {
  return (normalizeEdits(edits) ?? [...edits]).map((e) => ({ ...e, region: regionOf(src, e.start, e.end) }));
}

/** A unified diff of one file (`a/path`, `b/path` headers as git writes them), or "" when nothing changed. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return "";
  const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });
  // the library writes an "Index:"-less header starting with "===": keep only the ---/+++ lines and hunks
  return patch
    .split("\n")
    .filter((line) => !/^={10,}$/.test(line))
    .join("\n");
}

/** The line ending a file mostly uses ("\r\n", "\r" or "\n"), so inserted lines match their neighbours. */
export function lineEnding(text: string): string {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length;
  if (crlf > lf && crlf >= cr) return "\r\n";
  if (cr > lf && cr > crlf) return "\r";
  return "\n";
}
