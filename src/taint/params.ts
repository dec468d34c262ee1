/** Parameter lists of functions and lambdas. */
import type { FileModel } from "../model/file-model.js";
import type { PyNode } from "../parse/ast.js";
import type { ParamInfo } from "./summary.js";
import { constVal, type Val } from "./value.js";

export interface ParamNode {
  name: string;
  node: PyNode;
  annotation: PyNode | null;
  default: PyNode | null;
}

/** The parameters of a function definition or lambda, in order, with `*args`/`**kwargs` marked. */
export function paramNodes(fn: PyNode): { params: ParamNode[]; info: Omit<ParamInfo, "defaults"> } {
  const list = fn.get("parameters");
  const params: ParamNode[] = [];
  let varargs = -1;
  let kwargs = -1;
  let positional = -1;
  for (const p of list?.namedChildren ?? []) {
    let id: PyNode | null = null;
    let annotation: PyNode | null = null;
    let dflt: PyNode | null = null;
    let star: "" | "*" | "**" = "";
    switch (p.type) {
      case "identifier":
        id = p;
        break;
      case "default_parameter":
        id = p.get("name");
        dflt = p.get("value");
        break;
      case "typed_default_parameter":
        id = p.get("name");
        annotation = p.get("type");
        dflt = p.get("value");
        break;
      case "typed_parameter": {
        annotation = p.get("type");
        const inner = p.namedChildren.find((c) => c.type !== "type") ?? null;
        if (inner?.type === "list_splat_pattern") star = "*";
        else if (inner?.type === "dictionary_splat_pattern") star = "**";
        id = star ? inner!.namedChildren[0] ?? null : inner;
        break;
      }
      case "list_splat_pattern":
        star = "*";
        id = p.namedChildren[0] ?? null;
        break;
      case "dictionary_splat_pattern":
        star = "**";
        id = p.namedChildren[0] ?? null;
        break;
      case "keyword_separator":
        if (positional < 0) positional = params.length;
        continue;
      default:
        continue;
    }
    if (id?.type !== "identifier") continue;
    if (star === "*") {
      varargs = params.length;
      if (positional < 0) positional = params.length;
    } else if (star === "**") kwargs = params.length;
    params.push({ name: id.text, node: id, annotation, default: dflt });
  }
  if (positional < 0) positional = kwargs >= 0 ? kwargs : params.length;
  return { params, info: { names: params.map((p) => p.name), positional, varargs, kwargs } };
}

/** Constant default values by parameter index (`null` where the default is not a constant). */
export function defaultValues(model: FileModel, params: ParamNode[]): Map<number, Val | null> {
  const out = new Map<number, Val | null>();
  params.forEach((p, i) => {
    if (!p.default) return;
    const c = model.constant(p.default);
    out.set(i, c ? constVal(c) : null);
  });
  return out;
}
