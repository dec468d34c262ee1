/**
 * Flow-neutral patches (src/fix/flow-neutral.ts): a patched file that a phase-2 shard loaded is analysed again
 * for data flows unless the patch provably cannot change one — a callee swapped for its twin in the taint
 * models (`hashlib.md5` → `hashlib.sha256`), or a constant keyword argument the models never name added to or
 * changed in a library call (`usedforsecurity=False`). Each safe case has a twin that differs in one detail and
 * DOES open a flow: it must still be analysed again, and its fix withheld.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MODELS } from "../../rules/models/index.js";
import { FlowNeutrality } from "../../src/fix/flow-neutral.js";
import { verifyFixes } from "../../src/fix/verify.js";
import { candidate, scanWithFixes } from "./helpers.js";

/** A Flask view whose shard loads `app/reports.py` (the helper it calls): a patch there is seen by phase 2. */
function reportsProject(helper: string[]): Record<string, string> {
  return {
    "app/__init__.py": "",
    "app/views.py": [
      "from flask import Flask, request",
      "",
      "from .reports import export_report",
      "",
      "app = Flask(__name__)",
      "",
      "",
      '@app.post("/reports/export")',
      "def export():",
      '    return export_report(request.form["label"], request.get_data())',
      "",
    ].join("\n"),
    "app/reports.py": helper.join("\n"),
  };
}

const helper = [
  "import hashlib",
  "import shlex",
  "import subprocess",
  "",
  "from lxml import etree",
  "",
  "",
  "def export_report(label, body):",
  "    digest = hashlib.md5(label.encode()).hexdigest()",
  "    parser = etree.XMLParser(resolve_entities=False)",
  "    doc = etree.fromstring(body, parser)",
  "    quoted = shlex.quote(label)",
  '    subprocess.run(["tar", "czf", f"/srv/out/{digest}.tgz", "/srv/reports"], check=True)',
  '    return {"id": digest, "title": doc.findtext("title"), "label": quoted}',
  "",
];

const where = (findings: readonly { ruleId: string; region: { startLine: number } }[]) => findings.map((f) => `${f.ruleId}:${f.region.startLine}`);

/** The two weak-hash fixes of `hashlib.md5(label.encode())` in app/reports.py: neither analyses a data flow again, and both leave no finding. */
async function expectDigestSwapsNeutral(session: Awaited<ReturnType<typeof scanWithFixes>>["out"]["session"], text: string): Promise<void> {
  for (const [from, to] of [
    ["hashlib.md5(label.encode())", "hashlib.sha256(label.encode())"],
    ["hashlib.md5(label.encode())", "hashlib.md5(label.encode(), usedforsecurity=False)"],
  ]) {
    const rescan = await session.rescan(new Map([["app/reports.py", text.replace(from!, to!)]]));
    expect([...rescan.dataFlowFiles], to).toEqual([]);
    expect(rescan.findings.get("app/reports.py"), to).toEqual([]);
  }
}

