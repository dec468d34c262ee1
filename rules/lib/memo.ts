/**
 * Remembers the answers of a pure function of a string. Rules ask the same questions about the same
 * names in every file (is this path for development? is `SECRET_KEY` a signing key? is `password` a
 * credential name?), thousands of times per scan; each answer costs a few regular-expression splits.
 * Past `limit` different strings it forgets them all, so memory stays bounded on any project.
 * An `undefined` answer (most names are no credential) is remembered as a marker, so a repeated
 * question costs one map lookup whatever the answer. A key is stored as its own copy (`ownString`): the names
 * asked about are slices of files' texts, which the memo would otherwise keep alive after their files are done.
 */
import { ownString } from "../../src/own-string.js";

const UNDEFINED = Symbol("undefined");

export function remembered<T>(fn: (s: string) => T, limit = 20_000): (s: string) => T {
  const known = new Map<string, T | typeof UNDEFINED>();
  return (s) => {
    const hit = known.get(s);
    if (hit !== undefined) return (hit === UNDEFINED ? undefined : hit) as T;
    const answer = fn(s);
    if (known.size >= limit) known.clear();
    known.set(ownString(s), answer === undefined ? UNDEFINED : answer);
    return answer;
  };
}
