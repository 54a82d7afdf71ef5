"""`robot-guide sim`: the node set plus a simulated body, driven by typed lines or a scripted visit."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import IO

from robot_guide.cli.errors import CliError
from robot_guide.contracts.escort import Pose2D
from robot_guide.launcher.launch_file import LaunchFileError
from robot_guide.launcher.nodeset import (
    describe_node_set,
    isolated_ros_env,
    start_node_set,
    supervise_in_background,
)
from robot_guide.launcher.supervisor import Supervisor
from robot_guide.paths import state_dir

DEFAULT_POST = "main_entrance"  # the launch file's default post
READY_TIMEOUT_S = 120.0  # first start loads Whisper and pre-renders every answer; a loaded CI machine is slow
SEMANTIC_WAIT_S = 60.0  # dialogue_node's start-up wait for its semantic matcher (a few seconds when idle)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sim",
        help="run the robot's node set with a simulated guest (text or WAV) and print the conversation",
        description=(
            "Starts the real node set with a simulated body. Plain lines are what the guest says; "
            "commands: /arrive [ID], /leave [ID], /wav PATH, /see IMAGE|nobody, "
            "/time YYYY-MM-DD HH:MM, /reload, /block, /unblock, /wait S, /quit."
        ),
    )
    parser.add_argument("--script", type=Path, help="play a scripted visit (YAML in sim/) and check it")
    parser.add_argument("--kb", type=Path, help="knowledge folder (default: the bundled summit knowledge)")
    parser.add_argument("--post", help="where the robot stands (a post id of the knowledge)")
    parser.add_argument("--time", dest="clock", help="the robot's clock, YYYY-MM-DD HH:MM (it runs on)")
    parser.add_argument(
        "--speed", type=float, default=None, help="robot speech plays this many times faster (1 = real time)"
    )
    parser.add_argument("--echo-gain", type=float, default=None, help="how loud the robot hears itself (0-1)")
    parser.add_argument("--echo-delay", type=float, default=None, help="echo delay in seconds")
    parser.add_argument(
        "--echo-lowpass", type=float, default=None, help="echo low-pass cut-off in Hz (0 = full band)"
    )
    parser.add_argument(
        "--echo-reverb", type=float, default=None, help="echo reverb tail (RT60) in seconds (0 = dry)"
    )
    parser.add_argument(
        "--matcher",
        choices=("auto", "lexical", "semantic"),
        help="the dialogue's matcher (default: params file)",
    )
    parser.add_argument("--log", type=Path, help="where node logs go (default: the state folder's sim.log)")
    parser.add_argument("--verbose", action="store_true", help="show node logs on stderr")
    parser.add_argument("--domain-id", type=int, help="ROS_DOMAIN_ID (default: a random private one)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from robot_guide.cli.knowledge_arg import load_knowledge_arg
    from robot_guide.sim.script import ScriptError, load_script

    script = None
    if args.script is not None:
        try:
            script = load_script(args.script)
        except ScriptError as exc:
            raise CliError(str(exc)) from None
    settings = dict(script.settings) if script else {}
    # Checked here, before any node starts, so bad content is one clear line rather than a dead node.
    knowledge, kb = load_knowledge_arg(args.kb)
    post = args.post or settings.get("post") or DEFAULT_POST
    home = kb.map.post(str(post))
    if args.domain_id is not None and not 0 <= args.domain_id <= 101:
        raise CliError("--domain-id must be between 0 and 101")
    with ExitStack() as stack:
        if settings.get("knowledge") == "temporary_copy":
            # Scripts that edit content work on a copy, so the bundled knowledge is never touched.
            copy = (
                Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="robot-guide-kb-"))) / "knowledge"
            )
            shutil.copytree(knowledge, copy)
            knowledge = copy
        return _simulate(args, settings, knowledge, script, stack, home)


def _escort_params(speed: float | None) -> dict[str, str]:
    """The escort's timings on the simulator's clock: its base walks `speed` times faster than real time."""
    from robot_guide.escort.progress import ProgressConfig
    from robot_guide.ros.escort_node import ARRIVAL_PAUSE_S

    if not speed:
        return {}
    defaults = ProgressConfig()
    return {
        "no_progress_s": str(defaults.no_progress_s / speed),
        "timeout_s": str(defaults.timeout_s / speed),
        "arrival_pause_s": str(ARRIVAL_PAUSE_S / speed),
    }


def _simulate(
    args: argparse.Namespace, settings: dict, knowledge: Path, script, stack: ExitStack, home: Pose2D | None
) -> int:
    import rclpy

    from robot_guide.ros.callback_thread import CallbackThread
    from robot_guide.sim.room import EchoSettings
    from robot_guide.sim.session import SimSession

    post = args.post or settings.get("post")
    clock = args.clock or settings.get("clock")
    overrides = {"audio_source": "topic", "audio_sink": "topic", "knowledge_dir": str(knowledge)}
    if post:
        overrides["post"] = str(post)
    dialogue_params = {"clock": f'"{clock}"'} if clock else {}
    # A visit replays the same way on a busy machine too: the robot says it is ready only with its matcher.
    dialogue_params["semantic_wait_s"] = str(SEMANTIC_WAIT_S)
    matcher = args.matcher or settings.get("matcher")
    if matcher:
        dialogue_params["matcher"] = str(matcher)
    speed = args.speed if args.speed is not None else settings.get("speed")
    tts_params = {"playback_speed": str(float(speed))} if speed else {}
    if speed is not None and not 0.5 <= float(speed) <= 10.0:
        raise CliError("--speed must be between 0.5 and 10")
    try:
        echo = EchoSettings(
            gain=float(args.echo_gain if args.echo_gain is not None else settings.get("echo_gain", 0.0)),
            delay_s=float(
                args.echo_delay if args.echo_delay is not None else settings.get("echo_delay_s", 0.05)
            ),
            lowpass_hz=float(
                args.echo_lowpass if args.echo_lowpass is not None else settings.get("echo_lowpass_hz", 0.0)
            ),
            reverb_s=float(
                args.echo_reverb if args.echo_reverb is not None else settings.get("echo_reverb_s", 0.0)
            ),
        )
    except (TypeError, ValueError) as exc:
        raise CliError(f"echo settings: {exc}") from None
    try:
        description = describe_node_set(
            overrides,
            {
                "dialogue_node": dialogue_params,
                "tts_node": tts_params,
                "escort_node": _escort_params(float(speed) if speed else None),
            },
        )
    except LaunchFileError as exc:
        raise CliError(str(exc)) from None
    env = isolated_ros_env(args.domain_id)
    log: IO[str]
    if args.verbose:
        log = sys.stderr
    else:
        log_path = args.log or state_dir() / "sim.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        log = stack.enter_context(open(log_path, "w", encoding="utf-8"))  # noqa: SIM115
    os.environ.update({k: env[k] for k in ("ROS_DOMAIN_ID", "ROS_AUTOMATIC_DISCOVERY_RANGE")})

    output_lock = threading.Lock()

    def print_line(line: str) -> None:
        with output_lock:
            print(line, flush=True)

    supervisor = start_node_set(
        description, env, output=log, on_event=lambda message: print_line(f"sim: {message}")
    )
    stack.callback(supervisor.stop)
    rclpy.init()
    stack.callback(rclpy.try_shutdown)
    session = SimSession(print_line, echo, speed=float(speed or 1.0), home=home)
    stack.callback(session.destroy_node)
    stack.callback(session.close)
    callbacks = CallbackThread(session, "sim-callbacks")
    callbacks.start()
    # Undone in reverse: the callbacks stop before the session's node is destroyed, so none runs into it.
    stack.callback(callbacks.stop)

    if not _wait_ready(session, supervisor, print_line):
        return 1
    stack.callback(supervise_in_background(supervisor).set)
    status = _visit(args, settings, knowledge, script, session, print_line)
    # A node that died is a failure even when its respawn kept the visit going: it lost what it held.
    died = {name: n for name, n in supervisor.deaths().items() if n}
    for name, count in died.items():
        times = "once" if count == 1 else f"{count} times"
        print_line(f"sim: error: {name} died {times} during the visit (see the node log)")
    return 1 if died else status


def _visit(args: argparse.Namespace, settings: dict, knowledge: Path, script, session, print_line) -> int:
    from robot_guide.sim.driver import SimDriver, read_interactive

    base_dir = script.path.parent if script else Path.cwd()
    driver = SimDriver(
        session,
        print_line,
        base_dir,
        knowledge_dir=knowledge if settings.get("knowledge") == "temporary_copy" else None,
        reply_timeout_s=float(settings.get("timeout_s", 60.0)),
    )
    if script is not None:
        print_line(f"sim: playing {script.path} ({len(script.steps)} steps)")
        failures = driver.run_script(script)
        for failure in failures:
            print_line(f"sim: FAIL {failure}")
        passed = len(script.steps) - len({f.split(":")[0] for f in failures})
        print_line(f"sim: {script.name}: {passed} of {len(script.steps)} steps as expected")
        return 1 if failures else 0
    if sys.stdin.isatty():
        print_line("sim: type what the guest says, or /help; Ctrl-D to quit")
        return driver.run_lines(read_interactive(), wait_between=False)
    return driver.run_lines(sys.stdin, wait_between=True)


def _wait_ready(session, supervisor: Supervisor, print_line) -> bool:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        missing = session.wait_ready(timeout_s=0.5)
        if not missing:
            return True
        supervisor.poll()
        if not supervisor.pids() and all(n > 0 for n in supervisor.starts().values()):
            break
    print_line(
        "sim: error: the robot's nodes did not start (see the node log: robot-guide sim --verbose shows it)"
    )
    return False
