/** The configuration examples in the docs are run as a user would copy them: they must be accepted. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTree, REPO, runPysast } from "./e2e/helpers.js";

function tomlBlocks(markdown: string, heading: string): string[] {
  const section = markdown.slice(markdown.indexOf(heading));
  const end = section.indexOf("\n## ", heading.length);
  return [...(end > 0 ? section.slice(0, end) : section).matchAll(/```toml\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe("docs/configuration.md", () => {
  const doc = readFileSync(join(REPO, "docs", "configuration.md"), "utf8");
  const blocks = tomlBlocks(doc, "## A complete example");
  const pyproject = blocks.find((b) => b.includes("[tool.pysast]"));
  const userFile = blocks.find((b) => b.startsWith("[triage]"));
  const dedicated = blocks[blocks.length - 1];

  it("has the complete example as pyproject.toml and .pysast.toml", () => {
    expect(pyproject).toContain("[tool.pysast]");
    expect(dedicated).not.toBe(pyproject);
    expect(userFile).toBeDefined();
  });

  it("the user's triage settings are accepted in the user's config file", async () => {
    const home = makeTree({ "pysast/config.toml": userFile! });
    const root = makeTree({ ".git/HEAD": "ref: refs/heads/main\n", "app/views.py": "import hashlib\n\nhashlib.md5(b'x')\n" });
    const r = await runPysast(["scan", "."], root, { XDG_CONFIG_HOME: home });
    expect(r.stderr).not.toContain("pysast:");
    expect(r.stdout).toContain("Triage skipped");
    expect(r.code).toBe(1);
  });

  for (const [name, text] of [
    ["pyproject.toml", pyproject],
    [".pysast.toml", dedicated],
  ] as const) {
    it(`the complete example as ${name} is accepted (no configuration error)`, async () => {
      const root = makeTree({ [name]: text!, ".git/HEAD": "ref: refs/heads/main\n", "app/views.py": "import hashlib\n\nhashlib.md5(b'x')\n" });
      const r = await runPysast(["scan", "."], root);
      expect(r.stderr).not.toContain("pysast:");
      expect(r.stdout).not.toContain("is ignored");
      expect([0, 1]).toContain(r.code);
    });
  }
});
