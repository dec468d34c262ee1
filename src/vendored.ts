/**
 * Third-party packages copied into a project (vendored): a folder with a conventional vendoring name
 * (`lib`, `vendor`, `_vendor`, `third_party`, …) that is evidently a package installation target rather
 * than the application's own code. Such a copy is library code, not the application: its findings are
 * the library's to fix, and reading it as application code takes its framework internals for views.
 * Discovery skips it, like `site-packages`, unless `--no-default-excludes`.
 *
 * The name alone says nothing (`hc/lib/`, `app/lib/` are application code; a marketplace has a `vendor`
 * package), so one of these must hold as well:
 * - the folder holds installed distributions' metadata (`*.dist-info`, `*.egg-info`) or pip's
 *   `vendor.txt` list: `pip install --target lib` put it there;
 * - a Python file beside the folder puts it on the import path by name (`sys.path.insert(0,
 *   os.path.join(HERE, "lib"))`, `site.addsitedir("vendor")`, App Engine's `vendor.add("lib")`): the
 *   packages in it are imported by their own top-level names, as installed libraries are;
 * - three or more of its entries are copies of widely used libraries, by their import names (`tornado`,
 *   `requests`, `six.py`, `dateutil`): an application's own `lib/` or `ext/` holds its own modules, not those
 *   (Medusa's `ext/` and `lib/`, put on the import path by a function far from the folder).
 */
import { closeSync, openSync, readdirSync, readSync } from "node:fs";
import path from "node:path";

/** Folder names projects copy third-party packages into (compared in lower case). */
const VENDOR_DIR_NAMES = new Set(["lib", "libs", "vendor", "vendors", "vendored", "_vendor", "third_party", "thirdparty", "third-party", "3rdparty", "extern", "external", "externals", "deps", "ext", "lib2", "lib3", "ext2", "ext3"]);

/**
 * Import names of widely used third-party libraries (packages, or single modules without `.py`), which an
 * application does not name its own modules after. Three of them in a folder with a vendoring name make it a copy.
 */
const WELL_KNOWN_LIBRARIES = new Set([
  "appdirs", "attr", "attrs", "babel", "backports", "bs4", "cachecontrol", "certifi", "chardet", "charset_normalizer",
  "cherrypy", "click", "colorama", "configobj", "dateutil", "decorator", "dns", "dogpile", "feedparser", "future",
  "html5lib", "httplib2", "idna", "importlib_metadata", "itsdangerous", "jinja2", "jwt", "mako", "markdown",
  "markupsafe", "msgpack", "oauthlib", "packaging", "pkg_resources", "pyasn1", "pygments", "pyparsing", "pytz",
  "requests", "requests_oauthlib", "rsa", "setuptools", "simplejson", "six", "socks", "tornado", "tqdm",
  "typing_extensions", "tzlocal", "urllib3", "webencodings", "websocket", "werkzeug", "yaml", "zipp", "boto", "botocore",
]);

/** Bytes of a sibling script read when looking for the import-path change (it is near the top of an entry script). */
const SCRIPT_HEAD_BYTES = 64 * 1024;

/** Sibling scripts read at most, per folder. */
const MAX_SCRIPTS = 24;

/**
 * Why the folder `name` inside `parentAbs` is a vendored copy of third-party packages, or undefined when it
 * is not one (or does not have a vendoring name). `siblings` are the parent's entries: the Python files
 * among them are read for an import-path change naming the folder.
 */
export function vendoredReason(parentAbs: string, name: string, siblings: readonly { name: string; isFile(): boolean }[]): string | undefined {
  if (!VENDOR_DIR_NAMES.has(name.toLowerCase())) return undefined;
  let inside: string[];
  try {
    inside = readdirSync(path.join(parentAbs, name));
  } catch {
    return undefined;
  }
  const meta = inside.find((n) => /\.(?:dist|egg)-info$/.test(n) || n === "vendor.txt");
  if (meta) return `it holds installed packages (${meta})`;
  const known = inside.filter((n) => WELL_KNOWN_LIBRARIES.has(n.replace(/\.py$/, "").toLowerCase())).sort();
  if (known.length >= 3) return `it holds copies of ${known.slice(0, 3).join(", ")}${known.length > 3 ? ` and ${known.length - 3} more libraries` : ""}`;
  const quoted = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const addsPath = new RegExp(`(?:\\bsys\\.path\\.(?:insert|append)|\\bsite\\.addsitedir|\\bvendor\\.add)\\s*\\([^\\n]{0,240}?['"]${quoted}['"]`);
  const scripts = siblings.filter((e) => e.isFile() && e.name.endsWith(".py")).map((e) => e.name).sort();
  for (const script of scripts.slice(0, MAX_SCRIPTS)) {
    const head = readHead(path.join(parentAbs, script));
    if (head !== undefined && addsPath.test(head)) return `${script} puts it on the import path`;
  }
  return undefined;
}

function readHead(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const buf = Buffer.alloc(SCRIPT_HEAD_BYTES);
    const n = readSync(fd, buf, 0, SCRIPT_HEAD_BYTES, 0);
    return buf.subarray(0, n).toString("utf8");
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
