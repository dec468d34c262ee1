/**
 * Reads a discovered file as Python source text, decoding it the way CPython does: UTF-8 by default,
 * a UTF-8 BOM stripped, a PEP 263 coding line honoured. Bad bytes never stop a scan: the file is
 * analysed with U+FFFD replacement characters and gets a notification; binary content yields no text.
 */
import { readFileSync } from "node:fs";
import { binaryFileNotification, readErrorNotification, type DiscoveredFile } from "./discover.js";
import type { Notification } from "./types.js";

export interface SourceRead {
  /** The decoded text (BOM removed), or null when the file could not be read or is binary. */
  text: string | null;
  notifications: Notification[];
}

/**
 * Reads and decodes one file (`onBytes` sees the bytes read, e.g. to hash them); file-system errors become a "read-error" notification, never an exception.
 * Synchronous on purpose: a scan reads one file after another, and awaiting each read left the thread
 * idle for longer than the reads took.
 */
export function readSource(file: DiscoveredFile, onBytes?: (bytes: Buffer) => void): SourceRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file.abs);
  } catch (err) {
    return { text: null, notifications: [readErrorNotification(file.rel, "file", err)] };
  }
  onBytes?.(bytes);
  return decodeSource(bytes, file.rel);
}

/** Decodes source bytes (pure and synchronous, for callers that already hold the bytes); `rel` names the file in notifications. */
export function decodeSource(bytes: Uint8Array, rel: string): SourceRead {
  // CPython refuses source with NUL bytes; a file can also turn binary between discovery and reading.
  if (bytes.includes(0)) return { text: null, notifications: [binaryFileNotification(rel)] };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return withReport(decode(UTF8, bytes.subarray(3)), rel, "UTF-8");
  }
  const declared = codingCookie(bytes);
  if (declared === undefined) return withReport(decode(UTF8, bytes), rel, "UTF-8");
  const label = decoderLabel(declared);
  if (label !== undefined) return withReport(decode(label, bytes), rel, declared);
  const decoded = decode(UTF8, bytes);
  if (!bytes.some((b) => b >= 0x80)) return { text: decoded.text, notifications: [] };
  const replaced =
    decoded.badLine === undefined ? "" : `, with replacement characters (U+FFFD) from line ${decoded.badLine}`;
  return {
    text: decoded.text,
    notifications: [
      {
        kind: "decode-error",
        level: "warning",
        path: rel,
        line: 1,
        message: `${rel} declares the encoding "${declared}", which pysast cannot decode; it was analysed as UTF-8${replaced}: save the file as UTF-8 to analyse it exactly`,
      },
    ],
  };
}

/**
 * How a file's bytes are encoded, as `decodeSource` reads them: "utf-8" (with `bom` when it starts
 * with one), "latin1", "cp1252", or another decoder label that pysast reads but cannot write back.
 */
export function sourceEncoding(bytes: Uint8Array): { label: string; bom: boolean } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { label: UTF8, bom: true };
  const declared = codingCookie(bytes);
  return { label: declared === undefined ? UTF8 : decoderLabel(declared) ?? UTF8, bom: false };
}

/** Encodes text for a file of `encoding` (see `sourceEncoding`); undefined when a character cannot be written in it. */
export function encodeSource(text: string, encoding: { label: string; bom: boolean }): Uint8Array | undefined {
  if (encoding.label === UTF8) {
    const body = Buffer.from(text, "utf8");
    return encoding.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
  }
  if (encoding.label === LATIN1) return /[^\u0000-\u00ff]/.test(text) ? undefined : Buffer.from(text, "latin1");
  if (encoding.label === CP1252) {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const high = CP1252_HIGH.indexOf(text[i]!);
      if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) out[i] = code;
      else if (high >= 0 && text[i] !== "\ufffd") out[i] = 0x80 + high;
      else return undefined;
    }
    return out;
  }
  return undefined;
}

const UTF8 = "utf-8";
/** Marker for true ISO-8859-1: TextDecoder maps every latin-1 label to windows-1252, which differs in 0x80–0x9F. */
const LATIN1 = "latin1";

/**
 * Marker for windows-1252: Node 20's TextDecoder decodes it as latin-1 (0x80 → U+0080, not €), so it gets
 * its own table. Bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined in cp1252 (Python rejects them).
 */
