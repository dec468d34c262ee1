/**
 * SQL text run by libraries beyond the DB-API drivers: DuckDB (`duckdb.sql(q)`, a connection's `sql` /
 * `query`), peewee (`db.execute_sql(q)`, `SQL(q)` fragments), encode's `databases` (`await
 * database.fetch_all(query=q)`) and Tortoise ORM's raw connection (`execute_query(q)`). Their parameter
 * arguments (`params`, `values`, `*args`) are bound by the driver and are not sinks.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const DUCKDB = "duckdb.Connection";
const PEEWEE = "peewee.Database";
const DATABASES = "databases.Database";
const TORTOISE = "tortoise.Connection";
const PEEWEE_DBS = ["Database", "SqliteDatabase", "PostgresqlDatabase", "MySQLDatabase", "CockroachDatabase"].map((c) => `peewee.${c}`).concat(
  ["PooledSqliteDatabase", "PooledPostgresqlDatabase", "PooledMySQLDatabase", "PostgresqlExtDatabase", "SqliteExtDatabase"].flatMap((c) => [`playhouse.pool.${c}`, `playhouse.postgres_ext.${c}`, `playhouse.sqlite_ext.${c}`]),
);

export const sqlLibraries: TaintModel = {
  name: "sql-libraries",
  types: [
    { type: DUCKDB, call: ["duckdb.connect"], class: ["duckdb.DuckDBPyConnection"] },
    { type: PEEWEE, class: PEEWEE_DBS },
    { type: DATABASES, class: ["databases.Database"] },
    { type: TORTOISE, call: ["tortoise.Tortoise.get_connection", "tortoise.connections.get", "tortoise.transactions.in_transaction"] },
  ],
  sinks: [
    { kind: "sql", call: ["duckdb.sql", "duckdb.query", "duckdb.execute", "duckdb.executemany"], args: [{ pos: 0, kw: "query" }] },
    { kind: "sql", on: [DUCKDB], method: ["sql", "query", "execute", "executemany"], args: [{ pos: 0, kw: "query" }] },
    { kind: "sql", on: [PEEWEE], method: ["execute_sql"], args: [{ pos: 0, kw: "sql" }] },
    { kind: "sql", call: ["peewee.SQL", "peewee.NodeList"], args: [{ pos: 0, kw: "sql" }] },
    { kind: "sql", on: [DATABASES], method: ["execute", "execute_many", "fetch_all", "fetch_one", "fetch_val", "iterate"], args: [{ pos: 0, kw: "query" }] },
    { kind: "sql", on: [TORTOISE], method: ["execute_query", "execute_query_dict", "execute_script", "execute_insert", "execute_many"], args: [{ pos: 0, kw: "query" }] },
  ],
};
