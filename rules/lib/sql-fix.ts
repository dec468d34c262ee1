/**
 * The automatic fix of `sql-injection`: query text built from values (f-string, `%`, `.format`, `+`)
 * becomes a parameterised query in the driver's placeholder style — sqlite3/pyodbc `?`,
 * psycopg/PyMySQL/MySQLdb/mysql.connector/Django `%s` (literal `%` doubled), asyncpg `$1`, SQLAlchemy
 * `text()` `:name` with bound parameters. A value inside a quoted SQL literal (`'%{term}%'`) becomes
 * one parameter holding the literal's content; a bare value after `=`, `<`, `LIKE`, `LIMIT`, `IN (`
 * or in `VALUES (…)` becomes a parameter too. Anything in an identifier's place (table, column,
 * `ORDER BY`) gets no fix, only a note: parameters cannot carry identifiers, an allow-list can.
 */
import { unparen, type PyNode } from "../../src/parse/ast.js";
import type { FixBuilder } from "../../src/fix/builder.js";
import { fString, literal, stringParts, type StringPart } from "../../src/fix/python-strings.js";
import type { FixOutcome, TextEdit } from "../../src/fix/types.js";
import { receiver, valueSources } from "./python.js";

type Style = "qmark" | "format" | "numeric" | "named";

/** Driver modules and the placeholder style their `execute` understands. */
const DRIVER_STYLES: [string, Style][] = [
  ["sqlite3", "qmark"],
  ["aiosqlite", "qmark"],
  ["pyodbc", "qmark"],
  ["psycopg2", "format"],
  ["psycopg", "format"],
  ["pymysql", "format"],
  ["MySQLdb", "format"],
  ["mysql.connector", "format"],
  ["aiomysql", "format"],
  ["pymssql", "format"],
  ["django", "format"],
  ["asyncpg", "numeric"],
];

const SQLALCHEMY_TEXT = new Set(["sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text"]);
const EXECUTE_METHODS = new Set(["execute", "executemany", "fetch", "fetchrow", "fetchval", "raw"]);

export const SQL_FIX_DOCS =
  "**Safe** when every value moved into a parameter sat inside a quoted SQL literal (`'{name}'`, `'%{term}%'`): the database receives the same string, now as data. **Unsafe** when a bare value becomes a parameter (`id = {user_id}`, `LIMIT {n}`): the parameter keeps the Python type, which some drivers (asyncpg) compare strictly. The placeholder follows the driver found for the connection or cursor (its `connect()`, a type annotation, or the driver the file or project imports): `?` for sqlite3, aiosqlite and pyodbc, `%s` for psycopg, psycopg2, PyMySQL, MySQLdb, mysql.connector and Django (a literal `%` in the query is doubled), `$1` for asyncpg, `:name` for SQLAlchemy `text()` with a dictionary of bound parameters. A query assigned to a variable just before the call is rewritten where it is built. No fix is offered for a value in an identifier's place (a table, a column, `ORDER BY`): parameters cannot carry identifiers, so the note says to check the name against an allow-list; nor when the driver cannot be told or the query already has parameters.";

function styleOfName(q: string | undefined): Style | undefined {
  if (!q) return undefined;
  return DRIVER_STYLES.find(([m]) => q === m || q.startsWith(`${m}.`))?.[1];
}

