import { describe, expect, it, vi } from "vitest";
import { skeletonDigest } from "../../src/scan-cache.js";
import { MODELS } from "../../rules/models/index.js";
import { packedCount, packRecords, ProjectIndex, RESOLVED_ANSWERS, RecordPacker, recordHead, unpackHead, unpackRecord } from "../../src/taint/project-index.js";
import { serialize } from "node:v8";
import { Knowledge } from "../../src/taint/knowledge.js";
import { parseFile } from "./harness.js";

/**
 * The project index is held by the scan thread and by every phase-2 worker, each from a structured-clone
 * copy of the phase-1 records. `addEntry` makes each entry compact in place (shared strings, shared empty
 * maps and lists); what it holds must not change.
 */
const FILES: Record<string, string> = {
  "shop/views.py": `
import subprocess
from functools import lru_cache

from flask import Flask, request

from shop.helpers import clean_name

app = Flask(__name__)
LIMIT = 20


@app.route("/items")
@lru_cache(maxsize=8)
def items():
    return clean_name(request.args.get("q", ""))


app.add_url_rule("/items/all", view_func=items)


class Report(Base):
    title: str
    pages: int = 3

    @property
    def name(self):
        return self.title

    def render(self):
        return subprocess.run(["echo", self.title], check=False)
`,
  "shop/helpers.py": `
import re

from flask import request

SLUG = re.compile(r"[a-z]+")


def clean_name(raw):
    return raw.strip()
`,
  "shop/empty.py": `
"""Nothing but a docstring."""
`,
};

async function entries() {
  const knowledge = new Knowledge(MODELS, false);
  const out = [];
  for (const [path, text] of Object.entries(FILES)) out.push(ProjectIndex.describe(await parseFile(path, text), knowledge.routeTable));
  return out;
}


/** The same records as objects (`addEntry`) and read from a packed buffer (`addPacked`), as a phase-2 worker reads them. */
function eagerAndPacked(list: Awaited<ReturnType<typeof ProjectIndex.describe>>[]): { eager: ProjectIndex; lazy: ProjectIndex } {
  const eager = new ProjectIndex();
  for (const e of list) eager.addEntry(structuredClone(e));
  const packed = packRecords(list.map((entry) => ({ path: entry.mod.path, relevant: true, entry })));
  const lazy = new ProjectIndex();
  list.forEach((_e, k) => lazy.addPacked(unpackHead(packed, k), packed, k));
  return { eager, lazy };
}

