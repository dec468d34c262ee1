/**
 * Amazon DynamoDB through boto3 (client and `Table` resource), and statements sent through the AWS SDK.
 * - Legacy filters (`ScanFilter`, `QueryFilter`, `KeyConditions`) are dicts of attribute name to
 *   `{"ComparisonOperator": ..., "AttributeValueList": [...]}`: a parsed JSON body there chooses the
 *   attributes and operators (`{"password": {"ComparisonOperator": "NOT_NULL"}}`), as a MongoDB filter
 *   would (`nosql`, carried only by parsed JSON).
 * - PartiQL (`execute_statement(Statement=...)`) and the RDS Data API (`execute_statement(sql=...)`)
 *   run SQL text: request text concatenated into it is SQL injection; `Parameters=` are bound.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

export const dynamodb: TaintModel = {
  name: "dynamodb",
  sinks: [
    { kind: "nosql", method: ["scan", "query"], untyped: ["boto3", "aioboto3"], args: [{ kw: "ScanFilter" }, { kw: "QueryFilter" }, { kw: "KeyConditions" }] },
    { kind: "sql", method: ["execute_statement"], untyped: ["boto3", "aioboto3"], args: [{ kw: "Statement" }, { kw: "sql" }] },
  ],
};
