"""The one base class of the project's own errors: one except clause tells them from bugs."""

from __future__ import annotations


class RobotGuideError(Exception):
    """A problem robot_guide explains in its message (bad input, bad configuration, a missing device)."""
