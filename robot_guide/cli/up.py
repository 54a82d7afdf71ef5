"""`robot-guide up`: runs the node set from launch/guide.launch.yaml where `ros2 launch` is not installed."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from robot_guide.cli.errors import CliError
from robot_guide.launcher.launch_file import LaunchFileError, parse_overrides
from robot_guide.launcher.nodeset import describe_node_set, start_node_set


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "up",
        help="start the robot's node set (each node in its own process, restarted if it dies)",
        description="Reads launch/guide.launch.yaml like `ros2 launch` would. Ctrl-C stops every node.",
    )
    parser.add_argument("launch_args", nargs="*", metavar="NAME:=VALUE", help="launch arguments")
    parser.add_argument("--launch-file", type=Path, help="another launch file in the same format")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.launch_file is not None and not args.launch_file.is_file():
        raise CliError(f"launch file {args.launch_file} does not exist")
    try:
        description = describe_node_set(parse_overrides(args.launch_args), path=args.launch_file)
    except LaunchFileError as exc:
        raise CliError(str(exc)) from None
    env = dict(os.environ)
    env.setdefault("PYTHONUNBUFFERED", "1")
    supervisor = start_node_set(description, env, output=sys.stdout)
    # SIGTERM (systemd, a test) stops as cleanly as Ctrl-C does. The handlers only ask: stopping waits for
    # the children, and doing that inside a handler could deadlock on a lock the interrupted code holds.
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, lambda *_: supervisor.request_stop())
    names = ", ".join(spec.name for spec in description.nodes)
    print(f"[launcher] started {names}; Ctrl-C stops them", flush=True)
    return supervisor.run()
