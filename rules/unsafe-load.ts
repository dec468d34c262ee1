/**
 * unsafe-load: deserializers that can run code (pickle and its wrappers, marshal, shelve,
 * jsonpickle, PyYAML's unsafe loaders) applied to data the program does not fix itself.
 *
 * Decisions:
 * - A pattern rule cannot see where the data comes from, so it reports every such load except
 *   literals and files at constant, program-relative paths (a model or fixture shipped with the
 *   code); its precision is below the taint-confirmed `unsafe-deserialization`, which supersedes it
 *   on the same line.
 * - `yaml.load`/`load_all` are safe with `SafeLoader`, `CSafeLoader`, `BaseLoader`, `CBaseLoader`
 *   or a local subclass of them (also through `getattr(yaml, "CSafeLoader", yaml.SafeLoader)` and
 *   try/except imports); `Loader`, `UnsafeLoader`, `FullLoader` (and C variants) or no loader at all
 *   are reported. A loader the model cannot resolve is not judged.
 * - Where the taint analysis evaluated the call and saw constant data every time (flow-sensitive:
 *   `blob = SAMPLE; pickle.loads(base64.b64decode(blob))`), the finding is dropped
 *   (`quietWhereConstant`); elsewhere the flow-insensitive literal check above decides.
 * - Bytes authenticated first are not reported: a keyed MAC (`hmac.new(key, data, sha256)`) over
 *   the loaded name compared with `hmac.compare_digest`, the load running only where it matched
 *   (`rules/lib/mac-check.ts`). This is the remedy the rule's own page recommends.
 * - Django's `SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"` in a
 *   settings module unpickles every session: with the signed-cookie backend the bytes come from the
 *   browser, signed with `SECRET_KEY`, so whoever knows the key runs code (Django 4.1 deprecated the
 *   serializer, 5.0 removed it). Reported at the assignment, outside development branches.
 * - `pickle.Unpickler(...)` is reported where it is constructed; a project subclass that overrides
 *   `find_class` (the documented way to restrict pickle) is not `pickle.Unpickler` and never fires.
 */
import type { PyNode } from "../src/parse/ast.js";
import type { FileModel } from "../src/model/file-model.js";
import type { PatternRule } from "../src/rule.js";
import { calleeIn, constString, keywordIsTrue, valueSources } from "./lib/python.js";
import { isMacVerified } from "./lib/mac-check.js";
import { isConstantPath, isTrustedData } from "./lib/trusted-data.js";
import { DESERIALIZATION_FIX_DOCS, deserializationFix } from "./lib/deserialization-fix.js";
import { branchState, configAssignment, isDevelopmentFile, isSettingsModule } from "./lib/settings.js";

const PICKLE_MODULES = ["pickle", "_pickle", "cPickle", "dill", "cloudpickle"];

/** Loaders of serialized object graphs, and the keyword of their data argument. */
const OBJECT_LOADERS = new Map<string, string>([
  ...PICKLE_MODULES.flatMap((m) => [
    [`${m}.loads`, "data"],
    [`${m}.load`, "file"],
    [`${m}.Unpickler`, "file"],
  ] as [string, string][]),
  ["marshal.loads", "bytes"],
  ["marshal.load", "file"],
  ["jsonpickle.decode", "string"],
  ["jsonpickle.unpickler.decode", "string"],
  ["pandas.read_pickle", "filepath_or_buffer"],
  ["joblib.load", "filename"],
]);

/** Loaders that open a file by name (the path, not the content, is the argument). */
const PATH_LOADERS = new Map<string, string>([
  ["shelve.open", "filename"],
  ["shelve.DbfilenameShelf", "filename"],
]);

const NUMPY_LOAD = new Set(["numpy.load"]);
const YAML_WITH_LOADER = new Set(["yaml.load", "yaml.load_all"]);
const YAML_ALWAYS_UNSAFE = new Set(["yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all"]);

const SAFE_LOADERS = new Set(
  ["SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"].flatMap((l) => [`yaml.${l}`, `yaml.loader.${l}`, `yaml.cyaml.${l}`]),
);
const UNSAFE_LOADERS = new Set(
  ["Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"].flatMap((l) => [`yaml.${l}`, `yaml.loader.${l}`, `yaml.cyaml.${l}`]),
);

type LoaderVerdict = "safe" | "unsafe" | "unknown";

