/**
 * `PyNode.namedChildren` answers a node's own `children` array when every child is named (punctuation is dropped
 * when the tree is built, so that is most nodes) instead of holding an equal copy: the answer must be exactly the
 * named children, in order, for every node of real code, and never a list a caller could grow into `children`.
 */
import { describe, expect, it } from "vitest";
import { loadPython } from "../../src/parse/grammar.js";
import { PythonParser } from "../../src/parse/parser.js";
import type { PyNode } from "../../src/parse/ast.js";

const SOURCE = [
  "import json",
  "from flask import Flask, request",
  "",
  "app = Flask(__name__)",
  "",
  "",
  '@app.route("/orders/<int:order_id>", methods=["GET", "POST"])',
  "def order(order_id: int, *, verbose=False, **extra):",
  '    """Shows an order."""',
  "    if request.method == \"POST\" and not verbose:",
  '        payload = json.loads(request.data or b"{}")',
  "        return {k: v for k, v in payload.items() if k not in (\"id\",)}, 201",
  "    lines = [f\"{order_id}: {line!r}\" for line in extra.get(\"lines\", [])]",
  "    return {\"order\": order_id, \"lines\": lines[1:-1]}",
  "",
].join("\n");

function nodes(root: PyNode): PyNode[] {
  const out: PyNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    stack.push(...node.children);
  }
  return out;
}

describe("PyNode.namedChildren", () => {
  it("is exactly the named children of every node, and the children array itself when all are named", async () => {
    const parser = new PythonParser(await loadPython());
    try {
      const all = nodes(parser.parse(SOURCE).root);
      let shared = 0;
      let filtered = 0;
      for (const node of all) {
        const named = node.namedChildren;
        expect(named).toEqual(node.children.filter((c) => c.named));
        // asked twice, the same answer
        expect(node.namedChildren).toBe(named);
        if (node.children.length > 0 && node.children.every((c) => c.named)) {
          expect(named).toBe(node.children);
          shared++;
        } else if (node.children.length > 0) {
          expect(named).not.toBe(node.children);
          filtered++;
        }
      }
      // both kinds occur in this code: a block of statements, and a comparison with its operator token
      expect(shared).toBeGreaterThan(0);
      expect(filtered).toBeGreaterThan(0);
      const block = all.find((n) => n.type === "block")!;
      expect(block.namedChildren).toBe(block.children);
      const comparison = all.find((n) => n.type === "comparison_operator" && n.text.startsWith("request"))!;
      expect(comparison.namedChildren.map((c) => c.text)).toEqual(["request.method", '"POST"']);
    } finally {
      parser.delete();
    }
  });
});
