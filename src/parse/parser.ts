/** Parses Python source into a PyNode tree, deleting every wasm object before it returns. */
import { Language, Parser } from "web-tree-sitter";
import { PyNode, SourceText } from "./ast.js";

export interface ParsedFile {
  src: SourceText;
  root: PyNode;
  /** Comments by 0-based line (tree-sitter `comment` nodes, kept out of the tree). */
  comments: Map<number, string>;
  /** 0-based lines of syntax errors or missing tokens, at most 20. */
  errorLines: number[];
  errorCount: number;
}

/** Anonymous tokens that carry no meaning once the tree has fields. */
const SKIP = new Set(["(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "->", "\\"]);

export class PythonParser {
  private readonly parser: Parser;
  private readonly typeNames: string[] = [];
  private readonly typeNamed: boolean[] = [];
  private readonly fieldNames: (string | null)[];

  constructor(language: Language) {
    this.parser = new Parser();
    this.parser.setLanguage(language);
    for (let id = 0; id < language.nodeTypeCount; id++) {
      this.typeNames.push(language.nodeTypeForId(id) ?? "");
      this.typeNamed.push(language.nodeTypeIsNamed(id));
    }
    this.fieldNames = language.fields;
  }

  parse(text: string): ParsedFile {
    const src = new SourceText(text);
    const tree = this.parser.parse(text);
    if (!tree) throw new Error("tree-sitter returned no tree");
    const comments = new Map<number, string>();
    const errorLines: number[] = [];
    let errorCount = 0;
    const cursor = tree.walk();
    try {
      const root = new PyNode("module", null, true, 0, text.length, src);
      const stack: PyNode[] = [root];
      if (cursor.gotoFirstChild()) {
        for (;;) {
          const typeId = cursor.nodeTypeId;
          let type = this.typeNames[typeId] ?? "ERROR";
          const start = cursor.startIndex;
          const end = cursor.endIndex;
          // only zero-width nodes can be MISSING; asking wasm for every node costs ~10% of a scan
          const missing = start === end && cursor.nodeIsMissing;
          if (type === "ERROR" || missing) {
            errorCount++;
            if (errorLines.length < 20) errorLines.push(src.lineOf(start));
          }
          if (missing) type = "MISSING";
          let descend = false;
          if (type === "comment") {
            comments.set(src.lineOf(start), text.slice(start, end));
          } else if (this.typeNamed[typeId] || !SKIP.has(type)) {
            const fid = cursor.currentFieldId;
            const node = new PyNode(type, fid ? this.fieldNames[fid] ?? null : null, this.typeNamed[typeId] ?? true, start, end, src);
            const parent = stack[stack.length - 1]!;
            node.parent = parent;
            parent.children.push(node);
            if (cursor.gotoFirstChild()) {
              stack.push(node);
              descend = true;
            }
          } else if (cursor.gotoFirstChild()) {
            // skipped token with children (does not happen for punctuation); keep the parent
            stack.push(stack[stack.length - 1]!);
            descend = true;
          }
          if (descend) continue;
          while (!cursor.gotoNextSibling()) {
            if (!cursor.gotoParent() || stack.length <= 1) {
              return { src, root, comments, errorLines, errorCount };
            }
            stack.pop();
          }
        }
      }
      return { src, root, comments, errorLines, errorCount };
    } finally {
      cursor.delete();
      tree.delete();
    }
  }

  delete(): void {
    this.parser.delete();
  }
}