export const rule: PatternRule = {
  meta: {
    id: "unsafe-load",
    name: "UnsafeLoad",
    shortDescription: "Deserialization with a loader that can execute code",
    fullDescription:
      "Data is deserialized with pickle (or cPickle, dill, cloudpickle, joblib, pandas.read_pickle), marshal, shelve, jsonpickle or PyYAML without a safe loader. These formats can name arbitrary callables to invoke while loading, so whoever controls the bytes controls the process.",
    docs: {
      whatItDoes:
        "Flags `pickle.loads/load/Unpickler` (also `_pickle`, `cPickle`, `dill`, `cloudpickle`), `marshal.loads/load`, `shelve.open`, `jsonpickle.decode`, `pandas.read_pickle`, `joblib.load`, `numpy.load(..., allow_pickle=True)`, `yaml.unsafe_load`/`full_load` and `yaml.load`/`load_all` without a safe loader (no `Loader`, or `Loader`, `UnsafeLoader`, `FullLoader`), when the data is not a literal and not a file at a constant, program-relative path. Also flags Django settings modules that set `SESSION_SERIALIZER` to `PickleSerializer` (every session is unpickled; with signed-cookie sessions whoever knows `SECRET_KEY` runs code), outside development branches. In files the data-flow analysis follows (those importing a web framework), data the analysis proves to be the program's own constant however it is computed — a constant decoded with `base64`, built up by concatenation, read back from a dict or `ConfigParser` under a constant key — is not reported either. Nor are bytes authenticated before the load: a keyed MAC over the same name (`hmac.new(key, data, sha256)`, `hmac.digest`) compared with `hmac.compare_digest`, where the load runs only when it matched (`if not hmac.compare_digest(sig, expected): raise ...` earlier in the function, or the load inside `if hmac.compare_digest(...):`); a MAC over other bytes or a failed check that only logs still is.\n\nThis pattern rule does not know where the data comes from; the taint rule `unsafe-deserialization` reports loads of request data with higher confidence and replaces this finding on the same line.",
      whyBad:
        "A pickle stream is a small program: its `REDUCE` opcode calls any importable callable with any arguments, so `pickle.loads(data)` on attacker-supplied bytes runs `os.system(...)` before your code sees the result. PyYAML's `Loader`/`UnsafeLoader` turn `!!python/object/apply:` tags into the same primitive, and `FullLoader` had several bypasses before 5.4. Cookies, cache entries, message-queue payloads, uploaded files and model files from the internet all reach these loaders in real applications.",
      example: [
        "import pickle",
        "",
        "",
        "def restore_session(cookie_value: bytes):",
        "    return pickle.loads(cookie_value)",
        "",
      ].join("\n"),
      useInstead: [
        "import json",
        "",
        "",
        "def restore_session(cookie_value: bytes):",
        "    return json.loads(cookie_value)",
        "",
      ].join("\n"),
      useInsteadText:
        "Exchange data in a format that cannot describe code: JSON, MessagePack, or `yaml.safe_load` / `yaml.load(data, Loader=yaml.SafeLoader)`. If pickle is unavoidable, only load bytes you produced and authenticated (an HMAC checked with `hmac.compare_digest` before loading), or subclass `pickle.Unpickler` and allow-list classes in `find_class`.",
      fix: DESERIALIZATION_FIX_DOCS,
      references: [
        { title: "CWE-502: Deserialization of Untrusted Data", url: "https://cwe.mitre.org/data/definitions/502.html" },
        { title: "OWASP Top 10 2021 A08: Software and Data Integrity Failures", url: "https://owasp.org/Top10/A08_2021-Software_and_Data_Integrity_Failures/" },
        { title: "OWASP Deserialization Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html" },
        { title: "Python pickle: restricting globals", url: "https://docs.python.org/3/library/pickle.html#restricting-globals" },
        { title: "PyYAML: yaml.load(input) deprecation", url: "https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation" },
      ],
    },
    cwe: [502],
    owasp: ["A08:2021-Software and Data Integrity Failures"],
    level: "warning",
    securitySeverity: "8.1",
    precision: "medium",
    tags: ["security", "deserialization", "external/cwe/cwe-502"],
    frameworks: ["pickle", "marshal", "shelve", "jsonpickle", "pyyaml", "dill", "joblib", "pandas", "numpy"],
    aliases: { bandit: ["B301", "B302", "B506"], ruff: ["S301", "S302", "S506"] },
    kind: "pattern",
    fixSafety: ["unsafe"],
  },
  supersededBy: "unsafe-deserialization",
  fix: (finding, fix) => deserializationFix(fix.nodeAt(finding.region, "call"), fix),
  quietWhereConstant: "deserialization",
  create(ctx) {
    const { model } = ctx;
    const settings = !isDevelopmentFile(model) && isSettingsModule(model);
    return {
      assignment(node) {
        if (!settings) return;
        const a = configAssignment(model, node);
        if (a?.name !== "SESSION_SERIALIZER" || a.scope !== "module" || branchState(model, node) !== "live") return;
        const value = constString(model, a.value);
        if (value === undefined || !/(?:^|\.)PickleSerializer$/.test(value)) return;
        ctx.report(node, "SESSION_SERIALIZER is PickleSerializer: Django unpickles every session, so whoever can write one (anyone who knows SECRET_KEY, with signed-cookie sessions) runs code on the server. Use the default JSONSerializer.");
      },
      call(call) {
        const callee = model.qualifiedNames(call.get("function"));
        for (const q of callee) {
          const dataKeyword = OBJECT_LOADERS.get(q);
          if (dataKeyword !== undefined) {
            const data = model.arg(call, 0, dataKeyword);
            if (!isTrustedData(model, data) && !isMacVerified(model, call, data)) {
              ctx.report(call, `${q}() deserializes data that can execute code while loading; load only data you produced and authenticated, or use JSON.`);
            }
            return;
          }
          const pathKeyword = PATH_LOADERS.get(q);
          if (pathKeyword !== undefined) {
            if (!isConstantPath(model, model.arg(call, 0, pathKeyword))) {
              ctx.report(call, `${q}() unpickles the values of a shelf whose file is not fixed by the program; a crafted shelf file executes code.`);
            }
            return;
          }
        }
        if (calleeIn(model, call, NUMPY_LOAD)) {
          if (keywordIsTrue(model, call, "allow_pickle") && !isTrustedData(model, model.arg(call, 0, "file"))) {
            ctx.report(call, "numpy.load(allow_pickle=True) unpickles object arrays, which can execute code; keep allow_pickle=False for untrusted files.");
          }
          return;
        }
        const always = calleeIn(model, call, YAML_ALWAYS_UNSAFE);
        if (always) {
          if (!isTrustedData(model, model.arg(call, 0, "stream"))) {
            ctx.report(call, `${always}() constructs arbitrary Python objects from YAML tags; use yaml.safe_load().`);
          }
          return;
        }
        const load = calleeIn(model, call, YAML_WITH_LOADER);
        if (!load || isTrustedData(model, model.arg(call, 0, "stream"))) return;
        const loader = model.arg(call, 1, "Loader");
        if (!loader) {
          ctx.report(call, `${load}() without a Loader uses the unsafe loader on PyYAML < 5.1; use yaml.safe_load() or Loader=yaml.SafeLoader.`);
          return;
        }
        if (loaderVerdict(model, loader) === "unsafe") {
          ctx.report(call, `${load}() with ${loader.text} constructs arbitrary Python objects from YAML tags; use Loader=yaml.SafeLoader.`);
        }
      },
    };
  },
};

