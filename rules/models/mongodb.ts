/**
 * MongoDB drivers (pymongo, motor, Flask-PyMongo): query filters and pipelines.
 *
 * The `nosql` kind is reserved: only sources that parse a request body as JSON carry it
 * (`SourceSpec.alsoKinds`), and `json.loads` of request text restores it (`json-documents.ts`), because only parsed
 * JSON can put an object such as `{"$ne": null}` where the query expects a value. `str()` gives
 * text again. A `$where` clause is JavaScript run by the server: any request text there is
 * dangerous (`nosql-script`).
 *
 * What a read returns (`find_one`, `find`, `aggregate`, a GridFS file) is stored data, as a SQL database's rows are.
 *
 * mongoengine: `Document.objects` is a queryset (in files importing mongoengine, or on a class whose
 * bases come from it). Its keyword filters are passed to the server without validation, so a parsed
 * JSON value there (`User.objects(password=body["password"])` with `{"$ne": null}`) or a document
 * unpacked into them (`User.objects.filter(**body)`: the keys choose `password__ne`) or given as
 * `__raw__` is an operator injection.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const CLIENT = "pymongo.MongoClient";
const DATABASE = "pymongo.Database";
const COLLECTION = "pymongo.Collection";
const QUERYSET = "mongoengine.QuerySet";
const GRIDFS = "gridfs.GridFS";
/** Reads whose results are stored documents (or counts of them), whatever filter selected them. */
const READ_METHODS = ["find", "find_one", "find_one_and_update", "find_one_and_replace", "find_one_and_delete", "find_raw_batches", "aggregate", "aggregate_raw_batches", "distinct", "count_documents", "estimated_document_count"];
/** Queryset methods that take filters as keyword arguments (or a pipeline, for `aggregate`). */
const QUERYSET_FILTERS = ["__call__", "filter", "exclude", "get", "get_or_create", "update", "update_one", "upsert_one", "modify", "count", "delete", "aggregate", "first"];
const MONGO_IMPORTS = ["pymongo", "motor", "flask_pymongo", "mongoengine", "mongomock", "bson"];

/** Methods whose first argument is a query filter. */
const FILTER_METHODS = [
  "find",
  "find_one",
  "find_one_and_update",
  "find_one_and_replace",
  "find_one_and_delete",
  "find_raw_batches",
  "update_one",
  "update_many",
  "replace_one",
  "delete_one",
  "delete_many",
  "count_documents",
  "count",
  "remove",
  "update",
  "find_and_modify",
  "aggregate",
  "aggregate_raw_batches",
  "watch",
];
const FILTER_ARGS = [{ pos: 0, kw: "filter" }, { kw: "pipeline" }, { kw: "spec" }, { kw: "query" }];
const WHERE = { pos: 0, kw: "filter", key: "$where" };
/** pymongo's legacy `Collection.update(spec, document, ...)`: the document is always given. */
const LEGACY_UPDATE = { arg: { pos: 1, kw: "document" }, present: true };
/** Names distinctive enough to match on receivers of unknown type anywhere (a collection imported from the project's db module). */
const DISTINCT_FILTER_METHODS = FILTER_METHODS.filter((m) => /_/.test(m) && m !== "find_and_modify");

export const mongodb: TaintModel = {
  name: "mongodb",
  types: [
    { type: CLIENT, class: ["pymongo.MongoClient", "pymongo.mongo_client.MongoClient", "motor.motor_asyncio.AsyncIOMotorClient", "motor.motor_tornado.MotorClient", "mongomock.MongoClient"] },
    // Flask-PyMongo: `mongo.db` is the database
    { type: "flask_pymongo.PyMongo", class: ["flask_pymongo.PyMongo"] },
    { type: DATABASE, on: [CLIENT], attr: ["*"], method: ["get_database", "get_default_database"] },
    { type: DATABASE, on: ["flask_pymongo.PyMongo"], attr: ["db"] },
    { type: COLLECTION, on: [DATABASE], attr: ["*"], method: ["get_collection", "create_collection"] },
    { type: COLLECTION, class: ["pymongo.collection.Collection", "motor.motor_asyncio.AsyncIOMotorCollection"] },
    { type: GRIDFS, class: ["gridfs.GridFS", "gridfs.GridFSBucket", "motor.motor_asyncio.AsyncIOMotorGridFSBucket"] },
    { type: QUERYSET, untypedAttr: ["objects"], requiresImport: ["mongoengine", "flask_mongoengine"] },
    { type: QUERYSET, on: [QUERYSET], method: ["__call__", "filter", "exclude", "order_by", "only", "exclude", "all", "no_dereference", "skip", "limit"] },
  ],
  sinks: [
    { kind: "nosql", on: [COLLECTION], method: FILTER_METHODS, args: FILTER_ARGS },
    // on a receiver of unknown type, `x.update(doc)` with one argument is a dict's or a set's (`response.headers.update(h)`):
    // the driver's legacy `update(spec, document)` always has its document
    { kind: "nosql", method: FILTER_METHODS.filter((m) => m !== "update"), untyped: MONGO_IMPORTS, args: FILTER_ARGS },
    { kind: "nosql", method: ["update"], untyped: MONGO_IMPORTS, when: [LEGACY_UPDATE], args: FILTER_ARGS },
    { kind: "nosql", on: [COLLECTION], method: ["distinct"], untyped: MONGO_IMPORTS, args: [{ pos: 1, kw: "filter" }] },
    { kind: "nosql", on: [DATABASE], method: ["command"], args: [{ pos: 0, kw: "command" }] },
    { kind: "nosql", method: DISTINCT_FILTER_METHODS, untyped: true, args: [{ pos: 0, kw: "filter" }] },
    { kind: "nosql", on: [QUERYSET], method: QUERYSET_FILTERS, args: [{ pos: 0, mode: "rest" }] },
    { kind: "nosql-script", on: [COLLECTION], method: FILTER_METHODS, args: [WHERE] },
    { kind: "nosql-script", method: FILTER_METHODS.filter((m) => m !== "update"), untyped: MONGO_IMPORTS, args: [WHERE] },
    { kind: "nosql-script", method: ["update"], untyped: MONGO_IMPORTS, when: [LEGACY_UPDATE], args: [WHERE] },
    { kind: "nosql-script", method: DISTINCT_FILTER_METHODS, untyped: true, args: [{ pos: 0, kw: "filter", key: "$where" }] },
  ],
  propagators: [
    // what the server returns is stored data: a document found by a request's id does not hold the id's taint
    { on: [COLLECTION], method: READ_METHODS, untyped: MONGO_IMPORTS, result: "clean" },
    // a GridFS file is its stored content (a file object, not a path), whichever id or name selected it
    { on: [GRIDFS], method: ["get", "get_version", "get_last_version", "find_one", "open_download_stream", "open_download_stream_by_name"], result: "clean" },
  ],
  guards: [
    // a value checked to be text is not an operator object
    { call: ["builtins.isinstance"], kinds: ["nosql"], when: { arg: { pos: 1 }, names: ["builtins.str", "builtins.bytes"] } },
  ],
  sanitizers: [
    // text, whatever the JSON held
    { call: ["builtins.str"], kinds: ["nosql"] },
  ],
};
