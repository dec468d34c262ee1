/** Parses Python source into a PyNode tree, deleting every wasm object before it returns. */
import { Language, Parser } from "web-tree-sitter";
import { PyNode, SourceText } from "./ast.js";
import { indentationDepth, MAX_INDENT_LEVELS, normalizeIdentifiers, parserInput } from "./normalize.js";

export interface ParsedFile {
  src: SourceText;
  root: PyNode;
  /** Comments by 0-based line (tree-sitter `comment` nodes, kept out of the tree). */
  comments: Map<number, string>;
  /** 0-based lines of syntax errors or missing tokens, at most 20. */
  errorLines: number[];
  errorCount: number;
}

/** A file tree-sitter cannot parse safely; nothing was handed to the parser. */
export class ParseLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ParseLimitError";
  }
}

/** The parser's wasm memory no longer gives correct trees; it must be replaced (see FileAnalyzer). */
export class ParserCorrupted extends Error {
  constructor() {
    super("its memory was corrupted while parsing this file: a known-good snippet no longer parsed correctly");
    this.name = "ParserCorrupted";
  }
}

/** A snippet and the statement types it must parse into: the self-check after a suspicious file. */
const CANARY = "def handler(request):\n    return request.args['x']\n\nclass View:\n    pass\n";
const CANARY_SHAPE = "function_definition,class_definition";

/** Anonymous tokens that carry no meaning once the tree has fields. */
const SKIP = new Set(["(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "->", "\\"]);

export class PythonParser {
  private readonly parser: Parser;
  private readonly typeNames: string[] = [];
  private readonly typeNamed: boolean[] = [];
  private readonly fieldNames: (string | null)[];

  /** `ParserImpl` must come from the same web-tree-sitter instance as `language` (see loadPythonIsolated). */
  constructor(language: Language, ParserImpl: typeof Parser = Parser) {
    this.parser = new ParserImpl();
    this.parser.setLanguage(language);
    for (let id = 0; id < language.nodeTypeCount; id++) {
      this.typeNames.push(language.nodeTypeForId(id) ?? "");
      this.typeNamed.push(language.nodeTypeIsNamed(id));
    }
    this.fieldNames = language.fields;
  }

  /**
   * Parses `text`. After a file that had syntax errors or nests deeper than CPython allows — the inputs
   * that can upset the wasm parser without a trap — a known snippet is parsed too; if that comes back
   * wrong, ParserCorrupted is thrown and the parser must not be used again.
   */
  parse(text: string): ParsedFile {
    const depth = indentationDepth(text);
    if (depth > MAX_INDENT_LEVELS) {
      throw new ParseLimitError(
        `it nests more than ${MAX_INDENT_LEVELS} levels of indentation (CPython itself refuses more than 100), which the tree-sitter parser cannot read without corrupting its memory`,
      );
    }
    const parsed = this.parseTree(text);
    if ((parsed.errorCount > 0 || depth > 100) && !this.selfCheck()) throw new ParserCorrupted();
    return parsed;
  }

  /** True when the parser still parses a known snippet into the right statements. */
  selfCheck(): boolean {
    try {
      const shape = this.parseTree(CANARY).root.children.map((c) => c.type).join(",");
      return shape === CANARY_SHAPE;
    } catch {
      return false;
    }
  }

  private parseTree(text: string): ParsedFile {
    const src = new SourceText(text);
    const tree = this.parser.parse(parserInput(text));
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
              normalizeIdentifiers(root, src);
              return { src, root, comments, errorLines, errorCount };
            }
            stack.pop();
          }
        }
      }
      normalizeIdentifiers(root, src);
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
