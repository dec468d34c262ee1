/**
 * GitHub-compatible `primaryLocationLineHash` values.
 *
 * GitHub's upload action fills in this fingerprint for results that lack one, and warns when a
 * tool's own value disagrees with its computation; computing the same value here keeps alerts
 * stable across uploads (and across tools that merge our SARIF).
 *
 * The scheme, as the upload action computes it:
 * - the file is read as UTF-16 code units; spaces and tabs are dropped; CR, LF and CRLF all become
 *   one LF (an LF right after a CR is dropped, unless a space or tab came between them);
 * - a marker unit 0xFFFF follows the last character, then zeros; the marker starts a final line
 *   of its own when the text is empty or ends with a line break;
 * - each line's hash is the polynomial Σ unit[s+i]·37^(99−i) over the 100 units starting at the
 *   line's first remaining unit s, modulo 2^64, written as unpadded lowercase hex;
 * - `:<n>` is appended, n counting the lines (up to and including this one) with the same hash.
 */

const WINDOW = 100;
const BASE = 37;
const END_MARKER = 0xffff;
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TWO_32 = 0x1_0000_0000;

/** The text as the hash sees it: kept code units (zero padded past the end) and where each line starts. */
interface HashStream {
  units: Uint16Array;
  /** Index into `units` of the first unit of each line, in line order. */
  lineStarts: number[];
}

function toHashStream(text: string): HashStream {
  // One slot for the end marker and a full window of zero padding after it.
  const units = new Uint16Array(text.length + 1 + WINDOW);
  const lineStarts: number[] = [];
  let length = 0;
  let atLineStart = true;
  let afterCR = false;
  for (let i = 0; i < text.length; i++) {
    let unit = text.charCodeAt(i);
    if (unit === SPACE || unit === TAB) {
      afterCR = false;
      continue;
    }
    if (unit === LF && afterCR) {
      afterCR = false;
      continue;
    }
    afterCR = unit === CR;
    if (afterCR) unit = LF;
    if (atLineStart) {
      lineStarts.push(length);
      atLineStart = false;
    }
    units[length++] = unit;
    if (unit === LF) atLineStart = true;
  }
  if (atLineStart) lineStarts.push(length);
  units[length] = END_MARKER;
  return { units, lineStarts };
}

/**
 * Unsigned 64-bit arithmetic on [high, low] 32-bit halves. Every factor used here stays below 2^21,
 * so `low * factor` is an exact double and the carry is exact.
 */
function multiplySmall(high: number, low: number, factor: number): [number, number] {
  const lowProduct = low * factor;
  const newLow = lowProduct >>> 0;
  const carry = (lowProduct - newLow) / TWO_32;
  return [(Math.imul(high, factor) + carry) >>> 0, newLow];
}

/** BASE^WINDOW mod 2^64: the weight a unit carries once it has slid out of the window. */
const OUTGOING_WEIGHT: [number, number] = (() => {
  let weight: [number, number] = [0, 1];
  for (let i = 0; i < WINDOW; i++) weight = multiplySmall(weight[0], weight[1], BASE);
  return weight;
})();

function toHex(high: number, low: number): string {
  return high === 0 ? low.toString(16) : high.toString(16) + low.toString(16).padStart(8, "0");
}

/** The 64-bit hash of each of the first `lines` lines, as high and low 32-bit halves. */
function rollingHashes(text: string, lines: number): { high: Uint32Array; low: Uint32Array; count: number } {
  const { units, lineStarts } = toHashStream(text);
  const count = Math.min(lines, lineStarts.length);
  const highs = new Uint32Array(count);
  const lows = new Uint32Array(count);
  const [outHigh, outLow] = OUTGOING_WEIGHT;
  let high = 0;
  let low = 0;
  let nextLine = 0;
  const lastWindowEnd = lineStarts[lineStarts.length - 1]! + WINDOW - 1;
  // the arithmetic of multiplySmall, inlined: this loop runs once per character of every file with findings
  for (let k = 0; k <= lastWindowEnd && nextLine < count; k++) {
    // Rolling update: shift in units[k], and drop units[k - WINDOW] with the weight it reached.
    const lowProduct = low * BASE;
    low = lowProduct >>> 0;
    high = (Math.imul(high, BASE) + (lowProduct - low) / TWO_32) >>> 0;
    low += units[k]!;
    if (low >= TWO_32) {
      low -= TWO_32;
      high = (high + 1) >>> 0;
    }
    if (k >= WINDOW) {
      const unit = units[k - WINDOW]!;
      const outProduct = outLow * unit;
      const dropLow = outProduct >>> 0;
      const dropHigh = (Math.imul(outHigh, unit) + (outProduct - dropLow) / TWO_32) >>> 0;
      const borrow = low < dropLow ? 1 : 0;
      low = (low - dropLow + borrow * TWO_32) >>> 0;
      high = (high - dropHigh - borrow) >>> 0;
    }
    if (lineStarts[nextLine] === k - (WINDOW - 1)) {
      highs[nextLine] = high;
      lows[nextLine] = low;
      nextLine++;
    }
  }
  return { high: highs, low: lows, count };
}

/** GitHub `primaryLocationLineHash` of every line of `text`; index = 0-based line. */
export function computeLineHashes(text: string): string[] {
  const { high, low, count } = rollingHashes(text, Infinity);
  const hashes: string[] = [];
  const seen = new Map<string, number>();
  for (let line = 0; line < count; line++) {
    const hex = toHex(high[line]!, low[line]!);
    const occurrence = (seen.get(hex) ?? 0) + 1;
    seen.set(hex, occurrence);
    hashes.push(`${hex}:${occurrence}`);
  }
  return hashes;
}

/** The `primaryLocationLineHash` of some 0-based lines of `text` (lines past its end are left out): only those lines' values are built. */
export function lineHashesAt(text: string, lines: readonly number[]): Map<number, string> {
  const { high, low, count } = rollingHashes(text, Math.max(-1, ...lines) + 1);
  const out = new Map<number, string>();
  for (const line of lines) {
    if (line < 0 || line >= count || out.has(line)) continue;
    let occurrence = 0;
    for (let j = 0; j <= line; j++) if (high[j] === high[line] && low[j] === low[line]) occurrence++;
    out.set(line, `${toHex(high[line]!, low[line]!)}:${occurrence}`);
  }
  return out;
}

/** The `primaryLocationLineHash` of one 1-based line of `text`. */
export function fingerprintFor(text: string, line1Based: number): string {
  const hashes = computeLineHashes(text);
  const hash = hashes[line1Based - 1];
  if (hash === undefined) {
    throw new RangeError(`line ${line1Based} is outside the text (it has ${hashes.length} lines)`);
  }
  return hash;
}

/**
 * Line hashes of a file's raw bytes decoded the way GitHub's uploader reads them: UTF-8 whatever the
 * file declares, a BOM kept as a character, malformed bytes as U+FFFD.
 */
export function computeLineHashesForBytes(bytes: Uint8Array): string[] {
  return computeLineHashes(decodeAsUploader(bytes));
}

/** `lineHashesAt` over a file's raw bytes, decoded as `computeLineHashesForBytes` does. */
export function lineHashesAtBytes(bytes: Uint8Array, lines: readonly number[]): Map<number, string> {
  return lineHashesAt(decodeAsUploader(bytes), lines);
}

function decodeAsUploader(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
}