describe("ProjectIndex.addEntry keeps entries compact", () => {
  it("keeps every entry's content (as a worker receives it: a structured-clone copy)", async () => {
    for (const entry of await entries()) {
      const copy = structuredClone(entry);
      const before = skeletonDigest({ path: copy.mod.path, relevant: true, entry: structuredClone(copy) });
      const starts = JSON.stringify([...copy.mod.functions.values(), ...[...copy.mod.classes.values()].flatMap((c) => [c, ...c.methods.values()])].map((x) => x.start));
      new ProjectIndex().addEntry(copy);
      expect(skeletonDigest({ path: copy.mod.path, relevant: true, entry: copy })).toBe(before);
      expect(JSON.stringify([...copy.mod.functions.values(), ...[...copy.mod.classes.values()].flatMap((c) => [c, ...c.methods.values()])].map((x) => x.start))).toBe(starts);
    }
  });

  it("shares empty maps and lists between modules, and refuses writes to them", async () => {
    const index = new ProjectIndex();
    const [views, helpers, empty] = (await entries()).map((e) => structuredClone(e));
    for (const e of [views!, helpers!, empty!]) index.addEntry(e);
    expect(empty!.mod.functions).toBe(helpers!.mod.classes);
    expect(empty!.mod.imports).toBe(empty!.mod.constants);
    expect(helpers!.mod.functions.size).toBe(1);
    expect(() => empty!.mod.functions.set("x", helpers!.mod.functions.get("clean_name")!)).toThrow(/shared empty map/);
    const render = views!.mod.classes.get("Report")!.methods.get("render")!;
    expect(render.decorators).toEqual([]);
    expect(render.decorators).toBe(helpers!.mod.functions.get("clean_name")!.decorators);
    expect(() => (render.decorators as string[]).push("x")).toThrow();
  });

  it("resolves names through compacted entries as it did before", async () => {
    const index = new ProjectIndex();
    for (const e of await entries()) index.addEntry(structuredClone(e));
    const r = index.resolve("shop.helpers.clean_name", "shop/views.py");
    expect(r?.kind === "function" && r.fn).toMatchObject({ path: "shop/helpers.py", qualified: "shop.helpers.clean_name", decorators: [] });
    const m = index.resolve("shop.views.Report.name", "shop/views.py");
    expect(m?.kind === "method" && m.fn).toMatchObject({ path: "shop/views.py", cls: "shop.views.Report", decorators: ["builtins.property"] });
    expect(index.field(index.classInfo("shop.views.Report")!, "pages")).toBe("builtins.int");
    expect(index.resolve("shop.views.LIMIT", "shop/helpers.py")).toEqual({ kind: "constant", value: { t: "int", v: 20 } });
    expect(index.resolve("shop.views.app", "shop/helpers.py")).toEqual({ kind: "instance", callee: "flask.Flask" });
    expect(index.routes.get("shop.views.items")?.map((r) => r.from)).toEqual(["shop/views.py"]);
    expect(index.importedPaths("shop/views.py")).toEqual(["shop/helpers.py"]);
  });
});

