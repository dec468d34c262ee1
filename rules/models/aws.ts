/**
 * AWS Lambda handlers and Chalice. A handler's `event` is untrusted whatever invokes it: API Gateway
 * (`queryStringParameters`, `pathParameters`, `body`, `headers`), SQS/SNS/S3 records, other
 * services; `context` is the runtime's. Chalice routes read `app.current_request`.
 */
import type { TaintModel } from "../../src/taint/model-types.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";

const CHALICE = "chalice.Chalice";
const CHALICE_REQUEST = "chalice.Request";

export const aws: TaintModel = {
  name: "aws",
  triggers: ["chalice", "aws_lambda_powertools"],
  types: [
    { type: CHALICE, class: ["chalice.Chalice", "chalice.app.Chalice", "chalice.Blueprint", "chalice.app.Blueprint"] },
    { type: CHALICE_REQUEST, on: [CHALICE], attr: ["current_request"], class: ["chalice.app.Request"] },
  ],
  sources: [
    { label: "app.current_request.json_body", on: [CHALICE_REQUEST], attr: ["json_body"], alsoKinds: JSON_DOCUMENT_KINDS },
    { label: "app.current_request", on: [CHALICE_REQUEST], attr: ["query_params", "raw_body", "uri_params", "headers", "context", "to_dict"] },
  ],
  sinks: [
    {
      kind: "xss",
      call: ["chalice.Response", "chalice.app.Response"],
      args: [{ pos: 0, kw: "body" }],
      when: [{ arg: { kw: "headers" }, key: "content-type", matches: "html" }],
    },
  ],
  endpoints: [
    {
      // `def handler(event, context)`, by convention; the name is free. Functions named as handlers
      // in `serverless.yml` or a SAM `template.yaml` are entry points of this spec whatever their
      // parameters are called (`def create_user(evt, ctx)`: the second is the runtime's context).
      framework: "aws-lambda",
      signature: ["event", "context"],
      params: "all",
      objects: [{ names: ["context"], index: 1 }],
      paramLabel: "Lambda",
    },
    {
      framework: "chalice",
      requiresImport: ["chalice"],
      decorators: ["route"],
      appTypes: [CHALICE],
      routeArg: { pos: 0, kw: "path" },
      params: "route",
      paramLabel: "URL parameter",
    },
    {
      // event handlers: the event is untrusted
      framework: "chalice",
      requiresImport: ["chalice"],
      decorators: ["lambda_function", "on_s3_event", "on_sns_message", "on_sqs_message", "on_kinesis_record", "on_dynamodb_record", "on_ws_message", "on_cw_event"],
      appTypes: [CHALICE],
      params: "all",
      objects: [{ names: ["context"] }],
      paramLabel: "Chalice event",
    },
  ],
};
