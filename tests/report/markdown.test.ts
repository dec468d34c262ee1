import { describe, expect, it } from "vitest";
import { owaspUrl, renderRuleHelpMarkdown, renderRuleHelpText, ruleReferences } from "../../src/report/markdown.js";
import type { RuleMeta } from "../../src/types.js";
import { corsRule, sqlInjectionRule, weakHashRule } from "./scan-fixture.js";

describe("renderRuleHelpMarkdown", () => {
  it("renders every section, CWE/OWASP links and aliases", () => {
    expect(renderRuleHelpMarkdown(sqlInjectionRule)).toBe(
      [
        "## What it does",
        "",
        "Finds SQL statements built from request data with string formatting.",
        "",
        "## Why is this bad?",
        "",
        "An attacker can change the query: read other users' rows, bypass login checks or drop tables.",
        "",
        "## Example",
        "",
        "```python",
        "cursor.execute(f\"SELECT * FROM items WHERE name = '{name}'\")",
        "```",
        "",
        "## Use instead",
        "",
        "Pass values as parameters and let the driver quote them.",
        "",
        "```python",
        'cursor.execute("SELECT * FROM items WHERE name = %s", (name,))',
        "```",
        "",
        "## References",
        "",
        "- [CWE-89: Improper Neutralization of Special Elements used in an SQL Command](https://cwe.mitre.org/data/definitions/89.html)",
        "- [OWASP Top 10: A03:2021-Injection](https://owasp.org/Top10/A03_2021-Injection/)",
        "- [Python DB-API 2.0 (PEP 249)](https://peps.python.org/pep-0249/)",
        "",
        "Equivalent rules: Bandit `B608`, Ruff `S608`.",
        "",
      ].join("\n"),
    );
  });

  it("omits the alias line for a rule with no counterpart and names bare CWE links", () => {
    const markdown = renderRuleHelpMarkdown(corsRule);
    expect(markdown).not.toContain("Equivalent rules");
    expect(markdown.endsWith("## References\n\n- [CWE-942](https://cwe.mitre.org/data/definitions/942.html)\n")).toBe(true);
  });

  it("dedents example code and uses a fence longer than any backticks inside it", () => {
    const rule: RuleMeta = {
      ...weakHashRule,
      docs: {
        ...weakHashRule.docs,
        example: '\n    doc = """\n    ```python\n    x = 1\n    ```\n    """\n    digest = hashlib.md5(doc.encode())\n',
      },
    };
    const markdown = renderRuleHelpMarkdown(rule);
    expect(markdown).toContain(
      '## Example\n\n````python\ndoc = """\n```python\nx = 1\n```\n"""\ndigest = hashlib.md5(doc.encode())\n````\n',
    );
  });
});

describe("renderRuleHelpText", () => {
  it("renders the same sections as plain text with indented code", () => {
    expect(renderRuleHelpText(weakHashRule)).toBe(
      [
        "What it does",
        "Finds calls to `hashlib.md5` and `hashlib.sha1`, directly or through `hashlib.new`.",
        "",
        "Why is this bad?",
        "Collisions for MD5 and SHA-1 can be computed cheaply.",
        "",
        "Example",
        "    import hashlib",
        "    digest = hashlib.md5(password).hexdigest()",
        "",
        "Use instead",
        "    import hashlib",
        "    digest = hashlib.sha256(data).hexdigest()",
        "",
        "References",
        "- CWE-327: https://cwe.mitre.org/data/definitions/327.html",
        "- CWE-328: https://cwe.mitre.org/data/definitions/328.html",
        "",
        "Equivalent rules: Bandit B324, Ruff S324.",
        "",
      ].join("\n"),
    );
  });
});

describe("references", () => {
  it("maps OWASP Top 10 2021 ids to their pages and leaves other forms unlinked", () => {
    expect(owaspUrl("A03:2021-Injection")).toBe("https://owasp.org/Top10/A03_2021-Injection/");
    expect(owaspUrl("A05:2021 - Security Misconfiguration")).toBe(
      "https://owasp.org/Top10/A05_2021-Security_Misconfiguration/",
    );
    expect(owaspUrl("A1:2017-Injection")).toBeUndefined();
  });

  it("lists CWE first, then OWASP, then the rule's own links, each URL once", () => {
    expect(ruleReferences(sqlInjectionRule).map((ref) => ref.url)).toEqual([
      "https://cwe.mitre.org/data/definitions/89.html",
      "https://owasp.org/Top10/A03_2021-Injection/",
      "https://peps.python.org/pep-0249/",
    ]);
  });
});
