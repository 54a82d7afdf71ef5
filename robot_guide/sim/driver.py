"""Drives a SimSession from typed lines (interactive or piped) or from a scripted visit."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from robot_guide.paths import share_dir
from robot_guide.perception.frames import FrameError
from robot_guide.sim.camera import resolve_frame
from robot_guide.sim.commands import Action, CommandError, help_text, parse_line
from robot_guide.sim.script import Script, Step, body_missing, check_step
from robot_guide.sim.session import SimSession
from robot_guide.speech.audio import AudioFileError

KNOWLEDGE_STATUS_TIMEOUT_S = 20.0  # a reload validates, rebuilds the matcher and pre-renders speech


class SimDriver:
    def __init__(
        self,
        session: SimSession,
        print_line: Callable[[str], None],
        base_dir: Path,
        knowledge_dir: Path | None = None,
        reply_timeout_s: float = 60.0,
    ) -> None:
        self.session = session
        self._print = print_line
        self._base_dir = base_dir
        self._knowledge_dir = knowledge_dir
        self._reply_timeout_s = reply_timeout_s

    def perform(self, action: Action) -> bool:
        """Carry out one guest action; False for /quit. Problems are printed, never raised."""
        session = self.session
        if action.kind == "quit":
            return False
        try:
            if action.kind == "say":
                session.say(action.argument)
            elif action.kind == "arrive":
                session.arrive(action.argument or None)
            elif action.kind == "leave":
                session.leave(action.argument or None)
            elif action.kind == "wav":
                session.play_wav(self._resolve(action.argument))
            elif action.kind == "see":
                self._see(action.argument)
            elif action.kind == "time":
                session.set_clock(action.argument)
            elif action.kind == "reload":
                session.reload()
            elif action.kind == "block":
                session.body.block()
                self._print("sim: the robot's path is blocked")
            elif action.kind == "unblock":
                session.body.unblock()
                self._print("sim: the robot's path is clear")
            elif action.kind == "wait":
                time.sleep(float(action.argument))
            elif action.kind == "help":
                self._print(help_text())
        except (AudioFileError, FrameError) as exc:
            self._print(f"sim: error: {exc}")
        return True

    def run_lines(self, lines: Iterable[str], wait_between: bool) -> int:
        """Act on each line; piped input waits for the robot's reply before the next line, like a guest."""
        for raw in lines:
            try:
                action = parse_line(raw)
            except CommandError as exc:
                self._print(f"sim: error: {exc}")
                continue
            if action.kind == "nothing":
                continue
            if wait_between:
                self.session.wait_quiet(timeout_s=self._reply_timeout_s)
            if not self.perform(action):
                break
        if not self.session.wait_quiet(timeout_s=self._reply_timeout_s):
            self._print("sim: gave up waiting for the robot to finish")
            return 1
        return 0

    def run_script(self, script: Script) -> list[str]:
        """Play a scripted visit; returns one message per failed expectation, naming the step."""
        failures: list[str] = []
        for step in script.steps:
            failures += [f"{step.describe()}: {problem}" for problem in self._run_step(step)]
        return failures

    def _run_step(self, step: Step) -> list[str]:
        session = self.session
        if step.after_s > 0:  # a barge-in: speak while the robot is talking
            session.wait_speaking(timeout_s=10.0)
            time.sleep(step.after_s)
        else:
            session.wait_quiet(timeout_s=self._reply_timeout_s)
        record = session.record
        robot_before, heard_before, ignored_before = len(record.robot), len(record.heard), len(record.ignored)
        knowledge_before = len(record.knowledge)
        body_before = len(record.body)
        cancelled_before = sum(1 for line in record.robot if line.cancelled)
        problem = self._perform_step(step)
        if problem:
            return [problem]
        if step.until == "speaking":
            if not session.wait_speaking(timeout_s=self._reply_timeout_s):
                return ["expected the robot to start talking"]
            time.sleep(0.3)
        elif not session.wait_quiet(timeout_s=self._reply_timeout_s):
            return ["the robot did not finish within the time limit"]
        if "body" in step.expect:
            self._wait_for_body(step, body_before)
        lines = record.robot[robot_before:]
        heard = [text for _, text in record.heard[heard_before:]]
        ignored = [reason for _, reason, _ in record.ignored[ignored_before:]]
        cancelled_any = sum(1 for line in record.robot if line.cancelled) > cancelled_before
        rates = session.rates()
        statuses = list(record.knowledge[knowledge_before:])
        body = [line for _, line in record.body[body_before:]]
        return check_step(step, lines, heard, ignored, cancelled_any, rates, statuses, body)

    def _wait_for_body(self, step: Step, body_before: int) -> None:
        """A walk takes a while: wait for the body lines the step expects, then for what the robot says."""
        wanted = (
            [str(v) for v in step.expect["body"]]
            if isinstance(step.expect["body"], list)
            else [str(step.expect["body"])]
        )
        deadline = time.monotonic() + self._reply_timeout_s
        while time.monotonic() < deadline:
            body = [line for _, line in self.session.record.body[body_before:]]
            if not body_missing(wanted, body):
                break
            time.sleep(0.05)
        self.session.wait_quiet(timeout_s=self._reply_timeout_s)

    def _perform_step(self, step: Step) -> str | None:
        argument: Any = step.argument
        if step.action == "write":
            return self._write_knowledge(argument)
        if step.action == "wav":
            try:
                self.session.play_wav(self._resolve(str(argument)))
            except AudioFileError as exc:
                return str(exc)
            return None
        text = "" if argument is None else str(argument)
        if step.action == "see":
            try:
                self._see(text)
            except FrameError as exc:
                return str(exc)
            return None
        if step.action == "time":
            return self.session.set_clock(text)
        if step.action == "reload":
            self.session.reload()
            return None
        if step.action in ("block", "unblock"):
            self.perform(Action(step.action))
            return None
        self.perform(Action(step.action, text))
        return None

    def _write_knowledge(self, argument: Any) -> str | None:
        """A content edit during the visit (live reload checks); only into a temporary knowledge copy.

        Either the whole file ({file, text}) or one edit of it ({file, find, replace}), as an editor would.
        """
        if self._knowledge_dir is None:
            return "write needs 'knowledge: temporary_copy' in the script settings"
        if not isinstance(argument, dict) or "file" not in argument:
            return "write takes {file: NAME.yaml, text: ...} or {file: NAME.yaml, find: ..., replace: ...}"
        target = self._knowledge_dir / Path(str(argument["file"])).name
        if "text" in argument:
            text = str(argument["text"])
        elif "find" in argument and "replace" in argument:
            try:
                current = target.read_text(encoding="utf-8")
            except OSError as exc:
                return f"write: cannot read {target.name} to edit it ({exc.strerror})"
            if str(argument["find"]) not in current:
                return (
                    f"write: {argument['find']!r} is not in {target.name}; update the script to the content"
                )
            text = current.replace(str(argument["find"]), str(argument["replace"]), 1)
        else:
            return "write takes {file: NAME.yaml, text: ...} or {file: NAME.yaml, find: ..., replace: ...}"
        statuses_before = len(self.session.record.knowledge)
        target.write_text(text, encoding="utf-8")
        self._print(f"sim: content team saved {target.name}")
        time.sleep(float(argument.get("settle_s", 1.5)))  # the file watcher debounces, then validates
        # Then wait for the robot's report on the edit: reloading takes a while. An edit that leaves the
        # served version unchanged (undoing a refused edit) gets no report, so the wait ends without failing.
        deadline = time.monotonic() + KNOWLEDGE_STATUS_TIMEOUT_S
        while len(self.session.record.knowledge) <= statuses_before and time.monotonic() < deadline:
            time.sleep(0.05)
        return None

    def _see(self, name: str) -> None:
        path = resolve_frame(name, self._base_dir)
        self.session.see(path, name if path is None else path.name)

    def _resolve(self, name: str) -> Path:
        """A path as given, else beside the script (or the working folder), else a recording of sim/audio/."""
        path = Path(name).expanduser()
        if path.is_absolute() or path.exists():
            return path
        beside = self._base_dir / path
        shipped = share_dir() / "sim" / "audio" / path
        return shipped if not beside.exists() and shipped.is_file() else beside


def read_interactive(prompt: str = "> ") -> Iterable[str]:
    """Lines typed at a terminal, with line editing; ends at Ctrl-D."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 - enables history and editing for input()
    while True:
        try:
            yield input(prompt)
        except EOFError:
            sys.stdout.write("\n")
            return
