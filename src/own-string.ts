/**
 * A copy of `s` that keeps no other string alive. V8 answers `slice`, `substring` and regular-expression
 * captures of 13 characters or more with a view into the whole string they come from, so a name read from a
 * file's text (`PyNode.text`) holds the whole text for as long as the name lives. Tables that outlive the file
 * (memos keyed by names, kept for the whole scan on every thread) must store copies, or every file they ever saw
 * stays in memory: on saleor the pattern rules' memos held 828 test files' texts (15.7 MB) through phase 2 on the
 * worker that had run phase 1 on them (docs/architecture.md, session 19).
 */
export function ownString(s: string): string {
  // shorter slices are copies already; a concatenation is made flat (a new string) before it is sliced
  return s.length < 13 ? s : (" " + s).slice(1);
}
