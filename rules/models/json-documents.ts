/**
 * Parsed JSON documents: objects whose structure the sender chooses.
 * Two reserved kinds are carried only by parsed JSON (the framework models mark their JSON-body
 * sources with `alsoKinds`): `nosql` — a value may be an object such as `{"$ne": null}` rather than
 * text; `attribute-write` — the keys of an object are chosen by the sender, so copying them onto
 * attributes sets whatever it names. Parsing request text here makes both dangerous again.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

export const JSON_DOCUMENT_KINDS = ["nosql", "attribute-write"];

export const jsonDocuments: TaintModel = {
  name: "json-documents",
  propagators: [{ call: ["json.loads", "bson.json_util.loads", "orjson.loads", "ujson.loads", "simplejson.loads"], restores: JSON_DOCUMENT_KINDS }],
};
