"""Scripted guest visits (sim/*.yaml): steps of guest actions and what the robot is expected to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from robot_guide.contracts.errors import RobotGuideError
from robot_guide.contracts.status import KnowledgeStatus
from robot_guide.sim.record import RobotLine

ACTIONS = ("arrive", "leave", "say", "wav", "see", "time", "wait", "reload", "write", "block", "unblock")
EXPECT_KEYS = (
    "kind",
    "entry",
    "decision",
    "says",
    "not_says",
    "heard",
    "silent",
    "interrupted",
    "ignored",
    "heard_not",  # str or list: no transcript of the step may contain any of these (the robot's own words)
    "replies",  # exactly this many robot lines during the step (echo: one reply, not a reply to itself)
    "rate_below",  # some line of the step was spoken at a rate scale below this ("slower please")
    "knowledge",  # ok | refused: the robot's report on a content edit made during the step
    "body",  # str or list: body lines during the step containing these, in this order ("arrived at hall_b")
)
SETTING_KEYS = (
    "post",
    "clock",
    "echo_gain",
    "echo_delay_s",
    "echo_lowpass_hz",
    "echo_reverb_s",
    "knowledge",
    "timeout_s",
    "speed",
    "matcher",
)
STEP_KEYS = (*ACTIONS, "expect", "until", "after_s", "name")


class ScriptError(RobotGuideError, ValueError):
    """The script file cannot be used; the message names the file, the step and the fix."""


@dataclass(frozen=True)
class Step:
    number: int
    action: str
    argument: Any
    expect: dict[str, Any] = field(default_factory=dict)
    until: str = "quiet"  # quiet: wait for the robot to finish; speaking: only until it starts talking
    after_s: float = 0.0  # for a barge-in: how long after the robot starts talking the guest speaks

    def describe(self) -> str:
        argument = "" if self.argument in (None, "") else f": {str(self.argument)[:60]}"
        return f"step {self.number} ({self.action}{argument})"


@dataclass(frozen=True)
class Script:
    path: Path
    name: str
    settings: dict[str, Any]
    steps: tuple[Step, ...]


def load_script(path: Path) -> Script:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScriptError(f"{path}: cannot read the script ({exc.strerror})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ScriptError(f"{path}: not valid YAML ({exc})".replace("\n", " ")) from None
    if not isinstance(document, dict) or not isinstance(document.get("steps"), list) or not document["steps"]:
        raise ScriptError(f"{path}: a script is a mapping with a non-empty 'steps:' list")
    settings = document.get("settings") or {}
    if not isinstance(settings, dict) or set(settings) - set(SETTING_KEYS):
        raise ScriptError(f"{path}: 'settings' allows only {', '.join(SETTING_KEYS)}")
    steps = tuple(_parse_step(path, number, raw) for number, raw in enumerate(document["steps"], start=1))
    return Script(path, str(document.get("name", path.stem)), dict(settings), steps)


def _parse_step(path: Path, number: int, raw: Any) -> Step:
    where = f"{path}: step {number}"
    if not isinstance(raw, dict):
        raise ScriptError(f"{where}: a step is a mapping such as {{say: hello}}")
    unknown = set(raw) - set(STEP_KEYS)
    if unknown:
        raise ScriptError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {', '.join(STEP_KEYS)}")
    actions = [key for key in raw if key in ACTIONS]
    if len(actions) != 1:
        raise ScriptError(f"{where}: give exactly one action of {', '.join(ACTIONS)}")
    expect = raw.get("expect") or {}
    if not isinstance(expect, dict) or set(expect) - set(EXPECT_KEYS):
        raise ScriptError(f"{where}: 'expect' allows only {', '.join(EXPECT_KEYS)}")
    until = str(raw.get("until", "quiet"))
    if until not in ("quiet", "speaking"):
        raise ScriptError(f"{where}: 'until' is quiet or speaking")
    _check_values(where, expect)
    after_s = _number(where, "after_s", raw.get("after_s", 0.0))
    return Step(number, actions[0], raw[actions[0]], dict(expect), until, after_s)


def _check_values(where: str, expect: dict[str, Any]) -> None:
    """Expectations with a wrong type fail when the script loads, not halfway through a visit."""
    if "replies" in expect and (not isinstance(expect["replies"], int) or expect["replies"] < 0):
        raise ScriptError(f"{where}: 'replies' is a whole number of robot lines, such as 1")
    if "rate_below" in expect:
        _number(where, "rate_below", expect["rate_below"])
    if "knowledge" in expect and expect["knowledge"] not in ("ok", "refused"):
        raise ScriptError(f"{where}: 'knowledge' is ok or refused")


def _number(where: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScriptError(f"{where}: '{key}' is a number of seconds or a rate, such as 1.0; got {value!r}")
    return float(value)


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def check_step(
    step: Step,
    lines: list[RobotLine],
    heard: list[str],
    ignored: list[str],
    cancelled_any: bool,
    rates: dict[str, float] | None = None,
    knowledge: list[KnowledgeStatus] | None = None,
    body: list[str] | None = None,
) -> list[str]:
    """Compare what happened during a step with its expectations; returns failure messages.

    rates maps a reply's turn id to the rate scale the dialogue asked for (needed only for rate_below);
    knowledge is the knowledge status reports received during the step (needed only for knowledge);
    body is the `body:` lines printed during the step (needed only for body).
    """
    expect = step.expect
    failures: list[str] = []
    said = (
        " | ".join(f"{line.text!r} [{line.kind or '?'} {line.entry or '-'}]" for line in lines) or "nothing"
    )

    def matches(line: RobotLine) -> bool:
        text = line.text.lower()
        return (
            ("kind" not in expect or line.kind == expect["kind"])
            and ("entry" not in expect or line.entry == expect["entry"])
            and ("decision" not in expect or line.decision == expect["decision"])
            and all(s.lower() in text for s in _as_list(expect.get("says", [])))
        )

    if any(k in expect for k in ("kind", "entry", "decision", "says")) and not any(
        matches(line) for line in lines
    ):
        wanted = ", ".join(f"{k}={expect[k]!r}" for k in ("kind", "entry", "decision", "says") if k in expect)
        failures.append(f"expected a reply with {wanted}; robot said {said}")
    for forbidden in _as_list(expect["not_says"]) if "not_says" in expect else []:
        if any(forbidden.lower() in line.text.lower() for line in lines):
            failures.append(f"robot said {forbidden!r}, which it must not; robot said {said}")
    if "heard" in expect:
        wanted_heard = [h.lower() for h in _as_list(expect["heard"])]
        if not any(all(w in h.lower() for w in wanted_heard) for h in heard):
            failures.append(f"expected the robot to hear {expect['heard']!r}; it heard {heard or 'nothing'}")
    if expect.get("silent") and lines:
        failures.append(f"expected the robot to stay silent; robot said {said}")
    if expect.get("interrupted") and not cancelled_any:
        failures.append("expected the robot to stop talking when the guest spoke over it")
    if expect.get("interrupted") is False and cancelled_any:
        failures.append(f"the robot stopped talking though no guest spoke over it; robot said {said}")
    if expect.get("ignored") and not ignored:
        failures.append(f"expected the recogniser to drop the audio; it heard {heard or 'nothing'}")
    for forbidden in _as_list(expect["heard_not"]) if "heard_not" in expect else []:
        if any(forbidden.lower() in h.lower() for h in heard):
            failures.append(f"the robot heard {forbidden!r}, which it must not; it heard {heard}")
    if "replies" in expect and len(lines) != int(expect["replies"]):
        failures.append(f"expected {int(expect['replies'])} robot line(s); robot said {said}")
    if "rate_below" in expect:
        failures += _check_rate(float(expect["rate_below"]), lines, rates or {}, said)
    if "knowledge" in expect:
        failures += _check_knowledge(str(expect["knowledge"]), knowledge or [])
    if "body" in expect:
        failures += body_missing(_as_list(expect["body"]), body or [])
    return failures


def body_missing(wanted: list[str], body: list[str]) -> list[str]:
    """A failure unless each wanted text is in a body line, in the order given (after the previous one)."""
    position = 0
    for text in wanted:
        found = next((i for i in range(position, len(body)) if text.lower() in body[i].lower()), None)
        if found is None:
            seen = " | ".join(body) or "nothing"
            return [f"expected a body line with {text!r} (in order: {wanted}); the body did: {seen}"]
        position = found + 1
    return []


def _check_knowledge(wanted: str, statuses: list[KnowledgeStatus]) -> list[str]:
    if wanted not in ("ok", "refused"):
        return [f"'knowledge' expects ok or refused, got {wanted!r}"]
    if not statuses:
        return [f"expected the knowledge to be {wanted}; the robot reported no knowledge change"]
    last = statuses[-1]
    if last.ok != (wanted == "ok"):
        got = "ok" if last.ok else f"refused ({'; '.join(last.problems)})"
        return [f"expected the knowledge to be {wanted}; it was {got}, serving {last.version}"]
    return []


def _check_rate(limit: float, lines: list[RobotLine], rates: dict[str, float], said: str) -> list[str]:
    known = [rates[line.turn_id] for line in lines if line.turn_id in rates]
    if not known:
        return [f"expected a line spoken at a rate below {limit}; no rate known for {said}"]
    if min(known) >= limit:
        return [f"expected a line spoken at a rate below {limit}; rates were {known}"]
    return []
