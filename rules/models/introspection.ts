/**
 * Python's own introspection: names looked up or written at run time.
 * - `reflection`: a request-chosen name picks a function or object (`globals().get(name)`,
 *   `getattr(module, name)`), so the client calls code the application never meant to expose.
 * - `attribute-write`: a request-chosen name is written as an attribute (`setattr(obj, key, value)`,
 *   `obj.__dict__[key] = value`), so the client sets fields it should not (`is_admin`) or, through
 *   `__class__`/`__init__.__globals__`, reaches class and module state (class pollution).
 * `importlib.import_module`/`__import__` with request data are reported by code-injection.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const NAMESPACE = "builtins.namespace-dict";
const ATTRIBUTE_DICT = "builtins.attribute-dict";

export const introspection: TaintModel = {
  name: "introspection",
  types: [
    { type: NAMESPACE, call: ["builtins.globals", "builtins.locals"] },
    { type: ATTRIBUTE_DICT, untypedAttr: ["__dict__"] },
    // `vars(obj)` is `obj.__dict__` (`vars()` is `locals()`)
    { type: ATTRIBUTE_DICT, call: ["builtins.vars"] },
  ],
  sinks: [
    // reported where the name is looked up; what it finds is not reported again where it is called
    { kind: "reflection", on: [NAMESPACE], method: ["get", "pop", "__getitem__"], args: [{ pos: 0, kw: "key" }], consumes: true },
    // an object's or module's attributes by name (`vars(handlers)[name]()`, `handlers.__dict__.get(name)`), when what
    // is found is called: reading a field by name (`vars(row)[column]`) picks data, not code
    { kind: "reflection", on: [ATTRIBUTE_DICT], method: ["get", "__getitem__"], resultCalled: true, args: [{ pos: 0, kw: "key" }] },
    // a function chosen by request data and called (`getattr(module, name)()`); reading an attribute by
    // name (`getattr(Model, column)` to sort by a column) is not reported
    { kind: "reflection", call: ["builtins.getattr"], resultCalled: true, args: [{ pos: 1 }] },
    { kind: "attribute-write", call: ["builtins.setattr", "builtins.delattr"], args: [{ pos: 1 }] },
    { kind: "attribute-write", on: [ATTRIBUTE_DICT, NAMESPACE], method: ["__setitem__", "setdefault", "pop"], args: [{ pos: 0 }] },
    // a mapping merged in: its keys become attribute names (keyword arguments name fixed attributes)
    { kind: "attribute-write", on: [ATTRIBUTE_DICT, NAMESPACE], method: ["update"], args: [{ pos: 0 }] },
  ],
  // a name with a constant beginning (`"cmd_" + verb`, `"export_" + kind`) reaches only the family of
  // handlers named so: the dispatch idiom of `cmd.Cmd` and `http.server`
  fixedPrefixes: [{ kinds: ["reflection", "attribute-write"], pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }],
  // constant letters anywhere in the name (`f"{kind}Form"`) narrow it the same way: see `nameTaint`
  syntaxes: { reflection: "name", "attribute-write": "name" },
};
