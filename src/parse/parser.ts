/**
 * Parses Python source into a PyNode tree, deleting every wasm object before it returns.
 *
 * A parse has two steps. First the wasm tree is exported into a flat record array (`CompactTree`):
 * four 32-bit words per kept node — type and field ids, start and end offsets, the parent's record
 * index. Then `build` turns the records into PyNode objects. The compact form is what phase 2 keeps
 * of a file between the phases (a few bytes per node instead of a tree of objects), and it can be
 * transferred between worker threads.
 *
 * The export is the expensive part of reading a tree: web-tree-sitter's TreeCursor copies the cursor
 * in and out of wasm memory on every call (`marshalTreeCursor`), which cost as much as parsing. So the
 * export reads the tree's subtrees straight from wasm memory (`memoryWalk`), with the language's alias,
 * field and public-symbol tables copied out once: not a single call into wasm per node. It follows
 * tree-sitter's own TreeCursor (tree_cursor.c) step for step — hidden nodes are walked through, a node
 * an alias makes visible is a node, a field is looked up in the parent's production and then in those
 * of the hidden nodes above it. Where the struct layouts it reads are not those of this web-tree-sitter
 * build (checked once on probe snippets against the public API), the walk calls the wasm module's cursor
 * functions instead, leaving the cursor in its transfer buffer between calls; and where those are not
 * there either, it uses the public TreeCursor API. All three give identical records.
 */
import { Language, Parser, type TreeCursor } from "web-tree-sitter";
import { PyNode, SourceText } from "./ast.js";
import { PhaseBudgetExceeded, type Deadline } from "../budget.js";
import { grammarManifest, wasmBinding } from "./grammar.js";
import { indentationDepth, MAX_INDENT_LEVELS, normalizeIdentifiers, parserInput } from "./normalize.js";

export interface ParsedFile {
  src: SourceText;
  root: PyNode;
  /** Comments by 0-based line (tree-sitter `comment` nodes, kept out of the tree). */
  comments: Map<number, string>;
  /** 0-based lines of syntax errors or missing tokens, at most 20. */
  errorLines: number[];
  errorCount: number;
  /** The compact tree this was built from (`build`): what derived facts of the text can be remembered by (model/parts.ts). */
  compact?: CompactTree;
}

/**
 * A parsed file as plain data: the text and one record of four words per kept node, in document
 * order — `typeId | fieldId << 16 | missing << 31`, start, end (UTF-16 offsets), parent record index
 * (-1 for the module root, record 0). Comment nodes are records too (`build` sets them aside).
 */
export interface CompactTree {
  text: string;
  records: Int32Array;
}

