/** python-ldap and ldap3: search filters and distinguished names. */
import type { TaintModel } from "../../src/taint/model-types.js";

const LDAP = "ldap.LDAPObject";
const LDAP3 = "ldap3.Connection";

const DN_OPS = ["modify", "modify_s", "modify_ext", "modify_ext_s", "delete", "delete_s", "delete_ext", "delete_ext_s", "add", "add_s", "add_ext", "add_ext_s", "rename", "rename_s", "compare", "compare_s", "compare_ext", "compare_ext_s"];

export const ldap: TaintModel = {
  name: "ldap",
  syntaxes: { ldap: "ldap" },
  types: [
    { type: LDAP, call: ["ldap.initialize", "ldap.open"], class: ["ldap.ldapobject.LDAPObject", "ldap.ldapobject.SimpleLDAPObject", "ldap.ldapobject.ReconnectLDAPObject"] },
    { type: LDAP3, class: ["ldap3.Connection", "ldap3.core.connection.Connection"] },
  ],
  sinks: [
    {
      kind: "ldap",
      on: [LDAP],
      method: ["search", "search_s", "search_st", "search_ext", "search_ext_s", "search_subtree_s"],
      untyped: ["ldap"],
      args: [{ pos: 0, kw: "base" }, { pos: 2, kw: "filterstr" }],
    },
    { kind: "ldap", on: [LDAP], method: DN_OPS, untyped: ["ldap"], args: [{ pos: 0, kw: "dn" }] },
    { kind: "ldap", on: [LDAP], method: ["simple_bind", "simple_bind_s", "bind", "bind_s"], untyped: ["ldap"], args: [{ pos: 0, kw: "who" }] },
    { kind: "ldap", call: ["ldap3.Connection", "ldap3.core.connection.Connection"], args: [{ pos: 1, kw: "user" }] },
    { kind: "ldap", on: [LDAP3], method: ["search", "extend.standard.paged_search"], untyped: ["ldap3"], args: [{ pos: 0, kw: "search_base" }, { pos: 1, kw: "search_filter" }] },
    { kind: "ldap", on: [LDAP3], method: ["modify", "delete", "add", "modify_dn", "compare"], untyped: ["ldap3"], args: [{ pos: 0, kw: "dn" }] },
  ],
  sanitizers: [
    { call: ["ldap3.utils.conv.escape_filter_chars", "ldap.filter.escape_filter_chars", "ldap3.utils.dn.escape_rdn", "ldap.dn.escape_dn_chars"], kinds: ["ldap"] },
    // filter_format escapes the assertion values it substitutes into the template
    { call: ["ldap.filter.filter_format"], kinds: ["ldap"], arg: { pos: 1, kw: "assertion_values" } },
  ],
};
