/**
 * SQLAlchemy (and SQLModel, Flask-SQLAlchemy): textual SQL, raw driver SQL, sessions and connections
 * executing strings. Statements built with the expression language (`select(User).where(User.name == n)`,
 * `db.update(Topic).values(...)`) bind every value as a parameter; what a session or query returns
 * (`session.execute(stmt).scalar_one()`, `session.get(Topic, id)`, `Topic.query.get(id)`,
 * `db.get_or_404(Topic, id)`) is stored data, not the values that selected it.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const SESSION = "sqlalchemy.Session";
const ENGINE = "sqlalchemy.Engine";
const TEXT = "sqlalchemy.TextClause";
const STATEMENT = "sqlalchemy.Statement";
const FLASK_SQLALCHEMY = "flask_sqlalchemy.SQLAlchemy";
/** The legacy ORM query (`session.query(User)`, Flask-SQLAlchemy's `User.query`). */
const QUERY = "sqlalchemy.orm.Query";
/** Files that use SQLAlchemy: where a `.query` attribute or `.execute(...)` of unknown type is taken to be SQLAlchemy's. */
const USES_SQLALCHEMY = ["sqlalchemy", "flask_sqlalchemy", "sqlmodel"];

const CONSTRUCT_NAMES = ["select", "insert", "update", "delete", "union", "union_all", "exists"];
/** Statement methods returning a refined statement; the values they take are bound parameters or column expressions. */
const STATEMENT_METHODS = [
  "where",
  "filter",
  "filter_by",
  "values",
  "ordered_values",
  "order_by",
  "group_by",
  "having",
  "limit",
  "offset",
  "fetch",
  "slice",
  "join",
  "outerjoin",
  "join_from",
  "outerjoin_from",
  "select_from",
  "returning",
  "options",
  "distinct",
  "with_only_columns",
  "add_columns",
  "execution_options",
  "with_for_update",
  "correlate",
  "subquery",
  "scalar_subquery",
  "cte",
  "on_conflict_do_update",
  "on_conflict_do_nothing",
  "on_duplicate_key_update",
];
/** Query methods returning a refined query (its rows still come from the database). */
const QUERY_METHODS = [...STATEMENT_METHODS.filter((m) => m !== "values" && m !== "ordered_values" && m !== "returning"), "with_entities", "populate_existing", "yield_per", "enable_eagerloads", "union", "union_all"];
/** Query methods returning rows, objects, counts or a page of stored data. */
const QUERY_ROWS = ["get", "get_or_404", "first", "first_or_404", "one", "one_or_none", "one_or_404", "all", "scalar", "count", "exists", "paginate"];
/** Session methods returning stored data: a result, objects fetched by id, scalars. */
// `exec` is SQLModel's `Session.exec(select(...))`
const SESSION_RESULTS = ["execute", "exec", "scalars", "scalar", "get", "get_one"];

const CONSTRUCTS = CONSTRUCT_NAMES.flatMap((c) => [`sqlalchemy.${c}`, `sqlalchemy.sql.${c}`, `sqlalchemy.sql.expression.${c}`, `sqlmodel.${c}`]);

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
    // a thread-local registry used as the session itself (`Session = scoped_session(sessionmaker(bind=engine))`,
    // then `Session.get(File, id)` from any module that imports it)
    { type: SESSION, call: ["sqlalchemy.orm.scoped_session", "sqlalchemy.orm.scoping.scoped_session", "sqlalchemy.ext.asyncio.async_scoped_session"] },
    // Flask-SQLAlchemy: `db.session`, `db.engine`, and the SQLAlchemy names re-exported on `db` (`db.text`)
    { type: FLASK_SQLALCHEMY, class: ["flask_sqlalchemy.SQLAlchemy", "flask_sqlalchemy.extension.SQLAlchemy"] },
    { type: SESSION, on: [FLASK_SQLALCHEMY], attr: ["session"] },
    { type: ENGINE, on: [FLASK_SQLALCHEMY], attr: ["engine"] },
    // `User.query` of a Flask-SQLAlchemy model, `session.query(User)`
    { type: QUERY, untypedAttr: ["query"], requiresImport: USES_SQLALCHEMY },
    { type: QUERY, on: [SESSION], method: ["query"] },
  ],
  sanitizers: [
    // statements built with the expression language bind every value as a parameter
    { call: CONSTRUCTS, kinds: ["sql"], returns: STATEMENT },
    // the same constructs re-exported on a Flask-SQLAlchemy object (`db.select(Topic)`)
    { on: [FLASK_SQLALCHEMY], method: CONSTRUCT_NAMES, kinds: ["sql"], returns: STATEMENT },
    {
      on: [STATEMENT],
      method: STATEMENT_METHODS,
      kinds: ["sql"],
      receiver: true,
      returns: STATEMENT,
    },
  ],
  propagators: [
    // what the database returns is stored data: a record fetched by an id does not hold the id's taint
    { on: [SESSION], method: SESSION_RESULTS, result: "clean" },
    { on: [ENGINE, "dbapi.Connection"], method: ["execute"], result: "clean" },
    { on: [FLASK_SQLALCHEMY], method: ["get_or_404", "first_or_404", "one_or_404", "paginate"], result: "clean" },
    // `self.session.execute(stmt)` with a session of unknown type, in a file using SQLAlchemy
    { method: ["execute", "scalars"], untyped: USES_SQLALCHEMY, result: "clean" },
    // `db.query(cls)` on a session of unknown type (a parameter), in a file using SQLAlchemy: a query of
    // stored rows, whatever later filters select them with
    { method: ["query"], untyped: USES_SQLALCHEMY, result: "clean", returns: QUERY },
    { on: [QUERY], method: QUERY_METHODS, result: "receiver", returns: QUERY },
    { on: [QUERY], method: QUERY_ROWS, result: "clean" },
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
