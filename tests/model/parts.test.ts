/**
 * The parts of a file a root's analysis can use apart (src/model/parts.ts): the outline (what every analysis that
 * loaded the file may read) and each outermost definition. An edit inside a definition's body changes that
 * definition's digest only; anything the file model reads for the whole file changes the outline.
 */
import { describe, expect, it } from "vitest";
import { fileParts, outermostDef } from "../../src/model/parts.js";
import { moveAnchor } from "../../src/scan-cache.js";
import { walk, type PyNode } from "../../src/parse/ast.js";
import { parseFile } from "../taint/harness.js";

const HELPERS = `"""Helpers of the checkout views."""
import decimal

from django.conf import settings

ROUNDING = decimal.ROUND_HALF_UP


def order_total(lines):
    total = sum(line.price for line in lines)
    return total.quantize(decimal.Decimal("0.01"), rounding=ROUNDING)


class Voucher:
    kind = "fixed"

    @staticmethod
    def normalise(code):
        def strip(text):
            return text.strip()
        return strip(code).upper()


def currency():
    return settings.DEFAULT_CURRENCY
`;

async function partsOf(text: string) {
  const model = await parseFile("shop/helpers.py", text);
  return fileParts(model.root, model.parsed.errorCount);
}

describe("fileParts", () => {
  it("gives each outermost definition its own digest, methods included and nested functions inside theirs", async () => {
    const parts = await partsOf(HELPERS);
    expect(parts.defs).toHaveLength(3);
    const model = await parseFile("shop/helpers.py", HELPERS);
    const named = new Map<string, PyNode>();
    walk(model.root, (n) => void (n.type === "function_definition" && named.set(n.get("name")!.text, n)));
    // `strip` is inside `normalise`: its outermost definition is the method
    expect(outermostDef(named.get("strip")!)).toBe(named.get("normalise"));
    expect(parts.ordinals.get(named.get("normalise")!.start)).toBe(1);
    expect(parts.ordinals.has(named.get("strip")!.start)).toBe(false);
    expect(outermostDef(model.root.namedChildren.find((n) => n.type === "expression_statement" && n.text.startsWith("ROUNDING"))!)).toBeNull();
  });

  it("keeps the outline when only a body changes, and changes that body's digest alone", async () => {
    const before = await partsOf(HELPERS);
    const after = await partsOf(HELPERS.replace("    total = sum(", "    lines = [line for line in lines if line.quantity]\n    total = sum("));
    expect(after.outline).toBe(before.outline);
    expect(after.defs[0]).not.toBe(before.defs[0]);
    expect(after.defs.slice(1)).toEqual(before.defs.slice(1));
  });

  it("changes the outline for module-level statements, class bodies, signatures and decorators", async () => {
    const before = (await partsOf(HELPERS)).outline;
    for (const edited of [
      HELPERS.replace("ROUND_HALF_UP", "ROUND_DOWN"),
      HELPERS.replace('kind = "fixed"', 'kind = "percent"'),
      HELPERS.replace("def order_total(lines):", "def order_total(lines, discount=0):"),
      HELPERS.replace("    @staticmethod\n", ""),
      HELPERS.replace("class Voucher:", "class Voucher(dict):"),
    ]) {
      expect((await partsOf(edited)).outline).not.toBe(before);
    }
  });

  it("keeps in the outline what the file model gathers from inside bodies: imports and global declarations", async () => {
    const before = await partsOf(HELPERS);
    // an import inside a function is in the model's import list (endpoint detection reads it for the whole file)
    const imported = await partsOf(HELPERS.replace("    return settings.DEFAULT_CURRENCY", "    from flask import request\n    return settings.DEFAULT_CURRENCY"));
    expect(imported.outline).not.toBe(before.outline);
    // a `global` anywhere changes how the module's constants fold: the whole body of its function is outline
    const declared = HELPERS.replace("    return settings.DEFAULT_CURRENCY", "    global ROUNDING\n    ROUNDING = decimal.ROUND_DOWN\n    return settings.DEFAULT_CURRENCY");
    expect((await partsOf(declared)).outline).not.toBe(before.outline);
    const declaredAgain = await partsOf(declared.replace("ROUNDING = decimal.ROUND_DOWN", "ROUNDING = decimal.ROUND_UP"));
    expect(declaredAgain.outline).not.toBe((await partsOf(declared)).outline);
  });

  it("keeps in the outline the calls in bodies of a name the outline assigns (a module-level callable looked up once)", async () => {
    const loader = HELPERS.replace("ROUNDING = decimal.ROUND_HALF_UP", 'ROUNDING = decimal.ROUND_HALF_UP\nquantize = getattr(decimal.Decimal, "quantize")');
    const before = (await partsOf(loader)).outline;
    // whether `quantize`'s result is called decides how the module-level lookup is analysed: calling it matters
    expect((await partsOf(loader.replace("    return settings.DEFAULT_CURRENCY", "    quantize(settings.DEFAULT_CURRENCY)\n    return settings.DEFAULT_CURRENCY"))).outline).not.toBe(before);
    // calling a name the outline does not assign does not
    expect((await partsOf(loader.replace("    return settings.DEFAULT_CURRENCY", "    print(settings.DEFAULT_CURRENCY)\n    return settings.DEFAULT_CURRENCY"))).outline).toBe(before);
  });

  it("digests the syntax, not the layout: comments and blank lines between statements change no digest", async () => {
    const before = await partsOf(HELPERS);
    for (const edited of [
      `# helpers, reviewed\n${HELPERS}`,
      HELPERS.replace("    total = sum(", "    # prices are decimals\n\n    total = sum("),
      HELPERS.replace("def order_total(lines):", "def order_total(lines):  # the shop's only rounding"),
      HELPERS.replace('    kind = "fixed"\n', '    kind = "fixed"  # or "percent"\n\n\n'),
      HELPERS.replace("        return strip(code).upper()", "        # strip first\n        return strip(code).upper()\n        # unreachable"),
      `${HELPERS}\n\n# end of helpers\n`,
      HELPERS.replace("\n\n\nclass Voucher:", "\nclass Voucher:"),
    ]) {
      const after = await partsOf(edited);
      expect(after.outline).toBe(before.outline);
      expect(after.defs).toEqual(before.defs);
    }
  });

  it("digests a statement as written: a comment inside an expression, a blank line inside a string, another nesting", async () => {
    const base = `def page(rows, size):
    if size:
        rows = rows[:size]
    query = """SELECT name
FROM products"""
    return render(
        rows,
        query,
    )
`;
    const [before] = (await partsOf(base)).defs;
    for (const edited of [
      // the call's text now holds the comment (the analysis may read an expression's text)
      base.replace("        rows,\n", "        rows,  # paged\n"),
      // a blank line inside a string literal is part of its value
      base.replace("SELECT name\n", "SELECT name\n\n"),
      // the same lines, but `rows = ...` now runs whatever the size
      base.replace("        rows = rows[:size]", "        pass\n    rows = rows[:size]"),
      base.replace("    if size:\n        rows = rows[:size]\n", "    if size:\n        rows = rows[:size]\n        size = 0\n"),
      base.replace("    if size:\n        rows = rows[:size]\n", "    if size:\n        rows = rows[:size]\n    size = 0\n"),
    ]) {
      expect((await partsOf(edited)).defs[0]).not.toBe(before);
    }
    // the two nestings above differ from each other too
    expect((await partsOf(base.replace("        rows = rows[:size]\n", "        rows = rows[:size]\n        size = 0\n"))).defs[0]).not.toBe(
      (await partsOf(base.replace("        rows = rows[:size]\n", "        rows = rows[:size]\n    size = 0\n"))).defs[0],
    );
  });

  it("digests a file with a syntax error byte for byte", async () => {
    const broken = HELPERS.replace("def currency():", "def currency(:");
    const before = await partsOf(broken);
    const after = await partsOf(broken.replace("    total = sum(", "    # prices are decimals\n    total = sum("));
    expect(after.defs[0]).not.toBe(before.defs[0]);
  });

  it("finds a definition a summary is keyed by at its new start when only layout moved it", async () => {
    const edited = HELPERS.replace('"""Helpers of the checkout views."""', '"""Helpers of the checkout views."""\n# reviewed\n').replace("        def strip(text):", "        # a nested helper\n\n        def strip(text):");
    const before = await partsOf(HELPERS);
    const after = await partsOf(edited);
    const at = (text: string, name: string) => text.indexOf(`def ${name}(`);
    // `strip` is nested in `normalise` (ordinal 1): found when that definition was read, not otherwise
    expect(moveAnchor(at(HELPERS, "strip"), before, after, [1])).toBe(at(edited, "strip"));
    expect(moveAnchor(at(HELPERS, "strip"), before, after, [0, 2])).toBeUndefined();
    expect(moveAnchor(at(HELPERS, "currency"), before, after, [2])).toBe(at(edited, "currency"));
    // an offset that starts no definition
    expect(moveAnchor(at(HELPERS, "currency") + 1, before, after, [2])).toBeUndefined();
  });

  it("finds a named lambda of the outline at its new start, whatever definitions were read", async () => {
    const text = HELPERS.replace("ROUNDING = decimal.ROUND_HALF_UP", "ROUNDING = decimal.ROUND_HALF_UP\nshorten = lambda text: text[:10]");
    const edited = text.replace("ROUNDING =", "# how totals round\n\nROUNDING =");
    const lambda = (t: string) => t.indexOf("lambda text");
    expect(moveAnchor(lambda(text), await partsOf(text), await partsOf(edited), [])).toBe(lambda(edited));
  });
});