/** Anonymous tokens that carry no meaning once the tree has fields. */
const SKIP = new Set(["(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "->", "\\"]);

const KEEP = 0;
const DROP = 1;
const COMMENT = 2;
const MISSING_BIT = 0x80000000 | 0;

/** One cursor operation on the tree whose address is given (the public-API fallback ignores it). */
type CursorOp = (tree: number) => number;

interface CursorOps {
  firstChild: CursorOp;
  nextSibling: CursorOp;
  parent: CursorOp;
  typeId: CursorOp;
  fieldId: CursorOp;
  start: CursorOp;
  end: CursorOp;
  missing: CursorOp;
}

/** The web-tree-sitter module's own cursor functions, when this version exposes them. */
interface DirectBinding {
  ops: CursorOps;
  heap(): Int32Array;
  transferBuffer: number;
}

function directBinding(binding: Record<string, unknown>): DirectBinding | undefined {
  const b = binding;
  const names = {
    firstChild: "_ts_tree_cursor_goto_first_child_wasm",
    nextSibling: "_ts_tree_cursor_goto_next_sibling_wasm",
    parent: "_ts_tree_cursor_goto_parent_wasm",
    typeId: "_ts_tree_cursor_current_node_type_id_wasm",
    fieldId: "_ts_tree_cursor_current_field_id_wasm",
    start: "_ts_tree_cursor_start_index_wasm",
    end: "_ts_tree_cursor_end_index_wasm",
    missing: "_ts_tree_cursor_current_node_is_missing_wasm",
  } as const;
  const ops: Partial<CursorOps> = {};
  for (const [key, name] of Object.entries(names)) {
    const fn = b[name];
    if (typeof fn !== "function") return undefined;
    ops[key as keyof CursorOps] = fn as CursorOp;
  }
  const init = b._ts_init;
  if (typeof init !== "function" || !(b.HEAP32 instanceof Int32Array)) return undefined;
  return { ops: ops as CursorOps, heap: () => b.HEAP32 as Int32Array, transferBuffer: (init as () => number)() };
}

/**
 * What the memory walk reads of the language, copied out of wasm memory once (see `memoryTables`): tree-sitter's
 * `public_symbol_map`, `alias_sequences` and the first non-inherited field of each production's children.
 */
interface MemoryTables {
  /** Public symbol (the node type id web-tree-sitter gives) of each internal symbol. */
  publicSymbol: Uint16Array;
  /** `alias_sequences`: the alias of child `i` of production `p` at `p * aliasStride + i` (0: none). */
  aliases: Uint16Array;
  aliasStride: number;
  /** The field of child `i` of production `p` at `p * fieldStride + i` (0: none), as ts_tree_cursor_current_field_id finds it. */
  fields: Uint16Array;
  fieldStride: number;
}

/** The wasm memory, as the module's current views (they are replaced when the memory grows). */
interface HeapViews {
  HEAPU8: Uint8Array;
  HEAPU16: Uint16Array;
  HEAPU32: Uint32Array;
}

/**
 * Offsets into tree-sitter's structs in the 32-bit wasm build (lib/src/parser.h, subtree.h, tree.h of the
 * tree-sitter version web-tree-sitter is built from). TSLanguage: the counts and table pointers. SubtreeHeapData:
 * padding and size (Length: bytes first), child_count, symbol, the bit-field flags (visible bit 0, extra bit 2,
 * is_missing bit 9), visible_child_count and production_id; its children are the 8-byte Subtrees just before it.
 * An inline Subtree (bit 0 of its first byte set) holds its flags in byte 0 (visible bit 1, extra bit 3,
 * is_missing bit 5), its symbol in byte 1, its padding and size in bytes 6 and 7. A TSTree starts with its root.
 */
const LANG = { abi: 0, symbolCount: 4, aliasCount: 8, productionIdCount: 28, fieldCount: 32, maxAliasSequenceLength: 36, fieldMapSlices: 64, fieldMapEntries: 68, publicSymbolMap: 76, aliasSequences: 84 } as const;
const SUB = { padding: 4, size: 16, childCount: 36, symbol: 40, flags: 44, visibleChildCount: 48, productionId: 66 } as const;
const ERROR_SYMBOL = 0xffff;

/** The language's tables for the memory walk, or undefined when its header does not look like the ABI this layout is for. */
function memoryTables(language: Language, binding: Record<string, unknown>, abi: number): MemoryTables | undefined {
  const views = heapViews(binding);
  const address = (language as unknown as { [0]: number })[0];
  if (!views || typeof address !== "number" || address <= 0 || address % 4 !== 0) return undefined;
  const { HEAPU16: u16, HEAPU32: u32 } = views;
  const word = (offset: number) => u32[(address + offset) >>> 2]!;
  const symbolCount = word(LANG.symbolCount);
  const aliasCount = word(LANG.aliasCount);
  const productions = word(LANG.productionIdCount);
  const fieldCount = word(LANG.fieldCount);
  const aliasStride = u16[(address + LANG.maxAliasSequenceLength) >>> 1]!;
  // the header must agree with what the public API says of the language
  if (word(LANG.abi) !== abi || symbolCount + aliasCount !== language.nodeTypeCount || fieldCount !== language.fields.length - 1) return undefined;
  const pointer = (offset: number, bytes: number) => {
    const at = word(offset);
    return at > 0 && at + bytes <= u32.byteLength ? at : -1;
  };
  const symbols = pointer(LANG.publicSymbolMap, 2 * (symbolCount + aliasCount));
  const aliasAt = aliasStride > 0 ? pointer(LANG.aliasSequences, 2 * productions * aliasStride) : 0;
  if (symbols < 0 || symbols % 2 !== 0 || aliasAt < 0 || aliasAt % 2 !== 0) return undefined;
  const publicSymbol = u16.slice(symbols >>> 1, (symbols >>> 1) + symbolCount + aliasCount);
  const aliases = aliasStride > 0 ? u16.slice(aliasAt >>> 1, (aliasAt >>> 1) + productions * aliasStride) : new Uint16Array(0);
  // TSFieldMapEntry: field_id (u16), child_index (u8), inherited (bool); TSMapSlice: index, length (u16 each)
  const entries: [number, number, number][] = [];
  let fieldStride = 1;
  if (fieldCount > 0) {
    const slices = pointer(LANG.fieldMapSlices, 4 * productions);
    const map = word(LANG.fieldMapEntries);
    if (slices < 0 || slices % 4 !== 0 || map <= 0 || map % 2 !== 0) return undefined;
    const u8 = views.HEAPU8;
    for (let p = 0; p < productions; p++) {
      const index = u16[(slices >>> 1) + 2 * p]!;
      const length = u16[(slices >>> 1) + 2 * p + 1]!;
      for (let k = 0; k < length; k++) {
        const at = map + 4 * (index + k);
        if (at + 4 > u8.length) return undefined;
        const field = u16[at >>> 1]!;
        const child = u8[at + 2]!;
        if (field === 0 || field > fieldCount) return undefined;
        if (u8[at + 3] === 0) {
          entries.push([p, child, field]);
          fieldStride = Math.max(fieldStride, child + 1);
        }
      }
    }
  }
  const fields = new Uint16Array(productions * fieldStride);
  // the first entry of a child wins, as in ts_tree_cursor_current_field_id
  for (let i = entries.length - 1; i >= 0; i--) {
    const [p, child, field] = entries[i]!;
    fields[p * fieldStride + child] = field;
  }
  return { publicSymbol, aliases, aliasStride, fields, fieldStride };
}

function heapViews(binding: Record<string, unknown>): HeapViews | undefined {
  const { HEAPU8, HEAPU16, HEAPU32 } = binding;
  return HEAPU8 instanceof Uint8Array && HEAPU16 instanceof Uint16Array && HEAPU32 instanceof Uint32Array ? { HEAPU8, HEAPU16, HEAPU32 } : undefined;
}

/** The same operations through the public TreeCursor API (each call copies the cursor in and out of wasm). */
function publicOps(c: TreeCursor): CursorOps {
  return {
    firstChild: () => (c.gotoFirstChild() ? 1 : 0),
    nextSibling: () => (c.gotoNextSibling() ? 1 : 0),
    parent: () => (c.gotoParent() ? 1 : 0),
    typeId: () => c.nodeTypeId,
    fieldId: () => c.currentFieldId,
    start: () => c.startIndex,
    end: () => c.endIndex,
    missing: () => (c.nodeIsMissing ? 1 : 0),
  };
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

export interface ParserOptions {
  /** Force the TreeCursor walk (for tests and measurements). */
  publicApi?: boolean;
  /** Force the walk through the wasm module's cursor functions instead of reading wasm memory (for tests and measurements). */
  cursorCalls?: boolean;
  /** The Parser class and module binding of another wasm instance (see loadPythonIsolated); default: the shared one. */
  Parser?: typeof Parser;
  binding?: Record<string, unknown>;
  /** Named node types whose children never have a field; default: grammars/manifest.json's `fieldlessTypes`. */
  fieldlessTypes?: readonly string[];
  /** Node types only tokens take (never with children); default: grammars/manifest.json's `leafTypes`. */
  leafTypes?: { named: readonly string[]; anonymous: readonly string[] };
}

/** A snippet whose records exercise fields, comments, dropped tokens, nodes with token children and a missing token. */
const PROBE = 'def f(a, b=1):  # c\n    return g(a, "\\n")[b] if a is not None else (b,\n';

/**
 * Snippets the memory walk must read exactly as the public API does before it is used: besides the probe, nodes
 * made visible by aliases (`block`, `as_pattern_target`), fields reached through hidden nodes (decorators, `*args`,
 * keyword patterns), extras in odd places (comments inside brackets and before a clause), non-ASCII text (offsets
 * in UTF-16 units), an ERROR node and a MISSING token.
 */
const MEMORY_PROBES = [
  PROBE,
  CANARY,
  [
    "@app.route('/x', methods=['GET'])  # r\u00e9",
    "async def view(req, *args, key: int = 0, **kw) -> dict:",
    "    with open(p) as (f, g), ctx() as h:",
    "        match cmd:",
    "            case Point(x=0, y=[1, *rest]) | {'k': v, **others} if v:",
    "                pass",
    "            case _:",
    "                y = [a async for a in b if a]  # comment",
    "    try:",
    "        s = f'{x!r:>{w}} \u00e9\\n' 'tail' rb'\\x00'",
    "    # before a clause",
    "    except* (ValueError, TypeError) as e:",
    "        raise RuntimeError('x') from e",
    "    finally:",
    "        del a[1:2, ::3], b.c",
    "    return lambda *, k=1: (yield k), not a in b, c is not d, -x ** 2",
    "class C(B, metaclass=M):",
    "    x: 'List[int]' = []",
    "    def m(self): return self.x[0] if self else print('\u20ac', sep='', end=(",
    "        # inside brackets",
    "        ''))",
    "type T[K] = dict[K, int]",
    "def broken(:",
    "    x = (1,",
    "",
  ].join("\n"),
];

export class PythonParser {
  private readonly parser: Parser;
  private readonly typeNames: string[] = [];
  private readonly typeNamed: boolean[] = [];
  /** KEEP, DROP or COMMENT per type id. */
  private readonly kinds: Uint8Array;
  /** 1 per type id whose children may have a field (0: a fieldless type, so the direct walk does not ask). */
  private readonly fieldParent: Uint8Array;
  /** The same for the module root (its record's word is 0, not its type id). */
  private readonly rootFieldParent: number;
  /** Field questions for every node: the public-API walk, the oracle of the direct one. */
  private readonly everyField: Uint8Array;
  /** 1 per type id only tokens take: the direct walk does not ask wasm for such a node's children. */
  private readonly leaves: Uint8Array;
  /** No type known to be a leaf: the public-API walk asks about every node's children. */
  private readonly noLeaves: Uint8Array;

  private readonly fieldNames: (string | null)[];
  private direct: DirectBinding | undefined;
  /** The language's tables for the memory walk, and the module whose memory it reads (undefined: the cursor walk). */
  private memory: { tables: MemoryTables; binding: Record<string, unknown> } | undefined;
  /** The memory walk's stack of subtrees whose children are being read, one entry per level (hidden levels included; every word is unsigned). */
  private levels = new Uint32Array(9 * 64);
  /** Scratch record buffer, reused across files (grown when a file needs more). */
  private buf = new Int32Array(4 * 4096);
  /** Trees exported so far: a view from `compactView` is current while this has not changed. */
  exports = 0;
  /** Record index that the children at each cursor depth attach to. */
  private readonly attach: number[] = [];
  /** Per cursor depth: whether the children there may have fields (see `walk`). */
  private readonly asks: number[] = [];

  /** `language` must come from the same wasm instance as `options.Parser` (see loadPythonIsolated). */
  constructor(language: Language, options: ParserOptions = {}) {
    this.parser = new (options.Parser ?? Parser)();
    this.parser.setLanguage(language);
    this.kinds = new Uint8Array(language.nodeTypeCount);
    for (let id = 0; id < language.nodeTypeCount; id++) {
      const name = language.nodeTypeForId(id) ?? "";
      const named = language.nodeTypeIsNamed(id);
      this.typeNames.push(name);
      this.typeNamed.push(named);
      this.kinds[id] = name === "comment" ? COMMENT : !named && SKIP.has(name) ? DROP : KEEP;
    }
    this.fieldNames = language.fields;
    // Only named types the grammar lists as fieldless are skipped; anything else (ERROR, an anonymous
    // node with children such as `is not`, a type the list does not know) is asked about.
    const manifest = options.fieldlessTypes && options.leafTypes ? undefined : grammarManifest();
    const fieldless = new Set(options.fieldlessTypes ?? manifest?.fieldlessTypes ?? []);
    this.fieldParent = new Uint8Array(language.nodeTypeCount);
    for (let id = 0; id < language.nodeTypeCount; id++) this.fieldParent[id] = this.typeNamed[id] && fieldless.has(this.typeNames[id]!) ? 0 : 1;
    this.rootFieldParent = fieldless.has("module") ? 0 : 1;
    this.everyField = new Uint8Array(language.nodeTypeCount).fill(1);
    // a type is a leaf only under the name and namedness the grammar's tokens have (`not` the keyword is,
    // `not in` is not: two tokens under an anonymous node); ERROR and types past the table are asked about
    const leafTypes = options.leafTypes ?? manifest?.leafTypes ?? { named: [], anonymous: [] };
    const namedLeaves = new Set(leafTypes.named);
    const anonymousLeaves = new Set(leafTypes.anonymous);
    this.leaves = new Uint8Array(language.nodeTypeCount);
    for (let id = 0; id < language.nodeTypeCount; id++) {
      const name = this.typeNames[id]!;
      this.leaves[id] = (this.typeNamed[id] ? namedLeaves : anonymousLeaves).has(name) && name !== "ERROR" ? 1 : 0;
    }
    this.noLeaves = new Uint8Array(language.nodeTypeCount);
    const binding = options.binding ?? wasmBinding;
    this.direct = options.publicApi ? undefined : directBinding(binding);
    if (this.direct && !this.sameRecords(PROBE)) this.direct = undefined;
    // the memory walk reads tree-sitter's structs: only when they are where this build keeps them, checked against the public API
    const tables = this.direct && !options.cursorCalls ? memoryTables(language, binding, (manifest ?? grammarManifest()).abi) : undefined;
    if (tables) {
      this.memory = { tables, binding };
      if (!MEMORY_PROBES.every((probe) => this.sameRecords(probe))) this.memory = undefined;
    }
  }

  /** Whether trees are exported through the wasm module's cursor functions or its memory (else the public API). */
  get bulkExport(): boolean {
    return this.direct !== undefined;
  }

  /** Whether trees are read straight from wasm memory (else through cursor calls). */
  get memoryExport(): boolean {
    return this.memory !== undefined;
  }

  /** Parses `text` (see `compact`) and builds its tree. */
  parse(text: string, deadline?: Deadline): ParsedFile {
    return this.build(this.compact(text, deadline));
  }

  /**
   * Parses and exports the tree as records (see CompactTree); the wasm tree is deleted before it returns.
   * A file nested deeper than MAX_INDENT_LEVELS is refused (ParseLimitError) without touching the
   * parser. After a file that had syntax errors or nests deeper than CPython allows — the inputs that
   * can upset the wasm parser without a trap — a known snippet is parsed too; if that comes back wrong,
   * ParserCorrupted is thrown and this parser must not be used again.
   */
  compact(text: string, deadline?: Deadline): CompactTree {
    const tree = this.compactView(text, deadline);
    return tree.records.buffer === this.buf.buffer ? { text, records: tree.records.slice() } : tree;
  }

  /**
   * `compact`, with records that may be a view of this parser's scratch buffer: valid only until its
   * next parse, so a caller that keeps them copies them (`records.slice()`). Phase 1 builds the tree
   * from the view and copies only the few trees phase 2 needs, instead of one copy per file.
   */
  compactView(text: string, deadline?: Deadline): CompactTree {
    const depth = indentationDepth(text);
    if (depth > MAX_INDENT_LEVELS) {
      throw new ParseLimitError(
        `it nests more than ${MAX_INDENT_LEVELS} levels of indentation (CPython itself refuses more than 100), which the tree-sitter parser cannot read without corrupting its memory`,
      );
    }
    const n = this.exportRecords(text, this.direct, deadline);
    const view = this.buf.subarray(0, n * 4);
    if (depth > 100 || hasErrorRecord(view, this.typeNames)) {
      // the self-check parses into the scratch buffer: these records are copied first
      const tree = { text, records: view.slice() };
      if (!this.selfCheck()) throw new ParserCorrupted();
      return tree;
    }
    return { text, records: view };
  }

  /** True when the parser still parses a known snippet into the right statements. */
  selfCheck(): boolean {
    try {
      const shape = this.parse(CANARY).root.children.map((c) => c.type).join(",");
      return shape === CANARY_SHAPE;
    } catch {
      return false;
    }
  }

  /** Builds the PyNode tree, comments and syntax-error lines from a compact tree. */
  build(tree: CompactTree): ParsedFile {
    const { text, records } = tree;
    const src = new SourceText(text);
    const comments = new Map<number, string>();
    const errorLines: number[] = [];
    let errorCount = 0;
    const count = records.length >> 2;
    const root = new PyNode("module", null, true, 0, text.length, src);
    // Children arrays are made exactly sized, once each node's children are all known: records come in
    // document order, so `open` holds the path from the root to the last node (their record indexes in
    // `openAt`), and `pending` the children found so far of each node on that path (a node's own start
    // in `from`). A record's parent is always on that path: when it attaches higher up, the nodes below
    // its parent are complete and take their slice of `pending`. (Pushing one by one gave every parent
    // a 16-slot array; leaves share one empty array.)
    const open: PyNode[] = [root];
    const openAt: number[] = [0];
    const from: number[] = [0];
    const pending: PyNode[] = [];
    const close = () => {
      const start = from.pop()!;
      const node = open.pop()!;
      openAt.pop();
      if (pending.length > start) {
        node.children = pending.slice(start);
        pending.length = start;
      }
    };
    const kinds = this.kinds;
    const typeNames = this.typeNames;
    const typeNamed = this.typeNamed;
    const fieldNames = this.fieldNames;
    for (let i = 1; i < count; i++) {
      const at = i << 2;
      const word = records[at]!;
      const typeId = word & 0xffff;
      const start = records[at + 1]!;
      const end = records[at + 2]!;
      if (kinds[typeId] === COMMENT) {
        comments.set(src.lineOf(start), text.slice(start, end));
        continue;
      }
      const missing = word < 0;
      let type = typeNames[typeId] ?? "ERROR";
      if (type === "ERROR" || missing) {
        errorCount++;
        if (errorLines.length < 20) errorLines.push(src.lineOf(start));
      }
      if (missing) type = "MISSING";
      const fid = (word >>> 16) & 0x7fff;
      const node = new PyNode(type, fid ? fieldNames[fid] ?? null : null, typeNamed[typeId] ?? true, start, end, src);
      const p = records[at + 3]!;
      while (openAt[openAt.length - 1] !== p) close();
      node.parent = open[open.length - 1]!;
      pending.push(node);
      open.push(node);
      openAt.push(i);
      from.push(pending.length);
    }
    while (open.length > 0) close();
    normalizeIdentifiers(root, src);
    return { src, root, comments, errorLines, errorCount, compact: tree };
  }

  delete(): void {
    this.parser.delete();
  }

  /** Parses `text` and writes its records into `this.buf`; returns the record count. */
  private exportRecords(text: string, direct: DirectBinding | undefined, deadline?: Deadline): number {
    this.exports++;
    // a lone CR ends a line for CPython; the parser gets LF there (same length, same offsets)
    const tree = this.parser.parse(parserInput(text), null, deadline ? { progressCallback: () => deadline.passed() } : undefined);
    if (!tree) {
      if (deadline?.passed()) throw new PhaseBudgetExceeded("parse", deadline.ms);
      throw new Error("tree-sitter returned no tree");
    }
    // A tree without errors has no MISSING token (a made-up token counts as an error of the root), so
    // the direct walk asks wasm about missing tokens only in the rare tree that has errors: a third of
    // the export's calls into wasm otherwise. The public-API walk asks about every node, as the check
    // of the direct walk (`sameRecords`, and the tests). Asked before the cursor exists: reading a
    // node goes through the transfer buffer that holds the direct walk's cursor.
    const mayMiss = direct ? tree.rootNode.hasError : true;
    const memory = direct ? this.memory : undefined;
    if (memory) {
      try {
        return this.memoryWalk(memory.tables, heapViews(memory.binding)!, (tree as unknown as { [0]: number })[0], text.length, mayMiss);
      } finally {
        tree.delete();
      }
    }
    const cursor = tree.walk();
    try {
      const ops = direct ? direct.ops : publicOps(cursor);
      return direct
        ? this.walk(ops, (tree as unknown as { [0]: number })[0], text.length, mayMiss, this.fieldParent, this.rootFieldParent, this.leaves)
        : this.walk(ops, 0, text.length, mayMiss, this.everyField, 1, this.noLeaves);
    } finally {
      // the direct walk moved the cursor inside wasm memory only: hand its state back before deleting it
      if (direct) {
        const heap = direct.heap();
        const handles = (cursor as unknown as { handles: number[] }).handles;
        for (let i = 0; i < 4; i++) handles[i] = heap[(direct.transferBuffer >> 2) + i]!;
      }
      cursor.delete();
      tree.delete();
    }
  }

  /**
   * `fieldParent` says per type id whether a child of such a node can have a field: a third of the
   * nodes of ordinary code are children of fieldless types (blocks, argument lists, strings, dotted
   * names), and for them the walk does not ask wasm. `leaves` marks the types only tokens take (identifiers,
   * numbers, keywords, string delimiters: half of the kept nodes): the walk does not ask wasm for their children.
   */
  private walk(ops: CursorOps, tree: number, length: number, mayMiss: boolean, fieldParent: Uint8Array, rootFieldParent: number, leaves: Uint8Array): number {
    const { firstChild, nextSibling, parent, typeId, fieldId, start, end, missing } = ops;
    const kinds = this.kinds;
    const attach = this.attach;
    // whether the node at each cursor depth may give its children fields (depth 0: the module)
    const asks = this.asks;
    asks[0] = rootFieldParent;
    this.writeRecord(0, 0, 0, length, -1);
    let n = 1;
    if (!firstChild(tree)) return n;
    attach[0] = 0;
    let depth = 1;
    for (;;) {
      const id = typeId(tree);
      let kind = kinds[id] ?? KEEP;
      // Punctuation is dropped unless the parser made it up (a MISSING token): one question to wasm
      // instead of its offsets (none in a tree without errors), and none about children (a token has none).
      if (kind === DROP && (!mayMiss || missing(tree) === 0)) {
        while (!nextSibling(tree)) {
          if (depth <= 1) return n;
          parent(tree);
          depth--;
        }
        continue;
      }
      const s = start(tree);
      const e = end(tree);
      // only zero-width nodes can be MISSING; asking wasm for every node costs time for nothing
      const miss = mayMiss && (kind === DROP || (s === e && missing(tree) !== 0));
      if (miss) kind = KEEP;
      this.writeRecord(n, id | (kind === KEEP && asks[depth - 1] === 1 ? fieldId(tree) << 16 : 0) | (miss ? MISSING_BIT : 0), s, e, attach[depth - 1]!);
      const into = n++;
      // comments, tokens and MISSING tokens have no children (anonymous nodes can: `is not` holds `is` and `not`)
      if (kind !== COMMENT && !miss && leaves[id] !== 1 && firstChild(tree)) {
        // an id past the table (ERROR is 65535) may have fields
        asks[depth] = fieldParent[id] ?? 1;
        attach[depth++] = into;
        continue;
      }
      while (!nextSibling(tree)) {
        if (depth <= 1) return n;
        parent(tree);
        depth--;
      }
    }
  }

  /**
   * The records of the tree at `treeAddress`, read from wasm memory: `walk`'s records (the same questions of
   * `kinds`, `fieldParent`, `leaves` and `mayMiss`), with what the cursor functions would answer computed the
   * way tree_cursor.c computes it. A level is a subtree whose children are being read: a visible node, or a
   * hidden one whose visible children belong to the nearest visible level (`visible_child_count` > 0, as
   * `goto_first_child` requires). A child's start is its level's position (the first child's is its parent's
   * start; each later one's adds its padding), its end the start plus its size, in UTF-16 bytes. It is visible
   * when its subtree is or when, not being an extra, the parent production's alias sequence names it (its type
   * is then the alias). Its field is the first non-inherited entry of the parent production for its structural
   * index, else that of each hidden level above it up to the visible one (not through an extra).
   */
  private memoryWalk(m: MemoryTables, heap: HeapViews, treeAddress: number, length: number, mayMiss: boolean): number {
    const { HEAPU8: u8, HEAPU16: u16, HEAPU32: u32 } = heap;
    const { publicSymbol, aliases, aliasStride, fields, fieldStride } = m;
    const kinds = this.kinds;
    const fieldParent = this.fieldParent;
    const leaves = this.leaves;
    const publicCount = publicSymbol.length;
    this.writeRecord(0, 0, 0, length, -1);
    let n = 1;
    const root = u32[treeAddress >>> 2]!;
    if ((root & 1) !== 0 || u32[(root + SUB.childCount) >>> 2] === 0) return n;
    // per level, 9 words: subtree address, next child, child count, next structural index, position (bytes),
    // production id, record the visible children attach to, the field a hidden level passes down, fieldParent
    let levels = this.levels;
    let top = 0;
    levels[0] = root;
    levels[1] = 0;
    levels[2] = u32[(root + SUB.childCount) >>> 2]!;
    levels[3] = 0;
    levels[4] = u32[(root + SUB.padding) >>> 2]!;
    levels[5] = u16[(root + SUB.productionId) >>> 1]!;
    levels[6] = 0;
    levels[7] = 0;
    levels[8] = this.rootFieldParent;
    /** Pushes the level of the subtree at `lo` (a child of the level at `at`), growing the stack when it is full. */
    const descend = (at: number, lo: number, kids: number, startByte: number, attach: number, field: number, fieldFlag: number): void => {
      if ((top + 2) * 9 > levels.length) {
        const bigger = new Uint32Array(levels.length * 2);
        bigger.set(levels);
        this.levels = levels = bigger;
      }
      const next = at + 9;
      levels[next] = lo;
      levels[next + 1] = 0;
      levels[next + 2] = kids;
      levels[next + 3] = 0;
      levels[next + 4] = startByte;
      levels[next + 5] = u16[(lo + SUB.productionId) >>> 1]!;
      levels[next + 6] = attach;
      levels[next + 7] = field;
      levels[next + 8] = fieldFlag;
      top++;
    };
    while (top >= 0) {
      const at = top * 9;
      const i = levels[at + 1]!;
      const count = levels[at + 2]!;
      if (i === count) {
        top--;
        continue;
      }
      levels[at + 1] = i + 1;
      const address = levels[at]! - 8 * (count - i);
      const lo = u32[address >>> 2]!;
      let visible: number, extra: number, missing: number, symbol: number, kids: number, padding: number, size: number;
      if ((lo & 1) !== 0) {
        visible = lo & 2;
        extra = lo & 8;
        missing = lo & 32;
        symbol = (lo >>> 8) & 0xff;
        kids = 0;
        padding = u8[address + 6]!;
        size = u8[address + 7]!;
      } else {
        const flags = u16[(lo + SUB.flags) >>> 1]!;
        visible = flags & 1;
        extra = flags & 4;
        missing = flags & 0x200;
        symbol = u16[(lo + SUB.symbol) >>> 1]!;
        kids = u32[(lo + SUB.childCount) >>> 2]!;
        padding = u32[(lo + SUB.padding) >>> 2]!;
        size = u32[(lo + SUB.size) >>> 2]!;
      }
      let startByte = levels[at + 4]!;
      if (i > 0) startByte += padding;
      levels[at + 4] = startByte + size;
      const production = levels[at + 5]!;
      let alias = 0;
      let field = 0;
      if (extra === 0) {
        const structural = levels[at + 3]!;
        levels[at + 3] = structural + 1;
        if (production !== 0 && structural < aliasStride) alias = aliases[production * aliasStride + structural]!;
        field = (structural < fieldStride ? fields[production * fieldStride + structural]! : 0) || levels[at + 7]!;
      }
      if (visible === 0 && alias === 0) {
        // a hidden node: its visible children are its parent's (tree_cursor.c descends only if it has some)
        if (kids > 0 && u32[(lo + SUB.visibleChildCount) >>> 2]! > 0) descend(at, lo, kids, startByte, levels[at + 6]!, field, levels[at + 8]!);
        continue;
      }
      const sym = alias || symbol;
      const id = sym === ERROR_SYMBOL || sym >= publicCount ? sym : publicSymbol[sym]!;
      let kind = kinds[id] ?? KEEP;
      if (kind === DROP && (!mayMiss || missing === 0)) continue;
      const s = startByte >> 1;
      const e = (startByte + size) >> 1;
      const miss = mayMiss && (kind === DROP || (s === e && missing !== 0));
      if (miss) kind = KEEP;
      this.writeRecord(n, id | (kind === KEEP && levels[at + 8] === 1 ? field << 16 : 0) | (miss ? MISSING_BIT : 0), s, e, levels[at + 6]!);
      const into = n++;
      if (kind !== COMMENT && !miss && leaves[id] !== 1 && kids > 0) descend(at, lo, kids, startByte, into, 0, fieldParent[id] ?? 1);
    }
    return n;
  }

  /** Writes record `n` (type and field word, start, end, parent record) into the scratch buffer, doubling it when full. */
  private writeRecord(n: number, word: number, s: number, e: number, parent: number): void {
    let buf = this.buf;
    if ((n + 1) << 2 > buf.length) {
      const bigger = new Int32Array(buf.length * 2);
      bigger.set(buf);
      this.buf = buf = bigger;
    }
    const at = n << 2;
    buf[at] = word;
    buf[at + 1] = s;
    buf[at + 2] = e;
    buf[at + 3] = parent;
  }

  /** Whether the direct walk and the public API give the same records for `text`. */
  private sameRecords(text: string): boolean {
    try {
      const n = this.exportRecords(text, this.direct);
      const direct = this.buf.slice(0, n * 4);
      const m = this.exportRecords(text, undefined);
      return m === n && this.buf.subarray(0, m * 4).every((v, i) => v === direct[i]);
    } catch {
      return false;
    }
  }
}

/** Whether a compact tree holds an ERROR node (an id the language does not name, or "ERROR") or a MISSING token. */
function hasErrorRecord(records: Int32Array, typeNames: readonly string[]): boolean {
  for (let at = 4; at < records.length; at += 4) {
    const word = records[at]!;
    if (word < 0) return true;
    const id = word & 0xffff;
    if (id >= typeNames.length || typeNames[id] === "ERROR") return true;
  }
  return false;
}
