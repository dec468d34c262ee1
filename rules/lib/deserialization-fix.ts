/**
 * The automatic fix shared by `unsafe-load` and `unsafe-deserialization`: PyYAML loads switch to the
 * safe loader; pickle-family loads have no drop-in safe equivalent, so they get a note instead.
 */
import { unparen, type PyNode } from "../../src/parse/ast.js";
import type { FixBuilder } from "../../src/fix/builder.js";
import type { FixOutcome } from "../../src/fix/types.js";

const YAML_LOADS = /^yaml\.(load|load_all|unsafe_load|unsafe_load_all|full_load|full_load_all)$/;
const PICKLE_LIKE = /^(pickle|_pickle|cPickle|dill|cloudpickle|marshal|shelve|jsonpickle|joblib|pandas|numpy)\./;

/** Documentation shared by both rules' pages. */
export const DESERIALIZATION_FIX_DOCS =
  "**Unsafe.** For PyYAML, `yaml.load(data, Loader=yaml.Loader)` (or `UnsafeLoader`/`FullLoader`) becomes `Loader=yaml.SafeLoader`, and `yaml.load(data)`, `yaml.unsafe_load`, `yaml.full_load` become `yaml.safe_load` (`_all` variants alike). Documents made only of plain YAML load exactly as before; a document with `!!python/...` tags now fails to load, which is the point but changes behaviour, so the fix is applied only with `--fix --unsafe-fixes`. pickle, marshal, shelve, jsonpickle, dill and joblib have no safe mode, so their findings get no automatic fix: move the data to JSON, or authenticate the bytes (HMAC with `hmac.compare_digest`) before loading.";

/** The fix for a deserializing call, or a note when the library has no safe mode. */
export function deserializationFix(call: PyNode | undefined, fix: FixBuilder): FixOutcome | undefined {
  if (!call) return undefined;
  const { model } = fix;
  const callee = unparen(call.get("function"));
  const names = model.qualifiedNames(callee);
  const yaml = names.find((q) => YAML_LOADS.test(q));
  if (yaml && callee) {
    const all = yaml.endsWith("_all");
    const loader = yaml === "yaml.load" || yaml === "yaml.load_all" ? model.arg(call, 1, "Loader") : undefined;
    if (loader) {
      const safe = fix.importName("yaml", "SafeLoader", call);
      if (!safe) return undefined;
      return { description: `Load with ${safe.ref}, which builds only plain Python values`, safety: "unsafe", edits: [fix.replace(loader, safe.ref), ...safe.edits] };
    }
    const target = all ? "safe_load_all" : "safe_load";
    const object = callee.type === "attribute" ? callee.get("object") : null;
    if (object && model.qualifiedName(object) === "yaml") {
      return { description: `Load with yaml.${target}()`, safety: "unsafe", edits: [fix.replace(callee.get("attribute")!, target)] };
    }
    const ref = fix.importName("yaml", target, call);
    if (!ref) return undefined;
    return { description: `Load with ${ref.ref}()`, safety: "unsafe", edits: [fix.replace(callee, ref.ref), ...ref.edits] };
  }
  if (names.some((q) => PICKLE_LIKE.test(q))) {
    return { reason: "this format has no safe loading mode; exchange the data as JSON, or check an HMAC of the bytes with hmac.compare_digest before loading" };
  }
  return undefined;
}
