"""Errors of the speech engines: one that cannot be built as configured, and speech that cannot be made."""

from __future__ import annotations

from robot_guide.contracts.errors import RobotGuideError


class SynthesisError(RobotGuideError, RuntimeError):
    """Speech could not be produced; the message says why and what to do."""


class SpeechEngineError(RobotGuideError, ValueError):
    """A speech engine cannot be built as configured (unknown engine, bad option, extra not installed);
    the message is one line naming the problem and the fix."""
