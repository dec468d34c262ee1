/**
 * Module names (which resolve imports, calls and classes across files) start from the folders the
 * user scanned, never from the working directory or `--root`: the same project scanned from its
 * parent (`pysast scan helpdesk`) and from inside (`pysast scan .`) gives the same findings.
 *
 * The project is a Django help desk whose views annotate the request with the project's own
 * `HttpRequest` subclass: a view is known to take the request only once that annotation resolves to
 * the project's class by its exact module name (`desk.accounts.http.AuthenticatedHttpRequest`).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../rules/index.js";
import { MODELS } from "../rules/models/index.js";
import { moduleBasesOf, moduleNameIn } from "../src/model/file-model.js";
import { runScan, type ScanOutput } from "../src/scan.js";
import { runPysast } from "./e2e/helpers.js";
import { tempProjects } from "./helpers/temp-project.js";

const project = tempProjects("pysast-naming");

const UNSAFE = `        cursor.execute("SELECT id, subject FROM tickets_ticket WHERE subject LIKE '%" + subject + "%'")`;
const SAFE = `        cursor.execute("SELECT id, subject FROM tickets_ticket WHERE subject LIKE %s", ["%" + subject + "%"])`;

/** The help desk repository (no `__init__.py` at its top: `desk` is its package), below `folder`. */
function helpdesk(folder: string, query: string): Record<string, string> {
  const at = (rel: string) => (folder ? `${folder}/${rel}` : rel);
  return {
    [at("manage.py")]: [
      "#!/usr/bin/env python",
      "import os",
      "import sys",
      "",
      'if __name__ == "__main__":',
      '    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")',
      "    from django.core.management import execute_from_command_line",
      "",
      "    execute_from_command_line(sys.argv)",
      "",
    ].join("\n"),
    [at("desk/__init__.py")]: "",
    [at("desk/urls.py")]: [
      "from django.urls import path",
      "",
      "from desk.tickets import views",
      "",
      "urlpatterns = [",
      '    path("tickets/search/", views.search, name="ticket-search"),',
      "]",
      "",
    ].join("\n"),
    [at("desk/accounts/__init__.py")]: "",
    [at("desk/accounts/http.py")]: [
      "from django.contrib.auth.models import User",
      "from django.http import HttpRequest",
      "",
      "",
      "class AuthenticatedHttpRequest(HttpRequest):",
      "    user: User",
      "",
    ].join("\n"),
    [at("desk/tickets/__init__.py")]: "",
    [at("desk/tickets/forms.py")]: [
      "from django import forms",
      "",
      "",
      "class TicketSearchForm(forms.Form):",
      "    subject = forms.CharField(max_length=200)",
      "",
    ].join("\n"),
    [at("desk/tickets/views.py")]: [
      "from django.db import connection",
      "from django.http import HttpResponseBadRequest, JsonResponse",
      "from django.views.decorators.http import require_POST",
      "",
      "from desk.accounts.http import AuthenticatedHttpRequest",
      "from desk.tickets import forms",
      "",
      "",
      "@require_POST",
      "def search(request: AuthenticatedHttpRequest) -> JsonResponse:",
      "    form = forms.TicketSearchForm(request.POST)",
      "    if not form.is_valid():",
      "        return HttpResponseBadRequest()",
      "",
      '    subject = form.cleaned_data["subject"]',
      "    with connection.cursor() as cursor:",
      query,
      "        rows = cursor.fetchall()",
      '    return JsonResponse({"tickets": [{"id": r[0], "subject": r[1]} for r in rows]})',
      "",
    ].join("\n"),
  };
}

function scan(root: string, scanned: string[], cacheDir?: string): Promise<ScanOutput> {
  return runScan({
    root,
    paths: scanned,
    rules,
    discover: { exclude: [], defaultExcludes: true, maxFileSize: 5 * 1024 * 1024, gitignore: false },
    inlineSuppressions: true,
    includeLocalSources: false,
    models: MODELS,
    ...(cacheDir ? { cache: { dir: cacheDir, env: {} } } : {}),
  });
}

/** `path:line:rule` of the findings, paths made relative to `base` (a folder below the root, or ""). */
function keys(out: ScanOutput, base = ""): string[] {
  return out.findings.map((f) => `${base && f.path.startsWith(`${base}/`) ? f.path.slice(base.length + 1) : f.path}:${f.region.startLine}:${f.ruleId}`).sort();
}