/** Classifies a PyYAML loader expression, following aliases, `getattr(yaml, …)` and local subclasses. */
function loaderVerdict(model: FileModel, node: PyNode, depth = 0): LoaderVerdict {
  if (depth > 6) return "unknown";
  const names = model.qualifiedNames(node);
  if (names.length > 0) {
    if (names.some((q) => UNSAFE_LOADERS.has(q))) return "unsafe";
    if (names.every((q) => SAFE_LOADERS.has(q))) return "safe";
  }
  if (node.type === "identifier") {
    const cls = model.lookup(node.text, node)?.find((b) => b.kind === "class");
    if (cls) return subclassVerdict(model, cls.node, depth + 1);
  }
  const verdicts: LoaderVerdict[] = [];
  for (const src of valueSources(model, node)) {
    if (src === node) continue;
    if (src.type === "call" && model.qualifiedName(src.get("function")) === "builtins.getattr") {
      // getattr(yaml, "CSafeLoader", yaml.SafeLoader)
      const attr = constString(model, model.arg(src, 1));
      const fallback = model.arg(src, 2);
      const named: LoaderVerdict = attr === undefined ? "unknown" : verdictOfName(`${model.qualifiedName(model.arg(src, 0) ?? null)}.${attr}`);
      const other = fallback ? loaderVerdict(model, fallback, depth + 1) : named;
      verdicts.push(named === other ? named : named === "unsafe" || other === "unsafe" ? "unsafe" : "unknown");
    } else verdicts.push(loaderVerdict(model, src, depth + 1));
  }
  if (verdicts.includes("unsafe")) return "unsafe";
  return verdicts.length > 0 && verdicts.every((v) => v === "safe") ? "safe" : "unknown";
}

function verdictOfName(q: string): LoaderVerdict {
  return UNSAFE_LOADERS.has(q) ? "unsafe" : SAFE_LOADERS.has(q) ? "safe" : "unknown";
}

/** A locally defined loader class is as safe as its bases. */
function subclassVerdict(model: FileModel, classDef: PyNode, depth: number): LoaderVerdict {
  const bases = classDef.get("superclasses")?.namedChildren.filter((b) => b.type !== "keyword_argument") ?? [];
  const verdicts = bases.map((b) => loaderVerdict(model, b, depth));
  if (verdicts.includes("unsafe")) return "unsafe";
  return verdicts.length > 0 && verdicts.some((v) => v === "safe") ? "safe" : "unknown";
}
