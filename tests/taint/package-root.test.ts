/**
 * A scan root that is itself a package (`pysast scan src/shopapp`): its modules are named from the
 * package (`shopapp.reports`), as the project's absolute imports spell them, so flows across files
 * are followed exactly as when the parent folder is scanned.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packagePrefixOf } from "../../src/model/file-model.js";
import { findingKeys, scanFolder } from "../helpers/annotations.js";
import { tempProjects } from "../helpers/temp-project.js";

const project = tempProjects("pysast-pkgroot");

const files = (reportBody: string): Record<string, string> => ({
  "shopapp/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n\nfrom shopapp import views  # noqa: E402,F401\n",
  "shopapp/views.py": [
    "from flask import request",
    "",
    "from shopapp import app",
    "from shopapp.reports import sales_for",
    "",
    "",
    '@app.route("/reports/sales")',
    "def sales():",
    '    region = request.args.get("region", "")',
    "    return {\"rows\": sales_for(region)}",
    "",
  ].join("\n"),
  "shopapp/reports.py": [
    "import sqlite3",
    "",
    "",
    "def sales_for(region):",
    '    conn = sqlite3.connect("shop.db")',
    reportBody,
    "    return cur.fetchall()",
    "",
  ].join("\n"),
});

const UNSAFE = `    cur = conn.execute("SELECT day, total FROM sales WHERE region = '" + region + "'")`;
const SAFE = `    cur = conn.execute("SELECT day, total FROM sales WHERE region = ?", (region,))`;

describe("scanning a package folder directly", () => {
  it("follows a flow through the package's absolute imports", async () => {
    const root = project(files(UNSAFE));
    const inner = findingKeys(await scanFolder(path.join(root, "shopapp")));
    expect(inner).toEqual(new Set(["reports.py:6:sql-injection"]));
    // the same project scanned from its parent: the same finding, under the longer path
    const outer = findingKeys(await scanFolder(root));
    expect(outer).toEqual(new Set(["shopapp/reports.py:6:sql-injection"]));
  });

  it("stays quiet on the parameterised twin", async () => {
    const root = project(files(SAFE));
    expect(findingKeys(await scanFolder(path.join(root, "shopapp")))).toEqual(new Set());
  });

  it("names the package from every enclosing folder that holds an __init__.py", () => {
    const inits = new Set(["/srv/site/src/shop/__init__.py", "/srv/site/src/shop/billing/__init__.py"]);
    const isFile = (p: string) => inits.has(p.replace(/\\/g, "/"));
    expect(packagePrefixOf("/srv/site/src/shop/billing", isFile)).toBe("shop.billing");
    expect(packagePrefixOf("/srv/site/src", isFile)).toBe("");
    // a folder name that is not an identifier cannot be imported: the name stops there
    const dashed = new Set(["/srv/my-shop/__init__.py"]);
    expect(packagePrefixOf("/srv/my-shop", (p) => dashed.has(p))).toBe("");
  });
});