describe("module names do not depend on where the scan runs from", () => {
  it("finds the flow through the project's request class from the parent and from inside", async () => {
    const parent = project(helpdesk("helpdesk", UNSAFE));
    const inside = path.join(parent, "helpdesk");
    const fromInside = keys(await scan(inside, [inside]));
    expect(fromInside).toEqual(["desk/tickets/views.py:17:sql-injection"]);
    // the root is the parent (the working directory), the folder scanned is the project
    expect(keys(await scan(parent, [inside]), "helpdesk")).toEqual(fromInside);
  });

  it("stays quiet on the parameterised twin from both places", async () => {
    const parent = project(helpdesk("helpdesk", SAFE));
    const inside = path.join(parent, "helpdesk");
    expect(keys(await scan(inside, [inside]))).toEqual([]);
    expect(keys(await scan(parent, [inside]))).toEqual([]);
  });

  it("gives the same report from the command line, run from the parent, from inside, or with --root", async () => {
    const parent = project(helpdesk("helpdesk", UNSAFE));
    const inside = path.join(parent, "helpdesk");
    const run = async (cwd: string, args: string[], base = "") => {
      const r = await runPysast(["scan", ...args, "--format", "json", "--exit-zero", "--no-cache", "-q"], cwd);
      expect(r.stderr).toBe("");
      const findings = (JSON.parse(r.stdout) as { findings: { path: string; region: { startLine: number }; ruleId: string }[] }).findings;
      return findings.map((f) => `${base ? f.path.slice(base.length + 1) : f.path}:${f.region.startLine}:${f.ruleId}`).sort();
    };
    const expected = ["desk/tickets/views.py:17:sql-injection"];
    expect(await run(inside, ["."])).toEqual(expected);
    expect(await run(parent, ["helpdesk"], "helpdesk")).toEqual(expected);
    expect(await run(parent, ["helpdesk", "--root", "."], "helpdesk")).toEqual(expected);
    expect(await run(inside, ["desk", "manage.py"])).toEqual(expected);
  });

  it("does not serve a cached result computed under another naming", async () => {
    // the repository below a folder that is not a package: scanned there, `desk` is not the top package
    const parent = project(helpdesk("helpdesk", UNSAFE));
    const inside = path.join(parent, "helpdesk");
    const cacheDir = mkdtempSync(path.join(tmpdir(), "pysast-naming-cache-"));
    const fromParent = keys(await scan(parent, [parent]));
    // named from the parent, the request annotation (`desk.accounts.http.…`) names no module exactly
    expect(fromParent).toEqual([]);
    const fromInside = keys(await scan(parent, [inside]), "helpdesk");
    expect(fromInside).toEqual(["desk/tickets/views.py:17:sql-injection"]);
    // the same root and files, named from another folder: each scan gives what it gives without the cache
    expect(keys(await scan(parent, [inside], cacheDir), "helpdesk")).toEqual(fromInside);
    expect(keys(await scan(parent, [parent], cacheDir))).toEqual(fromParent);
    expect(keys(await scan(parent, [inside], cacheDir), "helpdesk")).toEqual(fromInside);
  });
});

describe("moduleBasesOf", () => {
  const packages = (inits: string[]) => (p: string) => inits.includes(p.replace(/\\/g, "/"));

  it("names a file from the scanned folder that holds it, and from the package that folder is part of", () => {
    const isFile = packages(["/srv/app/shop/__init__.py", "/srv/app/shop/orders/__init__.py"]);
    const bases = moduleBasesOf("/srv", ["app/shop/orders", "app/scripts"], isFile);
    expect(bases).toEqual([
      { dir: "app/scripts", prefix: "" },
      { dir: "app/shop/orders", prefix: "shop.orders" },
      { dir: "", prefix: "" },
    ]);
    expect(moduleNameIn("app/shop/orders/views.py", bases)).toBe("shop.orders.views");
    expect(moduleNameIn("app/shop/orders/__init__.py", bases)).toBe("shop.orders");
    expect(moduleNameIn("app/scripts/backfill.py", bases)).toBe("backfill");
    // a folder name that merely starts like a scanned one is not inside it
    expect(moduleNameIn("app/scripts_old/backfill.py", bases)).toBe("app.scripts_old.backfill");
  });

  it("names a folder scanned inside another scanned folder from the outer one, as scanning the outer one alone does", () => {
    const isFile = packages([]);
    const alone = moduleBasesOf("/srv", ["app"], isFile);
    const both = moduleBasesOf("/srv", ["app/tools", "app"], isFile);
    expect(both).toEqual(alone);
    expect(moduleNameIn("app/tools/export.py", both)).toBe("tools.export");
    // the root scanned: everything is named from it
    expect(moduleBasesOf("/srv", ["", "app"], isFile)).toEqual([{ dir: "", prefix: "" }]);
  });

  it("names the root's package when the root itself is one", () => {
    const bases = moduleBasesOf("/srv/site/shop", [""], packages(["/srv/site/shop/__init__.py"]));
    expect(moduleNameIn("views.py", bases)).toBe("shop.views");
    expect(moduleNameIn("views.py", undefined)).toBe("views");
  });
});

/** A small Flask shop that starts its development server with the debugger on, on every interface. */
function debugShop(folder: string): Record<string, string> {
  return {
    [`${folder}/shop/__init__.py`]: "",
    [`${folder}/shop/app.py`]: [
      "from flask import Flask",
      "",
      "app = Flask(__name__)",
      "",
      "",
      '@app.route("/")',
      "def index():",
      '    return "ok"',
      "",
      "",
      'if __name__ == "__main__":',
      '    app.run(host="0.0.0.0", debug=True)',
      "",
    ].join("\n"),
  };
}

describe("where a checkout lives does not make its code development code", () => {
  it("reports the debugger of a repository whose folder name holds a development word, scanned from the parent", async () => {
    for (const folder of ["secDevLabs", "demo-shop", "local-api"]) {
      const parent = project(debugShop(folder));
      const inside = path.join(parent, folder);
      const fromInside = keys(await scan(inside, [inside]));
      expect(fromInside, folder).toEqual(["shop/app.py:12:debug-enabled"]);
      expect(keys(await scan(parent, [inside]), folder), folder).toEqual(fromInside);
    }
  });

  it("still treats a folder scanned under a development name, and development folders inside the project, as development code", async () => {
    const parent = project({ ...debugShop("tests"), ...debugShop("shop-site/examples") });
    expect(keys(await scan(parent, [path.join(parent, "tests")]))).toEqual([]);
    expect(keys(await scan(parent, [path.join(parent, "shop-site")]))).toEqual([]);
  });
});
