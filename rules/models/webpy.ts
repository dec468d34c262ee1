/**
 * web.py: `web.input()` (query string and form fields), `web.data()` (the raw body), `web.cookies()` and
 * `web.ctx` (the request's path, query, environment and headers) are the client's wherever a handler
 * reads them. Handler classes are named by string in the `urls` tuple, so they are not looked for: the
 * sources apply in any function of a file that uses web.py.
 *
 * Its database (`web.database(dbn=...)`, the `web.db` classes): `db.query(sql, vars=...)` runs SQL text whose
 * `$name` placeholders `vars` fills as parameters, and `select`/`update`/`delete` take a `where=` clause of SQL text
 * the same way; what `query`, `select` and `where` return is stored rows, not the values that selected them.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const CTX = "webpy.Ctx";
const DB = "webpy.DB";
const DB_CLASSES = ["DB", "PostgresDB", "MySQLDB", "SqliteDB", "FirebirdDB", "MSSQLDB", "OracleDB"].map((c) => `web.db.${c}`);

export const webpy: TaintModel = {
  name: "webpy",
  // `web` is also a common name for a project's own package: a file counts when it reads the request
  mentionTriggers: ["web.input", "web.data", "web.cookies", "web.ctx"],
  types: [
    { type: CTX, name: ["web.ctx", "web.webapi.ctx"] },
    { type: DB, call: ["web.database", "web.db.database"], class: DB_CLASSES },
  ],
  sources: [
    { label: "web.input()", call: ["web.input", "web.webapi.input", "web.data", "web.webapi.data", "web.cookies", "web.webapi.cookies"] },
    { label: "web.ctx.query", on: [CTX], attr: ["query", "env", "environ", "realhome", "home", "host"] },
    // the path being served: web.py's redirects prefix a path that starts with `/` with the site's own address
    // (`//evil.example` included), so as a redirect target it stays on this site
    { label: "web.ctx.path", on: [CTX], attr: ["path", "fullpath", "homepath"], exceptKinds: ["redirect"] },
  ],
  sinks: [
    { kind: "redirect", call: ["web.seeother", "web.redirect", "web.found", "web.tempredirect", "web.webapi.seeother", "web.webapi.redirect"], args: [{ pos: 0, kw: "url" }] },
    { kind: "sql", on: [DB], method: ["query"], args: [{ pos: 0, kw: "sql_query" }] },
    { kind: "sql", on: [DB], method: ["select", "update", "delete"], args: [{ kw: "where" }, { kw: "order" }, { kw: "what" }] },
  ],
  propagators: [
    { on: [DB], method: ["query", "select", "where"], result: "clean" },
    // `web.reparam("owner = $owner", locals())`: the text with its `$` names bound as parameters, as `vars=` does
    { call: ["web.reparam", "web.db.reparam"], result: { pos: 0, kw: "string_" } },
  ],
  sanitizers: [{ call: ["web.sqlquote", "web.db.sqlquote"], kinds: ["sql"] }],
};
