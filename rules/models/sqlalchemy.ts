/** SQLAlchemy (and SQLModel): textual SQL, raw driver SQL, sessions and connections executing strings. */
import type { TaintModel } from "../../src/taint/model-types.js";

const SESSION = "sqlalchemy.Session";
const ENGINE = "sqlalchemy.Engine";
const TEXT = "sqlalchemy.TextClause";
const STATEMENT = "sqlalchemy.Statement";

const CONSTRUCTS = ["select", "insert", "update", "delete", "union", "union_all", "exists"].flatMap((c) => [`sqlalchemy.${c}`, `sqlalchemy.sql.${c}`, `sqlalchemy.sql.expression.${c}`, `sqlmodel.${c}`]);

export const sqlalchemy: TaintModel = {
  name: "sqlalchemy",
  sources: [
    {
      label: "database error",
      caught: ["SQLAlchemyError", "DBAPIError", "DatabaseError", "OperationalError", "IntegrityError", "ProgrammingError", "StatementError", "InterfaceError"].map((e) => `sqlalchemy.exc.${e}`),
      kinds: ["error-disclosure"],
    },
  ],
  types: [
    { type: ENGINE, call: ["sqlalchemy.create_engine", "sqlalchemy.engine.create_engine", "sqlmodel.create_engine", "sqlalchemy.ext.asyncio.create_async_engine"] },
    { type: "dbapi.Connection", on: [ENGINE], method: ["connect", "begin", "raw_connection"] },
    { type: SESSION, class: ["sqlalchemy.orm.Session", "sqlalchemy.orm.session.Session", "sqlmodel.Session", "sqlalchemy.ext.asyncio.AsyncSession", "flask_sqlalchemy.SQLAlchemy"] },
  ],
  sanitizers: [
    // statements built with the expression language bind every value as a parameter
    { call: CONSTRUCTS, kinds: ["sql"], returns: STATEMENT },
    {
      on: [STATEMENT],
      method: ["where", "filter", "filter_by", "values", "order_by", "group_by", "having", "limit", "offset", "join", "outerjoin", "select_from", "returning", "options", "distinct", "with_only_columns", "on_conflict_do_update", "on_conflict_do_nothing"],
      kinds: ["sql"],
      receiver: true,
      returns: STATEMENT,
    },
  ],
  sinks: [
    {
      kind: "sql",
      call: ["sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text", "sqlmodel.text", "sqlalchemy.literal_column", "sqlalchemy.sql.expression.literal_column"],
      args: [{ pos: 0, kw: "text" }],
      consumes: true,
      returns: TEXT,
    },
    { kind: "sql", on: [SESSION, ENGINE, "dbapi.Connection"], method: ["execute", "exec_driver_sql"], untyped: true, args: [{ pos: 0, kw: "statement" }] },
  ],
};
