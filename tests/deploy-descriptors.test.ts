/**
 * Deployment descriptors (serverless.yml, SAM template.yaml) name Lambda handlers: the functions
 * they name are entry points whatever their parameters are called; the files are read as data,
 * and a broken one is reported by name while the scan goes on.
 */
import { describe, expect, it } from "vitest";
import { declaredHandlers } from "../src/deploy-descriptors.js";
import { findingKeys, scanFolder } from "./helpers/annotations.js";
import { tempProjects } from "./helpers/temp-project.js";

const project = tempProjects("pysast-descriptors");

const HANDLER = `
import os

def run_job(evt, ctx):
    os.system("run-job " + evt["name"])
`;

describe("deployment descriptors", () => {
  it("resolves serverless.yml handlers by slash or dot path, with `module:`, and skips other runtimes and templated names", () => {
    const root = project({
      "svc/serverless.yml": `
service: jobs
provider:
  name: aws
  runtime: python3.11
functions:
  a:
    handler: jobs/tasks.run_job
  b:
    handler: jobs.tasks.other
  c:
    handler: handler.main
    module: worker
  d:
    handler: index.handler
    runtime: nodejs20.x
  e:
    handler: \${self:custom.entry}
  f:
    handler: ../../outside.run
`,
    });
    const sources = new Set(["svc/jobs/tasks.py", "svc/worker/handler.py", "svc/index.py"]);
    const { handlers, notifications } = declaredHandlers(root, ["svc/serverless.yml"], sources);
    expect(notifications).toEqual([]);
    expect(handlers.map((h) => `${h.path}:${h.name}`)).toEqual(["svc/jobs/tasks.py:other", "svc/jobs/tasks.py:run_job", "svc/worker/handler.py:main"]);
  });

  it("reads SAM templates with CloudFormation tags as data: CodeUri, Globals, a reference or an S3 location", () => {
    const root = project({
      "template.yaml": `
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Handler: app.lambda_handler
Resources:
  One:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: one/
  Two:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: !Ref CodeBucket
      Handler: two.entry
  Three:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://bucket/three.zip
      Handler: !Sub "\${Prefix}.handler"
  Table:
    Type: AWS::Serverless::SimpleTable
`,
    });
    const sources = new Set(["one/app.py", "two.py", "CodeBucket/two.py"]);
    const { handlers, notifications } = declaredHandlers(root, ["template.yaml"], sources);
    expect(notifications).toEqual([]);
    expect(handlers.map((h) => `${h.path}:${h.name}`)).toEqual(["one/app.py:lambda_handler", "two.py:entry"]);
  });

  it("reports a malformed serverless.yml by name and goes on; a template.yaml that is not an AWS template is left alone", async () => {
    const root = project({
      "serverless.yml": "functions:\n  run:\n    handler: tasks.run_job\n  bad: [\n",
      "deploy/template.yaml": "name: {{ project }}\n  broken: [\n",
      "tasks.py": HANDLER,
      "api/serverless.yml": "functions:\n  run:\n    handler: jobs.run_job\n",
      "api/jobs.py": HANDLER,
    });
    const output = await scanFolder(root);
    const notes = output.notifications.filter((n) => n.kind === "config").map((n) => `${n.path}: ${n.message}`);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^serverless\.yml: serverless\.yml is not valid YAML \(.*line 5.*\); the Lambda handlers it names are not known as entry points/);
    // the other descriptor still counts
    expect([...findingKeys(output)]).toEqual(["api/jobs.py:5:command-injection"]);
  });

  it("reads OpenAPI documents as Connexion views: the declared parameters as a route template, the module looked up from the document's folder upwards", () => {
    const root = project({
      "api/spec/openapi.yml": `
openapi: 3.0.0
paths:
  /items/{itemId}:
    parameters:
      - $ref: "#/components/parameters/ItemId"
    get:
      operationId: shop.items.get_item
      parameters:
        - { name: sort-by, in: query, schema: { type: string } }
        - { name: kind, in: query, schema: { type: string, enum: [a, b] } }
        - { name: code, in: query, schema: { type: string, pattern: "^[A-Z]{3}$" } }
        - { name: tag, in: query, schema: { type: string, pattern: "[a-z]+" } }
        - { name: X-Trace, in: header, schema: { type: string } }
    put:
      x-openapi-router-controller: shop.items
      operationId: replace_item
      x-body-name: item
      requestBody: { content: { application/json: { schema: { type: object } } } }
  /health:
    get:
      operationId: health
components:
  parameters:
    ItemId: { name: itemId, in: path, required: true, schema: { type: integer } }
`,
      "api/swagger.json": JSON.stringify({ swagger: "2.0", paths: { "/x": { post: { operationId: "shop.items.create", parameters: [{ name: "payload", in: "body" }, { name: "id", in: "formData", type: "string" }] } } } }),
      "web/api.json": JSON.stringify({ name: "not an api description", operationId: "x.y" }),
    });
    const sources = new Set(["api/shop/items.py", "web/x.py"]);
    const { handlers, notifications } = declaredHandlers(root, ["api/spec/openapi.yml", "api/swagger.json", "web/api.json"], sources);
    expect(notifications).toEqual([]);
    expect(handlers.map((h) => `${h.path}:${h.name}:${h.framework}:${h.route}`)).toEqual([
      "api/shop/items.py:create:connexion:/x {payload} {body} {id} {id_}",
      "api/shop/items.py:get_item:connexion:/items/{itemId} {itemId:int} {item_id:int} {sortby} {sort_by} {kind:enum} (?P<code>^[A-Z]{3}$) {tag}",
      "api/shop/items.py:replace_item:connexion:/items/{itemId} {itemId:int} {item_id:int} {item}",
    ]);
  });

  it("caps aliases (a YAML bomb is a notice, not a hang)", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${new Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    const root = project({ "serverless.yml": `${lines.join("\n")}\nfunctions: {}\n` });
    const { handlers, notifications } = declaredHandlers(root, ["serverless.yml"], new Set());
    expect(handlers).toEqual([]);
    expect(notifications.map((n) => n.path)).toEqual(["serverless.yml"]);
  });
});
