"""Runs the nodes in their processes (one each, or some sharing one), restarts the ones that die, and stops
them all cleanly."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import IO

from robot_guide.contracts.fleet import RESPAWNS_ENV
from robot_guide.launcher.launch_file import LaunchFileError, NodeSpec
from robot_guide.ros.shared_process import member_args

STOP_GRACE_S = 5.0  # SIGINT first, so nodes close engines and files; SIGKILL only after this
# A node that dies this soon after starting is crash-looping (a bad file, a missing device): each such exit
# doubles its respawn delay up to the cap, so it neither floods the log nor eats a core.
QUICK_EXIT_S = 10.0
# glibc gives each thread that allocates its own heap arena (up to 8 per core) and keeps their freed pages; a
# node process has a dozen threads (executors, engines, the turn log). Two arenas: about 40 MB less resident
# memory for the node set (bench speech --quick: 641-655 MB -> 604-609 MB) at no measurable latency cost.
MALLOC_ARENAS = "2"
MAX_RESPAWN_DELAY_S = 30.0


def node_command(spec: NodeSpec) -> list[str]:
    """The command that runs a node's console script with this interpreter, wherever scripts were put."""
    module, function = _console_script(spec)
    bootstrap = f"import sys; from {module} import {function} as main; sys.exit(main())"
    return [sys.executable, "-c", bootstrap, *spec.ros_args()]


def shared_command(specs: tuple[NodeSpec, ...]) -> list[str]:
    """The command that runs several nodes in one process (robot_guide.ros.shared_process)."""
    if len(specs) == 1:
        return node_command(specs[0])
    words = [word for spec in specs for word in member_args(_console_script(spec)[0], spec.ros_args())]
    bootstrap = "import sys; from robot_guide.ros.shared_process import main; sys.exit(main())"
    return [sys.executable, "-c", bootstrap, *words]


def _console_script(spec: NodeSpec) -> tuple[str, str]:
    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    target = scripts.get(spec.executable)
    if target is None:
        raise LaunchFileError(f"exec '{spec.executable}' is not a console script of robot_guide")
    module, _, function = target.partition(":")
    return module, function


def process_groups(specs: tuple[NodeSpec, ...], shared: Collection[str]) -> list[tuple[NodeSpec, ...]]:
    """The node processes to run: the nodes named in `shared` together in one (where the first of them is),
    every other node in its own."""
    together = tuple(spec for spec in specs if spec.name in shared)
    groups: list[tuple[NodeSpec, ...]] = []
    for spec in specs:
        if spec.name not in shared:
            groups.append((spec,))
        elif spec is together[0]:
            groups.append(together)
    return groups


@dataclass
class ManagedProcess:
    specs: tuple[NodeSpec, ...]  # the nodes this process runs (several when they share it)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0
    started_at: float = 0.0
    quick_exits: int = 0  # exits in a row within QUICK_EXIT_S of starting
    deaths: int = 0  # exits not asked for by stop()
    restart_at: float | None = None
    pumps: list[threading.Thread] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [spec.name for spec in self.specs]

    @property
    def label(self) -> str:
        """The prefix of the process's output lines: its node, or its nodes joined by '+'."""
        return "+".join(self.names)

    @property
    def respawn(self) -> bool:
        return any(spec.respawn for spec in self.specs)

    @property
    def respawn_delay(self) -> float:
        return max(spec.respawn_delay for spec in self.specs)


