"""Errors the speech engines raise when they cannot be built as configured."""

from __future__ import annotations


class SpeechEngineError(ValueError):
    """A speech engine cannot be built as configured (unknown engine, bad option, extra not installed);
    the message is one line naming the problem and the fix."""
