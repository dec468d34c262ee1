/**
 * tar-extraction-traversal: `TarFile.extractall()` / `.extract()` without a safe extraction filter,
 * and `shutil.unpack_archive()` of a possible tar archive without one.
 *
 * Decisions:
 * - The receiver must be traced to tarfile (`tarfile.open(...)`, `TarFile(...)`, `TarFile.open`,
 *   `with tarfile.open(...) as tf`, a parameter annotated `tarfile.TarFile`); an `.extract()` of
 *   unknown origin (zipfile, HTML extractors) is never reported.
 * - `filter="data"`, `"tar"`, `tarfile.data_filter`, `tarfile.tar_filter`, a custom callable, or an
 *   `extraction_filter` set on the object or on `TarFile` in the same scope make the call safe;
 *   `"fully_trusted"` / `tarfile.fully_trusted_filter` do not. A filter that does not fold to a
 *   constant is trusted.
 * - `members=` does not make a call safe: selecting members does not validate their paths.
 *   Hand-written member validation loops are out of reach of a pattern rule (documented gap).
 * - Python 3.14 made `"data"` the default, but code still runs on older interpreters, so a missing
 *   filter is still reported.
 * - `shutil.unpack_archive()` (3.12+ and security backports accept `filter=`) is reported unless
 *   the format or the constant file name says zip, whose extractor already strips `..` and absolute paths.
 */
import { walk, type PyNode } from "../src/parse/ast.js";
import type { FileModel } from "../src/model/file-model.js";
import type { PatternRule } from "../src/rule.js";
import { calleeIn, constString, methodName, receiver, sourceCallees } from "./lib/python.js";

const TAR_SOURCES = new Set([
  "tarfile.open",
  "tarfile.TarFile",
  "tarfile.TarFile.open",
  "tarfile.TarFile.taropen",
  "tarfile.TarFile.gzopen",
  "tarfile.TarFile.bz2open",
  "tarfile.TarFile.xzopen",
  "tarfile.TarFile.zstopen",
]);

const UNSAFE_FILTERS = new Set(["fully_trusted", "tarfile.fully_trusted_filter"]);
const UNPACK_ARCHIVE = new Set(["shutil.unpack_archive"]);
const NESTED_SCOPES = new Set(["function_definition", "class_definition", "lambda"]);

