import { describe, expect, it } from "vitest";
import { toHtml } from "../../src/report/html.js";
import type { Finding } from "../../src/types.js";
import { fullScan, scanResult, sqlFinding } from "./scan-fixture.js";

const SEARCH = [
  "from flask import request",
  "",
  "",
  ...Array.from({ length: 11 }, (_, i) => `# line ${i + 4}`),
  'term = request.args.get("q")',
  "query = build_search(term)",
  "cursor = db.cursor()",
  "    cursor.execute(query)",
  "",
].join("\n");

describe("toHtml", () => {
  it("renders the triage verdict and reasoning, the flow across files and the rule's documentation", () => {
    const html = toHtml(fullScan(), { sources: new Map([["app/views/search.py", SEARCH]]), readSource: (p) => (p === "app/db/queries.py" ? 'def build_search(term):\n    pass\n    pass\n    return f"SELECT * FROM items WHERE name = \'{term}\'"\n' : undefined) });
    expect(html).toContain("<strong>Triage:</strong> true positive");
    expect(html).toContain("Line 15 reads `q` from the query string");
    expect(html).toContain("return f&quot;SELECT * FROM items WHERE name = &#39;{term}&#39;&quot;");
    expect(html).toContain('<article class="rule-doc" id="rule-sql-injection">');
    expect(html).toMatch(/<span class="line hit"><span class="ln">18<\/span>     cursor\.execute\(query\)<\/span>/);
  });

  it("masks the secret spans a rule reported in every line it shows", () => {
    const secret: Finding = {
      ...sqlFinding(),
      ruleId: "sql-injection",
      region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 40 },
      secretSpans: [{ startLine: 2, startColumn: 15, endLine: 2, endColumn: 39, keep: 4 }],
      flow: [],
    };
    const html = toHtml(scanResult([secret]), { sources: new Map([["app/views/search.py", 'import os\nDB_PASSWORD = "hunter2-correct-horse-bat"\n']]) });
    expect(html).not.toContain("hunter2-correct-horse-bat");
    expect(html).not.toContain("correct-horse");
  });

  it("allows only its own style and script, by hash, and loads nothing", () => {
    const html = toHtml(fullScan(), {});
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:; base-uri 'none'; form-action 'none'$/);
    expect(html).not.toMatch(/<(link|img|iframe)\b|src="http/);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});
