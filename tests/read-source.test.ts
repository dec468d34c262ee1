import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiscoveredFile } from "../src/discover.js";
import { decodeSource, readSource } from "../src/read-source.js";

let dir = "";

beforeAll(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), "pysast-read-")));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, bytes: Buffer | string): Promise<DiscoveredFile> {
  const abs = path.join(dir, name);
  await writeFile(abs, bytes);
  return { abs, rel: `app/${name}`, size: Buffer.byteLength(bytes) };
}

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

describe("readSource", () => {
  it("decodes UTF-8 text exactly", async () => {
    const text = 'def greet(name):\n    return f"Grüße, {name} — 你好"\n';
    expect(await readSource(await fileWith("greet.py", text))).toEqual({ text, notifications: [] });
  });

  it("strips a UTF-8 byte-order mark", async () => {
    const file = await fileWith("bom.py", bytes([0xef, 0xbb, 0xbf], "import os\nx = 'é'\n"));
    expect(await readSource(file)).toEqual({ text: "import os\nx = 'é'\n", notifications: [] });
  });

  it("reads an empty file as empty text", async () => {
    expect(await readSource(await fileWith("__init__.py", ""))).toEqual({ text: "", notifications: [] });
  });

  it("replaces invalid UTF-8 bytes and says on which line", async () => {
    const file = await fileWith("legacy.py", bytes("import os\n", "name = '", [0xff, 0xfe], "'\nos.system(name)\n"));
    const read = await readSource(file);
    expect(read.text).toBe("import os\nname = '\uFFFD\uFFFD'\nos.system(name)\n");
    expect(read.notifications).toHaveLength(1);
    expect(read.notifications[0]).toMatchObject({ kind: "decode-error", level: "warning", path: "app/legacy.py", line: 2 });
    expect(read.notifications[0]!.message).toContain("app/legacy.py is not valid UTF-8");
    expect(read.notifications[0]!.message).toContain("replacement characters");
  });

  it("returns no text for a NUL byte past the discovery sniff window", async () => {
    const file = await fileWith("grown.py", bytes("#".repeat(9000), [0x00], "\n"));
    const read = await readSource(file);
    expect(read.text).toBeNull();
    expect(read.notifications.map((n) => [n.kind, n.level, n.path])).toEqual([["binary-file", "note", "app/grown.py"]]);
  });

  it("reports a file that disappeared after discovery", async () => {
    const read = await readSource({ abs: path.join(dir, "gone.py"), rel: "app/gone.py", size: 10 });
    expect(read.text).toBeNull();
    expect(read.notifications.map((n) => [n.kind, n.level, n.path])).toEqual([["read-error", "warning", "app/gone.py"]]);
    expect(read.notifications[0]!.message).toContain("ENOENT");
  });
});

describe("decodeSource: PEP 263 coding declarations", () => {
  it("decodes latin-1 as true ISO-8859-1 (0x80 stays a C1 control, not €)", () => {
    const src = bytes("# -*- coding: latin-1 -*-\ns = '", [0xe9, 0x80], "'\n");
    expect(decodeSource(src, "m.py")).toEqual({ text: "# -*- coding: latin-1 -*-\ns = 'é\u0080'\n", notifications: [] });
    const iso = bytes("# vim: set fileencoding=iso-8859-1 :\ns = '", [0xe9], "'\n");
    expect(decodeSource(iso, "m.py").text).toBe("# vim: set fileencoding=iso-8859-1 :\ns = 'é'\n");
  });

  it("decodes cp1252 declared on line 2 after a shebang", () => {
    const src = bytes("#!/usr/bin/env python\n# coding=cp1252\nprice = '", [0x80, 0x39], "'\n");
    expect(decodeSource(src, "m.py")).toEqual({
      text: "#!/usr/bin/env python\n# coding=cp1252\nprice = '€9'\n",
      notifications: [],
    });
  });

  it("replaces bytes cp1252 leaves undefined, and accepts the windows-1252 spelling", () => {
    const src = bytes("# -*- coding: windows-1252 -*-\nquote = '", [0x93, 0x94], "'\nbad = '", [0x81], "'\n");
    const read = decodeSource(src, "m.py");
    expect(read.text).toBe("# -*- coding: windows-1252 -*-\nquote = '\u201c\u201d'\nbad = '\uFFFD'\n");
    expect(read.notifications.map((n) => [n.kind, n.level, n.line])).toEqual([["decode-error", "warning", 3]]);
    expect(read.notifications[0]!.message).toContain("is not valid windows-1252");
  });

  it("decodes other declared encodings the runtime knows (koi8_r)", () => {
    const src = bytes("# coding: koi8_r\ngreeting = '", [0xd0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4], "'\n");
    expect(decodeSource(src, "m.py")).toEqual({
      text: "# coding: koi8_r\ngreeting = '\u043f\u0440\u0438\u0432\u0435\u0442'\n",
      notifications: [],
    });
  });

  it("ignores a declaration on line 2 when line 1 is code", () => {
    const src = bytes("import os\n# coding: latin-1\ns = '", [0xe9], "'\n");
    const read = decodeSource(src, "m.py");
    expect(read.text).toBe("import os\n# coding: latin-1\ns = '\uFFFD'\n");
    expect(read.notifications.map((n) => [n.kind, n.line])).toEqual([["decode-error", 3]]);
  });

  it("treats utf-8 spellings as UTF-8 and reports bytes invalid for a declared encoding", () => {
    expect(decodeSource(bytes("# coding: utf_8\nx = 'ü'\n"), "m.py")).toEqual({ text: "# coding: utf_8\nx = 'ü'\n", notifications: [] });
    const bad = decodeSource(bytes("# coding: utf8\nx = '", [0xc3], "'\n"), "m.py");
    expect(bad.text).toBe("# coding: utf8\nx = '\uFFFD'\n");
    expect(bad.notifications.map((n) => [n.kind, n.level, n.line])).toEqual([["decode-error", "warning", 2]]);
    expect(bad.notifications[0]!.message).toContain("is not valid utf8");
  });

  it("reads an undecodable declared encoding as UTF-8, noting it only when non-ASCII bytes are present", () => {
    expect(decodeSource(bytes("# coding: klingon-1\nx = 1\n"), "m.py")).toEqual({
      text: "# coding: klingon-1\nx = 1\n",
      notifications: [],
    });
    const read = decodeSource(bytes("# coding: klingon-1\nx = '", [0xe9], "'\n"), "m.py");
    expect(read.text).toBe("# coding: klingon-1\nx = '\uFFFD'\n");
    expect(read.notifications.map((n) => [n.kind, n.level, n.path])).toEqual([["decode-error", "warning", "m.py"]]);
    expect(read.notifications[0]!.message).toContain('declares the encoding "klingon-1"');
    expect(read.notifications[0]!.message).toContain("from line 2");
  });

  it("decodes ASCII declarations as UTF-8, not as windows-1252", () => {
    const read = decodeSource(bytes("# coding: ascii\nx = '", [0x80], "'\n"), "m.py");
    expect(read.text).toBe("# coding: ascii\nx = '\uFFFD'\n");
    expect(read.notifications.map((n) => n.kind)).toEqual(["decode-error"]);
  });

  it("prefers a BOM over a conflicting declaration", () => {
    const src = bytes([0xef, 0xbb, 0xbf], "# coding: latin-1\nx = 'é'\n");
    expect(decodeSource(src, "m.py")).toEqual({ text: "# coding: latin-1\nx = 'é'\n", notifications: [] });
  });
});
