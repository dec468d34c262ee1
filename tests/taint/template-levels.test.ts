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

describe("template variables in findings", () => {
  it("names the variable a template renders unescaped, and says when it begins a URL attribute", async () => {
    const run = await runTaint({
      "app.py": `
        from flask import Flask, render_template_string, request

        app = Flask(__name__)
        PAGE = '<p>{{ note|safe }}</p><a href="{{ back }}">Back</a><p>{{ title }}</p>'

        @app.route("/notes")
        def notes():
            return render_template_string(PAGE, note=request.args["note"], back="/", title=request.args["title"])

        @app.route("/back")
        def back():
            return render_template_string(PAGE, note="", back=request.args["next"], title="Notes")
      `,
    });
    const messages = (run.findings.get("app.py") ?? []).filter((f) => f.ruleId === "xss").map((f) => `${f.region.startLine}: ${f.message}`);
    expect(messages).toEqual([
      "8: request.args (line 8) reaches render_template_string (template variable note) (line 8)",
      "12: request.args (line 12) reaches render_template_string (template variable back, which begins a URL attribute) (line 12)",
    ]);
  });
});
