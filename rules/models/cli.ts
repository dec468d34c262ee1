/**
 * Command-line input, a local source (only with `--include-local-sources`, reported one level
 * lower): the process arguments and environment, the console, parsed options (argparse, optparse),
 * and the parameters of Click and Typer commands. Option names are not input; their values are.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const ARGPARSE = "argparse.ArgumentParser";
const OPTPARSE = "optparse.OptionParser";

export const cli: TaintModel = {
  name: "cli",
  localTriggers: ["argparse", "optparse", "getopt", "click", "typer", "fire"],
  types: [
    { type: ARGPARSE, class: ["argparse.ArgumentParser"] },
    { type: "argparse.Subparsers", on: [ARGPARSE], method: ["add_subparsers"] },
    { type: ARGPARSE, on: ["argparse.Subparsers"], method: ["add_parser"] },
    { type: OPTPARSE, class: ["optparse.OptionParser"] },
    { type: "click.Group", class: ["click.Group", "click.core.Group"], call: ["click.group"] },
    { type: "typer.Typer", class: ["typer.Typer", "typer.main.Typer"] },
  ],
  sources: [
    { label: "sys.argv", name: ["sys.argv"], local: true },
    { label: "os.environ", name: ["os.environ", "os.environb"], local: true },
    { label: "os.getenv()", call: ["os.getenv", "os.getenvb"], local: true },
    { label: "input()", call: ["builtins.input", "builtins.raw_input"], local: true },
    { label: "sys.stdin", name: ["sys.stdin"], local: true },
    { label: "parser.parse_args()", on: [ARGPARSE], method: ["parse_args", "parse_known_args", "parse_intermixed_args", "parse_known_intermixed_args"], local: true },
    { label: "parser.parse_args()", on: [OPTPARSE], method: ["parse_args"], local: true },
  ],
  endpoints: [
    {
      framework: "click",
      local: true,
      requiresImport: ["click"],
      decoratorNames: ["click.command", "click.group"],
      decorators: ["command", "group"],
      appTypes: ["click.Group"],
      params: "all",
      // `@click.pass_context` passes the context first
      objects: [{ names: ["ctx", "context"] }],
      paramLabel: "command-line parameter",
    },
    {
      framework: "typer",
      local: true,
      requiresImport: ["typer"],
      decorators: ["command", "callback"],
      appTypes: ["typer.Typer"],
      registrations: [{ call: ["typer.run"], view: { pos: 0, kw: "function" } }],
      params: "annotated",
      objectAnnotations: [{ class: ["typer.Context", "click.Context"], type: "typer.Context" }],
      safeAnnotations: ["builtins.int", "builtins.float", "builtins.bool", "uuid.UUID", "datetime.datetime"],
      paramLabel: "command-line parameter",
    },
  ],
};
