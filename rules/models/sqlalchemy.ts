/** SQLAlchemy (and SQLModel): textual SQL, raw driver SQL, sessions and connections executing strings. */
import type { TaintModel } from "../../src/taint/model-types.js";

const SESSION = "sqlalchemy.Session";
const ENGINE = "sqlalchemy.Engine";
const TEXT = "sqlalchemy.TextClause";
const STATEMENT = "sqlalchemy.Statement";
const FLASK_SQLALCHEMY = "flask_sqlalchemy.SQLAlchemy";
const QUERY = "sqlalchemy.Query";

/** Query methods returning another query (filters bind their values as parameters). */
const QUERY_METHODS = ["filter", "filter_by", "where", "order_by", "group_by", "having", "limit", "offset", "join", "outerjoin", "options", "distinct", "select_from", "with_entities", "enable_eagerloads", "execution_options"];
/** Methods returning stored rows, values or counts. */
const ROW_METHODS = ["first", "one", "one_or_none", "all", "get", "scalar", "count", "paginate", "get_or_404", "first_or_404", "one_or_404", "exists"];

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
    { type: SESSION, class: ["sqlalchemy.orm.Session", "sqlalchemy.orm.session.Session", "sqlmodel.Session", "sqlalchemy.ext.asyncio.AsyncSession"] },
    // Flask-SQLAlchemy: `db.session`, `db.engine`, and the SQLAlchemy names re-exported on `db` (`db.text`)
    { type: FLASK_SQLALCHEMY, class: ["flask_sqlalchemy.SQLAlchemy", "flask_sqlalchemy.extension.SQLAlchemy"] },
    { type: SESSION, on: [FLASK_SQLALCHEMY], attr: ["session"] },
    { type: ENGINE, on: [FLASK_SQLALCHEMY], attr: ["engine"] },
    // the legacy query API: `session.query(User)`, Flask-SQLAlchemy's `User.query` on a `db.Model` class
    { type: QUERY, on: [SESSION], method: ["query"] },
    { type: QUERY, untypedAttr: ["query"], requiresImport: ["flask_sqlalchemy"] },
  ],
  propagators: [
    // the ORM binds lookup values as query parameters: the rows that come back are stored data, not
    // the lookup's arguments (`User.query.filter_by(name=name).first()`, `session.get(User, user_id)`)
    { on: [QUERY], method: QUERY_METHODS, result: "clean", returns: QUERY },
    { on: [QUERY], method: ROW_METHODS, result: "clean" },
    { on: [SESSION], method: ["get"], result: "clean" },
    { on: [FLASK_SQLALCHEMY], method: ["get_or_404", "first_or_404", "one_or_404"], result: "clean" },
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
      call: [
        "sqlalchemy.text",
        "sqlalchemy.sql.text",
        "sqlalchemy.sql.expression.text",
        "sqlmodel.text",
        "sqlalchemy.literal_column",
        "sqlalchemy.sql.expression.literal_column",
        "sqlalchemy.TextClause",
        "sqlalchemy.sql.expression.TextClause",
        "sqlalchemy.sql.elements.TextClause",
      ],
      args: [{ pos: 0, kw: "text" }],
      consumes: true,
      returns: TEXT,
    },
    { kind: "sql", on: [FLASK_SQLALCHEMY], method: ["text", "literal_column"], args: [{ pos: 0, kw: "text" }], consumes: true, returns: TEXT },
    { kind: "sql", on: [SESSION, ENGINE, "dbapi.Connection"], method: ["execute", "exec_driver_sql"], untyped: true, args: [{ pos: 0, kw: "statement" }] },
  ],
};