describe("flow-neutral patches", () => {
  it("keeps the data flows of a helper whose md5 becomes sha256 or gains usedforsecurity=False, and still checks its pattern findings", async () => {
    const scan = await scanWithFixes(reportsProject(helper));
    const session = scan.out.session;
    expect(scan.findings.map((f) => `${f.ruleId}:${f.path}:${f.region.startLine}`)).toEqual(["weak-hash:app/reports.py:9"]);
    const text = session.text("app/reports.py")!;

    await expectDigestSwapsNeutral(session, text);
    // the pattern rules still run on the patched text: sha1 is as weak as md5
    const sha1 = await session.rescan(new Map([["app/reports.py", text.replace("hashlib.md5(", "hashlib.sha1(")]]));
    expect([...sha1.dataFlowFiles]).toEqual([]);
    expect(where(sha1.findings.get("app/reports.py")!)).toEqual(["weak-hash:9"]);
    // the rule's own fix passed the re-scan
    expect(scan.findings[0]!.fix?.edits.map((e) => e.text)).toEqual(["sha256"]);
  });

  it("analyses the view again when a constant keyword that the models name changes (resolve_entities=True opens XXE)", async () => {
    const scan = await scanWithFixes(reportsProject(helper));
    const session = scan.out.session;
    const finding = scan.findings[0]!;
    const text = session.text("app/reports.py")!;
    const entities: [string, string] = ["resolve_entities=False", "resolve_entities=True"];
    const rescan = await session.rescan(new Map([["app/reports.py", text.replace(...entities)]]));
    expect([...rescan.dataFlowFiles]).toEqual(["app/views.py"]);
    expect(where(rescan.findings.get("app/reports.py")!)).toEqual(["weak-hash:9", "xxe:11"]);
    const bad = candidate(text, finding, [["hashlib.md5(", "hashlib.sha256("], entities]);
    expect((await verifyFixes(session, [bad])).get(bad)).toBe("new finding: xxe at app/reports.py:11");
  });

  it("analyses the view again when a callee is swapped for one the models do not treat alike (shlex.quote → subprocess.getoutput)", async () => {
    const scan = await scanWithFixes(reportsProject(helper));
    const session = scan.out.session;
    const finding = scan.findings[0]!;
    const text = session.text("app/reports.py")!;
    const swap: [string, string] = ["shlex.quote(label)", "subprocess.getoutput(label)"];
    const rescan = await session.rescan(new Map([["app/reports.py", text.replace(...swap)]]));
    expect([...rescan.dataFlowFiles]).toEqual(["app/views.py"]);
    const bad = candidate(text, finding, [["hashlib.md5(", "hashlib.sha256("], swap]);
    expect((await verifyFixes(session, [bad])).get(bad)).toBe("new finding: command-injection at app/reports.py:12");
  });

  it("analyses the callers again when a constant keyword goes to a project function, whose body may read it", async () => {
    const files = reportsProject([
      "import hashlib",
      "import subprocess",
      "",
      "",
      "def archive(label, use_shell=False):",
      "    if use_shell:",
      '        return subprocess.run(f"tar czf /srv/out/{label}.tgz /srv/reports", shell=True, check=True)',
      '    return subprocess.run(["tar", "czf", f"/srv/out/{label}.tgz", "/srv/reports"], check=True)',
      "",
      "",
      "def export_report(label, body):",
      "    digest = hashlib.md5(body).hexdigest()",
      "    archive(label)",
      "    return digest",
      "",
    ]);
    const scan = await scanWithFixes(files);
    const session = scan.out.session;
    const finding = scan.findings.find((f) => f.ruleId === "weak-hash")!;
    const text = session.text("app/reports.py")!;
    expect(where(scan.findings.filter((f) => f.path === "app/reports.py"))).toEqual(["weak-hash:12"]);
    const keyword: [string, string] = ["    archive(label)", "    archive(label, use_shell=True)"];
    const rescan = await session.rescan(new Map([["app/reports.py", text.replace(...keyword)]]));
    expect([...rescan.dataFlowFiles]).toEqual(["app/views.py"]);
    // the engine follows the constant into the helper's branch: the request's label reaches a shell
    expect(where(rescan.findings.get("app/reports.py")!)).toEqual(["weak-hash:12", "command-injection:7"]);
    const bad = candidate(text, finding, [["hashlib.md5(", "hashlib.sha256("], keyword]);
    expect((await verifyFixes(session, [bad])).get(bad)).toBe("new finding: command-injection at app/reports.py:7");
  });
});

describe("flow-neutral patches and the project's own names (read from the index records' heads and, for one module, its record)", () => {
  const swap: [string, string] = ["hashlib.md5(label.encode())", "hashlib.sha256(label.encode())"];

  it("analyses the view again when a project function has the swapped-in callee's last name", async () => {
    const files = {
      ...reportsProject(helper),
      "app/checksums.py": ["import subprocess", "", "", "def sha256(data):", '    return subprocess.check_output(["sha256sum"], input=data)', ""].join("\n"),
    };
    const scan = await scanWithFixes(files);
    const session = scan.out.session;
    const text = session.text("app/reports.py")!;
    const rescan = await session.rescan(new Map([["app/reports.py", text.replace(...swap)]]));
    expect([...rescan.dataFlowFiles]).toEqual(["app/views.py"]);
  });

  it("analyses the view again when a project module named like the callee's module binds its name by an import", async () => {
    const files = {
      ...reportsProject(helper),
      "app/compat/__init__.py": "",
      "app/compat/hashlib.py": ["from hashlib import md5 as sha256", "", "__all__ = [\"sha256\"]", ""].join("\n"),
    };
    const scan = await scanWithFixes(files);
    const session = scan.out.session;
    const text = session.text("app/reports.py")!;
    const rescan = await session.rescan(new Map([["app/reports.py", text.replace(...swap)]]));
    expect([...rescan.dataFlowFiles]).toEqual(["app/views.py"]);
  });

  it("keeps the data flows when project names only resemble the callee (another last name, a module binding other names)", async () => {
    const files = {
      ...reportsProject(helper),
      "app/checksums.py": ["import subprocess", "", "", "def sha256sum(data):", '    return subprocess.check_output(["sha256sum"], input=data)', ""].join("\n"),
      "app/compat/__init__.py": "",
      "app/compat/hashlib.py": ["from hashlib import md5 as legacy_md5", ""].join("\n"),
    };
    const scan = await scanWithFixes(files);
    const session = scan.out.session;
    const text = session.text("app/reports.py")!;
    const rescan = await session.rescan(new Map([["app/reports.py", text.replace(...swap)]]));
    expect([...rescan.dataFlowFiles]).toEqual([]);
  });
});