/** The placeholder style of the connection or cursor a query runs on. */
function driverStyle(call: PyNode, fix: FixBuilder): Style | undefined {
  const { model } = fix;
  const seen = new Set<PyNode>();
  const fromExpr = (expr: PyNode | null, depth: number): Style | undefined => {
    const n = unparen(expr);
    if (!n || depth > 8 || seen.has(n)) return undefined;
    seen.add(n);
    const direct = styleOfName(model.qualifiedName(n));
    if (direct) return direct;
    if (n.type === "call") {
      const fn = unparen(n.get("function"));
      const named = styleOfName(model.qualifiedName(fn));
      if (named) return named;
      // conn.cursor(), pool.acquire()
      if (fn?.type === "attribute") return fromExpr(fn.get("object"), depth + 1);
      return undefined;
    }
    if (n.type === "attribute") return fromExpr(n.get("object"), depth + 1);
    if (n.type === "identifier") {
      for (const source of valueSources(model, n)) {
        if (source === n) continue;
        const s = fromExpr(source, depth + 1);
        if (s) return s;
      }
      const binding = model.lookup(n.text, n)?.find((b) => b.kind === "param");
      const annotation = binding?.node.parent?.get("type");
      if (annotation) return styleOfName(model.qualifiedName(annotation));
    }
    return undefined;
  };
  const recv = receiver(call);
  const found = recv ? fromExpr(recv, 0) : undefined;
  if (found) return found;
  // Django's `connection` is found through the receiver; importing Django says nothing about other connections
  const unique = (names: Iterable<string>) => {
    const styles = new Set([...names].filter((q) => !q.startsWith("django")).map(styleOfName).filter((s): s is Style => s !== undefined));
    return styles.size === 1 ? [...styles][0] : undefined;
  };
  return unique(model.imports.map((i) => i.qualified)) ?? unique(fix.project?.importedModules ?? []);
}

/** Where an interpolated value sits in the SQL text around it. */
type Context = { kind: "literal"; start: number } | { kind: "value" } | { kind: "identifier"; what: string } | { kind: "unknown" };