class Supervisor:
    """Starts node processes, respawns them when their spec says so, and shuts them down on request."""

    def __init__(
        self,
        specs: tuple[NodeSpec, ...],
        *,
        env: Mapping[str, str] | None = None,
        output: IO[str] | None = None,
        on_event: Callable[[str], None] | None = None,
        shared: Collection[str] = (),
    ) -> None:
        """`shared`: names of nodes to run together in one process; the others get a process each."""
        self._managed = [ManagedProcess(group) for group in process_groups(specs, shared)]
        self._env = dict(os.environ if env is None else env)
        self._env.setdefault("MALLOC_ARENA_MAX", MALLOC_ARENAS)  # set by the caller: theirs stands
        self._output = output if output is not None else sys.stderr
        self._output_lock = threading.Lock()
        self._on_event = on_event
        self._stopping = threading.Event()
        self._stop_requested = False  # set from a signal handler, which must take no lock
        self._commands = {m.label: shared_command(m.specs) for m in self._managed}

    def start(self) -> None:
        for managed in self._managed:
            self._spawn(managed)

    def pids(self) -> dict[str, int]:
        """The process of each running node (nodes sharing a process have the same one)."""
        return {
            name: m.process.pid
            for m in self._managed
            if m.process and m.process.poll() is None
            for name in m.names
        }

    def starts(self) -> dict[str, int]:
        return {name: m.starts for m in self._managed for name in m.names}

    def deaths(self) -> dict[str, int]:
        """How often each node exited without being asked to (crashes, kills, errors)."""
        return {name: m.deaths for m in self._managed for name in m.names}

    def poll(self) -> bool:
        """Check children once: schedule and perform respawns. False when nothing is left running."""
        now = time.monotonic()
        alive = False
        for managed in self._managed:
            process = managed.process
            if process is not None and process.poll() is None:
                alive = True
                continue
            if self._stopping.is_set():
                continue
            if process is not None and managed.restart_at is None:
                code = process.returncode
                managed.deaths += 1
                quick = now - managed.started_at < QUICK_EXIT_S
                managed.quick_exits = managed.quick_exits + 1 if quick else 0
                if managed.respawn and code != 2:  # 2 = bad configuration: restarting cannot help
                    delay = respawn_delay(managed.respawn_delay, managed.quick_exits)
                    managed.restart_at = now + delay
                    self._exited(managed, code, f"; restarting in {delay:.1f} s")
                else:
                    self._exited(managed, code, "")
                    managed.process = None
            if managed.restart_at is not None:
                alive = True
                if now >= managed.restart_at:
                    managed.restart_at = None
                    self._spawn(managed)
        return alive

    def run(self, poll_s: float = 0.2) -> int:
        """Supervise until every node is gone or stop() is called (Ctrl-C)."""
        try:
            while not self._stopping.is_set() and not self._stop_requested:
                if not self.poll():
                    return 1
                time.sleep(poll_s)  # a signal interrupts the sleep
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()
        return 0

    def request_stop(self) -> None:
        """Ask run() to stop the node set; safe in a signal handler (it only sets a flag)."""
        self._stop_requested = True

    def stop(self) -> None:
        self._stopping.set()
        running = [m.process for m in self._managed if m.process and m.process.poll() is None]
        for process in running:
            _signal_group(process, signal.SIGINT)
        deadline = time.monotonic() + STOP_GRACE_S
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
        for managed in self._managed:
            for pump in managed.pumps:
                pump.join(timeout=1.0)

    def _spawn(self, managed: ManagedProcess) -> None:
        managed.starts += 1
        managed.started_at = time.monotonic()
        # Own session: the supervisor decides when children stop, so a terminal Ctrl-C is handled in order.
        managed.process = subprocess.Popen(
            self._commands[managed.label],
            env={**self._env, RESPAWNS_ENV: str(managed.starts - 1)},  # the node reports it to the fleet
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        pump = threading.Thread(target=self._pump, args=(managed.label, managed.process), daemon=True)
        pump.start()
        managed.pumps = [p for p in managed.pumps if p.is_alive()] + [pump]

    def _exited(self, managed: ManagedProcess, code: int | None, then: str) -> None:
        """One line per node of the process, so each node's exit is told under its own name."""
        for name in managed.names:
            others = [other for other in managed.names if other != name]
            sharing = f" (its process, shared with {', '.join(others)})" if others else ""
            self._event(f"{name} exited with code {code}{sharing}{then}")

    def _event(self, message: str) -> None:
        """A launcher event (a node exited, is restarting) goes to the output and to the caller's hook."""
        self._write("launcher", message)
        if self._on_event is not None:
            self._on_event(message)

    def _pump(self, name: str, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        for raw in process.stdout:
            self._write(name, raw.decode("utf-8", errors="replace").rstrip())

    def _write(self, name: str, line: str) -> None:
        with self._output_lock:
            try:
                self._output.write(f"[{name}] {line}\n")
                self._output.flush()
            except (ValueError, OSError):
                pass  # the output was closed during shutdown; the node keeps its own log


def respawn_delay(base_s: float, quick_exits: int) -> float:
    """The wait before a respawn: the launch file's delay, doubled for each quick exit in a row, capped."""
    if quick_exits <= 1:
        return base_s
    return min(max(base_s, 0.5) * 2 ** (quick_exits - 1), MAX_RESPAWN_DELAY_S)


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
