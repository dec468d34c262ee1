/** A wrapper that forwards `*args`/`**kwargs` hands each argument to the parameter it fills, not to every one. */
import { describe, it } from "vitest";
import { expectAnnotated } from "./harness.js";

const check = expectAnnotated;

describe("forwarded splats keep their positions and names", () => {
  it("a helper module's wrapper forwarding *args and **kwargs to a job class", async () => {
    await check({
      "reports/jobs.py": `
        import os

        class Render:
            def __init__(self, template, out_name, options=None):
                self.template = template
                self.out_name = out_name
                self.options = options or {}

            def run(self):
                # ok: path
                with open(os.path.join("/srv/templates", self.template)) as fh:
                    body = fh.read()
                # ruleid: path
                with open(os.path.join("/srv/out", self.out_name), "w") as out:
                    out.write(body)

        def queue_render(priority, *args, **kwargs):
            return Render(*args, **kwargs).run()
      `,
      "reports/views.py": `
        from flask import Flask, request
        from reports.jobs import queue_render

        app = Flask(__name__)

        @app.route("/render", methods=["POST"])
        def render():
            queue_render(1, "invoice.tmpl", request.form["name"], options={"printer": "office"})
            return "queued"

        @app.route("/render/named", methods=["POST"])
        def render_named():
            queue_render(1, template="invoice.tmpl", out_name=request.form["name"])
            return "queued"
      `,
    });
  });
});
