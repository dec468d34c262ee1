/**
 * Source kinds no sink of the project can have are dropped before phase 2 (src/taint/demand.ts): a
 * library that no file imports never evaluates the sinks only its models define. What must keep a kind
 * alive: an import at any scope, an entry point that needs no import, a type one library makes and
 * another's sinks take.
 */
import { describe, expect, it } from "vitest";
import { MODELS } from "../../rules/models/index.js";
import { deadKinds } from "../../src/taint/demand.js";
import { Knowledge } from "../../src/taint/knowledge.js";
import { TaintProject } from "../../src/taint/index.js";
import type { TaintModel } from "../../src/taint/model-types.js";
import { annotated, dedent, KIND_RULES, parseFile } from "./harness.js";

async function dead(files: Record<string, string>): Promise<string[]> {
  const project = new TaintProject(KIND_RULES, { includeLocalSources: false, models: MODELS });
  for (const [path, text] of Object.entries(files)) project.addFile(await parseFile(path, dedent(text)));
  return project.deadKindNames();
}

describe("source kinds with no sink in the project", () => {
  it("error text is dead in a project that imports no web framework, alive once one file does", async () => {
    const tool = `
      import json

      def load_settings(path):
          try:
              with open(path) as fh:
                  return json.load(fh)
          except OSError as exc:
              print("cannot read settings:", exc)
              return {}
    `;
    expect(await dead({ "tool/settings.py": tool })).toContain("error-disclosure");
    expect(await dead({ "tool/settings.py": tool, "tool/web.py": "from flask import Flask\napp = Flask(__name__)\n" })).not.toContain("error-disclosure");
  });

  it("an import inside a function keeps the framework's sinks alive", async () => {
    const files = {
      "ops/jobs.py": `
        def run_job(job):
            from flask import make_response
            try:
                job.run()
                return make_response("done")
            except Exception as exc:
                # ruleid: error-disclosure
                return make_response("<p>job failed: " + str(exc) + "</p>")

        def run_job_quietly(job):
            from flask import make_response
            try:
                job.run()
                return make_response("done")
            except Exception:
                # ok: error-disclosure
                return make_response("<p>job failed</p>")
      `,
    };
    expect(await dead(files)).not.toContain("error-disclosure");
    const { expected, actual } = await annotated(files);
    expect(actual).toEqual(expected);
  });

  it("a sink matched on receivers of unknown type keeps its kind alive without any import the models name", async () => {
    // a database driver no model names: `.execute(sql)` on a cursor of unknown type is still a sink
    const files = {
      "school/dao.py": `
        from pgdriver.connection import Connection

        async def create_student(conn: Connection, name: str):
            q = "INSERT INTO students (name) VALUES ('%s')" % name
            async with conn.cursor() as cur:
                # ruleid: sql
                await cur.execute(q)

        async def create_student_safely(conn: Connection, name: str):
            async with conn.cursor() as cur:
                # ok: sql
                await cur.execute("INSERT INTO students (name) VALUES (%s)", (name,))
      `,
      "school/views.py": `
        from flask import Flask, request
        from school.dao import create_student, create_student_safely

        app = Flask(__name__)

        @app.post("/students")
        async def add_student():
            name = request.form["name"]
            await create_student(app.db, name)
            await create_student_safely(app.db, name)
            return "created"
      `,
    };
    expect(await dead(files)).not.toContain("sql");
    const { expected, actual } = await annotated(files);
    expect(actual).toEqual(expected);
  });

  it("a type one model makes keeps alive the sinks another model declares on it", () => {
    // `maker` is imported and returns a `lib.Page`; only `sinker`'s sinks take that type, and nothing imports `sinker`
    const maker: TaintModel = { name: "maker", triggers: ["maker"], propagators: [{ call: ["maker.page"], result: "clean", returns: "lib.Page" }] };
    const sinker: TaintModel = { name: "sinker", triggers: ["sinker"], sinks: [{ kind: "error-disclosure", on: ["lib.Page"], method: ["write"], args: [{ pos: 0 }] }] };
    const models = [...MODELS, maker, sinker];
    const knowledge = new Knowledge(models, false);
    const bit = knowledge.mask(["error-disclosure"]);
    expect(deadKinds(models, knowledge, new Set(["builtins", "json"])) & bit).toBe(bit);
    expect(deadKinds(models, knowledge, new Set(["builtins", "maker"])) & bit).toBe(0);
  });

  it("an entry point found by its shape needs no import", () => {
    const shaped: TaintModel = { name: "shaped", endpoints: [{ framework: "shaped", signature: ["event", "context"], params: "all", paramLabel: "event", bodySink: "error-disclosure" }] };
    const models = [...MODELS, shaped];
    const knowledge = new Knowledge(models, false);
    const bit = knowledge.mask(["error-disclosure"]);
    expect(deadKinds(MODELS, new Knowledge(MODELS, false), new Set(["builtins"])) & bit).toBe(bit);
    expect(deadKinds(models, knowledge, new Set(["builtins"])) & bit).toBe(0);
  });
});
