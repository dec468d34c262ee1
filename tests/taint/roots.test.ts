/**
 * Phase 2 analyses every definition of the files it selects, not only views and the functions
 * they call: a function nobody calls can still meet request data through a helper that returns it,
 * an attribute another method set, or a module global another function assigned. These cases are
 * what any filter on the definitions analysed must keep (see "Which definitions phase 2 analyses"
 * in docs/architecture.md: a demand filter that lost the first two was measured and not kept).
 */
import { describe, expect, it } from "vitest";
import { annotated } from "./harness.js";

async function check(files: Record<string, string>): Promise<void> {
  const { expected, actual } = await annotated(files);
  expect(actual).toEqual(expected);
}

describe("definitions no view calls", () => {
  it("error text returned by a helper in a module that imports no framework reaches a response", async () => {
    await check({
      "shop/safety.py": `
        def attempt(action):
            try:
                action()
                return "ok"
            except Exception as exc:
                return str(exc)

        def attempt_quietly(action):
            try:
                action()
                return "ok"
            except Exception:
                return "failed"
      `,
      "shop/maintenance.py": `
        from flask import make_response
        from shop.safety import attempt, attempt_quietly

        def flush_cache():
            pass

        def report_failure():
            outcome = attempt(flush_cache)
            # ruleid: error-disclosure
            return make_response("<p>" + outcome + "</p>")

        def report_quietly():
            outcome = attempt_quietly(flush_cache)
            # ok: error-disclosure
            return make_response("<p>" + outcome + "</p>")
      `,
    });
  });

  it("request data returned through a wrapper in a module that imports no framework reaches a command", async () => {
    await check({
      "shop/inputs.py": `
        from flask import request

        def query_term():
            return request.args.get("q", "")

        def default_term():
            return "all"
      `,
      "shop/terms.py": `
        from shop.inputs import default_term, query_term

        def search_term():
            return query_term().strip()

        def fallback_term():
            return default_term().strip()
      `,
      "shop/jobs.py": `
        import os
        from flask import current_app
        from shop.terms import fallback_term, search_term

        def reindex():
            current_app.logger.info("reindexing")
            # ruleid: command
            os.system("reindex " + search_term())

        def reindex_default():
            # ok: command
            os.system("reindex " + fallback_term())
      `,
    });
  });

  it("request data one method stores on the instance reaches a sink in another method", async () => {
    await check({
      "export.py": `
        import subprocess
        from flask import request

        class Exporter:
            def configure(self):
                self.fmt = request.args.get("fmt", "csv")
                self.level = "9"

            def run(self):
                # ruleid: command
                subprocess.call("export --format " + self.fmt, shell=True)

            def compress(self):
                # ok: command
                subprocess.call("gzip -" + self.level + " out.csv", shell=True)
      `,
    });
  });

  it("request data a function assigns to a module global reaches a sink in another function", async () => {
    await check({
      "cleanup.py": `
        import os
        from flask import request

        last_upload = ""
        scratch_dir = "/tmp/scratch"

        def remember_upload():
            global last_upload
            last_upload = request.form["name"]

        def purge_upload():
            # ruleid: path
            os.remove(last_upload)

        def purge_scratch():
            # ok: path
            os.remove(scratch_dir)
      `,
    });
  });
});