describe("ProjectIndex.addPacked (how a phase-2 worker reads the index from shared memory)", () => {
  async function both() {
    return eagerAndPacked(await entries());
  }
  const answers = (index: ProjectIndex) =>
    JSON.stringify(
      [
        index.resolve("shop.helpers.clean_name", "shop/views.py"),
        index.resolve("shop.views.Report.render", "shop/helpers.py"),
        index.resolve("shop.views.LIMIT", "shop/helpers.py"),
        index.resolve("shop.views.app", "shop/helpers.py"),
        index.resolve("shop.views.clean_name", "shop/views.py"),
        index.reexported("shop.views.subprocess", "shop/helpers.py"),
        index.field(index.classInfo("shop.views.Report")!, "pages"),
        [...index.classHeads()],
        index.module("shop/helpers.py"),
        index.importedPaths("shop/views.py"),
        [...index.importedModules()].sort(),
        [...index.routes],
        index.paths(),
      ],
      (_, v) => (v instanceof Map ? [...v] : v),
    );

  it("answers every question as the index built from the objects, before and after it lets go of the modules", async () => {
    const { eager, lazy } = await both();
    const expected = answers(eager);
    expect(expected).toContain("shop/helpers.py");
    expect(answers(lazy)).toBe(expected);
    expect(lazy.trim(0)).toBe(true);
    expect(answers(lazy)).toBe(expected);
    // an index built from objects holds nothing it could let go of
    expect(eager.trim(0)).toBe(false);
  });

  it("answers with a record held as an object in place of its packed one (the fix verifier's patched file)", async () => {
    const knowledge = new Knowledge(MODELS, false);
    const list = await entries();
    // the patch renames the helper and adds one: the packed record of helpers.py is no longer the truth
    const patched = ProjectIndex.describe(
      await parseFile("shop/helpers.py", FILES["shop/helpers.py"]!.replace("def clean_name(raw):", "def quote_name(raw):\n    return raw\n\n\ndef clean_title(raw):")),
      knowledge.routeTable,
    );
    const eager = new ProjectIndex();
    for (const e of list) eager.addEntry(structuredClone(e.mod.path === "shop/helpers.py" ? patched : e));
    const packed = packRecords(list.map((entry) => ({ path: entry.mod.path, relevant: true, entry })));
    const mixed = new ProjectIndex();
    list.forEach((e, k) => (e.mod.path === "shop/helpers.py" ? mixed.addEntry(structuredClone(patched)) : mixed.addPacked(unpackHead(packed, k), packed, k)));
    const stale = new ProjectIndex();
    list.forEach((_e, k) => stale.addPacked(unpackHead(packed, k), packed, k));
    const expected = answers(eager);
    expect(expected).toContain("shop.helpers.quote_name");
    expect(answers(stale)).not.toBe(expected);
    expect(answers(mixed)).toBe(expected);
    expect(mixed.trim(0)).toBe(true);
    expect(answers(mixed)).toBe(expected);
    expect(mixed.resolve("shop.helpers.clean_name", "shop/views.py")).toBeUndefined();
  });

  it("reads records packed as phase 1's results arrive (out of order, across chunks) as those packed in a row", async () => {
    const list = await entries();
    const records = list.map((entry) => ({ path: entry.mod.path, relevant: true, entry }));
    // chunks smaller than most records: each record starts a chunk, a long one gets a chunk of its own
    const packer = new RecordPacker(64);
    const places = new Map<number, number>();
    for (let k = records.length - 1; k >= 0; k--) places.set(k, packer.add(serialize(records[k]!), serialize(recordHead(records[k]!))));
    const packed = packer.pack(records.map((_, k) => places.get(k)!));
    expect(packed.chunks.length).toBeGreaterThan(1);
    expect(packed.chunks.every((c) => c.buffer instanceof SharedArrayBuffer)).toBe(true);
    expect(packed.headChunks.every((c) => c.buffer instanceof SharedArrayBuffer)).toBe(true);
    expect(packedCount(packed)).toBe(records.length);
    records.forEach((r, k) => expect(unpackRecord<typeof r>(packed, k).path).toBe(r.path));
    records.forEach((r, k) => expect(unpackHead(packed, k)).toEqual(recordHead(r)));
    // a worker receives the chunks, not copies: what one thread wrote, the other reads
    const received = structuredClone(packed);
    expect(received.chunks[0]!.buffer).not.toBe(packed.chunks[0]!.buffer);
    packed.chunks[0]![0]! ^= 0xff;
    expect(received.chunks[0]![0]).toBe(packed.chunks[0]![0]);
    packed.chunks[0]![0]! ^= 0xff;
    const eager = new ProjectIndex();
    for (const e of list) eager.addEntry(structuredClone(e));
    const lazy = new ProjectIndex();
    list.forEach((_e, k) => lazy.addPacked(unpackHead(received, k), received, k));
    expect(answers(lazy)).toBe(answers(eager));
    expect(lazy.trim(0)).toBe(true);
    expect(answers(lazy)).toBe(answers(eager));
  });

  it("gives the same objects until it lets go of them, new ones after", async () => {
    const { lazy } = await both();
    const first = lazy.classInfo("shop.views.Report");
    expect(lazy.classInfo("shop.views.Report")).toBe(first);
    const r = lazy.resolve("shop.views.Report.render", "shop/helpers.py");
    expect(r?.kind === "method" && r.cls).toBe(first);
    expect(lazy.trim(1 << 20)).toBe(false);
    expect(lazy.classInfo("shop.views.Report")).toBe(first);
    expect(lazy.trim(0)).toBe(true);
    const again = lazy.classInfo("shop.views.Report");
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it("forgets resolve's answers between shards once they are many, keeping the modules: asked again, the same objects", async () => {
    const { lazy, eager } = await both();
    const questions: [string, string][] = [
      ["shop.helpers.clean_name", "shop/views.py"],
      ["shop.views.Report.render", "shop/helpers.py"],
      ["shop.views.LIMIT", "shop/helpers.py"],
      ["shop.views.Report", "shop/helpers.py"],
    ];
    const first = questions.map(([q, from]) => lazy.resolve(q, from));
    expect(first[0]?.kind).toBe("function");
    expect(first[1]?.kind).toBe("method");
    const computed = vi.spyOn(ProjectIndex.prototype as unknown as { resolveFrom: () => unknown }, "resolveFrom");
    try {
      // few answers: kept across a trim that keeps the modules (nothing is computed again)
      expect(lazy.trim(1 << 20)).toBe(false);
      questions.forEach(([q, from], i) => expect(lazy.resolve(q, from)).toBe(first[i]));
      expect(computed).not.toHaveBeenCalled();
      // more answers than the index keeps between shards (a long scan of small modules): as many distinct questions
      // as a shard of thousands of files asks, each file asking for the helper
      for (let k = 0; k <= RESOLVED_ANSWERS; k++) lazy.resolve("shop.helpers.clean_name", `shop/view_${k}.py`);
      computed.mockClear();
      expect(lazy.trim(1 << 20)).toBe(false);
      // forgotten, so computed again, from the modules still kept: the very same objects
      const again = questions.map(([q, from]) => lazy.resolve(q, from));
      expect(computed.mock.calls.length).toBeGreaterThanOrEqual(questions.length);
      again.forEach((r, i) => {
        if (r?.kind === "function" || r?.kind === "method") expect(r.fn).toBe((first[i] as typeof r).fn);
        if (r?.kind === "method" || r?.kind === "class") expect(r.cls).toBe((first[i] as typeof r).cls);
        expect(r).toEqual(first[i]);
      });
      expect(JSON.stringify(again)).toBe(JSON.stringify(questions.map(([q, from]) => eager.resolve(q, from))));
    } finally {
      computed.mockRestore();
    }
  });
});

describe("record heads (what a thread reads of a packed record without deserialising the record)", () => {
  it("hold the module's name, classes and bases, roots, imported module names once each, and defined names", async () => {
    const list = await entries();
    const views = list.find((e) => e.mod.path === "shop/views.py")!;
    const head = recordHead({ path: "shop/views.py", relevant: true, entry: views });
    expect(head.name).toBe("shop.views");
    expect(head.classes).toEqual([["shop.views.Report", ["Base"]]]);
    expect(head.roots).toEqual(["shop", "subprocess", "functools", "flask"]);
    expect(head.imports).toEqual(["subprocess", "functools.lru_cache", "flask.Flask", "flask.request", "shop.helpers.clean_name"]);
    expect(head.defines).toEqual(["items", "Report", "name", "render"]);
    // the routes registered by a call (a decorator's route is read from the function itself)
    expect(head.routes.map(([q, r]) => [q, r.route])).toEqual([["shop.views.items", "/items/all"]]);
    // a module imported twice under two local names is listed once
    const twice = structuredClone(views);
    twice.mod.imports.set("sp", "subprocess");
    expect(recordHead({ path: "shop/views.py", relevant: true, entry: twice }).imports.filter((q) => q === "subprocess")).toEqual(["subprocess"]);
  });

  it("answer the import graph and the roots from a packed index without making any module an object", async () => {
    const { lazy } = eagerAndPacked(await entries());
    expect(lazy.importedPaths("shop/views.py")).toEqual(["shop/helpers.py"]);
    expect([...lazy.importedModules()].sort()).toEqual(["flask.Flask", "flask.request", "functools.lru_cache", "re", "shop.helpers.clean_name", "subprocess"]);
    expect([...lazy.roots()].sort()).toEqual(["builtins", "flask", "functools", "re", "shop", "subprocess"]);
    // nothing was unpacked: there is no module to let go of
    expect(lazy.trim(0)).toBe(false);
    expect(lazy.module("shop/helpers.py")?.functions.has("clean_name")).toBe(true);
    expect(lazy.trim(0)).toBe(true);
  });
});

describe("ProjectIndex.classHeads (planning and the hierarchy notices without reading every module)", () => {
  // a chain of mixins deeper than MAX_ANCESTORS, bases named through an import, an alias and a re-export, a diamond,
  // a class redefined without bases in a later module, and bases outside the project
  const depth = 40;
  const MIXINS = Array.from({ length: depth }, (_, i) => `class Mixin${i}(${i + 1 < depth ? `Mixin${i + 1}` : "object"}):\n    pass\n`).join("\n");
  const CLASSES: Record<string, string> = {
    "core/mixins.py": MIXINS,
    "core/base.py": `
from core.mixins import Mixin30
from django.views import View as DjangoView


class Base(Mixin30):
    pass


class Page(DjangoView):
    template = "page.html"


class Plain:
    pass
`,
    "core/__init__.py": "from core.base import Base as ExportedBase\n",
    "site/views.py": `
import core.base
from core import ExportedBase
from core.mixins import Mixin0

Alias = core.base.Page


class Listing(core.base.Page, ExportedBase):
    pass


class Deep(Mixin0):
    pass


class Diamond(core.base.Base, core.base.Page, Alias):
    pass


class Local(Listing):
    pass


class Plain:
    pass


class Outside(dict):
    pass
`,
  };

  async function indexes() {
    const knowledge = new Knowledge(MODELS, false);
    const list = await Promise.all(Object.entries(CLASSES).map(async ([path, text]) => ProjectIndex.describe(await parseFile(path, text), knowledge.routeTable)));
    return eagerAndPacked(list);
  }

  /** What planning and the notices read before, from every class made an object. */
  function fromClasses(index: ProjectIndex, names: readonly string[]) {
    return names
      .map((q) => index.classInfo(q)!)
      .filter((cls) => cls.bases.length > 0)
      .map((cls) => ({ qualified: cls.qualified, path: cls.path, projectBase: cls.bases.some((b) => index.baseClass(b, cls.path) !== undefined), ancestors: [...index.ancestors(cls)], cut: index.hierarchyCut(cls) }));
  }

  it("gives each class's file, project bases, ancestors and cut as the classes themselves do, held or packed", async () => {
    const { eager, lazy } = await indexes();
    const heads = [...eager.classHeads()];
    const names = heads.map((h) => h.qualified);
    // the chain is cut, a re-exported and an aliased base are followed, classes without bases are left out
    expect(heads.find((h) => h.qualified === "site.views.Deep")).toMatchObject({ projectBase: true, cut: true });
    expect(heads.find((h) => h.qualified === "site.views.Deep")!.ancestors).toHaveLength(32);
    expect(heads.find((h) => h.qualified === "site.views.Listing")).toMatchObject({ projectBase: true, cut: false, ancestors: ["core.base.Page", "django.views.View", "core.ExportedBase", "core.mixins.Mixin30", "core.mixins.Mixin31", "core.mixins.Mixin32", "core.mixins.Mixin33", "core.mixins.Mixin34", "core.mixins.Mixin35", "core.mixins.Mixin36", "core.mixins.Mixin37", "core.mixins.Mixin38", "core.mixins.Mixin39", "builtins.object"] });
    expect(heads.find((h) => h.qualified === "site.views.Outside")).toMatchObject({ projectBase: false, ancestors: ["builtins.dict"], cut: false });
    expect(names).not.toContain("site.views.Plain");
    expect(names).not.toContain("core.base.Plain");
    // Mixin7 has Mixin8 … Mixin39 and object above it: 33 names; Mixin8 32
    expect(heads.filter((h) => h.cut).map((h) => h.qualified)).toEqual([...Array.from({ length: 8 }, (_, i) => `core.mixins.Mixin${i}`), "site.views.Deep"]);
    const all = [...new Set([...Object.keys(CLASSES).flatMap((p) => [...(eager.module(p)?.classes.values() ?? [])].map((c) => c.qualified))])];
    expect(heads).toEqual(fromClasses(eager, all.filter((q) => names.includes(q) || eager.classInfo(q)!.bases.length > 0)));
    expect([...lazy.classHeads()]).toEqual(heads);
    // and after the packed index let go of every module it read
    lazy.trim(0);
    expect([...lazy.classHeads()]).toEqual(heads);
    lazy.trim(0);
    expect(fromClasses(lazy, names)).toEqual(heads);
  });
});
