"""`robot-guide` command line: one subcommand module each, argparse only here."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from robot_guide import __version__
from robot_guide.cli.errors import CliError

# Each module has `register(subparsers)`, which adds its parser and sets `handler` to a function(args) -> int.
# Modules are imported lazily by name, so `robot-guide ask` never pays for Whisper or rclpy imports.
COMMAND_MODULES = {
    "ask": "robot_guide.cli.ask",
    "sim": "robot_guide.cli.sim",
    "up": "robot_guide.cli.up",
    "kb": "robot_guide.cli.kb",
    "bench": "robot_guide.cli.bench",
    "transcribe": "robot_guide.cli.transcribe",
    "report": "robot_guide.cli.report",
    "devices": "robot_guide.cli.devices",
    "fleet": "robot_guide.cli.fleet",
}


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse prints usage plus an error; we print one line that says what to do instead."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser(command: str | None) -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="robot-guide",
        description="Guest interaction for the AiMOGA humanoid robot.",
    )
    parser.add_argument("--version", action="version", version=f"robot-guide {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineErrorParser)
    names = [command] if command in COMMAND_MODULES else list(COMMAND_MODULES)
    for name in names:
        try:
            module = importlib.import_module(COMMAND_MODULES[name])
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("robot_guide"):
                continue  # a command still being built is left out of the list rather than breaking it
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in args_list if not a.startswith("-")), None)
    if command is not None and command not in COMMAND_MODULES:
        known = ", ".join(COMMAND_MODULES)
        print(f"robot-guide: error: unknown command '{command}' (commands: {known})", file=sys.stderr)
        return 2
    parser = build_parser(command)
    args = parser.parse_args(args_list)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2 if args_list else 0
    try:
        return int(handler(args) or 0)
    except CliError as exc:
        print(f"robot-guide: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
