/**
 * Spots text in scanned code that talks to an AI or a reviewer instead of to a programmer: a sign
 * that someone tries to steer the triage. Such a finding is flagged and can never be hidden.
 */

export const INJECTION_FLAG = "prompt-injection-suspected";

/** Phrases that address the model, a reviewer or a scanner, or try to dictate a verdict. */
const PATTERNS: RegExp[] = [
  /\b(?:ignore|disregard|forget|override)\b[^\n]{0,40}\b(?:previous|prior|above|earlier|preceding|all|system|your)\b[^\n]{0,20}\b(?:instructions?|prompts?|rules?|guidelines?|directions?)\b/i,
  /\b(?:mark|classify|label|report|treat|flag|tag|record|consider)\b[^\n]{0,40}\bas\b[^\n]{0,12}\b(?:a\s+)?(?:false[\s_-]?positive|not\s+(?:a\s+)?(?:vulnerab\w*|issue|finding|bug)|safe|benign|harmless)\b/i,
  /\bfalse_positive\b/i,
  /\b(?:this|it|the\s+(?:code|query|call|input|finding))\s+is\s+(?:totally\s+|completely\s+|perfectly\s+|100%\s+)?(?:safe|fine|sanitized|sanitised|secure)\b[^\n]{0,20}\b(?:reviewer|auditor|scanner|ai|llm|model|assistant|claude|gpt|bot)\b/i,
  /\b(?:dear|hey|hello|hi|note\s+(?:to|for)|attention|message\s+(?:to|for))\s+(?:the\s+)?(?:ai|llm|reviewer|auditor|scanner|security\s+(?:tool|scanner|reviewer)|assistant|claude|chatgpt|gpt|model|bot)\b/i,
  /(?:^|[#"'\s])(?:AI|LLM|Assistant|ASSISTANT|Claude|CLAUDE|GPT|ChatGPT|Reviewer|REVIEWER)\s*:\s+\S/,
  /\b(?:you\s+are\s+now\b|you\s+are\s+(?:a|an|the)\s+(?:ai|assistant|language\s+model|reviewer|auditor|security\s+\w+|helpful)|you\s+must\s+(?:now\s+)?(?:respond|answer|reply|output|say|return|mark|approve)|new\s+instructions?|system\s+prompt|as\s+an?\s+(?:ai|language\s+model))\b/i,
  /\b(?:do\s+not|don't|never)\s+(?:report|flag|raise|mention)\s+(?:this|it|these|the)\b/i,
  /\bverdict\s*[:=]\s*["']?(?:false|true|safe|benign|uncertain|not)/i,
  /<\/?(?:system|instructions?|assistant|user)>/i,
];

/** Letters of other scripts that look like Latin ones (Cyrillic, Greek): `mаrk` with a Cyrillic `а` reads as `mark`. */
const CONFUSABLES: Record<string, string> = {
  а: "a", в: "b", е: "e", ё: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x", і: "i", ї: "i", ј: "j", ѕ: "s", ԁ: "d", һ: "h", ӏ: "l", ԛ: "q", ԝ: "w", ɡ: "g",
  А: "A", В: "B", Е: "E", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T", У: "Y", Х: "X", І: "I", Ј: "J", Ѕ: "S",
  α: "a", β: "b", ε: "e", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x", ω: "w",
  Α: "A", Β: "B", Ε: "E", Ζ: "Z", Η: "H", Ι: "I", Κ: "K", Μ: "M", Ν: "N", Ο: "O", Ρ: "P", Τ: "T", Υ: "Y", Χ: "X",
};
const CONFUSABLE = new RegExp(`[${Object.keys(CONFUSABLES).join("")}]`, "g");
/** Characters that do not show: zero-width spaces and joiners, soft hyphens, word joiners, BOMs, bidi marks. */
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * The text as a reader sees it: NFKC (fullwidth and styled letters become plain ones), invisible
 * characters removed, look-alike letters of other scripts mapped to Latin, runs of spaces joined.
 */
export function normalizeForDetection(text: string): string {
  return text.normalize("NFKC").replace(INVISIBLE, "").replace(CONFUSABLE, (ch) => CONFUSABLES[ch]!).replace(/\s+/g, " ");
}

/** A line without its comment or string punctuation, to join with the next one (`# mark this as` / `# a false positive`). */
function bareText(text: string): string {
  return text.replace(/^\s*(?:#+|"""|\'\'\'|["'])?\s*/, "").replace(/\s*(?:"""|\'\'\'|["'],?|\\)?\s*$/, "");
}

function matches(text: string): boolean {
  return PATTERNS.some((p) => p.test(text));
}

/**
 * The lines (1-based, in the given numbering) whose text looks addressed to an AI or reviewer, after
 * normalisation; a sentence split over two consecutive lines counts for both.
 */
export function findInjectionLines(lines: { line: number; text: string }[]): number[] {
  const hits = new Set<number>();
  const normal = lines.map(({ line, text }) => ({ line, text: normalizeForDetection(text) }));
  normal.forEach(({ line, text }, i) => {
    if (matches(text)) hits.add(line);
    const next = normal[i + 1];
    if (next && next.line === line + 1 && !hits.has(line) && !matches(next.text) && matches(`${bareText(text)} ${bareText(next.text)}`)) {
      hits.add(line);
      hits.add(next.line);
    }
  });
  return [...hits];
}
