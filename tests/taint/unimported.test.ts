import { describe, expect, it } from "vitest";
import { MODELS } from "../../rules/models/index.js";
import { TaintProject } from "../../src/taint/index.js";
import { dedent, KIND_RULES, parseFile } from "./harness.js";

/**
 * A thread running several shards drops the compact trees of a finished shard's own files that no project file
 * imports (`TaintProject.unimported`): later shards load files through imports, so those are the ones worth keeping.
 */
const FILES: Record<string, string> = {
  "shop/__init__.py": "",
  "shop/helpers.py": `
    def clean(raw):
        return raw.strip()
  `,
  "shop/views.py": `
    from flask import request

    from shop.helpers import clean


    def search():
        return clean(request.args.get("q", ""))
  `,
  "shop/urls.py": `
    from shop import views

    ROUTES = [("/search", views.search)]
  `,
  "shop/loops.py": `
    import shop.loops


    def again():
        return shop.loops.again
  `,
};

describe("files no other project file imports", () => {
  it("are those nothing else imports at module level (a module importing itself is one; a package imported through its modules is not)", async () => {
    const project = new TaintProject(KIND_RULES, { includeLocalSources: false, models: MODELS });
    for (const [path, text] of Object.entries(FILES)) project.addFile(await parseFile(path, dedent(text)));
    expect(project.unimported(Object.keys(FILES))).toEqual(["shop/urls.py", "shop/loops.py"]);
  });
});
