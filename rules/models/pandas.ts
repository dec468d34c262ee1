/** pandas: SQL reads, pickle reads and expression evaluation. */
import type { TaintModel } from "../../src/taint/model-types.js";

export const pandas: TaintModel = {
  name: "pandas",
  sinks: [
    { kind: "sql", call: ["pandas.read_sql", "pandas.read_sql_query", "pandas.io.sql.read_sql", "pandas.io.sql.read_sql_query"], args: [{ pos: 0, kw: "sql" }] },
    { kind: "sql", call: ["pandas.read_sql_table", "pandas.io.sql.read_sql_table"], args: [{ pos: 0, kw: "table_name" }] },
    { kind: "deserialization", call: ["pandas.read_pickle", "pandas.io.pickle.read_pickle"], args: [{ pos: 0, kw: "filepath_or_buffer" }] },
    { kind: "code", call: ["pandas.eval"], args: [{ pos: 0, kw: "expr" }] },
  ],
};
