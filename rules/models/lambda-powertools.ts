/**
 * Powertools for AWS Lambda's event handler: routes on a resolver (`app = APIGatewayRestResolver()`,
 * `@app.get("/todos/<todo_id>")`, also on a `Router` included from another module) receive the URL's
 * variables as arguments; `app.current_event` is the API Gateway / ALB / function URL event, whose
 * body, query string, path parameters and headers are the caller's. AppSync resolvers
 * (`@app.resolver(type_name="Query", field_name="getTodo")`) receive the GraphQL arguments.
 */
import type { TaintModel } from "../../src/taint/model-types.js";
import { JSON_DOCUMENT_KINDS } from "./json-documents.js";

const RESOLVER = "powertools.Resolver";
const APPSYNC = "powertools.AppSyncResolver";
const EVENT = "powertools.Event";
const EH = "aws_lambda_powertools.event_handler";
const RESOLVERS = ["APIGatewayRestResolver", "APIGatewayHttpResolver", "ALBResolver", "LambdaFunctionUrlResolver", "VPCLatticeResolver", "VPCLatticeV2Resolver", "BedrockAgentResolver", "ApiGatewayResolver"].flatMap((c) => [`${EH}.${c}`, `${EH}.api_gateway.${c}`]);
const NOT_HTML = ["APPLICATION_JSON", "TEXT_PLAIN", "APPLICATION_XML", "TEXT_XML", "APPLICATION_OCTET_STREAM"].map((c) => `${EH}.content_types.${c}`);
const ROUTERS = [`${EH}.router.APIGatewayRouter`, `${EH}.router.APIGatewayHttpRouter`, `${EH}.router.ALBRouter`, `${EH}.router.LambdaFunctionUrlRouter`, `${EH}.api_gateway.Router`, `${EH}.Router`];

export const lambdaPowertools: TaintModel = {
  name: "lambda-powertools",
  triggers: ["aws_lambda_powertools"],
  types: [
    { type: RESOLVER, class: [...RESOLVERS, ...ROUTERS] },
    { type: APPSYNC, class: [`${EH}.AppSyncResolver`, `${EH}.appsync.AppSyncResolver`, `${EH}.appsync.Router`] },
    { type: EVENT, on: [RESOLVER, APPSYNC], attr: ["current_event"] },
  ],
  sources: [
    { label: "app.current_event.json_body", on: [EVENT], attr: ["json_body"], alsoKinds: JSON_DOCUMENT_KINDS },
    {
      label: "app.current_event",
      on: [EVENT],
      attr: ["body", "decoded_body", "query_string_parameters", "multi_value_query_string_parameters", "resolved_query_string_parameters", "path_parameters", "headers", "multi_value_headers", "resolved_headers_field", "cookies", "path", "raw_event", "arguments", "source"],
    },
    { label: "app.current_event", on: [EVENT], method: ["get_query_string_value", "get_multi_value_query_string_values", "get_header_value", "get"] },
  ],
  sinks: [
    {
      kind: "xss",
      call: [`${EH}.Response`, `${EH}.api_gateway.Response`],
      args: [{ kw: "body" }, { pos: 2 }],
      // `content_type=content_types.TEXT_HTML` or a literal naming HTML
      when: [{ arg: { kw: "content_type" }, present: true }],
      unless: [
        { arg: { kw: "content_type" }, matches: "^(?!.*html)" },
        { arg: { kw: "content_type" }, names: NOT_HTML },
      ],
    },
  ],
  endpoints: [
    {
      framework: "lambda-powertools",
      requiresImport: ["aws_lambda_powertools"],
      decorators: ["get", "post", "put", "patch", "delete", "head", "route"],
      appTypes: [RESOLVER],
      routeArg: { pos: 0, kw: "rule" },
      // `/todos/<todo_id>`
      routeSyntax: ["<(?<name>\\w+)>"],
      params: "route",
      paramLabel: "path parameter",
    },
    {
      framework: "lambda-powertools-appsync",
      requiresImport: ["aws_lambda_powertools"],
      decorators: ["resolver"],
      appTypes: [APPSYNC],
      params: "all",
      paramLabel: "GraphQL argument",
    },
  ],
};
