/** DB-API 2.0 drivers (sqlite3, psycopg, PyMySQL, MySQLdb, mysql.connector, …) and asyncpg / aiosqlite. */
import type { TaintModel } from "../../src/taint/model-types.js";

const CONNECTION = "dbapi.Connection";
const CURSOR = "dbapi.Cursor";
const ASYNCPG = "asyncpg.Connection";
/** A piece of a query composed with `psycopg2.sql` / `psycopg.sql`. */
const COMPOSABLE = "psycopg.sql.Composable";
const PSYCOPG_SQL = ["psycopg2.sql", "psycopg.sql"];

const CONNECT = [
  "sqlite3.connect",
  "sqlite3.dbapi2.connect",
  "psycopg2.connect",
  "psycopg.connect",
  "psycopg.AsyncConnection.connect",
  "psycopg.Connection.connect",
  "pymysql.connect",
  "pymysql.connections.Connection",
  "MySQLdb.connect",
  "MySQLdb.Connect",
  "mysql.connector.connect",
  "pymssql.connect",
  "cx_Oracle.connect",
  "oracledb.connect",
  "pyodbc.connect",
  "aiosqlite.connect",
  "aiomysql.connect",
];

/** DB-API exception classes (PEP 249): their text quotes queries, constraints and connection details. */
const DB_ERRORS = ["psycopg2", "psycopg", "pymysql", "MySQLdb", "mysql.connector", "pymssql", "cx_Oracle", "oracledb", "pyodbc"].flatMap((m) =>
  ["Error", "DatabaseError", "OperationalError", "IntegrityError", "ProgrammingError", "InterfaceError", "DataError", "InternalError"].map((e) => `${m}.${e}`),
);

export const dbapi: TaintModel = {
  name: "dbapi",
  sources: [{ label: "database error", caught: [...DB_ERRORS, "asyncpg.PostgresError", "asyncpg.exceptions.PostgresError"], kinds: ["error-disclosure"] }],
  syntaxes: { sql: "sql" },
  types: [
    { type: CONNECTION, call: CONNECT, class: ["sqlite3.Connection", "psycopg2.extensions.connection", "psycopg.Connection", "aiosqlite.Connection"] },
    { type: CURSOR, on: [CONNECTION], method: ["cursor"], class: ["sqlite3.Cursor", "psycopg2.extensions.cursor", "psycopg.Cursor"] },
    { type: ASYNCPG, call: ["asyncpg.connect", "asyncpg.create_pool"], class: ["asyncpg.Connection", "asyncpg.connection.Connection", "asyncpg.Pool", "asyncpg.pool.Pool"] },
    { type: ASYNCPG, on: [ASYNCPG], method: ["acquire"] },
  ],
  sinks: [
    {
      kind: "sql",
      on: [CONNECTION, CURSOR],
      method: ["execute", "executemany", "executescript"],
      // any `.execute(sql)` whose receiver is not known to be something else
      untyped: true,
      args: [{ pos: 0, kw: "sql" }, { kw: "query" }, { kw: "operation" }, { kw: "sql_script" }],
    },
    // aiosqlite's shortcuts on the connection
    { kind: "sql", on: [CONNECTION], method: ["execute_fetchall", "execute_insert"], untyped: ["aiosqlite"], args: [{ pos: 0, kw: "sql" }] },
    { kind: "sql", on: [ASYNCPG], method: ["execute", "executemany", "fetch", "fetchrow", "fetchval", "cursor", "prepare"], untyped: ["asyncpg"], args: [{ pos: 0, kw: "query" }] },
  ],
  sanitizers: [
    // psycopg's query composition: `sql.SQL("SELECT {} FROM t").format(sql.Identifier(col))` quotes
    // identifiers and literals; `sql.SQL(text)` itself is raw SQL and keeps its text's taint
    { call: PSYCOPG_SQL.flatMap((m) => [`${m}.Identifier`, `${m}.Literal`, `${m}.Placeholder`]), kinds: ["sql"], returns: COMPOSABLE },
  ],
  propagators: [
    { call: PSYCOPG_SQL.flatMap((m) => [`${m}.SQL`, `${m}.Composed`]), returns: COMPOSABLE },
    { on: [COMPOSABLE], method: ["format", "join", "__add__", "__mul__"], returns: COMPOSABLE },
    // running a query returns the cursor, and rows come from the database: neither carries the
    // query's text, so a search term in a parameterised WHERE clause does not make the rows user input
    { on: [CONNECTION, CURSOR], method: ["execute", "executemany", "executescript"], result: "receiver", returns: CURSOR },
    { on: [CURSOR], method: ["fetchone", "fetchall", "fetchmany"], result: "clean" },
    { on: [CONNECTION], method: ["execute_fetchall", "execute_insert"], untyped: ["aiosqlite"], result: "clean" },
    { on: [ASYNCPG], method: ["fetch", "fetchrow", "fetchval"], untyped: ["asyncpg"], result: "clean" },
  ],
};
