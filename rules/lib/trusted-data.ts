/**
 * Decides whether data handed to a loader is fixed by the program itself: a literal, or read from a
 * file whose path is built only from literals and `__file__` (a model or fixture shipped with the
 * code), as opposed to data whose origin the program does not control.
 */
import { unparen, type PyNode } from "../../src/parse/ast.js";
import type { Binding, FileModel } from "../../src/model/file-model.js";
import { methodName, receiver, valueSources } from "./python.js";

const OPENERS = new Set(["builtins.open", "io.open", "codecs.open", "gzip.open", "bz2.open", "lzma.open", "io.FileIO"]);
const PATH_BUILDERS = new Set([
  "os.path.join",
  "os.path.dirname",
  "os.path.abspath",
  "os.path.realpath",
  "os.path.normpath",
  "os.path.expanduser",
  "pathlib.Path",
  "pathlib.PurePath",
  "pathlib.PosixPath",
  "pathlib.WindowsPath",
]);
const PATH_METHODS = new Set(["resolve", "absolute", "joinpath", "with_name", "with_suffix", "expanduser"]);
const READ_METHODS = new Set(["read", "read_text", "read_bytes", "readlines", "open", "getvalue"]);
const BUFFERS = new Set(["io.BytesIO", "io.StringIO"]);

const MAX_DEPTH = 8;

/** True when `node` is a literal, a constant program-relative path, or data read from a file at such a path. */
export function isTrustedData(model: FileModel, node: PyNode | null | undefined): boolean {
  return new TrustCheck(model).data(node, 0);
}

/** True when a path expression is built only from literals, `__file__` and path helpers. */
export function isConstantPath(model: FileModel, node: PyNode | null | undefined): boolean {
  return new TrustCheck(model).path(node, 0);
}

/**
 * One question's worth of memoised answers: names rebound many times (`p = p / part`) are judged
 * once per node; a cycle through bindings neither proves nor refutes anything.
 */
class TrustCheck {
  private readonly dataMemo = new Map<PyNode, boolean>();
  private readonly pathMemo = new Map<PyNode, boolean>();
  private readonly dataByName = new Map<readonly Binding[], boolean>();
  private readonly pathByName = new Map<readonly Binding[], boolean>();
  constructor(private readonly model: FileModel) {}

  data(node: PyNode | null | undefined, depth: number): boolean {
    return this.memoised(this.dataMemo, node, depth, (n) => this.computeData(n, depth));
  }

  path(node: PyNode | null | undefined, depth: number): boolean {
    return this.memoised(this.pathMemo, node, depth, (n) => this.computePath(n, depth));
  }

  private memoised(memo: Map<PyNode, boolean>, node: PyNode | null | undefined, depth: number, compute: (n: PyNode) => boolean): boolean {
    const n = unparen(node ?? null);
    if (!n || depth > MAX_DEPTH) return false;
    const known = memo.get(n);
    if (known !== undefined) return known;
    // a name defined through itself (`p = p / part`) adds nothing: assume the best while inside the cycle
    memo.set(n, true);
    const result = compute(n);
    memo.set(n, result);
    return result;
  }

  private computeData(n: PyNode, depth: number): boolean {
    const { model } = this;
    // literals, and paths for loaders that open the file themselves (joblib.load, pandas.read_pickle)
    if (this.path(n, depth)) return true;
    if (n.type === "identifier") return this.viaBindings(n, this.dataByName, (src) => this.data(src, depth + 1));
    if (n.type !== "call") return false;
    const callee = model.qualifiedNames(n.get("function"));
    if (callee.some((q) => OPENERS.has(q))) return this.path(model.arg(n, 0, "file") ?? model.arg(n, 0, "filename"), depth + 1);
    if (callee.some((q) => BUFFERS.has(q))) return this.data(model.arg(n, 0), depth + 1);
    const method = methodName(n);
    if (method && READ_METHODS.has(method)) {
      const obj = receiver(n);
      return this.data(obj, depth + 1) || this.path(obj, depth + 1);
    }
    return false;
  }

  private computePath(n: PyNode, depth: number): boolean {
    const { model } = this;
    if (model.constant(n) !== undefined) return true;
    switch (n.type) {
      case "identifier":
        if (n.text === "__file__") return true;
        return this.viaBindings(n, this.pathByName, (src) => this.path(src, depth + 1));
      case "attribute": {
        const attr = n.get("attribute")?.text;
        return (attr === "parent" || attr === "parents") && this.path(n.get("object"), depth + 1);
      }
      case "subscript":
        return this.path(n.get("value"), depth + 1) && model.constant(n.get("subscript")) !== undefined;
      case "binary_operator":
        return this.path(n.get("left"), depth + 1) && this.path(n.get("right"), depth + 1);
      case "call": {
        const args = model.callArgs(n);
        const allConstant = () => !args.hasSplat && [...args.positional, ...args.keywords.values()].every((a) => this.path(a, depth + 1));
        if (model.qualifiedNames(n.get("function")).some((q) => PATH_BUILDERS.has(q))) return allConstant();
        const method = methodName(n);
        return method !== undefined && PATH_METHODS.has(method) && this.path(receiver(n), depth + 1) && allConstant();
      }
      default:
        return false;
    }
  }

  /**
   * True when a name has bindings and every value bound to it satisfies `test`. Answers are kept
   * per binding set, since every use of a name in one scope shares its bindings.
   */
  private viaBindings(id: PyNode, memo: Map<readonly Binding[], boolean>, test: (src: PyNode) => boolean): boolean {
    const bindings = this.model.lookup(id.text, id);
    if (!bindings) return false;
    const known = memo.get(bindings);
    if (known !== undefined) return known;
    memo.set(bindings, true);
    const sources = valueSources(this.model, id);
    const result = sources.length > 0 && sources.every((s) => s !== id && test(s));
    memo.set(bindings, result);
    return result;
  }
}
