/**
 * The Python standard library: command execution, dynamic code, deserialisation,
 * file-system access, string and path helpers, numeric casts, validation guards.
 */
import type { SinkArg, SinkSpec, TaintModel } from "../../src/taint/model-types.js";
import { PERCENT_ENCODED } from "./urls.js";

const PATH_TYPE = "pathlib.Path";
const LOOP = "asyncio.Loop";
const ZIP = "zipfile.ZipFile";
const TAR = "tarfile.TarFile";
/** What stays dangerous in the contents of a file an upload was written to: code, pickles, templates. */
const WRITTEN = ["code", "deserialization", "template"];
const EXECUTOR = "concurrent.futures.Executor";

const SUBPROCESS = ["call", "check_call", "check_output", "run", "Popen"].map((f) => `subprocess.${f}`);
const SHELL = { arg: { kw: "shell" }, truthy: true };
/** Programs that run what they read on standard input as code, or as a shell script. */
const INTERPRETERS = "^(python[0-9.]*|pypy[0-9.]*|node|nodejs|deno|perl|ruby|php|lua|Rscript|osascript)$";
const SHELL_PROGRAMS = "^(sh|bash|zsh|dash|ksh|ash|fish|csh|tcsh|cmd|cmd\\.exe|powershell|powershell\\.exe|pwsh)$";
const INTERPRETER_PROCESS = "subprocess.InterpreterProcess";
const INTERPRETER_STDIN = "subprocess.InterpreterStdin";
const SHELL_PROCESS = "subprocess.ShellProcess";
const SHELL_STDIN = "subprocess.ShellStdin";

/** `os.remove(p)`-style calls whose first (and, for two-path calls, second) argument is a path. */
function pathCalls(names: string[], args: SinkArg[]): SinkSpec {
  return { kind: "path", call: names, args, consumes: true };
}

const FILE_CONTENT = ["sql", "command", "ldap", "xpath", "xss", "path"];

const EXEC = ["execl", "execle", "execlp", "execlpe", "execv", "execve", "execvp", "execvpe"].map((f) => `os.${f}`);
const SPAWN = ["spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe"].map((f) => `os.${f}`);
const PICKLE = ["pickle", "cPickle", "_pickle", "dill", "cloudpickle"].flatMap((m) => [`${m}.loads`, `${m}.load`]);
const SAFE_YAML_LOADERS = ["SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"].flatMap((l) => [`yaml.${l}`, `yaml.loader.${l}`, `yaml.cyaml.${l}`]);

/**
 * Exceptions whose text describes the server rather than the request: generic catch-alls, OS and
 * network errors (paths, hosts), runtime errors (code), database and subprocess errors (queries,
 * commands). `ValueError`, `KeyError` and project-defined exceptions usually carry messages
 * written for the client and are not sources.
 */
const INTERNAL_ERRORS = [
  ...[
    "Exception",
    "BaseException",
    "OSError",
    "IOError",
    "EnvironmentError",
    "FileNotFoundError",
    "PermissionError",
    "IsADirectoryError",
    "NotADirectoryError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "TimeoutError",
    "RuntimeError",
    "AttributeError",
    "TypeError",
    "NameError",
    "ImportError",
    "ModuleNotFoundError",
    "AssertionError",
    "NotImplementedError",
    "RecursionError",
    "MemoryError",
    "SystemError",
  ].map((e) => `builtins.${e}`),
  ...["Error", "DatabaseError", "OperationalError", "IntegrityError", "ProgrammingError", "InterfaceError"].map((e) => `sqlite3.${e}`),
  "subprocess.CalledProcessError",
  "subprocess.SubprocessError",
  "subprocess.TimeoutExpired",
  "socket.error",
  "socket.gaierror",
  "socket.timeout",
  "smtplib.SMTPException",
  "ssl.SSLError",
  "urllib.error.URLError",
  "urllib.error.HTTPError",
];

/** An exception bound by `except ... as e`, for what its attributes say. */
const CAUGHT_ERROR = "builtins.BaseException";

