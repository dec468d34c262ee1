/**
 * Phase 2 analyses every definition of the files it selects, not only views and the functions
 * they call: a function nobody calls can still meet request data through a helper that returns it,
 * an attribute another method set, or a module global another function assigned. These cases are
 * what any filter on the definitions analysed must keep (see "Which definitions phase 2 analyses"
 * in docs/architecture.md: a demand filter that lost the first two was measured and not kept).
 */
import { describe, it } from "vitest";
import { expectAnnotated } from "./harness.js";

const check = expectAnnotated;

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

/**
 * What a demand filter keyed on where sources are read would lose: the function holding the sink names
 * no source and calls nothing that does by name, or it is analysed before the function whose write it
 * reads (the shard's second pass must analyse it again).
 */
describe("definitions a demand filter would miss", () => {
  it("request data a function hands to a thread reaches a command in the thread's target, which names no source", async () => {
    await check({
      "shop/inputs.py": `
        from flask import request

        def requested_archive():
            return request.args.get("archive", "")

        def default_archive():
            return "nightly"
      `,
      "shop/jobs.py": `
        import os
        import threading
        from flask import current_app
        from shop.inputs import default_archive, requested_archive

        def unpack(archive):
            # ruleid: command
            os.system("tar xzf " + archive)

        def unpack_nightly(archive):
            # ok: command
            os.system("tar xzf " + archive)

        def unpack_requested():
            current_app.logger.info("unpacking in the background")
            threading.Thread(target=unpack, args=(requested_archive(),)).start()

        def unpack_default():
            threading.Thread(target=unpack_nightly, args=(default_archive(),)).start()
      `,
    });
  });

  it("request data stored on the instance by a method defined after the one that reads it reaches a sink", async () => {
    await check({
      "report.py": `
        import subprocess
        from flask import request

        class Report:
            def render(self):
                # ruleid: command
                subprocess.call("render --title " + self.title, shell=True)

            def archive(self):
                # ok: command
                subprocess.call("tar czf " + self.folder + ".tgz " + self.folder, shell=True)

            def load(self):
                self.title = request.args.get("title", "report")
                self.folder = "reports"
      `,
    });
  });

  it("request data a function defined later assigns to a module global reaches a helper that read it first", async () => {
    await check({
      "shop/state.py": `
        import os
        from flask import request

        current_export = ""
        export_root = "/srv/exports"

        def export_path():
            return current_export

        def root_path():
            return export_root

        def remove_export():
            # ruleid: path
            os.remove(export_path())

        def remove_root():
            # ok: path
            os.remove(root_path())

        def start_export():
            global current_export
            current_export = request.form["name"]
      `,
    });
  });
});
