/**
 * The fix verifier's re-scan analyses data flows again only where the scan's phase 2 could see the
 * change: a shard that analysed or loaded the patched file. These tests pin both sides: a patched
 * helper that a view's shard loaded is analysed again (so a fix that opens a flow through it is
 * withheld), and a patched script that no shard saw costs no data-flow analysis at all.
 */
import { describe, expect, it } from "vitest";
import { verifyFixes } from "../../src/fix/verify.js";
import { candidate, scanWithFixes } from "./helpers.js";

const project = {
  "app/__init__.py": "",
  "app/views.py": [
    "from flask import Flask, request",
    "",
    "from .tools import archive_name",
    "",
    "app = Flask(__name__)",
    "",
    "",
    '@app.get("/export")',
    "def export():",
    '    return archive_name(request.args.get("name", "report"))',
    "",
  ].join("\n"),
  "app/tools.py": [
    "import hashlib",
    "import subprocess",
    "",
    "",
    "def archive_name(label):",
    "    digest = hashlib.md5(label.encode()).hexdigest()",
    '    subprocess.run(["tar", "czf", f"/tmp/{digest}.tgz", "/srv/reports"], check=True)',
    "    return digest",
    "",
  ].join("\n"),
  "scripts/checksum.py": [
    "import hashlib",
    "import sys",
    "",
    "",
    "def checksum(path):",
    '    with open(path, "rb") as fh:',
    "        return hashlib.md5(fh.read()).hexdigest()",
    "",
    "",
    'if __name__ == "__main__":',
    "    print(checksum(sys.argv[1]))",
    "",
  ].join("\n"),
};

/** A view calling `call` on request data, importing a helper module with `importLine`. */
function compatProject(importLine: string, call: string): Record<string, string> {
  return {
    "app/__init__.py": "",
    "app/compat.py": ["import hashlib", "", "", "def etag(body):", "    return hashlib.md5(body).hexdigest()", ""].join("\n"),
    "app/views.py": [
      "import subprocess",
      "",
      "from flask import Flask, request",
      "",
      importLine,
      "",
      "app = Flask(__name__)",
      "",
      "",
      '@app.post("/thumbnail")',
      "def thumbnail():",
      '    name = request.form["name"]',
      `    subprocess.run("convert " + ${call} + " thumb.png", shell=True, check=True)`,
      '    return "ok"',
      "",
    ].join("\n"),
  };
}

