/** The authenticated cache store (src/cache-store.ts) that triage and the incremental scan share. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openCacheStore, repositoryCacheDir, userCacheRoot } from "../src/cache-store.js";
import { makeDirs } from "../src/safe-fs.js";

function tmp(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), "pysast-store-")));
}

/** Every regular file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((p) => statSync(join(dir, p)).isFile()).sort();
}

describe("cache store", () => {
  it("round-trips bytes and JSON per namespace and key, with private files and folders", () => {
    const home = tmp();
    const store = openCacheStore({ dir: join(home, "repo"), namespace: "results-v1", secretDir: home });
    expect(store.get("a")).toBeUndefined();
    expect(store.put("a", Buffer.from([0, 1, 2, 255]))).toBe(true);
    expect(store.putJson("b", { verdict: "x", n: [1, 2] })).toBe(true);
    expect([...store.get("a")!]).toEqual([0, 1, 2, 255]);
    expect(store.getJson("b")).toEqual({ verdict: "x", n: [1, 2] });
    const other = openCacheStore({ dir: join(home, "repo"), namespace: "other-v1", secretDir: home });
    expect(other.get("a")).toBeUndefined();
    expect(store.notices()).toEqual([]);
    const entries = files(join(home, "repo")).filter((p) => p !== ".gitignore");
    expect(entries).toHaveLength(2);
    for (const e of entries) expect(statSync(join(home, "repo", e)).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, "repo", "results-v1")).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(home, "repo", ".gitignore"), "utf8")).toBe("*\n");
    expect(statSync(join(home, "secret-key")).mode & 0o777).toBe(0o600);
  });

  it("writes a big entry piece by piece into the same authenticated format, and leaves nothing behind when it is dropped", () => {
    const home = tmp();
    const dir = join(home, "repo");
    const store = openCacheStore({ dir, namespace: "results-v1", secretDir: home });
    const pieces = [Buffer.from("first piece,"), Buffer.alloc(100_000, 7), Buffer.from(""), Buffer.from("last")];
    const w = store.writer("big");
    // nothing is visible before the commit
    for (const p of pieces) w.write(p);
    expect(store.get("big")).toBeUndefined();
    expect(w.commit()).toBe(true);
    expect(store.get("big")!.equals(Buffer.concat(pieces))).toBe(true);
    // the same bytes as a whole `put` under the same key: a reader cannot tell the two apart
    const whole = openCacheStore({ dir: join(home, "other"), namespace: "results-v1", secretDir: home });
    whole.put("big", Buffer.concat(pieces));
    const entryOf = (d: string) => readFileSync(join(d, files(d).find((p) => p.startsWith("results-v1/"))!));
    expect(entryOf(join(home, "other")).equals(entryOf(dir))).toBe(true);
    // an overwrite that is dropped keeps the old entry; no temporary file stays
    const dropped = store.writer("big");
    dropped.write(Buffer.from("half of a new entry"));
    dropped.abort();
    expect(dropped.commit()).toBe(false);
    expect(store.get("big")!.equals(Buffer.concat(pieces))).toBe(true);
    expect(files(dir).filter((p) => p.endsWith(".tmp"))).toEqual([]);
    expect(store.notices()).toEqual([]);
  });

  it("gathers many small pieces into few writes without changing a byte, around pieces bigger than what it gathers", () => {
    const home = tmp();
    const dir = join(home, "repo");
    const store = openCacheStore({ dir, namespace: "results-v1", secretDir: home });
    // thousands of frames of a few pieces each, as a files entry is written, with pieces of every size in between:
    // some fill the gathered bytes exactly, some overflow them, two are larger than a whole gathering
    const pieces: Buffer[] = [];
    for (let i = 0; i < 6000; i++) pieces.push(Buffer.from(`frame ${i};`), Buffer.alloc(i % 97, i & 0xff));
    pieces.splice(3000, 0, Buffer.alloc(3 << 20, 1), Buffer.from("between"), Buffer.alloc(1 << 20, 2));
    const w = store.writer("frames");
    // a caller may reuse a piece's memory once `write` returns: what was written must not change with it
    const reused = Buffer.from("reused");
    w.write(reused);
    reused.fill(0);
    for (const p of pieces) w.write(p);
    expect(w.commit()).toBe(true);
    const expected = Buffer.concat([Buffer.from("reused"), ...pieces]);
    expect(store.get("frames")!.equals(expected)).toBe(true);
    const whole = openCacheStore({ dir: join(home, "other"), namespace: "results-v1", secretDir: home });
    whole.put("frames", expected);
    const entryOf = (d: string) => readFileSync(join(d, files(d).find((p) => p.startsWith("results-v1/"))!));
    expect(entryOf(join(home, "other")).equals(entryOf(dir))).toBe(true);
    // an entry dropped after some pieces were gathered leaves the old one and no temporary file
    const dropped = store.writer("frames");
    dropped.write(Buffer.from("gathered but never written"));
    dropped.abort();
    expect(dropped.commit()).toBe(false);
    expect(store.get("frames")!.equals(expected)).toBe(true);
    expect(files(dir).filter((p) => p.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses a piecewise entry where a link or a file stands in the way, and says so", () => {
    const home = tmp();
    writeFileSync(join(home, "r"), "x");
    const store = openCacheStore({ dir: join(home, "r"), namespace: "n", secretDir: home });
    const w = store.writer("k");
    w.write(Buffer.from("v"));
    expect(w.commit()).toBe(false);
    expect(store.notices()[0]).toMatch(/is a file where pysast expects a folder/);
  });

  it("keeps one secret per user: a second store (or scan) reuses it", () => {
    const home = tmp();
    const a = openCacheStore({ dir: join(home, "r"), namespace: "n", secretDir: home });
    a.put("k", Buffer.from("v"));
    const secret = readFileSync(join(home, "secret-key"), "utf8");
    const b = openCacheStore({ dir: join(home, "r"), namespace: "n", secretDir: home });
    expect(b.get("k")?.toString()).toBe("v");
    expect(readFileSync(join(home, "secret-key"), "utf8")).toBe(secret);
  });

  it("rejects an edited entry and an entry written under another user's secret, and says how many", () => {
    const home = tmp();
    const dir = join(home, "r");
    const mine = openCacheStore({ dir, namespace: "n", secretDir: home });
    mine.putJson("edited", { verdict: "true_positive" });
    const path = join(dir, files(dir).find((p) => p.startsWith("n/"))!);
    writeFileSync(path, readFileSync(path, "utf8").replace("true_positive", "false_positive"));
    const theirs = openCacheStore({ dir, namespace: "n", secretDir: tmp() });
    theirs.putJson("planted", { verdict: "false_positive" });
    const reader = openCacheStore({ dir, namespace: "n", secretDir: home });
    expect(reader.getJson("edited")).toBeUndefined();
    expect(reader.getJson("planted")).toBeUndefined();
    expect(reader.notices()).toEqual([`ignored 2 cache entries under ${dir} that pysast did not write on this machine (authentication failed); they were recomputed`]);
  });

  it("turns itself off rather than follow a link: at the folder, the namespace or an entry", () => {
    for (const level of ["dir", "namespace", "entry"] as const) {
      const home = tmp();
      const outside = tmp();
      const dir = join(home, "r");
      const writer = openCacheStore({ dir, namespace: "n", secretDir: home });
      writer.put("k", Buffer.from("v"));
      const bucketFile = files(dir).find((p) => p.startsWith("n/"))!;
      if (level === "dir") {
        const moved = join(home, "moved");
        symlinkSync(outside, moved);
        const store = openCacheStore({ dir: moved, namespace: "n", secretDir: home });
        expect(store.put("k", Buffer.from("v"))).toBe(false);
        expect(store.notices()[0]).toMatch(/moved is a symbolic link, and pysast never follows links inside its cache/);
      } else if (level === "namespace") {
        const d2 = join(home, "r2");
        mkdirSync(d2);
        symlinkSync(join(dir, "n"), join(d2, "n"));
        const store = openCacheStore({ dir: d2, namespace: "n", secretDir: home });
        expect(store.get("k")).toBeUndefined();
        expect(store.notices()[0]).toMatch(/r2\/n is a symbolic link/);
      } else {
        const entry = join(dir, bucketFile);
        writeFileSync(join(outside, "target"), readFileSync(entry));
        // replace the entry with a link to a valid copy outside
        rmSync(entry);
        symlinkSync(join(outside, "target"), entry);
        const store = openCacheStore({ dir, namespace: "n", secretDir: home });
        expect(store.get("k")).toBeUndefined();
        expect(store.notices()[0]).toMatch(/is a symbolic link, and pysast never follows links inside its cache/);
      }
      expect(readdirSync(outside).filter((f) => f !== "target")).toEqual([]);
    }
  });

  it("reports a file where a folder belongs as a notice and keeps working as a miss", () => {
    const home = tmp();
    writeFileSync(join(home, "r"), "x");
    const store = openCacheStore({ dir: join(home, "r"), namespace: "n", secretDir: home });
    expect(store.get("k")).toBeUndefined();
    expect(store.put("k", Buffer.from("v"))).toBe(false);
    expect(store.notices()).toEqual([`the cache under ${join(home, "r")} is off for this run: ${join(home, "r")} is a file where pysast expects a folder; delete it or choose another cache folder`]);
  });

  it("says why when the secret cannot be kept, and never throws", () => {
    const home = tmp();
    writeFileSync(join(home, "not-a-folder"), "x");
    const store = openCacheStore({ dir: join(home, "r"), namespace: "n", secretDir: join(home, "not-a-folder", "pysast") });
    expect(store.put("k", Buffer.from("v"))).toBe(false);
    expect(store.notices()[0]).toMatch(/^the cache is off for this run: pysast cannot keep its cache key in .*not-a-folder\/pysast/);
  });

  it("puts the default cache outside the work tree, one folder per repository", () => {
    expect(userCacheRoot({ XDG_CACHE_HOME: "/x/cache", HOME: "/home/u" })).toBe("/x/cache/pysast");
    expect(userCacheRoot({ HOME: "/home/u" })).toBe("/home/u/.cache/pysast");
    expect(userCacheRoot({ XDG_CACHE_HOME: "relative/ignored", HOME: "/home/u" })).toBe("/home/u/.cache/pysast");
    const a = repositoryCacheDir("/c", "/src/shop");
    expect(a).toMatch(/^\/c\/shop-[0-9a-f]{16}$/);
    expect(repositoryCacheDir("/c", "/other/shop")).not.toBe(a);
    expect(repositoryCacheDir("/c", "/src/shop")).toBe(a);
  });
});

describe("makeDirs", () => {
  it("fails at once under /proc instead of spinning (Node's recursive mkdir loops there)", () => {
    const t0 = Date.now();
    expect(() => makeDirs("/proc/nope/x")).toThrow(/cannot create the folder \/proc\/nope \(ENOENT\)/);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it("names the file that stands where a folder should be", () => {
    const home = tmp();
    writeFileSync(join(home, "f"), "");
    expect(() => makeDirs(join(home, "f", "g", "h"))).toThrow(`cannot create the folder ${join(home, "f", "g", "h")}: ${join(home, "f")} is a file, not a folder`);
  });
});