/**
 * The same helper with the digest and the quoting inside other calls' arguments (`"-".join([...])`, `str(...)`):
 * the patch's site is the inner call, not the outer call's argument list, so an outer callee that is no library
 * name (a method of a string, a builtin) does not make the patch look like a change of that call.
 */
const nestedHelper = [
  "import hashlib",
  "import shlex",
  "import subprocess",
  "",
  "",
  "def export_report(label, body):",
  '    archive_id = "-".join(["report", hashlib.md5(label.encode()).hexdigest()])',
  '    subprocess.run(["tar", "czf", f"/srv/out/{archive_id}.tgz", "/srv/reports"], check=True)',
  '    return {"id": archive_id, "label": str(shlex.quote(label)), "size": len(body)}',
  "",
];

describe("flow-neutral patches inside other calls' arguments", () => {
  it("keeps the data flows when the swapped digest or its new constant keyword sits in an argument of another call", async () => {
    const scan = await scanWithFixes(reportsProject(nestedHelper));
    const session = scan.out.session;
    expect(scan.findings.map((f) => `${f.ruleId}:${f.path}:${f.region.startLine}`)).toEqual(["weak-hash:app/reports.py:7"]);
    const text = session.text("app/reports.py")!;
    await expectDigestSwapsNeutral(session, text);
    expect(scan.findings[0]!.fix?.edits.map((e) => e.text)).toEqual(["sha256"]);
  });

  it("analyses the view again when the callee swapped inside another call's argument is not a twin (shlex.quote → subprocess.getoutput)", async () => {
    const scan = await scanWithFixes(reportsProject(nestedHelper));
    const session = scan.out.session;
    const finding = scan.findings[0]!;
    const text = session.text("app/reports.py")!;
    const swap: [string, string] = ["str(shlex.quote(label))", "str(subprocess.getoutput(label))"];
    const rescan = await session.rescan(new Map([["app/reports.py", text.replace(...swap)]]));
    expect([...rescan.dataFlowFiles]).toEqual(["app/views.py"]);
    const bad = candidate(text, finding, [["hashlib.md5(", "hashlib.sha256("], swap]);
    expect((await verifyFixes(session, [bad])).get(bad)).toBe("new finding: command-injection at app/reports.py:9");
  });

  it("analyses the view again when a positional argument inside another call's argument changes", async () => {
    const scan = await scanWithFixes(reportsProject(nestedHelper));
    const session = scan.out.session;
    const text = session.text("app/reports.py")!;
    const rescan = await session.rescan(new Map([["app/reports.py", text.replace('["report", hashlib.md5(label.encode())', '["report", hashlib.md5(body)')]]));
    expect([...rescan.dataFlowFiles]).toEqual(["app/views.py"]);
  });
});

describe("model twins", () => {
  const twins = new FlowNeutrality(MODELS, []);
  it("pairs callees the models list together and nothing else", () => {
    expect(twins.twins("hashlib.md5", "hashlib.sha256")).toBe(true);
    expect(twins.twins("hashlib.sha1", "hashlib.blake2b")).toBe(true);
    // a sink and a digest, and two names no model lists (likeness is never presumed from silence)
    expect(twins.twins("hashlib.md5", "os.system")).toBe(false);
    expect(twins.twins("ssl._create_stdlib_context", "ssl.create_default_context")).toBe(false);
    expect(twins.twins("shlex.quote", "subprocess.getoutput")).toBe(false);
  });

  it("has no class of twins that a name the taint engine's own code tests splits", () => {
    // the engine resolves some callees by name in code (`shlex.split`, `functools.partial`, `builtins.*`, `re.`):
    // such a name must relate to every member of a twin class alike, or the class is not one
    const dir = join(import.meta.dirname, "../../src/taint");
    const names = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      for (const m of readFileSync(join(dir, file), "utf8").matchAll(/["'`]([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\.?)["'`]/g)) names.add(m[1]!);
    }
    expect(names.has("shlex.split")).toBe(true);
    const relation = (name: string, q: string) => (name === q ? "eq" : q.startsWith(name.endsWith(".") ? name : `${name}.`) ? "prefix" : name === q.slice(q.lastIndexOf(".") + 1) ? "last" : "");
    const classes = twins.twinClasses();
    expect(classes.some((c) => c.includes("hashlib.md5") && c.includes("hashlib.sha256"))).toBe(true);
    const split: string[] = [];
    for (const c of classes) {
      if (c[0]!.startsWith("builtins.")) continue; // never a neutral callee (flow-neutral.ts rejects builtins)
      for (const name of names) if (new Set(c.map((q) => relation(name, q))).size > 1) split.push(`${name} splits ${c.join(" ")}`);
    }
    expect(split).toEqual([]);
  });
});