export const stdlib: TaintModel = {
  name: "stdlib",
  sources: [
    // error disclosure: what an exception or a traceback says about the server
    { label: "exception", caught: INTERNAL_ERRORS, kinds: ["error-disclosure"], type: CAUGHT_ERROR },
    { label: "traceback", call: ["traceback.format_exc", "traceback.format_exception", "traceback.format_tb", "traceback.format_stack", "traceback.extract_tb", "sys.exc_info"], kinds: ["error-disclosure"] },
  ],
  syntaxes: { command: "shell", code: "python", path: "path" },
  constants: {
    "string.ascii_letters": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "string.ascii_lowercase": "abcdefghijklmnopqrstuvwxyz",
    "string.ascii_uppercase": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "string.digits": "0123456789",
    "string.hexdigits": "0123456789abcdefABCDEF",
    "string.octdigits": "01234567",
  },
  types: [
    { type: PATH_TYPE, class: ["pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.WindowsPath", "pathlib.PurePosixPath", "pathlib.PureWindowsPath"] },
    { type: PATH_TYPE, on: [PATH_TYPE], method: ["joinpath", "with_name", "with_suffix", "with_stem", "expanduser", "relative_to"], attr: ["parent"] },
    { type: "code.Interpreter", class: ["code.InteractiveInterpreter", "code.InteractiveConsole"] },
    // `Popen(["python3"], stdin=PIPE)`: what is written to it is code
    { type: INTERPRETER_PROCESS, class: ["subprocess.Popen"], when: [{ arg: { pos: 0, kw: "args" }, program: INTERPRETERS }] },
    { type: SHELL_PROCESS, class: ["subprocess.Popen"], when: [{ arg: { pos: 0, kw: "args" }, program: SHELL_PROGRAMS }] },
    { type: INTERPRETER_STDIN, on: [INTERPRETER_PROCESS], attr: ["stdin"] },
    { type: SHELL_STDIN, on: [SHELL_PROCESS], attr: ["stdin"] },
    { type: ZIP, class: ["zipfile.ZipFile"] },
    { type: TAR, call: ["tarfile.open", "tarfile.TarFile.open", "tarfile.TarFile"] },
    { type: LOOP, call: ["asyncio.get_event_loop", "asyncio.get_running_loop", "asyncio.new_event_loop"] },
    { type: EXECUTOR, class: ["concurrent.futures.ThreadPoolExecutor", "concurrent.futures.ProcessPoolExecutor", "concurrent.futures.thread.ThreadPoolExecutor", "concurrent.futures.process.ProcessPoolExecutor"] },
  ],
  sinks: [
    // command injection
    { kind: "command", call: ["os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "popen2.popen2", "popen2.popen3", "popen2.popen4"], args: [{ pos: 0, kw: "cmd" }, { kw: "command" }] },
    { kind: "command", call: ["subprocess.getoutput", "subprocess.getstatusoutput", "commands.getoutput", "commands.getstatusoutput"], args: [{ pos: 0, kw: "cmd" }] },
    { kind: "command", call: SUBPROCESS, when: [SHELL], args: [{ pos: 0, kw: "args" }] },
    { kind: "command", call: SUBPROCESS, unless: [SHELL], args: [{ pos: 0, kw: "args", mode: "argv" }, { kw: "executable" }] },
    { kind: "command", call: ["asyncio.create_subprocess_shell"], args: [{ pos: 0, kw: "cmd" }] },
    { kind: "command", on: [LOOP], method: ["subprocess_shell"], untyped: ["asyncio"], args: [{ pos: 1, kw: "cmd" }] },
    { kind: "command", on: [LOOP], method: ["subprocess_exec"], untyped: ["asyncio"], args: [{ pos: 1, kw: "program", mode: "program" }] },
    { kind: "command", call: ["platform.popen"], args: [{ pos: 0, kw: "cmd" }] },
    // a script piped to a shell's or an interpreter's standard input
    { kind: "command", call: SUBPROCESS, when: [{ arg: { pos: 0, kw: "args" }, program: SHELL_PROGRAMS }], args: [{ kw: "input" }] },
    { kind: "command", on: [SHELL_PROCESS], method: ["communicate"], args: [{ pos: 0, kw: "input" }] },
    { kind: "command", on: [SHELL_STDIN], method: ["write", "writelines"], args: [{ pos: 0 }] },
    { kind: "command", call: ["asyncio.create_subprocess_exec"], args: [{ pos: 0, kw: "program", mode: "program" }] },
    { kind: "command", call: EXEC, args: [{ pos: 0, kw: "path", mode: "program" }] },
    { kind: "command", call: SPAWN, args: [{ pos: 1, kw: "path", mode: "program" }] },
    { kind: "command", call: ["os.posix_spawn", "os.posix_spawnp"], args: [{ pos: 0, kw: "path", mode: "program" }, { pos: 1, kw: "argv", mode: "argv" }] },
    { kind: "command", call: ["pty.spawn"], args: [{ pos: 0, kw: "argv", mode: "argv" }] },
    // code injection
    { kind: "code", call: ["builtins.eval", "builtins.exec", "builtins.execfile"], args: [{ pos: 0, kw: "source" }] },
    { kind: "code", call: ["builtins.compile"], args: [{ pos: 0, kw: "source" }] },
    { kind: "code", on: ["code.Interpreter"], method: ["runsource", "runcode", "push"], args: [{ pos: 0, kw: "source" }] },
    { kind: "code", call: ["_xxsubinterpreters.run_string", "_interpreters.run_string", "_interpreters.exec", "_xxsubinterpreters.exec"], args: [{ pos: 1, kw: "script" }] },
    { kind: "code", call: SUBPROCESS, when: [{ arg: { pos: 0, kw: "args" }, program: INTERPRETERS }], args: [{ kw: "input" }] },
    { kind: "code", on: [INTERPRETER_PROCESS], method: ["communicate"], args: [{ pos: 0, kw: "input" }] },
    { kind: "code", on: [INTERPRETER_STDIN], method: ["write", "writelines"], args: [{ pos: 0 }] },
    { kind: "code", call: ["builtins.__import__", "importlib.import_module", "importlib.__import__"], args: [{ pos: 0, kw: "name" }], level: "warning" },
    // deserialisation
    { kind: "deserialization", call: [...PICKLE, "marshal.loads", "marshal.load", "jsonpickle.decode", "jsonpickle.loads", "jsonpickle.unpickler.decode"], args: [{ pos: 0 }] },
    { kind: "deserialization", call: ["pickle.Unpickler", "cPickle.Unpickler", "_pickle.Unpickler", "dill.Unpickler"], args: [{ pos: 0, kw: "file" }] },
    { kind: "deserialization", call: ["joblib.load"], args: [{ pos: 0, kw: "filename" }] },
    { kind: "deserialization", call: ["numpy.load"], when: [{ arg: { kw: "allow_pickle" }, truthy: true }], args: [{ pos: 0, kw: "file" }] },
    { kind: "deserialization", call: ["torch.load"], unless: [{ arg: { kw: "weights_only" }, truthy: true }], args: [{ pos: 0, kw: "f" }] },
    { kind: "deserialization", call: ["shelve.open"], args: [{ pos: 0, kw: "filename" }] },
    { kind: "deserialization", call: ["yaml.load", "yaml.load_all"], args: [{ pos: 0, kw: "stream" }], unless: [{ arg: { pos: 1, kw: "Loader" }, names: SAFE_YAML_LOADERS }] },
    { kind: "deserialization", call: ["yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all"], args: [{ pos: 0, kw: "stream" }] },
    // path traversal
    pathCalls(["builtins.open", "io.open", "codecs.open", "os.open", "io.FileIO", "os.listdir", "os.scandir", "os.walk", "os.remove", "os.unlink", "os.rmdir", "os.removedirs", "os.makedirs", "os.mkdir", "os.chmod", "os.chown", "os.truncate", "shutil.rmtree"], [
      { pos: 0, kw: "file" },
      { kw: "path" },
      { kw: "filename" },
      { kw: "name" },
    ]),
    // probing a path the user chose tells them which files exist
    pathCalls(["os.path.exists", "os.path.lexists", "os.path.isfile", "os.path.isdir", "os.path.islink", "os.path.getsize", "os.path.getmtime", "os.path.getatime", "os.path.getctime", "os.stat", "os.lstat", "os.access"], [
      { pos: 0, kw: "path" },
    ]),
    pathCalls(["os.rename", "os.renames", "os.replace", "os.link", "os.symlink", "shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.copytree", "shutil.move", "shutil.copymode", "shutil.copystat"], [
      { pos: 0, kw: "src" },
      { pos: 1, kw: "dst" },
    ]),
    // compressed files and archives opened by name (an open file object goes to `fileobj=`)
    pathCalls(["gzip.open", "gzip.GzipFile", "bz2.open", "bz2.BZ2File", "lzma.open", "lzma.LZMAFile"], [{ pos: 0, kw: "filename" }]),
    pathCalls(["tarfile.open", "tarfile.TarFile.open", "tarfile.TarFile"], [{ pos: 0, kw: "name" }]),
    pathCalls(["shutil.make_archive"], [{ pos: 0, kw: "base_name" }, { pos: 2, kw: "root_dir" }]),
    pathCalls(["shutil.unpack_archive"], [{ pos: 0, kw: "filename" }, { pos: 1, kw: "extract_dir" }]),
    {
      kind: "path",
      on: [PATH_TYPE],
      method: ["open", "read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rmdir", "touch", "mkdir", "iterdir", "chmod", "rename", "replace", "symlink_to", "hardlink_to", "exists", "is_file", "is_dir", "is_symlink", "stat", "lstat"],
      args: [{ mode: "receiver" }],
      consumes: true,
    },
    { kind: "path", on: [PATH_TYPE], method: ["rename", "replace"], args: [{ pos: 0, kw: "target" }] },
    // methods only path objects have, on a receiver of unknown origin that carries input
    { kind: "path", method: ["read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rename", "symlink_to", "hardlink_to"], untyped: true, args: [{ mode: "receiver" }], consumes: true },
  ],
  // text methods without arguments give the same text each time: a check of `name.lower()` holds for the next `name.lower()`
  pureAccessors: ["lower", "upper", "casefold", "strip", "lstrip", "rstrip"],
  sanitizers: [
    { call: ["shlex.quote", "pipes.quote"], kinds: ["command"] },
    { call: ["os.path.basename", "posixpath.basename", "ntpath.basename"], kinds: ["path"] },
    // the last component (and its stem or suffix) holds no separator; `parent` and `parts` keep `..`
    { on: [PATH_TYPE], attr: ["name", "stem", "suffix"], kinds: ["path"] },
    { call: ["os.path.split", "posixpath.split", "ntpath.split"], arg: { pos: 0, kw: "p" }, element: { index: 1, of: 2 }, kinds: ["path"] },
    // the extension starts at the last dot after the last separator: `.` and text without a separator
    { call: ["os.path.splitext", "posixpath.splitext", "ntpath.splitext"], arg: { pos: 0, kw: "p" }, element: { index: 1, of: 2 }, kinds: ["path"] },
    // an in-memory buffer is not a path, whatever it holds
    { call: ["io.BytesIO", "io.StringIO"], kinds: ["path"] },
    // what a file holds is not the request's text, even when the request chose the file; only
    // loading it as code or as a pickle stays dangerous (the file may be an earlier upload)
    { call: ["builtins.open", "io.open", "codecs.open", "io.FileIO"], kinds: FILE_CONTENT },
    { on: [PATH_TYPE], method: ["open", "read_text", "read_bytes"], kinds: FILE_CONTENT },
    // without quote escaping, input placed in an attribute or a quoted XPath literal can close it
    { call: ["html.escape"], kinds: ["xss", "xpath"], unless: [{ arg: { pos: 1, kw: "quote" }, truthy: false, absent: false }] },
    { call: ["cgi.escape"], kinds: ["xss", "xpath"], unless: [{ arg: { pos: 1, kw: "quote" }, truthy: false, absent: true }] },
    { call: ["xml.sax.saxutils.escape"], kinds: ["xss"] },
    { call: ["xml.sax.saxutils.quoteattr"], kinds: ["xss", "xpath"] },
    // conversions that raise on anything but a number or a UUID: they check their argument too
    { call: ["builtins.int", "builtins.float", "builtins.complex", "decimal.Decimal", "fractions.Fraction", "uuid.UUID"], kinds: "all", checks: true },
    { call: ["builtins.bool"], kinds: "all" },
    // a parsed date or time is an object of numbers (its text is digits, signs and a zone name), whatever
    // the text it was parsed from; the text itself is not checked (a format may take words, `fuzzy=True` anything)
    {
      call: [
        ...["datetime.datetime.strptime", "datetime.datetime.fromisoformat", "datetime.date.fromisoformat", "datetime.time.fromisoformat", "time.strptime"],
        ...["dateutil.parser.parse", "dateutil.parser.isoparse", "arrow.get", "pendulum.parse", "iso8601.parse_date", "ciso8601.parse_datetime"],
      ],
      kinds: "all",
    },
    // `repr()` of data (text, numbers, the lists and dicts JSON makes) is a Python literal that
    // evaluates back to that data: `eval("parse(" + repr(text) + ")")`. Not inside a quoted literal
    // of the code (`"'" + repr(text) + "'"` puts its content outside the quotes), which is unusual.
    { call: ["builtins.repr"], kinds: ["code"] },
    // an exception's class (`type(e).__name__`, `e.__class__.__name__`) names what failed, not why
    { call: ["builtins.type"], kinds: ["error-disclosure"] },
    { on: [CAUGHT_ERROR], attr: ["__class__"], kinds: ["error-disclosure"] },
  ],
  propagators: [
    { call: ["builtins.len", "builtins.ord", "builtins.hash", "builtins.id", "builtins.abs", "builtins.round", "builtins.divmod", "builtins.bin", "builtins.hex", "builtins.oct", "builtins.callable", "builtins.hasattr"], result: "clean" },
    { call: ["os.path.exists", "os.path.lexists", "os.path.isfile", "os.path.isdir", "os.path.isabs", "os.path.islink", "os.path.getsize", "os.path.getmtime"], result: "clean" },
    { call: ["base64.b64encode", "base64.standard_b64encode", "base64.encodebytes"], fold: "base64-encode" },
    { call: ["base64.urlsafe_b64encode"], fold: "base64-urlsafe-encode" },
    // decoding base64 gives back whatever was encoded, line breaks included (a `Basic` credential of a header)
    { call: ["base64.b64decode", "base64.standard_b64decode", "base64.decodebytes"], fold: "base64-decode", restores: ["log"] },
    { call: ["base64.urlsafe_b64decode"], fold: "base64-urlsafe-decode", restores: ["log"] },
    // decoding undoes `quote()`: what it encoded is text again
    { call: ["urllib.parse.unquote"], fold: "url-unquote", restores: PERCENT_ENCODED },
    { call: ["urllib.parse.unquote_plus"], fold: "url-unquote-plus", restores: PERCENT_ENCODED },
    { call: ["os.path.join", "posixpath.join"], joinsPaths: true },
    { call: ["pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.PurePosixPath"], joinsPaths: true, returns: PATH_TYPE },
    // `base.joinpath(name)` is a path whatever `base` came from (`settings.MEDIA_ROOT`)
    { on: [PATH_TYPE], method: ["joinpath"], untyped: true, joinsPaths: true, returns: PATH_TYPE },
    { call: ["os.path.realpath", "os.path.abspath", "os.path.normpath", "posixpath.realpath", "posixpath.abspath", "posixpath.normpath"], normalizes: true },
    { on: [PATH_TYPE], method: ["resolve", "absolute"], normalizes: true, returns: PATH_TYPE },
    { call: ["html.unescape", "xml.sax.saxutils.unescape"], restores: ["xss", "xpath"] },
    { call: ["re.compile"], returns: "re.Pattern", attrs: { pattern: { pos: 0, kw: "pattern" }, flags: { pos: 1, kw: "flags" } } },
    // copies keep the shape of what they copy
    { call: ["copy.copy", "copy.deepcopy"], result: { pos: 0, kw: "x" } },
    // a code object is made of its source: the file name and mode are labels, not code
    { call: ["builtins.compile"], result: { pos: 0, kw: "source" } },
    { call: ["uuid.uuid1", "uuid.uuid3", "uuid.uuid4", "uuid.uuid5", "secrets.token_hex", "secrets.token_urlsafe"], result: "clean" },
  ],
  guards: [
    // where the path is not absolute, joining it under a folder keeps the folder
    { call: ["os.path.isabs", "posixpath.isabs"], kinds: [], falseExcludes: ["^/"] },
    { method: ["isdigit", "isnumeric", "isdecimal", "isalnum", "isalpha", "isidentifier"], untyped: true, kinds: "all" },
    { method: ["startswith"], untyped: true, kinds: ["path"], normalized: true },
    { on: [PATH_TYPE], method: ["is_relative_to"], kinds: ["path"], normalized: true },
    // `candidate.relative_to(root)` raises ValueError for a path outside `root`
    { on: [PATH_TYPE], method: ["relative_to"], kinds: ["path"], normalized: true, raises: true },
    {
      call: ["builtins.isinstance"],
      kinds: "all",
      when: { arg: { pos: 1 }, names: ["builtins.int", "builtins.float", "builtins.bool", "builtins.complex", "decimal.Decimal", "uuid.UUID", "fractions.Fraction"] },
    },
    // `if isinstance(item, Exception): raise item`: where the test failed the item is no exception (a queue of
    // results or errors handed from a worker); an exception is what error disclosure is about
    { call: ["builtins.isinstance"], kinds: [], falseKinds: ["error-disclosure"], when: { arg: { pos: 1 }, names: ["builtins.Exception", "builtins.BaseException"] } },
  ],
  regexGuards: [
    { call: ["re.fullmatch"], anchoring: "full", pattern: { pos: 0, kw: "pattern" }, subject: { pos: 1, kw: "string" }, flags: { pos: 2, kw: "flags" } },
    { call: ["re.match"], anchoring: "start", pattern: { pos: 0, kw: "pattern" }, subject: { pos: 1, kw: "string" }, flags: { pos: 2, kw: "flags" } },
    { call: ["re.search"], anchoring: "none", pattern: { pos: 0, kw: "pattern" }, subject: { pos: 1, kw: "string" }, flags: { pos: 2, kw: "flags" } },
    { on: ["re.Pattern"], method: ["fullmatch"], anchoring: "full", subject: { pos: 0, kw: "string" } },
    { on: ["re.Pattern"], method: ["match"], anchoring: "start", subject: { pos: 0, kw: "string" } },
    { on: ["re.Pattern"], method: ["search"], anchoring: "none", subject: { pos: 0, kw: "string" } },
  ],
  regexSanitizers: [
    { call: ["re.sub"], pattern: { pos: 0, kw: "pattern" }, replacement: { pos: 1, kw: "repl" }, subject: { pos: 2, kw: "string" } },
    { on: ["re.Pattern"], method: ["sub"], replacement: { pos: 0, kw: "repl" }, subject: { pos: 1, kw: "string" } },
  ],
  // debug pages show tracebacks on purpose; debug mode in production is a configuration finding
  developmentOnly: [{ pattern: "(^|_)debug(_|$)", kinds: ["error-disclosure"] }],
  // a value that passed a check the application wrote for it (`if check_for_language(code):`,
  // `if not is_valid_coupon(c): abort(400)`) was validated: enough to keep it in the session
  checkPredicates: [
    {
      pattern: "^_*(?:check|validate|verify|valid|is_valid|is_allowed|is_safe|is_supported|is_known|is_permitted|is_acceptable)(?:_|$)|_(?:is_valid|valid|allowed|permitted|supported)$",
      kinds: ["session"],
    },
  ],
  writes: [
    // an uploaded archive's members, extracted and read back, are still the uploader's
    { on: [ZIP, TAR], method: ["extractall"], from: "receiver", to: { pos: 0, kw: "path" }, kinds: WRITTEN },
    { on: [ZIP, TAR], method: ["extract"], from: "receiver", to: { pos: 1, kw: "path" }, kinds: WRITTEN },
    { call: ["shutil.unpack_archive"], from: { pos: 0, kw: "filename" }, to: { pos: 1, kw: "extract_dir" }, kinds: WRITTEN },
    { call: ["shutil.copyfileobj"], from: { pos: 0, kw: "fsrc" }, to: { pos: 1, kw: "fdst" }, kinds: WRITTEN },
  ],
  invokers: [
    // functions run elsewhere with the given arguments: `run_in_executor(None, os.system, cmd)`
    // `await loop.run_in_executor(None, f, x)` and `await asyncio.to_thread(f, x)` are what `f(x)` returns
    { on: [LOOP], method: ["run_in_executor"], untyped: ["asyncio"], target: { pos: 1, kw: "func" }, argsFrom: 2, result: true },
    { on: [LOOP], method: ["call_soon", "call_soon_threadsafe"], target: { pos: 0, kw: "callback" }, argsFrom: 1 },
    { call: ["asyncio.to_thread"], target: { pos: 0, kw: "func" }, argsFrom: 1, kwargs: true, result: true },
    { on: [EXECUTOR], method: ["submit"], target: { pos: 0, kw: "fn" }, argsFrom: 1, kwargs: true },
    { call: ["threading.Thread", "multiprocessing.Process"], target: { pos: 1, kw: "target" }, argsArg: { pos: 3, kw: "args" }, kwargsArg: { pos: 4, kw: "kwargs" } },
    { call: ["threading.Timer"], target: { pos: 1, kw: "function" }, argsArg: { pos: 2, kw: "args" }, kwargsArg: { pos: 3, kw: "kwargs" } },
  ],
  noReturn: ["sys.exit", "builtins.exit", "builtins.quit", "os._exit", "os.abort"],
};
