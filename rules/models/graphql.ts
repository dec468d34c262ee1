/**
 * GraphQL servers: graphene (`resolve_<field>` methods and `mutate` of `ObjectType`/`Mutation`
 * classes, `Field(resolver=...)`), strawberry (`@strawberry.field`/`mutation` resolvers) and
 * ariadne (`QueryType().field(...)`, `set_field`). A resolver's arguments come from the query;
 * its parent value and `info` do not.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const ARIADNE_TYPE = "ariadne.ObjectType";
const GRAPHQL_VIEW = "flask_graphql.GraphQLView";
const STRAWBERRY_INFO = ["strawberry.Info", "strawberry.types.Info", "strawberry.types.info.Info"];

/**
 * Kinds base64 text cannot attack: a Relay global id is base64 of `Type:id`, so it holds letters, digits,
 * `+`, `/` and `=` only (no markup, quote, line break, shell or template syntax). `/` survives, so paths,
 * redirects and SSRF keep their taint.
 */
const BASE64_TEXT = ["xss", "sql", "xpath", "ldap", "log", "command", "template"];

export const graphql: TaintModel = {
  name: "graphql",
  triggers: ["graphene", "graphene_django", "strawberry", "ariadne", "graphql_relay", "flask_graphql"],
  propagators: [
    // the GraphiQL page: the library's template embeds the query, variables and result with `tojson`
    { on: [GRAPHQL_VIEW], method: ["render_graphiql"], result: "clean" },
  ],
  sanitizers: [
    {
      call: ["graphene.Node.to_global_id", "graphene.relay.Node.to_global_id", "graphene.relay.node.Node.to_global_id", "graphql_relay.to_global_id", "graphql_relay.node.node.to_global_id"],
      kinds: BASE64_TEXT,
    },
  ],
  types: [
    // flask-graphql's view (projects subclass it to change how requests are dispatched)
    { type: GRAPHQL_VIEW, class: ["flask_graphql.GraphQLView", "flask_graphql.graphqlview.GraphQLView"] },
    {
      type: ARIADNE_TYPE,
      class: ["QueryType", "MutationType", "SubscriptionType", "ObjectType", "InterfaceType", "UnionType"].flatMap((c) => [`ariadne.${c}`, `ariadne.objects.${c}`]),
    },
  ],
  endpoints: [
    {
      // graphene: methods of ObjectType / Mutation subclasses; the first parameter is the parent value
      framework: "graphene",
      viewBases: ["graphene.ObjectType", "graphene.types.objecttype.ObjectType", "graphene.Mutation", "graphene.types.mutation.Mutation", "graphene.relay.ClientIDMutation", "graphene_django.DjangoObjectType", "graphene_django.types.DjangoObjectType"],
      viewMethodPattern: "^(resolve_\\w+|mutate|mutate_and_get_payload)$",
      params: "all",
      objects: [{ index: 0 }],
      // numbers, booleans, dates, UUIDs and enums are parsed by the server; `ID` and `String` are text
      declaredArgs: {
        classes: ["Arguments", "Input"],
        resolverPrefix: "resolve_",
        argsKeyword: "args",
        safeTypes: ["Int", "Float", "Boolean", "BigInt", "Decimal", "UUID", "Date", "DateTime", "Time"].flatMap((t) => [`graphene.${t}`, `graphene.types.${t}`]),
        safeBases: ["graphene.Enum", "graphene.types.enum.Enum"],
        wrappers: ["graphene.NonNull", "graphene.List", "graphene.Argument", "graphene.types.NonNull", "graphene.types.List", "graphene.types.Argument"],
      },
      paramLabel: "GraphQL argument",
    },
    {
      // graphene: a function given as a field's resolver: (parent, info, **args)
      framework: "graphene",
      registrations: [{ call: ["graphene.Field", "graphene.List", "graphene.types.field.Field", "graphene.relay.ConnectionField"], view: { kw: "resolver" } }],
      params: "all",
      objects: [{ index: 0 }, { index: 1 }],
      paramLabel: "GraphQL argument",
    },
    {
      framework: "strawberry",
      decoratorNames: ["strawberry.field", "strawberry.mutation", "strawberry.subscription", "strawberry.federation.field", "strawberry.federation.mutation"],
      registrations: [{ call: ["strawberry.field", "strawberry.mutation", "strawberry.subscription"], view: { pos: 0, kw: "resolver" } }],
      // arguments are validated into their annotated types (`int`, enums); `info` and the parent are not input
      params: "annotated",
      objects: [{ names: ["info", "root", "parent"] }],
      objectAnnotations: [{ class: STRAWBERRY_INFO, type: "strawberry.Info" }],
      safeAnnotations: ["builtins.int", "builtins.float", "builtins.bool", "uuid.UUID", "decimal.Decimal", "datetime.date", "datetime.datetime", "datetime.time"],
      paramLabel: "GraphQL argument",
    },
    {
      framework: "ariadne",
      requiresImport: ["ariadne"],
      decorators: ["field", "source"],
      appTypes: [ARIADNE_TYPE],
      routeArg: { pos: 0, kw: "name" },
      registrations: [{ method: ["set_field", "set_source"], route: { pos: 0, kw: "name" }, view: { pos: 1, kw: "resolver" } }],
      params: "all",
      objects: [{ index: 0 }, { index: 1 }],
      paramLabel: "GraphQL argument",
    },
  ],
};
