"""Several of the guide's nodes in one process, as the launcher starts them when they share one.

Every rclpy process carries the interpreter, rclpy and a middleware participant (about 60 MB resident
before a node does anything); nodes that share a process pay that once. Each keeps its own executor thread
and its own ROS arguments, so it behaves as it does alone; what it gives up is isolation: a crash ends every
node of the process, and the launcher restarts them together.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from robot_guide.ros.runner import NodeRecipe

NODE_FLAG = "--node"


def split_members(argv: list[str]) -> list[tuple[str, list[str]]]:
    """`--node MODULE ROS-ARGS... --node MODULE ROS-ARGS...` -> [(module, ros args), ...]."""
    members: list[tuple[str, list[str]]] = []
    for word in argv:
        if word == NODE_FLAG:
            members.append(("", []))
        elif not members:
            raise ValueError(f"expected {NODE_FLAG} MODULE before {word!r}")
        elif not members[-1][0]:
            members[-1] = (word, [])
        else:
            members[-1][1].append(word)
    if not members or any(not module for module, _ in members):
        raise ValueError(f"expected {NODE_FLAG} MODULE [--ros-args ...] for each node")
    return members


def member_args(module: str, ros_args: list[str]) -> list[str]:
    """The command-line words that run `module`'s node inside a shared process."""
    return [NODE_FLAG, module, *ros_args]


def main(argv: list[str] | None = None) -> int:
    try:
        members = split_members(sys.argv[1:] if argv is None else argv)
        recipes = [(_recipe(module), ros_args) for module, ros_args in members]
    except (ValueError, ImportError) as exc:
        print(f"error: shared node process: {exc}", file=sys.stderr)
        return 2
    # Imported here, not at the top: the launcher builds this process's command line from this module and
    # must not load rclpy for it.
    from robot_guide.ros.runner import run_nodes

    return run_nodes(recipes, args=[sys.argv[0]])


def _recipe(module: str) -> NodeRecipe:
    from robot_guide.ros.runner import NodeRecipe

    recipe = getattr(importlib.import_module(module), "RECIPE", None)
    if not isinstance(recipe, NodeRecipe):
        raise ValueError(f"{module} has no RECIPE (a NodeRecipe) and cannot share a process")
    return recipe
