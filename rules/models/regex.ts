/**
 * Regular-expression engines (`re`, the third-party `regex` module): patterns compiled from data.
 * A pattern is a small program: request text as a pattern can match what it should not and, with
 * nested quantifiers, backtrack for minutes. `re.escape` makes any text a literal pattern.
 */
import type { SinkSpec, TaintModel } from "../../src/taint/model-types.js";

const MODULES = ["re", "regex"];
const PATTERN_FIRST = ["compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"];

export const regex: TaintModel = {
  name: "regex",
  // a pattern compiled where its compile error is handled is one the application lets users write (a search
  // offering regular expressions): a feature, not an injection
  sinks: MODULES.map((m): SinkSpec => ({ kind: "regex", call: PATTERN_FIRST.map((f) => `${m}.${f}`), args: [{ pos: 0, kw: "pattern" }], level: "warning", unlessCaught: [`${m}.error`] })),
  sanitizers: [{ call: ["re.escape", "regex.escape"], kinds: ["regex"] }],
};
