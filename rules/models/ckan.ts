/**
 * CKAN: views are Flask blueprints (flask.ts), and the logic layer is reached through the action
 * API, `get_action("package_show")(context, data_dict)`. An action that reads (`*_show`, `*_list`,
 * `*_search`, `*_autocomplete`) looks records up by the ids it is given and returns what is stored:
 * its result is stored data, not the lookup's arguments, as the ORM's rows are in django.ts. Actions
 * that create, update or patch return the record they wrote, which holds the values given.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const READ_ACTION = "ckan.ReadAction";
const GET_ACTION = ["ckan.logic.get_action", "ckan.plugins.toolkit.get_action", "ckan.plugins.toolkit.h.get_action"];

export const ckan: TaintModel = {
  name: "ckan",
  triggers: ["ckan", "ckanext"],
  types: [{ type: READ_ACTION, call: GET_ACTION, when: [{ arg: { pos: 0, kw: "action" }, matches: "_(?:show|list|search|autocomplete)$" }] }],
  propagators: [{ on: [READ_ACTION], method: ["__call__"], result: "clean" }],
};
