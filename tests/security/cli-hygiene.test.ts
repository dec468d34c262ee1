/**
 * Issue 8, items 10, 11 and 13-17: command-line hygiene against hostile paths, names and contents.
 * Each test is the attack as a user would meet it: a report path under /proc, `-o app.py`, escape
 * sequences in source lines and file names, a file name that is not UTF-8, a path outside --root,
 * a 600 MB file with --max-file-size 0, `--diff ''`, and the "identical apart from times" claim.
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HARD_MAX_FILE_SIZE } from "../../src/discover.js";
import { escapeControls } from "../../src/report/terminal-safe.js";
import { project, scanIn, userHome, VULNERABLE_VIEW, type JsonReport } from "./helpers.js";

const { env } = userHome();
const ENV = { ...env, NO_COLOR: "1" };

function places(report: JsonReport): string[] {
  return report.findings.map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`);
}

describe("report files (items 10, 11)", () => {
  it("fails with exit 2 and a message for -o under /proc instead of spinning in mkdir", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    const started = Date.now();
    const run = await scanIn(root, [".", "-o", "/proc/nope/x/report.sarif"], ENV);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot create the folder \/proc\/nope/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("finishes with a triage cache folder under /proc (the cache is only lost, the scan goes on)", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    const dry = join(root, "..", `${root.split("/").pop()}-dry.jsonl`);
    const started = Date.now();
    const run = await scanIn(root, [".", "--format", "json", "--triage", "--triage-dry-run", dry, "--triage-cache-dir", "/proc/nope/cache"], ENV);
    expect(Date.now() - started).toBeLessThan(20_000);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(places(report)).toEqual(["app.py:11:command-injection"]);
    expect(readFileSync(dry, "utf8")).toContain("command-injection");
  });

  it("refuses -o app.py: the report never replaces a scanned source", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    const run = await scanIn(root, [".", "-o", "app.py"], ENV);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--output app\.py: (?:refusing to write over a Python source file|that is a file pysast scans)/);
    expect(readFileSync(join(root, "app.py"), "utf8")).toBe(VULNERABLE_VIEW);
  });

  it("refuses --write-baseline and FORMAT:PATH outputs naming a source too", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW, "pkg/util.py": "X = 1\n" });
    const baseline = await scanIn(root, [".", "--write-baseline", "pkg/util.py"], ENV);
    expect(baseline.code).toBe(2);
    const typed = await scanIn(root, [".", "--output", "sarif:app.py"], ENV);
    expect(typed.code).toBe(2);
    expect(readFileSync(join(root, "pkg/util.py"), "utf8")).toBe("X = 1\n");
    expect(readFileSync(join(root, "app.py"), "utf8")).toBe(VULNERABLE_VIEW);
  });

  it("refuses an excluded Python source too", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW, "legacy/old.py": "X = 1\n" });
    const run = await scanIn(root, [".", "--exclude", "legacy", "-o", "legacy/old.py"], ENV);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--output legacy\/old\.py: refusing to write over a Python source file/);
    expect(readFileSync(join(root, "legacy/old.py"), "utf8")).toBe("X = 1\n");
  });

  it("still writes an ordinary report next to the sources", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    const run = await scanIn(root, [".", "-q", "-o", "out/report.sarif"], ENV);
    expect(run.code).toBe(1);
    expect(existsSync(join(root, "out/report.sarif"))).toBe(true);
  });
});

describe("terminal output cannot be steered by the scanned code (item 13)", () => {
  it("shows ESC, OSC and bidi characters of a source line as visible escapes", async () => {
    // an OSC 8 hyperlink and a clear-line sequence on the vulnerable line; a right-to-left override in a comment
    const view = VULNERABLE_VIEW.replace(
      'os.system("ping -c 1 " + host)',
      'os.system("ping -c 1 " + host)  # \x1b]8;;https://example.invalid\x07docs\x1b]8;;\x07\x1b[2K\x1b[1A ok \u202e',
    );
    const root = project({ "app.py": view });
    const run = await scanIn(root, ["."], ENV);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("command-injection");
    expect(run.stdout).not.toMatch(/[\x1b\x07\u202e]/);
    expect(run.stdout).toContain("\\x1b]8;;https://example.invalid\\x07");
    expect(run.stdout).toContain("\\u202e");
  });

  it("escapes control characters in file names, including a line break that would forge a finding line", async () => {
    const name = "views\x1b[31m\nFAKE.py:1 ok.py";
    const root = project({ [name]: VULNERABLE_VIEW });
    const run = await scanIn(root, ["."], ENV);
    expect(run.stdout).not.toMatch(/\x1b/);
    expect(run.stdout).toContain("views\\x1b[31m\\x0aFAKE.py:1 ok.py:11");
    // machine formats keep the real name
    const json = JSON.parse((await scanIn(root, [".", "--format", "json"], ENV)).stdout) as JsonReport;
    expect(json.findings[0]!.path).toBe(name);
  });

  it("escapes them in GitHub workflow commands and log lines too", async () => {
    // a file name that would turn the rest of the Actions log invisible
    const root = project({ "views\x1b[8m.py": VULNERABLE_VIEW });
    const run = await scanIn(root, [".", "--format", "github"], ENV);
    expect(run.stdout).toMatch(/^::error file=views\\x1b\[8m\.py,line=11/m);
    expect(run.stdout).not.toMatch(/\x1b/);
  });

  it("escapes exactly the unsafe characters", () => {
    expect(escapeControls("a\tb\nc\rd\x1be\x7ff\x9bg\u2066h é 𝔡")).toBe("a\tb\nc\\x0dd\\x1be\\x7ff\\x9bg\\u2066h é 𝔡");
    expect(escapeControls("a\nb", false)).toBe("a\\x0ab");
  });
});

describe("file names that are not UTF-8 (item 14)", () => {
  it("names the file it could not scan instead of skipping it silently", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    // "caf\xe9.py" in Latin-1: not UTF-8; the same vulnerable view inside
    const bad = Buffer.concat([Buffer.from(`${root}/caf`), Buffer.from([0xe9]), Buffer.from(".py")]);
    const fd = openSync(bad, "w");
    writeSync(fd, VULNERABLE_VIEW);
    closeSync(fd);
    const run = await scanIn(root, [".", "--format", "json"], ENV);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(places(report)).toEqual(["app.py:11:command-injection"]);
    const notice = report.notifications.find((n) => n.path === "caf\\xe9.py");
    expect(notice?.level).toBe("warning");
    expect(notice?.message).toMatch(/not valid UTF-8/);
  });

  it("reports a folder whose name is not UTF-8", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    const dir = Buffer.concat([Buffer.from(`${root}/modul`), Buffer.from([0xff])]);
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(dir);
    writeFileSync(Buffer.concat([dir, Buffer.from("/views.py")]), VULNERABLE_VIEW);
    const report = JSON.parse((await scanIn(root, [".", "--format", "json"], ENV)).stdout) as JsonReport;
    expect(report.notifications.map((n) => n.path)).toContain("modul\\xff");
  });
});

describe("--root (item 15)", () => {
  it("is a usage error when a path lies outside it", async () => {
    const root = project({ "app/views.py": VULNERABLE_VIEW, "other/tool.py": VULNERABLE_VIEW });
    const run = await scanIn(root, ["other", "--root", "app"], ENV);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/other is outside --root app/);
  });

  it("is a usage error when it is a file", async () => {
    const root = project({ "app/views.py": VULNERABLE_VIEW });
    const run = await scanIn(root, ["app", "--root", "app/views.py"], ENV);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--root app\/views\.py: it is a file/);
  });

  it("with --whole-project, checks the files named, not the working directory", async () => {
    const root = project({ "app/views.py": VULNERABLE_VIEW, "tools/cli.py": VULNERABLE_VIEW });
    const ok = await scanIn(root, ["--whole-project", "--root", "app", "--format", "json"], ENV);
    expect(places(JSON.parse(ok.stdout) as JsonReport)).toEqual(["views.py:11:command-injection"]);
    const outside = await scanIn(root, ["--whole-project", "--root", "app", "tools/cli.py"], ENV);
    expect(outside.code).toBe(2);
  });

  it("accepts paths inside it", async () => {
    const root = project({ "app/views.py": VULNERABLE_VIEW });
    const run = await scanIn(root, ["app/views.py", "--root", ".", "--format", "json"], ENV);
    expect(places(JSON.parse(run.stdout) as JsonReport)).toEqual(["app/views.py:11:command-injection"]);
  });
});

describe("--max-file-size 0 keeps a hard ceiling (item 16)", () => {
  it("skips a 600 MB file with a warning and scans the rest", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    // text at the start (so it is not taken for binary), then a sparse 600 MB tail: costs no disk
    const fd = openSync(join(root, "generated_tables.py"), "w");
    writeSync(fd, "# generated lookup tables\n".repeat(400));
    writeSync(fd, "\n", 600 * 1024 * 1024);
    closeSync(fd);
    const run = await scanIn(root, [".", "--format", "json", "--max-file-size", "0"], ENV);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(places(report)).toEqual(["app.py:11:command-injection"]);
    const notice = report.notifications.find((n) => n.path === "generated_tables.py");
    expect(notice?.kind).toBe("too-large");
    expect(notice?.message).toMatch(/hard ceiling of 64(?:\.0)? MiB/);
    expect(HARD_MAX_FILE_SIZE).toBe(64 * 1024 * 1024);
  });
});

describe("--diff '' (item 17)", () => {
  it("is a usage error, not a scan of everything", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW });
    const run = await scanIn(root, [".", "--diff", ""], ENV);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--diff: the git ref is empty/);
    expect(run.stdout).toBe("");
  });
});

describe("two scans of the same tree (item 17, README claim)", () => {
  it("differ only in the start and end times and the measured durations", async () => {
    const root = project({ "app.py": VULNERABLE_VIEW, "lib/helpers.py": "import hashlib\n\n\ndef digest(b):\n    return hashlib.md5(b).hexdigest()\n" });
    const once = async (format: string) => (await scanIn(root, [".", "--format", format], ENV)).stdout;
    const volatile = /"(?:startTime|endTime|startTimeUtc|endTimeUtc|durationMs|parseMs)": (?:"[^"]*"|\d+)/g;
    for (const format of ["json", "sarif"]) {
      const [a, b] = [await once(format), await once(format)];
      expect(a.replace(volatile, "")).toBe(b.replace(volatile, ""));
    }
  });
});
