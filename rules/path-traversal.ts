/**
 * path-traversal: request data choosing which file or directory is opened, written, deleted or
 * sent.
 *
 * Decisions:
 * - `send_from_directory`, `safe_join`, `secure_filename` and `os.path.basename` keep a name inside
 *   its folder; a `realpath`/`abspath`/`normpath` (or `Path.resolve`) followed by a `startswith`
 *   (or `is_relative_to`) check that aborts, returns or raises contains it too. A `startswith`
 *   check on a path that was not normalised does not (`/srv/files/../etc/passwd`).
 * - Joining input under a fixed folder with `os.path.join` or `/` does not help: `..` and absolute
 *   paths escape it.
 * - A file-opening call already reported is not reported again where its result is passed on.
 */
import type { TaintRule } from "../src/rule.js";
import { PATH_FIX_DOCS, pathFix } from "./lib/path-fix.js";

export const rule: TaintRule = {
  meta: {
    id: "path-traversal",
    name: "PathTraversal",
    shortDescription: "User input chooses a file-system path",
    fullDescription:
      "Data from an HTTP request is used as (part of) a path that is opened, read, written, listed, moved or deleted, or sent back as a file, so `../` sequences or absolute paths let the client reach files outside the intended folder.",
    docs: {
      whatItDoes:
        "Follows request data from every entry point pysast models (web stacks, serverless handlers, GraphQL resolvers, task queues; see `docs/frameworks.md`) to `open`, `io.open`, `codecs.open`, `os.open`, `os.remove/unlink/rmdir/rename/replace/listdir/scandir/makedirs/mkdir/chmod`, `shutil.copy*/move/rmtree/make_archive/unpack_archive`, compressed files and archives opened by name (`gzip.open`, `bz2.open`/`BZ2File`, `lzma.open`, `tarfile.open`/`TarFile`; an open file object given as `fileobj=` is not a path), `pathlib.Path` objects built from input (also with `/`) that are opened, read, written or deleted, Flask `send_file`, Starlette/FastAPI `FileResponse`, Django `FileResponse`, uploads saved under the client's file name (`FileStorage.save`), and probes that reveal whether a chosen path exists (`os.path.exists/isfile/isdir/getsize`, `os.stat`, `Path.exists/is_file/is_dir/stat`).\n\nNot reported: `send_from_directory`, Django's `django.views.static.serve` (it joins with `safe_join` under `document_root`), names passed through `secure_filename`, `safe_join`, `os.path.basename` or pathvalidate's `sanitize_filename` (one path component; its `sanitize_filepath` keeps separators and is not a sanitizer), paths normalised with `realpath`/`abspath`/`normpath`/`resolve()` and then checked with `startswith`/`is_relative_to` (or `base in path.resolve().parents`, or `path.relative_to(base)` inside a `try` whose `except ValueError` leaves) before use, a resolved path's `relative_to(base)` result, GridFS files (content, not paths), allow-listed names and names fully matched by a regular expression without `.` or `/`. A name checked by hand is not reported when it is joined under a constant folder and cannot climb out: it holds no `..` (or no `../`, with nothing but the end after it) and, for `os.path.join`/`Path /`, is not absolute (`name.startswith(\"/\")` or `os.path.isabs(name)` rejected). `request.path` of a Flask view whose route has no variables is the route itself, not input.",
      whyBad:
        "`os.path.join(\"/srv/files\", name)` with `name = \"../../etc/passwd\"` or `\"/etc/passwd\"` points outside the folder; reading discloses secrets (keys, configuration, source), writing can plant code or overwrite data, deleting destroys it.",
      example: [
        "import os",
        "",
        "from flask import Flask, request, send_file",
        "",
        "app = Flask(__name__)",
        'REPORTS = "/srv/app/reports"',
        "",
        "",
        '@app.route("/report")',
        "def report():",
        '    name = request.args["name"]',
        "    return send_file(os.path.join(REPORTS, name))",
        "",
      ].join("\n"),
      useInstead: [
        "from flask import Flask, request, send_from_directory",
        "",
        "app = Flask(__name__)",
        'REPORTS = "/srv/app/reports"',
        "",
        "",
        '@app.route("/report")',
        "def report():",
        '    name = request.args["name"]',
        "    return send_from_directory(REPORTS, name)",
        "",
      ].join("\n"),
      useInsteadText:
        "Serve files with `send_from_directory` (Flask) or join with `werkzeug.security.safe_join`, reduce uploaded names with `secure_filename`, or resolve the joined path with `os.path.realpath` and refuse it unless it starts with the base folder plus a separator. Better, keep files under server-generated ids and map ids to paths yourself.",
      fix: PATH_FIX_DOCS,
      references: [
        { title: "CWE-22: Improper Limitation of a Pathname to a Restricted Directory", url: "https://cwe.mitre.org/data/definitions/22.html" },
        { title: "OWASP Top 10 2021 A01: Broken Access Control", url: "https://owasp.org/Top10/A01_2021-Broken_Access_Control/" },
        { title: "OWASP: Path Traversal", url: "https://owasp.org/www-community/attacks/Path_Traversal" },
        { title: "Flask send_from_directory", url: "https://flask.palletsprojects.com/en/stable/api/#flask.send_from_directory" },
        { title: "Werkzeug secure_filename and safe_join", url: "https://werkzeug.palletsprojects.com/en/stable/utils/#werkzeug.utils.secure_filename" },
      ],
    },
    cwe: [22],
    owasp: ["A01:2021-Broken Access Control"],
    level: "error",
    securitySeverity: "7.5",
    precision: "high",
    tags: ["security", "path-traversal", "taint", "external/cwe/cwe-22"],
    frameworks: ["flask", "werkzeug", "django", "fastapi", "starlette", "os", "shutil", "pathlib"],
    aliases: {},
    kind: "taint",
    fixSafety: ["unsafe"],
  },
  sinkKinds: ["path"],
  fix: (finding, fix) => pathFix(fix.nodeAt(finding.region, "call"), fix),
};
