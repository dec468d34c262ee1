/**
 * nosql-injection: request JSON in MongoDB query filters, and request text in `$where` scripts.
 *
 * Decisions:
 * - Only values that can be objects count for filters and pipelines: a parsed JSON body
 *   (`request.get_json()`, `await request.json()`, `json.loads(request.body)`). Text from a query
 *   string or a form compared with `{"name": text}` cannot add an operator, so it is not reported.
 * - `str()`/`int()` of the value, or an allow-list check, make it safe.
 * - The value of a `$where` key is JavaScript the server runs: any request text in it is reported.
 */
import type { TaintRule } from "../src/rule.js";

export const rule: TaintRule = {
  meta: {
    id: "nosql-injection",
    name: "NoSqlInjection",
    shortDescription: "Request JSON is used as a MongoDB query filter, or request text in a $where script",
    fullDescription:
      "Values from a parsed JSON request body reach a MongoDB query filter or aggregation pipeline without being converted to text or numbers, so the client can send a query operator (`{\"$ne\": null}`, `{\"$regex\": \".*\"}`, `{\"$gt\": \"\"}`) where the application expects a value; or request text is placed in a `$where` JavaScript clause.",
    docs: {
      whatItDoes:
        "Follows parsed JSON request bodies (Flask's `request.json`/`get_json()`, aiohttp's and Starlette's `await request.json()`, Pyramid's `json_body`, and `json.loads` of any request text) to the filter of pymongo, motor and Flask-PyMongo collection methods (`find`, `find_one`, `find_one_and_update/replace/delete`, `update_one/many`, `replace_one`, `delete_one/many`, `count_documents`, `distinct`, `aggregate`, `watch`) and to `Database.command`. mongoengine querysets (`Model.objects(...)`, `.filter(**body)`, `__raw__=`) in files importing mongoengine or on classes whose bases come from it, and DynamoDB `scan`/`query` legacy filters (`ScanFilter`, `QueryFilter`, `KeyConditions`), are sinks too; so are JSON bodies of DRF, Bottle, Sanic, Quart, Litestar, Falcon, Chalice, Azure Functions and Connexion, and FastAPI/Litestar parameters annotated `dict`/`Any`. Collections are recognised through the client (`MongoClient(...).shop.orders`, `client.get_database(...)`, `PyMongo(app).db.users`) or, in files importing a MongoDB driver, by method name. A value passed through `str()`, `int()` or `float()`, or checked against an allow-list, is not reported. Separately, any request data in the value of a `$where` key of a filter built in place is reported: it is JavaScript the database runs.",
      whyBad:
        "A login written as `users.find_one({\"name\": body[\"name\"], \"password\": body[\"password\"]})` accepts `{\"name\": \"admin\", \"password\": {\"$ne\": null}}` and logs the client in as anyone. Operators such as `$regex`, `$gt` and `$where` also let a client read records one character at a time or run a slow script on the database server.",
      example: [
        "from flask import Flask, request",
        "from pymongo import MongoClient",
        "",
        "app = Flask(__name__)",
        'users = MongoClient("mongodb://db:27017").accounts.users',
        "",
        "",
        '@app.post("/login")',
        "def login():",
        "    body = request.get_json()",
        '    user = users.find_one({"name": body["name"], "password_hash": body["password_hash"]})',
        '    return {"ok": user is not None}',
        "",
      ].join("\n"),
      useInstead: [
        "from flask import Flask, request",
        "from pymongo import MongoClient",
        "",
        "app = Flask(__name__)",
        'users = MongoClient("mongodb://db:27017").accounts.users',
        "",
        "",
        '@app.post("/login")',
        "def login():",
        "    body = request.get_json()",
        '    user = users.find_one({"name": str(body["name"]), "password_hash": str(body["password_hash"])})',
        '    return {"ok": user is not None}',
        "",
      ].join("\n"),
      useInsteadText:
        "Convert every value taken from a JSON body to the type the query expects (`str()`, `int()`) or validate the body with a schema (pydantic, marshmallow) before it reaches a filter; never pass a request object or dict as a filter. Do not use `$where`; express conditions with query operators and pass request values as values.",
      references: [
        { title: "CWE-943: Improper Neutralization of Special Elements in Data Query Logic", url: "https://cwe.mitre.org/data/definitions/943.html" },
        { title: "OWASP Top 10 2021 A03: Injection", url: "https://owasp.org/Top10/A03_2021-Injection/" },
        { title: "OWASP WSTG: Testing for NoSQL Injection", url: "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05.6-Testing_for_NoSQL_Injection" },
        { title: "MongoDB: $where", url: "https://www.mongodb.com/docs/manual/reference/operator/query/where/" },
      ],
    },
    cwe: [943],
    owasp: ["A03:2021-Injection"],
    level: "error",
    securitySeverity: "8.1",
    precision: "high",
    tags: ["security", "injection", "taint", "external/cwe/cwe-943"],
    frameworks: ["flask", "django", "fastapi", "aiohttp", "pymongo", "motor"],
    aliases: {},
    kind: "taint",
  },
  sinkKinds: ["nosql", "nosql-script"],
};