const CP1252 = "cp1252";
const CP1252_HIGH = [
  "\u20ac", "\ufffd", "\u201a", "\u0192", "\u201e", "\u2026", "\u2020", "\u2021",
  "\u02c6", "\u2030", "\u0160", "\u2039", "\u0152", "\ufffd", "\u017d", "\ufffd",
  "\ufffd", "\u2018", "\u2019", "\u201c", "\u201d", "\u2022", "\u2013", "\u2014",
  "\u02dc", "\u2122", "\u0161", "\u203a", "\u0153", "\ufffd", "\u017e", "\u0178",
];

/** Python's names for latin-1 after lower-casing and "_" → "-". */
const LATIN1_NAMES = new Set([
  "latin-1", "latin1", "latin", "l1", "iso-8859-1", "iso8859-1", "iso8859", "8859", "cp819", "ibm819",
  "iso-ir-100", "csisolatin1", "iso-latin-1", "iso-8859-1-1987",
]);
/** ASCII is a subset of UTF-8; TextDecoder would wrongly treat these labels as windows-1252. */
const ASCII_NAMES = new Set(["ascii", "us-ascii", "646", "us"]);

/** The PEP 263 declaration on line 1, or on line 2 when line 1 is blank or a comment. */
function codingCookie(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 2048)).toString("latin1");
  const [first = "", second = ""] = head.split("\n", 2);
  const cookie = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
  const onFirst = cookie.exec(first);
  if (onFirst) return onFirst[1];
  if (!/^[ \t\f]*(?:#.*)?\r?$/.test(first)) return undefined;
  return cookie.exec(second)?.[1];
}

/** Maps a Python codec name to a TextDecoder label (or LATIN1); undefined when no decoder exists. */
function decoderLabel(declared: string): string | undefined {
  const name = declared.toLowerCase().replace(/_/g, "-");
  if (/^utf-?8(-|$)/.test(name)) return UTF8;
  if (LATIN1_NAMES.has(name) || /^(latin-1|iso-8859-1|iso-latin-1)-/.test(name)) return LATIN1;
  if (ASCII_NAMES.has(name)) return UTF8;
  for (const label of [name, declared.toLowerCase()]) {
    try {
      return new TextDecoder(label).encoding === "windows-1252" ? CP1252 : label;
    } catch {
      // Not a label this runtime knows; try the next spelling.
    }
  }
  return undefined;
}

interface Decoded {
  text: string;
  /** 1-based line of the first byte sequence that was replaced, when any was. */
  badLine?: number;
}

function decode(label: string, bytes: Uint8Array): Decoded {
  if (label === LATIN1) return { text: latin1(bytes) };
  if (label === CP1252) return decodeCp1252(bytes);
  try {
    return { text: new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder(label, { ignoreBOM: true }).decode(bytes);
    return { text, badLine: lineAt(text, text.indexOf("\uFFFD")) };
  }
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

function decodeCp1252(bytes: Uint8Array): Decoded {
  let badIndex = -1;
  // Every byte maps to one UTF-16 unit, so string offsets equal byte offsets.
  const text = latin1(bytes).replace(/[\u0080-\u009f]/g, (ch: string, offset: number) => {
    const mapped = CP1252_HIGH[ch.charCodeAt(0) - 0x80]!;
    if (mapped === "\ufffd" && badIndex < 0) badIndex = offset;
    return mapped;
  });
  return badIndex < 0 ? { text } : { text, badLine: lineAt(text, badIndex) };
}

function withReport(decoded: Decoded, rel: string, encodingName: string): SourceRead {
  if (decoded.badLine === undefined) return { text: decoded.text, notifications: [] };
  return {
    text: decoded.text,
    notifications: [
      {
        kind: "decode-error",
        level: "warning",
        path: rel,
        line: decoded.badLine,
        message: `${rel} is not valid ${encodingName} (first bad byte on line ${decoded.badLine}); it was analysed with replacement characters (U+FFFD), so findings on those lines may be missed: save the file as ${encodingName} or declare its real encoding with a "# -*- coding: <name> -*-" first line`,
      },
    ],
  };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
