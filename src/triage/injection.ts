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

/** The lines (1-based, in the given numbering) whose text looks addressed to an AI or reviewer. */
export function findInjectionLines(lines: { line: number; text: string }[]): number[] {
  const hits: number[] = [];
  for (const { line, text } of lines) {
    if (PATTERNS.some((p) => p.test(text))) hits.push(line);
  }
  return hits;
}
