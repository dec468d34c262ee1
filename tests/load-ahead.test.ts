/**
 * Files parsed ahead for phase 2 by a worker thread (src/load-ahead.ts, `LoadAhead`): each file of the list is parsed
 * by one side only, whichever claims it first in shared memory, and a model built from a tree that came from the
 * worker is the model this thread would have parsed. `loadAhead` is what the worker runs: the first tests run it on
 * this thread (the claims and the port are the same), the last one on a real worker.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { FileModel } from "../src/model/file-model.js";
import type { PyNode } from "../src/parse/ast.js";
import { loadPython } from "../src/parse/grammar.js";
import { PythonParser } from "../src/parse/parser.js";
import { aheadList, LoadAhead, loadAhead, LoadAheadWorker, MAX_QUEUED } from "../src/load-ahead.js";
import { ProjectFiles } from "../src/phase2.js";
import { makeTree, REPO } from "./e2e/helpers.js";

// the compiled worker (`npm test` builds first): tests run from the TypeScript sources, which have no worker script
const SCRIPT = join(REPO, "dist", "src", "worker-ahead.js");

const BILLING: Record<string, string> = {
  "billing/__init__.py": "",
  "billing/tax.py": ["from decimal import Decimal", "", "", "def vat(amount, rate=Decimal('0.20')):", "    return (Decimal(amount) * rate).quantize(Decimal('0.01'))", ""].join("\n"),
  "billing/money.py": ["from billing.tax import vat", "", "", "def gross(net):", "    # rounding happens in vat()", "    return net + vat(net)", ""].join("\n"),
  "billing/invoice.py": [
    "import subprocess",
    "",
    "from billing.money import gross",
    "",
    "",
    "class Invoice:",
    "    def __init__(self, number, lines):",
    "        self.number = number",
    "        self.lines = lines",
    "",
    "    def total(self):",
    "        return sum(gross(line) for line in self.lines)",
    "",
    "    def archive(self, folder):",
    '        subprocess.run(["gzip", "-k", f"{folder}/{self.number}.pdf"], check=True)',
    "",
  ].join("\n"),
};

function dump(node: PyNode): string {
  return `${node.type}:${node.field ?? ""}:${node.start}-${node.end}(${node.children.map(dump).join(",")})`;
}

function shape(model: FileModel | null): string {
  return model ? `${dump(model.parsed.root)}|${[...model.parsed.comments].join(";")}|${model.path}` : "null";
}

describe("files parsed ahead for phase 2", () => {
  let here: PythonParser;
  let other: PythonParser;
  let root: string;
  let paths: Map<string, string>;
  const list = (rels: string[]): [string, string][] => rels.map((rel) => [rel, paths.get(rel) ?? join(root, rel)]);

  beforeAll(async () => {
    here = new PythonParser(await loadPython());
    other = new PythonParser(await loadPython());
    root = makeTree(BILLING);
    paths = new Map(Object.keys(BILLING).map((rel) => [rel, join(root, rel)]));
  });

  it("parses each file on one side only, and builds from a tree sent ahead the model this thread would parse", () => {
    const files = new ProjectFiles(here, paths);
    const ahead = new LoadAhead(list(["billing/tax.py", "billing/money.py", "billing/invoice.py"]));
    files.ahead = ahead;
    // the analysis needs tax.py before the worker started: it claims and parses it here
    const tax = files.model("billing/tax.py");
    expect(ahead.counts).toEqual({ used: 0, parsedHere: 1, waited: 0, unlisted: 0 });
    // the worker skips the claimed file and sends the two others
    expect(loadAhead(other, ahead.job)).toBe(2);
    const invoice = files.model("billing/invoice.py");
    const money = files.model("billing/money.py");
    expect(ahead.counts).toEqual({ used: 2, parsedHere: 1, waited: 0, unlisted: 0 });
    // a file asked for again comes from the trees kept, on either side
    files.model("billing/tax.py");
    files.model("billing/money.py");
    expect(ahead.counts).toEqual({ used: 2, parsedHere: 1, waited: 0, unlisted: 0 });
    ahead.stop();
    const alone = new ProjectFiles(here, paths);
    expect([tax, money, invoice].map(shape)).toEqual(["billing/tax.py", "billing/money.py", "billing/invoice.py"].map((rel) => shape(alone.model(rel))));
  });

  it("counts a file this thread parses because it was not on the list", () => {
    const files = new ProjectFiles(here, paths);
    const ahead = new LoadAhead(list(["billing/tax.py"]));
    files.ahead = ahead;
    expect(shape(files.model("billing/money.py"))).toBe(shape(new ProjectFiles(here, paths).model("billing/money.py")));
    expect(ahead.counts).toEqual({ used: 0, parsedHere: 0, waited: 0, unlisted: 1 });
    ahead.stop();
  });

  it("lists a shard's own files without a held tree first, then the modules it will likely load, each once", () => {
    const where = new Map([...paths, ["reports/views.py", "/srv/shop/reports/views.py"]]);
    const held = new Set(["billing/invoice.py"]);
    const list = aheadList(["billing/invoice.py", "reports/views.py"], ["billing/money.py", "reports/views.py", "vendor/absent.py", "billing/tax.py"], where, (rel) => held.has(rel));
    expect(list.map(([rel]) => rel)).toEqual(["reports/views.py", "billing/money.py", "billing/tax.py"]);
    expect(list[0]).toEqual(["reports/views.py", "/srv/shop/reports/views.py"]);
    expect(aheadList(["reports/views.py"], ["billing/money.py", "billing/tax.py"], where, () => false, 2).map(([rel]) => rel)).toEqual(["reports/views.py", "billing/money.py"]);
  });

  it("sends nothing once the scan thread has stopped it", () => {
    const ahead = new LoadAhead(list(["billing/tax.py", "billing/money.py"]));
    ahead.stop();
    expect(loadAhead(other, ahead.job)).toBe(0);
  });

  it("leaves the rest of the list to this thread after a file the worker cannot parse", async () => {
    // deeper than the parser accepts: the worker's parse throws
    const deep = Array.from({ length: 320 }, (_, i) => `${"    ".repeat(i)}if level_${i}:`).join("\n") + `\n${"    ".repeat(320)}pass\n`;
    const tree = makeTree({ "gen/deep.py": deep, "gen/ok.py": "def ready():\n    return True\n" });
    const local = new Map([
      ["gen/deep.py", join(tree, "gen/deep.py")],
      ["gen/ok.py", join(tree, "gen/ok.py")],
    ]);
    const files = new ProjectFiles(here, local);
    const ahead = new LoadAhead([...local]);
    files.ahead = ahead;
    expect(loadAhead(other, ahead.job)).toBe(0);
    expect(shape(files.model("gen/ok.py"))).toBe(shape(new ProjectFiles(here, local).model("gen/ok.py")));
    expect(ahead.counts).toEqual({ used: 0, parsedHere: 1, waited: 0, unlisted: 0 });
    ahead.stop();
  });

  it("on a worker thread: the trees it sends are used as they come, the same models as this thread's own", async () => {
    const rels = Object.keys(BILLING);
    const loader = new LoadAheadWorker(SCRIPT, list(rels));
    const files = new ProjectFiles(here, paths);
    files.ahead = loader.ahead;
    // the whole list is parsed before the first file is asked for
    expect(await loader.sent).toBe(rels.length);
    const models = rels.map((rel) => files.model(rel));
    expect(loader.ahead.counts).toEqual({ used: rels.length, parsedHere: 0, waited: 0, unlisted: 0 });
    expect(await loader.stop()).toBe(rels.length);
    const alone = new ProjectFiles(here, paths);
    expect(models.map(shape)).toEqual(rels.map((rel) => shape(alone.model(rel))));
  });

  it("on a worker thread started before its list: parses the list given later, and stops cleanly when given none", async () => {
    const rels = Object.keys(BILLING);
    const loader = new LoadAheadWorker(SCRIPT);
    expect(() => loader.ahead).toThrow(/before it was given one/);
    // the thread starts and loads its parser while this thread still works out the list
    await new Promise((resolve) => setTimeout(resolve, 50));
    const files = new ProjectFiles(here, paths);
    files.ahead = loader.load(list(rels));
    expect(() => loader.load(list(rels))).toThrow(/second list/);
    expect(await loader.sent).toBe(rels.length);
    const models = rels.map((rel) => files.model(rel));
    expect(loader.ahead.counts).toEqual({ used: rels.length, parsedHere: 0, waited: 0, unlisted: 0 });
    expect(await loader.stop()).toBe(rels.length);
    // stopping again (a caller's finally after the analysis stopped it) answers the same
    expect(await loader.stop()).toBe(rels.length);
    const alone = new ProjectFiles(here, paths);
    expect(models.map(shape)).toEqual(rels.map((rel) => shape(alone.model(rel))));
    const idle = new LoadAheadWorker(SCRIPT);
    expect(await idle.stop()).toBe(0);
    expect(await idle.stop()).toBe(0);
  });

  it("on a worker thread that fails: this thread parses every file itself", async () => {
    const rels = Object.keys(BILLING);
    const loader = new LoadAheadWorker(join(REPO, "tests", "fixtures", "no-such-worker.js"), list(rels));
    expect(await loader.sent).toBe(0);
    const files = new ProjectFiles(here, paths);
    files.ahead = loader.ahead;
    const models = rels.map((rel) => files.model(rel));
    expect(loader.ahead.counts).toEqual({ used: 0, parsedHere: rels.length, waited: 0, unlisted: 0 });
    await loader.stop();
    const alone = new ProjectFiles(here, paths);
    expect(models.map(shape)).toEqual(rels.map((rel) => shape(alone.model(rel))));
  });

  it("on a worker thread: holds at most MAX_QUEUED trees in the port until this thread takes them", async () => {
    const count = MAX_QUEUED + 8;
    const generated: Record<string, string> = {};
    for (let i = 0; i < count; i++) generated[`plugins/plugin_${String(i).padStart(2, "0")}.py`] = `def enabled_${i}(settings):\n    return settings.get("plugin_${i}", False)\n`;
    const tree = makeTree(generated);
    const rels = Object.keys(generated);
    const loader = new LoadAheadWorker(SCRIPT, rels.map((rel) => [rel, join(tree, rel)]));
    const states = new Int32Array(loader.ahead.job.states);
    const sentSoFar = () => rels.filter((_, i) => Atomics.load(states, i) === 3).length;
    for (let waited = 0; sentSoFar() < MAX_QUEUED && waited < 20_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    // the worker waits for this thread: nothing more is parsed while the port is full
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sentSoFar()).toBe(MAX_QUEUED);
    // taking them (the analysis needs a tree it does not hold) lets the worker go on to the end
    expect(loader.ahead.take("plugins/not_listed.py").map(([rel]) => rel)).toEqual(rels.slice(0, MAX_QUEUED));
    expect(await loader.sent).toBe(count);
    expect(loader.ahead.take("plugins/not_listed.py").map(([rel]) => rel)).toEqual(rels.slice(MAX_QUEUED));
    await loader.stop();
  });
});
