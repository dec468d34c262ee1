/**
 * unsafe-deserialization: request data (or a request-chosen file) loaded with a deserializer that
 * can execute code — the taint-confirmed twin of the pattern rule `unsafe-load`.
 *
 * Decisions:
 * - Reported on the line of the loading call, so the pipeline drops `unsafe-load` there.
 * - `yaml.load` with `SafeLoader`/`CSafeLoader`/`BaseLoader` and `yaml.safe_load` are safe.
 * - Base64, compression and decoding in between do not make the data trustworthy.
 */
import type { TaintRule } from "../src/rule.js";
import { DESERIALIZATION_FIX_DOCS, deserializationFix } from "./lib/deserialization-fix.js";

export const rule: TaintRule = {
  meta: {
    id: "unsafe-deserialization",
    name: "UnsafeDeserialization",
    shortDescription: "User input is deserialized with a loader that can execute code",
    fullDescription:
      "Data from an HTTP request (a cookie, body, upload or parameter) is loaded with pickle, marshal, shelve, jsonpickle, dill or PyYAML's unsafe loaders, which construct arbitrary objects and call arbitrary functions while loading: whoever sends the bytes runs code on the server.",
    docs: {
      whatItDoes:
        "Follows request data from every entry point pysast models (web stacks, serverless handlers, GraphQL resolvers, task queues; see `docs/frameworks.md`) through decoding steps (`base64`, `bytes.decode`, containers, helper functions) to `pickle`/`cPickle`/`_pickle`/`dill`/`cloudpickle` `loads`/`load`/`Unpickler`, `marshal.loads/load`, `shelve.open`, `jsonpickle.decode`, `pandas.read_pickle`, `joblib.load`, `yaml.unsafe_load`/`full_load` and `yaml.load`/`load_all` without a safe loader.\n\nWhere this rule fires, the pattern rule `unsafe-load` is not reported on the same line.",
      whyBad:
        "Pickle streams call any importable function with any arguments (`os.system`, `subprocess.Popen`) through `__reduce__`; YAML's `!!python/object/apply` tag does the same with the unsafe loaders. Signing or encrypting cookies only helps if the key stays secret, and base64 is not protection at all. One request is enough for remote code execution.",
      example: [
        "import base64",
        "import pickle",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/cart")',
        "def cart():",
        '    state = pickle.loads(base64.b64decode(request.cookies.get("cart", "")))',
        '    return {"items": len(state)}',
        "",
      ].join("\n"),
      useInstead: [
        "import base64",
        "import json",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/cart")',
        "def cart():",
        '    state = json.loads(base64.b64decode(request.cookies.get("cart", "")))',
        '    return {"items": len(state)}',
        "",
      ].join("\n"),
      useInsteadText:
        "Use a data-only format for anything a client can send: JSON, MessagePack, or YAML through `yaml.safe_load`. Keep server-side state on the server (a session store keyed by an opaque id). If you must accept pickled data, verify an HMAC over it with `hmac.compare_digest` before loading, and restrict classes with a `pickle.Unpickler` subclass that overrides `find_class`.",
      fix: DESERIALIZATION_FIX_DOCS,
      references: [
        { title: "CWE-502: Deserialization of Untrusted Data", url: "https://cwe.mitre.org/data/definitions/502.html" },
        { title: "OWASP Top 10 2021 A08: Software and Data Integrity Failures", url: "https://owasp.org/Top10/A08_2021-Software_and_Data_Integrity_Failures/" },
        { title: "OWASP Deserialization Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html" },
        { title: "Python pickle: warning and restricting globals", url: "https://docs.python.org/3/library/pickle.html#restricting-globals" },
        { title: "PyYAML: yaml.load(input) deprecation", url: "https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation" },
      ],
    },
    cwe: [502],
    owasp: ["A08:2021-Software and Data Integrity Failures"],
    level: "error",
    securitySeverity: "9.8",
    precision: "high",
    tags: ["security", "deserialization", "taint", "external/cwe/cwe-502"],
    frameworks: ["flask", "django", "fastapi", "pickle", "marshal", "shelve", "jsonpickle", "pyyaml", "dill", "joblib", "pandas"],
    aliases: { bandit: ["B301", "B302", "B506"], ruff: ["S301", "S302", "S506"] },
    kind: "taint",
    fixSafety: ["unsafe"],
  },
  sinkKinds: ["deserialization"],
  fix: (finding, fix) => deserializationFix(fix.nodeAt(finding.region, "call"), fix),
};
