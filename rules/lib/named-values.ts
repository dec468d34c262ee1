/**
 * Finds the part of an expression that evidently holds a value of a kind recognised by its name —
 * a password, a credential: a variable, attribute or mapping key named for it
 * (`password`, `user.api_key`, `request.form["password"]`, `data.get("token")`), a dict entry
 * under such a key, and values built from one (`.encode()`, `salt + password`, f-strings,
 * `"".join([...])`), followed through the assignments of local names. Other calls transform the
 * value (`hash(pw)`, `mask(token)`, `len(secret)`) and end the search.
 */
import { unparen, walk, type PyNode } from "../../src/parse/ast.js";
import type { Binding, FileModel } from "../../src/model/file-model.js";
import { constString, methodName, receiver } from "./python.js";

export interface NamedValueTest {
  /** Whether a variable, attribute or key name denotes the value (`node`: the name, attribute, key or entry it was read from). */
  isName(name: string, node?: PyNode): boolean;
  /** Calls whose result is such a value (`getpass.getpass`). */
  prompts?: ReadonlySet<string>;
  /** Other expressions that are such a value as a whole (`request.headers`). */
  whole?(model: FileModel, node: PyNode): boolean;
  /** A slice shows only part of the value (`token[:4]`, for a log line), so it no longer counts. */
  slicesHide?: boolean;
  /**
   * A parameter holds the value when every call of its function in the file passes one (`def _digest(self, text)`
   * called only as `self._digest(self.password)`).
   */
  followParameters?: boolean;
}

/** Methods of str/bytes whose result still carries the value. */
const PRESERVING_METHODS = new Set(["encode", "decode", "strip", "lstrip", "rstrip", "lower", "upper", "casefold", "format", "join"]);

/** Mapping getters whose first argument is the key (`request.form.get("password")`). */
const KEYED_GETTERS = new Set(["get", "getlist", "pop", "getone", "get_argument", "get_param", "get_body_argument"]);

/** Plain attributes that hold a field's value (`form.password.data`). */
const VALUE_ATTRIBUTES = new Set(["data", "value", "cleaned_data"]);

const WRAPPERS = new Set(["builtins.str", "builtins.bytes", "builtins.bytearray", "builtins.memoryview", "builtins.repr", "json.dumps"]);

const MAX_DEPTH = 8;

/** The part of an expression that names the value (see the module comment), or undefined. */
export function namedValueIn(model: FileModel, expr: PyNode | null | undefined, test: NamedValueTest): PyNode | undefined {
  return search(model, expr, test, 0, new Set());
}

