/**
 * Several reports from one scan: `--format sarif -o results.sarif --format text`, `--output sarif:results.sarif`
 * (repeatable), or `-o report.html` alone (the format follows the extension). Each plain `-o PATH` belongs to the
 * nearest `--format` before it that has no file yet (else the nearest after it), preferring a format its extension
 * names; formats without a file go to standard output.
 */

export const FORMATS = ["text", "json", "sarif", "github", "html", "junit", "gitlab", "codeclimate", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export interface OutputTarget {
  format: Format;
  /** The file to write, as given (relative to the working directory); undefined for standard output. */
  path?: string;
}

/** A usage problem with the output options; the message says what to write instead. */
export class OutputOptionError extends Error {}

const EXTENSIONS: Record<string, Format> = {
  ".sarif": "sarif",
  ".json": "json",
  ".html": "html",
  ".htm": "html",
  ".xml": "junit",
  ".md": "markdown",
  ".txt": "text",
};

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/** `FORMAT:PATH` when FORMAT is a known format (so `C:\x` and `a:b.json` stay paths). */
export function splitTyped(value: string): OutputTarget | undefined {
  const colon = value.indexOf(":");
  if (colon <= 0) return undefined;
  const format = value.slice(0, colon).toLowerCase();
  const path = value.slice(colon + 1);
  if (!isFormat(format)) return undefined;
  if (path === "") throw new OutputOptionError(`--output ${value}: the path after "${format}:" is empty`);
  return { format, path };
}

function extensionOf(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot).toLowerCase() : "";
}

function formatFromPath(path: string): Format {
  return EXTENSIONS[extensionOf(path)] ?? "text";
}

/** The options in the order they were written: `-f/--format` and `-o/--output` only. */
function orderedOptions(argv: readonly string[]): { kind: "format" | "output"; value: string }[] {
  const out: { kind: "format" | "output"; value: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    const long = /^--(format|output)(?:=(.*))?$/.exec(arg);
    const short = /^-([fo])(.*)$/.exec(arg);
    if (long) {
      const value = long[2] ?? argv[++i];
      if (value !== undefined) out.push({ kind: long[1] as "format" | "output", value });
    } else if (short && !arg.startsWith("--")) {
      const value = short[2] !== "" ? short[2]! : argv[++i];
      if (value !== undefined) out.push({ kind: short[1] === "f" ? "format" : "output", value });
    }
  }
  return out;
}

/** True when the command line names a --format or --output (then the config file's `format` and `output` are not used). */
export function commandLineNamesOutputs(argv: readonly string[]): boolean {
  return orderedOptions(argv).length > 0;
}

/**
 * Works out where each report goes from the command line as written (`argv`), with the config file's `format` and
 * `output` as defaults when the command line names neither.
 */
export function planOutputs(argv: readonly string[], defaults: { format?: Format; output?: readonly string[] } = {}): OutputTarget[] {
  let options = orderedOptions(argv);
  if (options.length === 0) {
    options = [
      ...(defaults.format ? [{ kind: "format" as const, value: defaults.format }] : []),
      ...(defaults.output ?? []).map((value) => ({ kind: "output" as const, value })),
    ];
  }
  const targets: (OutputTarget & { at: number })[] = [];
  const plain: { path: string; at: number }[] = [];
  options.forEach((option, at) => {
    if (option.kind === "format") {
      const format = option.value.toLowerCase();
      if (!isFormat(format)) throw new OutputOptionError(`--format: "${option.value}" is not a format (one of ${FORMATS.join(", ")})`);
      targets.push({ format, at });
      return;
    }
    const typed = splitTyped(option.value);
    if (typed) targets.push({ ...typed, at });
    else plain.push({ path: option.value, at });
  });
  for (const { path, at } of plain) {
    const unbound = targets.filter((t) => t.path === undefined);
    // a file whose extension names one of the free formats goes to it (`-o report.json --format json`)
    const byExtension = unbound.filter((t) => t.format === EXTENSIONS[extensionOf(path)]);
    const free = byExtension.length > 0 ? byExtension : unbound;
    const before = free.filter((t) => t.at < at).pop();
    const after = free.find((t) => t.at > at);
    const target = before ?? after;
    if (target) target.path = path;
    else targets.push({ format: formatFromPath(path), path, at });
  }
  if (targets.length === 0) return [{ format: "text" }];
  const seen = new Set<string>();
  for (const t of targets) {
    if (t.path === undefined) continue;
    if (seen.has(t.path)) throw new OutputOptionError(`--output: ${t.path} is named twice; give each report its own file`);
    seen.add(t.path);
  }
  return targets.sort((a, b) => a.at - b.at).map(({ format, path }) => (path === undefined ? { format } : { format, path }));
}