describe("fix verification scope", () => {
  it("analyses again the view whose shard loaded a patched helper, and withholds a fix that opens a flow through it", async () => {
    const scan = await scanWithFixes(project);
    const session = scan.out.session;
    const finding = scan.findings.find((f) => f.path === "app/tools.py" && f.ruleId === "weak-hash")!;
    expect(finding.region.startLine).toBe(6);
    const text = session.text("app/tools.py")!;
    const shell: [string, string] = ['subprocess.run(["tar", "czf", f"/tmp/{digest}.tgz", "/srv/reports"], check=True)', 'subprocess.run(f"tar czf /tmp/{label}.tgz /srv/reports", shell=True, check=True)'];
    const bad = candidate(text, finding, [["hashlib.md5(", "hashlib.sha256("], shell]);
    const good = candidate(text, finding, [["hashlib.md5(", "hashlib.sha256("]]);

    // the helper's index record is the same apart from offsets, so only the shard's reach decides
    const rescan = await session.rescan(new Map([["app/tools.py", text.replace(shell[0], shell[1])]]));
    expect([...rescan.dataFlowFiles]).toEqual(["app/views.py"]);
    expect((rescan.findings.get("app/tools.py") ?? []).map((f) => `${f.ruleId}:${f.region.startLine}`)).toEqual(["weak-hash:6", "command-injection:7"]);

    const verdicts = await verifyFixes(session, [bad]);
    expect(verdicts.get(bad)).toBe("new finding: command-injection at app/tools.py:7");
    expect((await verifyFixes(session, [good])).get(good)).toBeNull();
  });

  it("re-runs only the pattern rules for a patched script that no shard analysed or loaded", async () => {
    const scan = await scanWithFixes(project);
    const session = scan.out.session;
    const finding = scan.findings.find((f) => f.path === "scripts/checksum.py" && f.ruleId === "weak-hash")!;
    // the rule's own fix passed the re-scan
    expect(finding.fix?.edits.map((e) => e.text)).toEqual([", usedforsecurity=False"]);
    const text = session.text("scripts/checksum.py")!;

    const fixed = candidate(text, finding, [["hashlib.md5(fh.read())", "hashlib.sha256(fh.read())"]]);
    const rescan = await session.rescan(new Map([["scripts/checksum.py", text.replace("hashlib.md5(fh.read())", "hashlib.sha256(fh.read())")]]));
    expect([...rescan.dataFlowFiles]).toEqual([]);
    expect(rescan.findings.get("scripts/checksum.py")).toEqual([]);
    expect((await verifyFixes(session, [fixed])).get(fixed)).toBeNull();

    // a pattern finding the patch brings is still caught without the data-flow analysis
    const worse = candidate(text, finding, [["hashlib.md5(fh.read())", "hashlib.sha1(fh.read())"]]);
    expect((await verifyFixes(session, [worse])).get(worse)).toBe("still reported");
    const more = candidate(text, finding, [
      ["hashlib.md5(fh.read())", "hashlib.sha256(fh.read())"],
      ["import sys", "import sys\n\nLEGACY = hashlib.sha1(b'v1').hexdigest()"],
    ]);
    expect((await verifyFixes(session, [more])).get(more)).toBe("new finding: weak-hash at scripts/checksum.py:4");
  });

  it("analyses a patched file again when the patch changes its index record (here: it becomes a view)", async () => {
    const scan = await scanWithFixes(project);
    const session = scan.out.session;
    const finding = scan.findings.find((f) => f.path === "scripts/checksum.py" && f.ruleId === "weak-hash")!;
    const text = session.text("scripts/checksum.py")!;
    // a (deliberately wrong) fix that turns the script into a Flask app running a request parameter through a shell
    const view = [
      "import sys",
      "",
      "from flask import Flask, request",
      "",
      "app = Flask(__name__)",
      "",
      "",
      '@app.get("/sum")',
      "def remote_sum():",
      '    os.system("sha256sum " + request.args["path"])',
      '    return "queued"',
    ].join("\n");
    const bad = candidate(text, finding, [
      ["import hashlib", "import hashlib\nimport os"],
      ["hashlib.md5(fh.read())", "hashlib.sha256(fh.read())"],
      ["import sys", view],
    ]);
    const verdict = (await verifyFixes(session, [bad])).get(bad);
    expect(verdict).toBe("new finding: command-injection at scripts/checksum.py:12");
  });

  it("treats a new import as unseen when no file a shard read names it through the patched module", async () => {
    const scan = await scanWithFixes(compatProject("from . import compat", "compat.quote(name)"));
    const session = scan.out.session;
    const finding = scan.findings.find((f) => f.path === "app/compat.py" && f.ruleId === "weak-hash")!;
    const text = session.text("app/compat.py")!;
    const edits: [string, string][] = [
      ["import hashlib", "import hashlib\nfrom hashlib import sha256"],
      ["hashlib.md5(body)", "sha256(body)"],
    ];
    // the view imports compat.py (without the narrowing, it would be analysed again) but never names `sha256`
    const patched = edits.reduce((t, [from, to]) => t.replace(from, to), text);
    expect([...(await session.rescan(new Map([["app/compat.py", patched]]))).dataFlowFiles]).toEqual([]);
    const fixed = candidate(text, finding, edits);
    expect((await verifyFixes(session, [fixed])).get(fixed)).toBeNull();
  });

  it.each([
    ["through the module in its code (checked in the text)", "from . import compat", "compat.quote(name)"],
    ["by a from-import (seen in the index and in the text)", "from .compat import quote", "quote(name)"],
  ])("analyses the views again when one names a patched module's new import %s", async (_how, importLine, call) => {
    const files = compatProject(importLine, call);
    const scan = await scanWithFixes(files);
    const session = scan.out.session;
    expect(scan.findings.map((f) => `${f.ruleId}:${f.path}:${f.region.startLine}`)).toEqual(["weak-hash:app/compat.py:5", "command-injection:app/views.py:13"]);
    // compat.py is neither a view nor loaded by one (its `quote` does not exist yet); the patch gives it one
    const text = session.text("app/compat.py")!;
    const rescan = await session.rescan(new Map([["app/compat.py", `from shlex import quote\n${text}`]]));
    expect([...rescan.dataFlowFiles]).toEqual(["app/views.py"]);
  });
});
