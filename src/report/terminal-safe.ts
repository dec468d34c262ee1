/**
 * Text for a terminal that scanned code cannot steer. Source lines, file names and messages quoting
 * them come from the repository; printed raw, an ESC or OSC sequence in them could recolour, hide or
 * rewrite what the user sees (clear a finding off the screen, forge a hyperlink, set the window title),
 * and bidirectional-override characters could reorder a line (Trojan Source). Every such character is
 * shown as a visible escape (`\x1b`, `\u202e`) instead.
 */

/** C0 controls except tab and newline, DEL, C1 controls, and the bidirectional embedding/override/isolate marks. */
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same plus newline: a file name with a line break would forge a line of the report. */
const UNSAFE_IN_PATH = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `text` with every control or bidi character replaced by its visible escape. */
export function escapeControls(text: string, keepNewlines = true): string {
  return text.replace(keepNewlines ? UNSAFE : UNSAFE_IN_PATH, visible);
}

const PATH_KEYS = new Set(["path", "uri", "file"]);

/**
 * A copy of `value` (plain objects and arrays, as in a ScanResult) whose strings are escaped; fields
 * named like paths lose their line breaks too. Other objects (Maps, Dates) are kept as they are.
 */
export function escapeDeep<T>(value: T, key = ""): T {
  if (typeof value === "string") return escapeControls(value, !PATH_KEYS.has(key)) as T;
  if (Array.isArray(value)) return value.map((v) => escapeDeep(v, key)) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = escapeDeep(v, k);
    return out as T;
  }
  return value;
}