/** `visited` keeps repeated rebindings (`data = data + chunk`) from being explored again and again. */
function search(model: FileModel, expr: PyNode | null | undefined, test: NamedValueTest, depth: number, visited: Set<PyNode>): PyNode | undefined {
  const n = unparen(expr ?? null);
  if (!n || depth > MAX_DEPTH || visited.has(n)) return undefined;
  visited.add(n);
  const next = depth + 1;
  if (test.whole?.(model, n)) return n;
  switch (n.type) {
    case "identifier": {
      const bindings = model.lookup(n.text, n);
      if (bindings?.some((b) => b.kind === "import")) return undefined;
      if (test.isName(n.text, n)) return bindings && bindings.length > 0 && bindings.every((b) => isFlagBinding(model, b)) ? undefined : n;
      // `data = password.encode()`, `salted = salt + pw`
      for (const b of bindings ?? []) {
        const found = b.kind === "assign" && b.value ? search(model, b.value, test, next, visited) : undefined;
        if (found) return found;
      }
      if (test.followParameters && bindings?.length === 1 && bindings[0]!.kind === "param") return passedToParameter(model, bindings[0]!, test, next, visited);
      return undefined;
    }
    case "attribute": {
      const attr = n.get("attribute")?.text ?? "";
      if (test.isName(attr, n)) return n;
      return VALUE_ATTRIBUTES.has(attr) ? search(model, n.get("object"), test, next, visited) : undefined;
    }
    case "subscript": {
      const key = constString(model, n.get("subscript"));
      if (key !== undefined) return test.isName(key, n) ? n : undefined;
      // an element of `passwords`, or a part of a password
      if (test.slicesHide && n.get("subscript")?.type === "slice") return undefined;
      return search(model, n.get("value"), test, next, visited);
    }
    case "call":
      return searchCall(model, n, test, next, visited);
    case "binary_operator":
      return search(model, n.get("left"), test, next, visited) ?? search(model, n.get("right"), test, next, visited);
    case "string":
      for (const part of n.children) {
        if (part.type !== "interpolation") continue;
        const found = search(model, part.get("expression"), test, next, visited);
        if (found) return found;
      }
      return undefined;
    case "dictionary":
      for (const pair of n.namedChildren) {
        if (pair.type !== "pair") continue;
        const key = constString(model, pair.get("key"));
        if (key !== undefined && test.isName(key, pair)) return pair;
        const found = search(model, pair.get("value"), test, next, visited);
        if (found) return found;
      }
      return undefined;
    case "conditional_expression": {
      // `token[:4] if token else "-"`: the condition is tested, not written
      const [body, , otherwise] = n.namedChildren;
      return search(model, body, test, next, visited) ?? search(model, otherwise, test, next, visited);
    }
    case "concatenated_string":
    case "list":
    case "tuple":
    case "set":
      for (const c of n.namedChildren) {
        const found = search(model, c, test, next, visited);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Call sites looked at for one parameter (`passedToParameter`): a helper called more often is not followed. */
const MAX_CALL_SITES = 8;

/**
 * What every call of the parameter's function in this file passes for it, when each is such a value: the first
 * one found. The function is a module-level function called by its name, or a method called on `self`/`cls`
 * (the receiver is then the first parameter). Undefined when the file never calls it, calls it otherwise
 * (`*args`, through another name) or passes something else at any call.
 */
function passedToParameter(model: FileModel, b: Binding, test: NamedValueTest, depth: number, visited: Set<PyNode>): PyNode | undefined {
  const fn = b.scope.node;
  if (fn.type !== "function_definition") return undefined;
  const name = fn.get("name")?.text;
  const params = fn.get("parameters")?.namedChildren ?? [];
  const names = params.map((p) => (p.type === "identifier" ? p.text : p.namedChildren.find((c) => c.type === "identifier")?.text ?? ""));
  let index = names.indexOf(b.name);
  if (!name || index < 0 || params.slice(0, index + 1).some((p) => p.type === "list_splat_pattern" || p.type === "dictionary_splat_pattern" || p.type === "keyword_separator" || p.type === "positional_separator")) return undefined;
  const inClass = b.scope.parent?.kind === "class";
  if (inClass) {
    if (index === 0) return undefined;
    index -= 1;
  }
  const cls = inClass ? b.scope.parent!.node : undefined;
  const calls = (callsByName(model).get(inClass ? `self.${name}` : name) ?? []).filter((c) => !cls || enclosingClassNode(c) === cls);
  if (calls.length === 0 || calls.length > MAX_CALL_SITES) return undefined;
  let first: PyNode | undefined;
  for (const call of calls) {
    const args = model.callArgs(call);
    const arg = args.keywords.get(b.name) ?? args.positional[index];
    const found = arg ? search(model, arg, test, depth, visited) : undefined;
    if (!found) return undefined;
    first ??= found;
  }
  return first;
}

function enclosingClassNode(n: PyNode): PyNode | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === "class_definition") return p;
  return undefined;
}

/** The calls of a file by callee: `name(...)` under `name`, `self.name(...)` and `cls.name(...)` under `self.name`. */
const CALLS_BY_NAME = new WeakMap<FileModel, Map<string, PyNode[]>>();

function callsByName(model: FileModel): Map<string, PyNode[]> {
  let known = CALLS_BY_NAME.get(model);
  if (known) return known;
  known = new Map();
  const add = (key: string, call: PyNode) => {
    const list = known!.get(key);
    if (list) list.push(call);
    else known!.set(key, [call]);
  };
  walk(model.root, (n) => {
    if (n.type !== "call") return;
    const f = unparen(n.get("function"));
    if (f?.type === "identifier") add(f.text, n);
    else if (f?.type === "attribute") {
      const obj = unparen(f.get("object"));
      if (obj?.type === "identifier" && (obj.text === "self" || obj.text === "cls")) add(`self.${f.get("attribute")?.text ?? ""}`, n);
    }
  });
  CALLS_BY_NAME.set(model, known);
  return known;
}

/** Expressions whose value is a truth value or a count, never the text of a credential. */
const FLAG_EXPRESSIONS = new Set(["comparison_operator", "not_operator", "true", "false", "integer", "float"]);
const FLAG_CALLS = new Set(["builtins.bool", "builtins.len", "builtins.isinstance", "builtins.callable", "builtins.hasattr"]);

/**
 * An assignment of a truth value or a count (`supports_auth_plain = "AUTH=PLAIN" in caps`,
 * `has_token = token is not None`, `token_count = len(tokens)`): the name describes the credential,
 * the value does not hold it.
 */
function isFlagBinding(model: FileModel, b: { kind: string; value?: PyNode | null }): boolean {
  const v = b.kind === "assign" ? unparen(b.value ?? null) : null;
  if (!v) return false;
  if (FLAG_EXPRESSIONS.has(v.type)) return true;
  return v.type === "call" && model.qualifiedNames(v.get("function")).some((q) => FLAG_CALLS.has(q));
}

function searchCall(model: FileModel, call: PyNode, test: NamedValueTest, depth: number, visited: Set<PyNode>): PyNode | undefined {
  const callee = model.qualifiedNames(call.get("function"));
  if (test.prompts && callee.some((q) => test.prompts!.has(q))) return call;
  if (callee.some((q) => WRAPPERS.has(q))) return search(model, model.arg(call, 0), test, depth, visited);
  if (callee.includes("builtins.getattr")) {
    const key = constString(model, model.arg(call, 1));
    return key !== undefined && test.isName(key, call) ? call : undefined;
  }
  if (callee.includes("builtins.dict")) {
    for (const [k, v] of model.callArgs(call).keywords) {
      if (test.isName(k, call)) return v;
    }
    return search(model, model.arg(call, 0), test, depth, visited);
  }
  const method = methodName(call);
  if (!method) return undefined;
  if (KEYED_GETTERS.has(method)) {
    const key = constString(model, model.arg(call, 0));
    return key !== undefined && test.isName(key, call) ? call : undefined;
  }
  if (!PRESERVING_METHODS.has(method)) return undefined;
  const args = model.callArgs(call);
  for (const a of [receiver(call), ...args.positional, ...args.keywords.values()]) {
    const found = search(model, a, test, depth, visited);
    if (found) return found;
  }
  return undefined;
}
