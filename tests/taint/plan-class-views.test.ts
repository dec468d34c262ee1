import { describe, expect, it } from "vitest";
import { MODELS } from "../../rules/models/index.js";
import { TaintProject } from "../../src/taint/index.js";
import { dedent, KIND_RULES, parseFile } from "./harness.js";

/**
 * The plan adds the files of class-based views: classes with a project base whose ancestors include a framework's
 * view base. Whether an ancestor's name is a view base is asked once per name for the whole plan (the same bases
 * recur in most hierarchies), so one answer must never stand for another name: a base that is a view base, one
 * that only shares its prefix, and ones that are no view base at all, met in every order.
 */
async function planned(files: Record<string, string>): Promise<string[]> {
  const project = new TaintProject(KIND_RULES, { includeLocalSources: false, models: MODELS });
  for (const [path, src] of Object.entries(files)) project.addFile(await parseFile(path, dedent(src)));
  return project.plan().flatMap((s) => s.paths).sort();
}

const BASES = {
  "portal/base.py": `
    from flask.views import MethodView, MethodViewer


    class AuditedMixin:
        def audit(self, event):
            return event


    class PortalView(AuditedMixin, MethodView):
        decorators = []


    class Exporter(AuditedMixin):
        pass


    class LegacyViewer(AuditedMixin, MethodViewer):
        pass
  `,
  "portal/grpc_base.py": `
    from billing import invoices_pb2_grpc


    class BaseInvoices(invoices_pb2_grpc.InvoicesServicer):
        pass
  `,
};

describe("class-based views in the plan (the view-base question asked once per ancestor name)", () => {
  it("finds the modules of views through project bases, whatever order the shared ancestors are met in", async () => {
    expect(
      await planned({
        ...BASES,
        // met first: a class sharing `AuditedMixin` with the view base, which is no view
        "portal/exports.py": `
          import csv
          from portal.base import Exporter


          class CsvExport(Exporter):
              def write(self, rows, stream):
                  csv.writer(stream).writerows(rows)
        `,
        "portal/reports.py": `
          from portal.base import PortalView


          class ReportView(PortalView):
              def get(self, name):
                  return open(name).read()
        `,
        "portal/invoices.py": `
          from portal.grpc_base import BaseInvoices


          class Invoices(BaseInvoices):
              def Fetch(self, request, context):
                  return open(request.path).read()
        `,
        // an ancestor whose name only starts like a view base's (`flask.views.MethodViewer`, not `flask.views.MethodView`)
        "portal/viewer.py": `
          from portal.base import LegacyViewer


          class Local(LegacyViewer):
              pass
        `,
      }),
    ).toEqual(["portal/base.py", "portal/invoices.py", "portal/reports.py"]);
  });
});
