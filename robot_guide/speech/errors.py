"""Errors of the speech engines: one that cannot be built as configured, and speech that cannot be made."""

from __future__ import annotations


class SynthesisError(RuntimeError):
    """Speech could not be produced; the message says why and what to do."""


class SpeechEngineError(ValueError):
    """A speech engine cannot be built as configured (unknown engine, bad option, extra not installed);
    the message is one line naming the problem and the fix."""
