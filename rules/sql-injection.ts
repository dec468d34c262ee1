/**
 * sql-injection: request data reaching SQL text — DB-API `execute`, SQLAlchemy `text()` and
 * `exec_driver_sql`, Django `raw`/`extra`/`RawSQL`, pandas `read_sql*`.
 *
 * Decisions:
 * - Only the SQL text argument is a sink: values passed as query parameters are bound by the
 *   driver and are not injection, however they were built.
 * - `.execute(sql)` on a receiver of unknown type is treated as a database call: cursors and
 *   connections usually come from helpers, pools or framework objects the engine cannot type.
 * - SQLAlchemy statements built with `select()`/`where()` comparisons are parameterised; only
 *   `text()`/`literal_column()` and strings handed to `execute` are reported. A `text()` already
 *   reported is not reported again where it is executed.
 */
import type { TaintRule } from "../src/rule.js";
import { SQL_FIX_DOCS, sqlFix } from "./lib/sql-fix.js";

export const rule: TaintRule = {
  meta: {
    id: "sql-injection",
    name: "SqlInjection",
    shortDescription: "User input reaches the text of an SQL query",
    fullDescription:
      "Data from an HTTP request (query string, form, JSON body, headers, cookies, route parameters) is concatenated or formatted into SQL that is executed, so the client can change the query's structure: read other users' rows, bypass authentication, modify or drop data.",
    docs: {
      whatItDoes:
        "Follows request data from every entry point pysast models (web stacks, serverless handlers, GraphQL resolvers, task queues; see `docs/frameworks.md`) through assignments, string building, containers and function calls (also across files) to the SQL text of DB-API `cursor.execute`/`executemany`/`executescript` and `connection.execute` (sqlite3, psycopg/psycopg2, PyMySQL, MySQLdb, mysql.connector, asyncpg, aiosqlite), SQLAlchemy `text()`, `literal_column()`, `Session/Connection.execute` with a string and `exec_driver_sql`, Django `Manager.raw`, `QuerySet.extra` and `RawSQL`, pandas `read_sql*`, DuckDB (`duckdb.sql`, a connection's `sql`/`query`/`execute`), peewee (`execute_sql`, `SQL()` fragments), encode's `databases` (`execute`, `fetch_all` & co.) and Tortoise ORM's raw connection (`execute_query` & co.).\n\nValues passed in the parameters argument are not reported, nor are values that went through `int()`/`float()` or a numeric conversion (`%d`, `%.2f`, `{n:d}`: a string would raise there), an allow-list check (`if col in ALLOWED`), a regular-expression full match on letters and digits, or a lookup in a dict of constant strings. A value placed inside a quoted literal is not reported when it cannot contain that quote (`if \"'\" in name: abort(400)` before `f\"… WHERE name = '{name}'\"`) and either cannot contain a backslash or is the query's only input — a trailing backslash would escape the closing quote and let a later value out. Each finding carries the path from the source to the query.",
      whyBad:
        "The database cannot tell the developer's SQL from SQL the user smuggled into a string: a name like `x' OR '1'='1` returns every row, `1; DROP TABLE users` destroys data on drivers that allow stacked statements, and `UNION SELECT` reads any table the application account can see. Escaping by hand is fragile (encodings, backslashes, numeric contexts), which is why parameter binding exists.",
      example: [
        "import sqlite3",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/users")',
        "def find_user():",
        '    name = request.args.get("name", "")',
        '    db = sqlite3.connect("app.db")',
        "    rows = db.execute(\"SELECT id, email FROM users WHERE name = '\" + name + \"'\").fetchall()",
        '    return {"users": rows}',
        "",
      ].join("\n"),
      useInstead: [
        "import sqlite3",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/users")',
        "def find_user():",
        '    name = request.args.get("name", "")',
        '    db = sqlite3.connect("app.db")',
        '    rows = db.execute("SELECT id, email FROM users WHERE name = ?", (name,)).fetchall()',
        '    return {"users": rows}',
        "",
      ].join("\n"),
      useInsteadText:
        "Pass values as query parameters (`?`, `%s` or `:name` depending on the driver) and keep the SQL text constant. For identifiers that cannot be parameters (column or table names, sort direction), map the input through an allow-list of constants. With SQLAlchemy, build queries with `select()`/`where()` or bind parameters into `text()`; with Django, use the ORM or `raw(sql, params)`.",
      fix: SQL_FIX_DOCS,
      references: [
        { title: "CWE-89: Improper Neutralization of Special Elements used in an SQL Command", url: "https://cwe.mitre.org/data/definitions/89.html" },
        { title: "OWASP Top 10 2021 A03: Injection", url: "https://owasp.org/Top10/A03_2021-Injection/" },
        { title: "OWASP SQL Injection Prevention Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html" },
        { title: "Python sqlite3: how to use placeholders to bind values", url: "https://docs.python.org/3/library/sqlite3.html#sqlite3-placeholders" },
        { title: "Django: performing raw SQL queries", url: "https://docs.djangoproject.com/en/stable/topics/db/sql/" },
        { title: "SQLAlchemy: using textual SQL with bound parameters", url: "https://docs.sqlalchemy.org/en/20/core/sqlelement.html#sqlalchemy.sql.expression.text" },
      ],
    },
    cwe: [89],
    owasp: ["A03:2021-Injection"],
    level: "error",
    securitySeverity: "8.8",
    precision: "high",
    tags: ["security", "injection", "taint", "external/cwe/cwe-89"],
    frameworks: ["flask", "django", "fastapi", "sqlite3", "psycopg", "pymysql", "mysqlclient", "mysql-connector", "asyncpg", "aiosqlite", "sqlalchemy", "pandas", "duckdb", "peewee", "databases", "tortoise"],
    aliases: { bandit: ["B608", "B610", "B611"], ruff: ["S608", "S610", "S611"] },
    kind: "taint",
    fixSafety: ["safe", "unsafe"],
  },
  sinkKinds: ["sql"],
  fix: (finding, fix) => sqlFix(fix.nodeAt(finding.region, "call"), fix),
};
