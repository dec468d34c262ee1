/**
 * Logging: the standard library's `logging` (module functions, `Logger` and `LoggerAdapter`
 * objects, Flask's `app.logger`) and loguru — where request data becomes a log record (log
 * injection), and what keeps it on one line.
 */
import type { SinkSpec, TaintModel } from "../../src/taint/model-types.js";

const LOGGER = "logging.Logger";
const LOGURU = "loguru.Logger";
const LEVELS = ["debug", "info", "warning", "warn", "error", "critical", "fatal", "exception"];

/**
 * A logging call: the message itself (a warning: the input is also a format string) and, at `note`,
 * the values the message's `%` conversions interpolate (`%r` escapes line breaks).
 */
function logCall(selector: Pick<SinkSpec, "call" | "on" | "method" | "untyped">, msg: number): SinkSpec[] {
  return [
    // logging writes `str(msg)`: a dict or list as the message is the repr of its text, line breaks escaped
    { kind: "log", ...selector, args: [{ mode: "str", pos: msg, kw: "msg" }] },
    { kind: "log", ...selector, args: [{ mode: "printf", pos: msg + 1, template: { pos: msg, kw: "msg" } }], level: "note" },
  ];
}

export const logging: TaintModel = {
  name: "logging",
  // a message is read line by line: a value that holds no line break cannot start a record of its own
  syntaxes: { log: "log" },
  types: [
    { type: LOGGER, call: ["logging.getLogger"], class: ["logging.Logger", "logging.LoggerAdapter"], name: ["logging.root"] },
    { type: LOGGER, on: [LOGGER], method: ["getChild"] },
    { type: LOGGER, on: ["flask.Flask", "flask.Blueprint"], attr: ["logger"] },
    { type: LOGURU, name: ["loguru.logger"] },
    { type: LOGURU, on: [LOGURU], method: ["bind", "opt", "patch"] },
  ],
  sinks: [
    ...logCall({ call: LEVELS.map((l) => `logging.${l}`) }, 0),
    ...logCall({ call: ["logging.log"] }, 1),
    ...logCall({ on: [LOGGER], method: LEVELS }, 0),
    ...logCall({ on: [LOGGER], method: ["log"] }, 1),
    // `self.log.info(...)`, `log.warning(...)` on loggers the engine cannot type, in files using logging
    ...logCall({ method: LEVELS, untyped: ["logging"] }, 0),
    // loguru formats its message with str.format: every argument may end up in the record
    { kind: "log", on: [LOGURU], method: [...LEVELS, "trace", "success"], args: [{ pos: 0, kw: "message" }] },
    { kind: "log", on: [LOGURU], method: [...LEVELS, "trace", "success"], args: [{ mode: "rest", pos: 1 }], level: "note" },
  ],
  sanitizers: [
    // repr() and JSON escape line breaks and other control characters
    { call: ["builtins.repr", "builtins.ascii", "json.dumps"], kinds: ["log"] },
    // voluptuous's error summary writes the offending value and its path with repr()
    { call: ["voluptuous.humanize_error", "voluptuous.humanize.humanize_error"], kinds: ["log"] },
  ],
};
