/**
 * class-pollution: a request-chosen name is written as an attribute of an object.
 *
 * Decisions:
 * - The name argument of `setattr`/`delattr`, and the keys written into an object's `__dict__`
 *   (or the module's `globals()`), are sinks; the values are not (writing request data into a
 *   field the application chose is ordinary).
 * - Only names from a parsed JSON document count (the reserved `attribute-write` kind, see
 *   `rules/models/json-documents.ts`): names taken from the fields of a form, a schema object or a
 *   model are the application's own, and were the main source of false alarms on production code.
 * - An allow-list check of the name (`if key in EDITABLE`) makes it safe; `hasattr` does not:
 *   every attribute an attacker wants to overwrite exists.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "class-pollution",
    name: "ClassPollution",
    shortDescription: "User input chooses which attribute of an object is written",
    fullDescription:
      "Keys from an HTTP request are used as attribute names in `setattr`/`delattr` or written into an object's `__dict__`, so the client sets any attribute: fields it must not change (`is_admin`, `owner_id`), and, through dunder names such as `__class__` and `__init__.__globals__` in a recursive merge, class attributes and module globals shared by every request (class pollution, the Python form of prototype pollution).",
    docs: {
      whatItDoes:
        "Follows parsed JSON request bodies (Flask's `request.json`/`get_json()`, aiohttp's and Starlette's `await request.json()`, Pyramid's `json_body`, and `json.loads` of any request text), including their keys iterated with `.items()`, to the name argument of `setattr` and `delattr`, and to the keys written into `obj.__dict__` (`obj.__dict__[key] = value`, `obj.__dict__.update(data)`) or into `globals()`. A name checked against an allow-list of editable fields first is not reported. Names from query strings and forms are not followed (their fields are usually named by the form or schema that parsed them); `update(**data)` keyword names are not either.",
      whyBad:
        "An update handler written as `for key, value in request.json.items(): setattr(user, key, value)` lets the client send `{\"is_admin\": true}` (mass assignment). A recursive merge that follows attributes lets it send `{\"__class__\": {\"__init__\": {\"__globals__\": {\"SECRET_KEY\": \"known\"}}}}` and overwrite module globals or class attributes for every later request, which can lead to authentication bypass or code execution.",
      example: [
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        "class Profile:",
        "    def __init__(self):",
        '        self.display_name = ""',
        "        self.is_admin = False",
        "",
        "",
        "PROFILE = Profile()",
        "",
        "",
        '@app.post("/profile")',
        "def update_profile():",
        "    for key, value in request.get_json().items():",
        "        setattr(PROFILE, key, value)",
        '    return {"ok": True}',
        "",
      ].join("\n"),
      useInstead: [
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        'EDITABLE = {"display_name"}',
        "",
        "",
        "class Profile:",
        "    def __init__(self):",
        '        self.display_name = ""',
        "        self.is_admin = False",
        "",
        "",
        "PROFILE = Profile()",
        "",
        "",
        '@app.post("/profile")',
        "def update_profile():",
        "    for key, value in request.get_json().items():",
        "        if key in EDITABLE:",
        "            setattr(PROFILE, key, value)",
        '    return {"ok": True}',
        "",
      ].join("\n"),
      useInsteadText:
        "Copy only the fields a client may change, named in the code or in an allow-list, or validate the body with a schema (pydantic, marshmallow, a Django form) that declares them. Never merge request data into objects recursively by attribute.",
      references: [
        { title: "CWE-915: Improperly Controlled Modification of Dynamically-Determined Object Attributes", url: "https://cwe.mitre.org/data/definitions/915.html" },
        { title: "CWE-1321: Improperly Controlled Modification of Object Prototype Attributes ('Prototype Pollution')", url: "https://cwe.mitre.org/data/definitions/1321.html" },
        { title: "OWASP Mass Assignment Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html" },
        { title: "OWASP Top 10 2021 A08: Software and Data Integrity Failures", url: "https://owasp.org/Top10/A08_2021-Software_and_Data_Integrity_Failures/" },
        { title: "Python setattr", url: "https://docs.python.org/3/library/functions.html#setattr" },
      ],
    },
    cwe: [915, 1321],
    owasp: ["A08:2021-Software and Data Integrity Failures"],
    level: "warning",
    securitySeverity: "6.5",
    precision: "high",
    tags: ["security", "mass-assignment", "taint", "external/cwe/cwe-915", "external/cwe/cwe-1321"],
    frameworks: ["flask", "django", "fastapi", "builtins"],
    aliases: {},
    kind: "taint",
  },
  sinkKinds: ["attribute-write"],
};