export const rule: PatternRule = {
  meta: {
    id: "tar-extraction-traversal",
    name: "TarExtractionTraversal",
    shortDescription: "Tar archive extracted without a safe extraction filter",
    fullDescription:
      "A tar archive is extracted with `extractall()`/`extract()` (or `shutil.unpack_archive()`) without `filter=\"data\"`. Member names such as `../../etc/cron.d/job` or absolute paths, and symlink or hard-link members, then write files outside the destination directory.",
    docs: {
      whatItDoes:
        "Flags `extractall()` and `extract()` on a `tarfile.TarFile` — traced through `tarfile.open(...)`, `TarFile(...)`, `with tarfile.open(...) as tf` and parameters annotated `tarfile.TarFile` — when no `filter=` is given or the filter is `\"fully_trusted\"` / `tarfile.fully_trusted_filter`, and `shutil.unpack_archive()` without `filter=` unless the archive is known to be a zip file. `filter=\"data\"`, `filter=\"tar\"`, a custom filter callable, or an `extraction_filter` set on the archive (or on `TarFile`) in the same scope are accepted. Calls named `extract` on anything that is not a tar archive (zipfile, parsers) are never flagged.\n\nA hand-written loop that validates each member before extraction is not recognised; suppress the finding with a justification, or better, switch to `filter=\"data\"`.",
      whyBad:
        "Tar members carry arbitrary names and link targets. Without a filter, Python before 3.14 extracts `../` paths, absolute paths, symlinks pointing anywhere and device files as they are, so an uploaded or downloaded archive can overwrite application code, configuration or SSH keys (CVE-2007-4559 and its many descendants).",
      example: [
        "import tarfile",
        "",
        "",
        "def install_plugin(archive_path: str, plugin_dir: str) -> None:",
        "    with tarfile.open(archive_path) as archive:",
        "        archive.extractall(plugin_dir)",
        "",
      ].join("\n"),
      useInstead: [
        "import tarfile",
        "",
        "",
        "def install_plugin(archive_path: str, plugin_dir: str) -> None:",
        "    with tarfile.open(archive_path) as archive:",
        "        archive.extractall(plugin_dir, filter=\"data\")",
        "",
      ].join("\n"),
      useInsteadText:
        "Pass `filter=\"data\"` (Python 3.12+, and security releases of 3.8–3.11): it refuses absolute paths, `..` components, links leaving the destination and special files. On interpreters without extraction filters, validate every member's resolved path and link target before extracting it.",
      fix:
        "**Unsafe.** `filter=\"data\"` is added to the call (or replaces `\"fully_trusted\"`). It refuses members that would land outside the destination, absolute paths, links pointing outside, and device files, and drops group/other write bits and set-uid bits: archives that rely on any of that stop extracting as before, so the fix is applied only with `--fix --unsafe-fixes`. The `filter` argument exists in Python 3.12 and later and in the security releases 3.8.17, 3.9.17, 3.10.12 and 3.11.4; on an older interpreter the call raises `TypeError`.",
      references: [
        { title: "CWE-22: Improper Limitation of a Pathname to a Restricted Directory", url: "https://cwe.mitre.org/data/definitions/22.html" },
        { title: "OWASP Top 10 2021 A01: Broken Access Control", url: "https://owasp.org/Top10/A01_2021-Broken_Access_Control/" },
        { title: "Python tarfile: extraction filters", url: "https://docs.python.org/3/library/tarfile.html#tarfile-extraction-filter" },
        { title: "PEP 706: Filter for tarfile.extractall", url: "https://peps.python.org/pep-0706/" },
        { title: "Python shutil.unpack_archive", url: "https://docs.python.org/3/library/shutil.html#shutil.unpack_archive" },
      ],
    },
    cwe: [22],
    owasp: ["A01:2021-Broken Access Control"],
    level: "warning",
    securitySeverity: "7.5",
    precision: "high",
    tags: ["security", "path-traversal", "external/cwe/cwe-22"],
    frameworks: ["tarfile", "shutil"],
    aliases: { bandit: ["B202"], ruff: ["S202"] },
    kind: "pattern",
    fixSafety: ["unsafe"],
  },
  fix(finding, fix) {
    const call = fix.nodeAt(finding.region, "call");
    if (!call) return undefined;
    const value = fix.quote("data");
    const existing = fix.keyword(call, "filter")?.get("value");
    if (existing) return { description: `Extract with filter=${value}`, safety: "unsafe", edits: [fix.replace(existing, value)] };
    if (fix.model.callArgs(call).hasSplat) return undefined;
    const edit = fix.addKeyword(call, `filter=${value}`);
    return edit ? { description: `Extract with filter=${value}`, safety: "unsafe", edits: [edit] } : undefined;
  },
  create(ctx) {
    const { model } = ctx;
    return {
      call(call) {
        const method = methodName(call);
        if (method === "extractall" || method === "extract") {
          const archive = receiver(call);
          if (!sourceCallees(model, archive).some((q) => TAR_SOURCES.has(q))) return;
          const verdict = filterVerdict(model, call);
          if (verdict === "safe" || (verdict === "missing" && hasExtractionFilter(model, call, archive))) return;
          ctx.report(
            call,
            verdict === "missing"
              ? `Tar archive extracted with ${method}() and no extraction filter; pass filter="data" so members cannot escape the destination.`
              : `Tar archive extracted with ${method}() and the fully_trusted filter; use filter="data" so members cannot escape the destination.`,
          );
          return;
        }
        if (calleeIn(model, call, UNPACK_ARCHIVE) && filterVerdict(model, call) !== "safe" && !isZip(model, call)) {
          ctx.report(call, `shutil.unpack_archive() without filter="data" lets tar members escape the destination directory; pass filter="data".`);
        }
      },
    };
  },
};

/** Classifies the `filter=` argument of an extraction call. */
function filterVerdict(model: FileModel, call: PyNode): "missing" | "unsafe" | "safe" {
  const args = model.callArgs(call);
  const filter = args.keywords.get("filter");
  if (!filter) return args.hasSplat ? "safe" : "missing";
  const name = constString(model, filter) ?? model.qualifiedName(filter);
  if (filter.type === "none") return "missing";
  return name !== undefined && UNSAFE_FILTERS.has(name) ? "unsafe" : "safe";
}

/** True when `archive.extraction_filter = …` or `TarFile.extraction_filter = …` sets a safe filter in the call's scope or at module level. */
function hasExtractionFilter(model: FileModel, call: PyNode, archive: PyNode | null): boolean {
  const scopeNode = model.scopeOf(call).node;
  let found = false;
  const visit = (root: PyNode): void =>
    walk(root, (n) => {
      if (found) return false;
      if (n !== root && NESTED_SCOPES.has(n.type)) return false;
      if (n.type !== "assignment") return;
      const left = n.get("left");
      if (left?.type !== "attribute" || left.get("attribute")?.text !== "extraction_filter") return;
      const value = n.get("right");
      const valueName = value ? (constString(model, value) ?? model.qualifiedName(value)) : undefined;
      if (valueName !== undefined && UNSAFE_FILTERS.has(valueName)) return;
      const target = left.get("object");
      if (model.qualifiedName(target) === "tarfile.TarFile") found = true;
      else if (target?.type === "identifier" && archive?.type === "identifier" && target.text === archive.text) found = true;
    });
  visit(scopeNode);
  if (!found && scopeNode !== model.root) visit(model.root);
  return found;
}

/** True when `shutil.unpack_archive` is told, or can see from a constant name, that the archive is a zip file. */
function isZip(model: FileModel, call: PyNode): boolean {
  const format = constString(model, model.arg(call, 2, "format"));
  if (format !== undefined) return format === "zip";
  const name = constString(model, model.arg(call, 0, "filename"));
  return name !== undefined && name.toLowerCase().endsWith(".zip");
}
