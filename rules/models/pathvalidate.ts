/**
 * pathvalidate: file names made safe for the file system. `sanitize_filename` removes path
 * separators (`/`, `\`) and other characters a file name cannot hold, so its result is one path
 * component, like `os.path.basename`'s. It leaves `.` and `..` as they are unless the caller adds
 * them to `additional_reserved_names`; joined under a base folder, `..` names the base's parent
 * itself, not a file outside it, which is the same judgement as for `basename`.
 * `sanitize_filepath` keeps separators (and `..` segments) and is not a sanitizer.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

export const pathvalidate: TaintModel = {
  name: "pathvalidate",
  sanitizers: [{ call: ["pathvalidate.sanitize_filename", "pathvalidate._filename.sanitize_filename"], arg: { pos: 0, kw: "filename" }, kinds: ["path"] }],
};
