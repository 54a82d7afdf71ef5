"""A dialogue_node in the test process, started from the settings every ROS test shares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rclpy.context import Context
from rclpy.parameter import Parameter

from robot_guide.ros.dialogue_node import DialogueNode


def dialogue_node(context: Context, turnlog: Path | str, namespace: str = "", **params: Any) -> DialogueNode:
    """dialogue_node with the lexical matcher (no model to load), no knowledge watcher (reloads come from the
    test) and its turn log at `turnlog` ("off" for none); `params` add or override node parameters."""
    settings = {"watch_knowledge": False, "matcher": "lexical", "turnlog_path": str(turnlog), **params}
    overrides = [Parameter(name, value=value) for name, value in settings.items()]
    return DialogueNode(context=context, namespace=namespace, parameter_overrides=overrides)
