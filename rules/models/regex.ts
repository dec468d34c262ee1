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

/** The subject argument of each matching function, after the pattern (module functions) or first (compiled patterns). */
const SUBJECT_AFTER_PATTERN: [string[], number][] = [
  [["search", "match", "findall", "finditer", "split"], 1],
  [["sub", "subn"], 2],
];

/**
 * Request text as the subject of a constant pattern that backtracks catastrophically (`redos`): the
 * pattern folds to a constant the engine judges (`ArgCondition.backtracks`); a compiled pattern keeps
 * its text as attribute `pattern`.
 */
export const backtrackingPatterns: TaintModel = {
  name: "backtracking-patterns",
  sinks: [
    ...MODULES.flatMap((m): SinkSpec[] => [
      ...SUBJECT_AFTER_PATTERN.map(([names, pos]): SinkSpec => ({
        kind: "redos",
        call: names.map((f) => `${m}.${f}`),
        args: [{ pos, kw: "string" }],
        when: [{ arg: { pos: 0, kw: "pattern" }, backtracks: "partial" }],
      })),
      { kind: "redos", call: [`${m}.fullmatch`], args: [{ pos: 1, kw: "string" }], when: [{ arg: { pos: 0, kw: "pattern" }, backtracks: "full" }] },
    ]),
    ...SUBJECT_AFTER_PATTERN.map(([names, pos]): SinkSpec => ({
      kind: "redos",
      on: ["re.Pattern"],
      method: names,
      args: [{ pos: pos - 1, kw: "string" }],
      when: [{ arg: {}, receiverAttr: "pattern", backtracks: "partial" }],
    })),
    { kind: "redos", on: ["re.Pattern"], method: ["fullmatch"], args: [{ pos: 0, kw: "string" }], when: [{ arg: {}, receiverAttr: "pattern", backtracks: "full" }] },
  ],
};