function contextAt(sql: string): Context {
  let inLiteral = -1;
  let inIdentifier = false;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (inLiteral >= 0) {
      if (ch === "'" && sql[i + 1] === "'") i++;
      else if (ch === "'") inLiteral = -1;
    } else if (inIdentifier) {
      if (ch === '"') inIdentifier = false;
    } else if (ch === "'") inLiteral = i;
    else if (ch === '"') inIdentifier = true;
  }
  if (inLiteral >= 0) return { kind: "literal", start: inLiteral };
  if (inIdentifier) return { kind: "identifier", what: "a quoted identifier" };
  const tail = sql.replace(/\s+$/, "");
  if (/(?:=|<>|!=|<|>|\bLIKE|\bILIKE|\bLIMIT|\bOFFSET|\bIS(?:\s+NOT)?|\bBETWEEN\s+\S+\s+AND|\bBETWEEN)$/i.test(tail)) return { kind: "value" };
  if (/\b(?:IN|VALUES)\s*\($/i.test(tail)) return { kind: "value" };
  if (/,$/.test(tail) && /\b(?:IN|VALUES)\s*\([^()]*$/i.test(tail)) return { kind: "value" };
  const keyword = /\b(FROM|JOIN|INTO|UPDATE|TABLE|ORDER\s+BY|GROUP\s+BY|SELECT|BY|AS)$/i.exec(tail)?.[1];
  if (keyword) return { kind: "identifier", what: `the name after ${keyword.toUpperCase().replace(/\s+/, " ")}` };
  if (/[,(]$/.test(tail) || tail === "") return { kind: "identifier", what: "a column or expression" };
  return { kind: "unknown" };
}

interface Rewritten {
  query: string;
  params: string[];
  /** Names for SQLAlchemy's `:name` placeholders. */
  names: string[];
  allQuoted: boolean;
}

const MARK = "\u0001";

/** The query with placeholders and its parameters, or a note saying why there is none. */
function parameterise(input: readonly StringPart[], style: Style, fix: FixBuilder, quoteStyle: { raw: boolean; quote: string }): Rewritten | { reason: string } {
  const parts = [...input];
  let sql = "";
  const params: string[] = [];
  let allQuoted = true;
  const add = (expr: string) => {
    params.push(expr);
    sql += MARK;
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.kind === "text") {
      sql += part.value;
      continue;
    }
    const context = contextAt(sql);
    if (context.kind === "literal") {
      // the whole quoted literal becomes one parameter: its text before the value, the values, its text up to the closing quote
      const inner: StringPart[] = [{ kind: "text", value: sql.slice(context.start + 1).replace(/''/g, "'") }];
      if (inner[0]!.kind === "text" && inner[0]!.value.includes(MARK)) return { reason: "a quoted SQL literal holds several values" };
      sql = sql.slice(0, context.start);
      let closed = false;
      for (; i < parts.length; i++) {
        const p = parts[i]!;
        if (p.kind === "expr") {
          inner.push(p);
          continue;
        }
        const end = /^(?:[^']|'')*'(?!')/.exec(p.value);
        if (!end) {
          inner.push({ kind: "text", value: p.value.replace(/''/g, "'") });
          continue;
        }
        inner.push({ kind: "text", value: end[0].slice(0, -1).replace(/''/g, "'") });
        // `id='…'AND` is valid SQL, `id=?AND` is not: keep words apart once the quotes are gone
        if (/\w$/.test(sql)) sql += " ";
        add(fString(inner.filter((x) => x.kind === "expr" || x.value !== ""), quoteStyle));
        const rest = p.value.slice(end[0].length);
        parts[i] = { kind: "text", value: /^\w/.test(rest) ? ` ${rest}` : rest };
        i--;
        closed = true;
        break;
      }
      if (!closed) return { reason: "the quoted SQL literal around the value does not end inside this query" };
      continue;
    }
    const constant = fix.model.constant(part.node);
    if (constant !== undefined && (constant.t === "str" || constant.t === "int") && !part.spec && !part.conversion && !/['"%?:$\\]/.test(String(constant.v))) {
      sql += String(constant.v);
      continue;
    }
    if (context.kind === "value") {
      const next = parts[i + 1];
      if (next?.kind === "text" && /^[\w.]/.test(next.value)) return { reason: `${part.node.text} is part of a longer word in the SQL, not a separate value` };
      allQuoted = false;
      add(part.conversion || part.spec ? fString([part], quoteStyle) : part.node.text);
      continue;
    }
    if (context.kind === "identifier") {
      return { reason: `${part.node.text} is used as ${context.what} in the SQL, which a query parameter cannot carry; check it against an allow-list of known names before building the query` };
    }
    return { reason: `cannot tell whether ${part.node.text} is a value or part of the SQL syntax; pass values as query parameters and check names against an allow-list` };
  }
  if (sql.includes("'") && contextAt(sql).kind === "literal") return { reason: "the query's quotes do not balance" };
  const names: string[] = [];
  const segments = sql.split(MARK);
  let query = "";
  segments.forEach((segment, k) => {
    query += style === "format" ? segment.replace(/%/g, "%%") : segment;
    if (k === segments.length - 1) return;
    if (style === "qmark") query += "?";
    else if (style === "format") query += "%s";
    else if (style === "numeric") query += `$${k + 1}`;
    else {
      const expr = params[k]!;
      let name = /^[A-Za-z_]\w*$/.test(expr) ? expr : (/([A-Za-z_]\w*)\W*$/.exec(expr)?.[1] ?? "param");
      const base = name;
      for (let n = 2; names.includes(name); n++) name = `${base}_${n}`;
      names.push(name);
      query += `:${name}`;
    }
  });
  return { query, params, names, allQuoted };
}

/** Where the query text of a sink call is: its node, the call that takes the parameters, and the family. */
interface QuerySite {
  query: PyNode;
  /** The call the parameters are added to (the execute around `text()` for SQLAlchemy). */
  paramCall: PyNode;
  style: Style;
  /** Django's `raw()` takes a list; DB-API a tuple; asyncpg positional arguments; SQLAlchemy a dict. */
  container: "tuple" | "list" | "args" | "dict";
}

function querySite(call: PyNode, fix: FixBuilder): QuerySite | { reason: string } | undefined {
  const { model } = fix;
  const fn = unparen(call.get("function"));
  const method = fn?.type === "attribute" ? fn.get("attribute")?.text : undefined;
  const names = model.qualifiedNames(fn);
  if (names.some((q) => SQLALCHEMY_TEXT.has(q))) {
    const query = model.arg(call, 0, "text");
    let holder = call.parent;
    if (holder?.type === "argument_list") holder = holder.parent;
    if (!query || holder?.type !== "call" || model.callArgs(holder).positional[0] !== call) return undefined;
    if (model.callArgs(holder).positional.length > 1 || model.callArgs(holder).keywords.size > 0) return { reason: "the statement already has parameters; add the value to them as a bound parameter" };
    return { query, paramCall: holder, style: "named", container: "dict" };
  }
  if (!method || !EXECUTE_METHODS.has(method)) return undefined;
  const args = model.callArgs(call);
  const first = unparen(args.positional[0] ?? null);
  if (first?.type === "call" && model.qualifiedNames(first.get("function")).some((q) => SQLALCHEMY_TEXT.has(q))) return querySite(first, fix);
  const query = args.positional[0] ?? args.keywords.get("sql") ?? args.keywords.get("query") ?? args.keywords.get("operation");
  if (!query || args.hasSplat) return undefined;
  if (args.positional.length > 1 || args.keywords.has("params") || args.keywords.has("parameters") || args.keywords.has("args")) {
    return { reason: "the query already has parameters; add the value to them instead of to the query text" };
  }
  if (method === "raw") return { query, paramCall: call, style: "format", container: "list" };
  const style = driverStyle(call, fix);
  if (!style) return { reason: "pysast cannot tell which database driver runs this query, so not which placeholder it takes (? for sqlite3, %s for psycopg/PyMySQL, $1 for asyncpg); pass the value as a query parameter" };
  if (method === "executemany") return { reason: "executemany() takes a sequence of parameter rows; build the rows from the values instead of formatting them into the query" };
  return { query, paramCall: call, style, container: style === "numeric" ? "args" : "tuple" };
}

/** The fix of an `sql-injection` finding at a sink call. */
export function sqlFix(call: PyNode | undefined, fix: FixBuilder): FixOutcome | undefined {
  if (!call) return undefined;
  const { model } = fix;
  const site = querySite(call, fix);
  if (!site || "reason" in site) return site;
  // a query built in a variable just before the call is rewritten where it is built
  let built = unparen(site.query)!;
  let variable: PyNode | undefined;
  if (built.type === "identifier") {
    const bindings = model.lookup(built.text, built);
    const only = bindings?.length === 1 ? bindings[0] : undefined;
    if (!only || only.kind !== "assign" || !only.value || only.node.parent?.type !== "assignment" || only.node.parent.get("left") !== only.node) return undefined;
    if (model.enclosingFunction(only.node) !== model.enclosingFunction(call) || only.node.start > call.start) return undefined;
    variable = built;
    built = unparen(only.value)!;
  }
  const read = stringParts(built);
  if (!read || !read.parts.some((p) => p.kind === "expr")) return undefined;
  const result = parameterise(read.parts, site.style, fix, read.style);
  if ("reason" in result) return result;
  if (result.params.length === 0) return undefined;
  const queryLiteral = literal(result.query, read.style);
  let paramsText: string;
  if (site.container === "args") paramsText = result.params.join(", ");
  else if (site.container === "list") paramsText = `[${result.params.join(", ")}]`;
  else if (site.container === "dict") paramsText = `{${result.names.map((n, k) => `${fix.quote(n)}: ${result.params[k]}`).join(", ")}}`;
  else paramsText = `(${result.params.join(", ")}${result.params.length === 1 ? "," : ""})`;
  const anchor = site.paramCall === call ? site.query : site.paramCall.get("arguments")!.namedChildren[0]!;
  const edits: TextEdit[] = [fix.replace(built, queryLiteral), { start: anchor.end, end: anchor.end, text: `, ${paramsText}` }];
  if (variable && anchor.end === variable.end) edits[1] = { start: variable.end, end: variable.end, text: `, ${paramsText}` };
  const where = { qmark: "?", format: "%s", numeric: "$n", named: ":name" }[site.style];
  return {
    description: `Pass ${result.params.length === 1 ? "the value as a query parameter" : `the ${result.params.length} values as query parameters`} (${where} placeholder${result.params.length === 1 ? "" : "s"})`,
    safety: result.allQuoted ? "safe" : "unsafe",
    edits,
  };
}
