/**
 * Parsed JSON documents: objects whose structure the sender chooses.
 * Two reserved kinds are carried only by parsed JSON (the framework models mark their JSON-body
 * sources with `alsoKinds`): `nosql` — a value may be an object such as `{"$ne": null}` rather than
 * text; `attribute-write` — the keys of an object are chosen by the sender, so copying them onto
 * attributes sets whatever it names. Parsing request text here makes both dangerous again.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

export const JSON_DOCUMENT_KINDS = ["nosql", "attribute-write"];

/**
 * Handler parameters annotated so that the framework passes the parsed JSON body on unvalidated
 * (FastAPI's `payload: dict`, Litestar's `data: dict[str, Any]`): a parsed document like the above.
 */
export const DOCUMENT_ANNOTATIONS = {
  class: ["builtins.dict", "typing.Dict", "typing.Any", "typing_extensions.Any", "typing.Mapping", "typing.MutableMapping", "collections.abc.Mapping", "collections.abc.MutableMapping"],
  kinds: JSON_DOCUMENT_KINDS,
};

export const jsonDocuments: TaintModel = {
  name: "json-documents",
  propagators: [{ call: ["json.loads", "bson.json_util.loads", "orjson.loads", "ujson.loads", "simplejson.loads", "tornado.escape.json_decode"], restores: JSON_DOCUMENT_KINDS }],
};
