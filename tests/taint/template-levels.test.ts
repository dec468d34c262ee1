import { describe, expect, it } from "vitest";
import { runTaint } from "./harness.js";

describe("template injection levels", () => {
  it("a sandboxed Jinja environment lowers the finding to a warning; other environments are errors", async () => {
    const run = await runTaint({
      "app.py": `
        from flask import Flask, request
        from jinja2 import Environment
        from jinja2.sandbox import SandboxedEnvironment

        app = Flask(__name__)

        @app.route("/a")
        def a():
            return SandboxedEnvironment().from_string(request.args["t"]).render()

        @app.route("/b")
        def b():
            return Environment().from_string(request.args["t"]).render()
      `,
    });
    const found = (run.findings.get("app.py") ?? []).filter((f) => f.ruleId === "template").map((f) => `${f.region.startLine}:${f.level ?? "error"}`);
    expect(found).toEqual(["9:warning", "13:error"]);
  });
});
