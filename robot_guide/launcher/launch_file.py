"""Reads the ROS 2 YAML launch file (the subset this project uses) into node process descriptions."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from robot_guide.contracts.errors import RobotGuideError
from robot_guide.paths import share_dir

KNOWN_TAGS = frozenset({"arg", "node"})
KNOWN_NODE_KEYS = frozenset(
    {
        "pkg",
        "exec",
        "name",
        "namespace",
        "output",
        "respawn",
        "respawn_delay",
        "param",
        "remap",
        "args",
        "if",
        "unless",
    }
)
KNOWN_ARG_KEYS = frozenset({"name", "default", "description"})
PACKAGE = "robot_guide"
_SUBSTITUTION = re.compile(r"\$\((\S+)(?:\s+([^)]*))?\)")


class LaunchFileError(RobotGuideError, ValueError):
    """The launch file cannot be used; the message names the file, the item and the fix."""


@dataclass(frozen=True)
class NodeSpec:
    """One node process to run: the console script, its ROS arguments and respawn policy."""

    executable: str
    name: str
    namespace: str = ""
    params_files: tuple[str, ...] = ()
    params: tuple[tuple[str, str], ...] = ()
    remaps: tuple[tuple[str, str], ...] = ()
    respawn: bool = False
    respawn_delay: float = 0.0

    def ros_args(self) -> list[str]:
        args = ["--ros-args", "-r", f"__node:={self.name}"]
        if self.namespace:
            args += ["-r", f"__ns:=/{self.namespace.strip('/')}"]
        for params_file in self.params_files:
            args += ["--params-file", params_file]
        for name, value in self.params:
            args += ["-p", f"{name}:={value}"]
        for source, target in self.remaps:
            args += ["-r", f"{source}:={target}"]
        return args


@dataclass(frozen=True)
class LaunchDescription:
    args: Mapping[str, str]
    nodes: tuple[NodeSpec, ...] = field(default_factory=tuple)


def _substitute(text: str, variables: Mapping[str, str], where: str) -> str:
    def replace(match: re.Match[str]) -> str:
        kind, argument = match.group(1), (match.group(2) or "").strip()
        if kind == "var":
            if argument not in variables:
                raise LaunchFileError(f"{where}: unknown launch argument '{argument}' in $(var {argument})")
            return variables[argument]
        if kind == "find-pkg-share":
            if argument != PACKAGE:
                raise LaunchFileError(f"{where}: only $(find-pkg-share {PACKAGE}) is known here")
            return str(share_dir())
        if kind == "env":
            name, _, default = argument.partition(" ")
            return os.environ.get(name, default)
        raise LaunchFileError(f"{where}: unsupported substitution $({kind} ...)")

    return _SUBSTITUTION.sub(replace, text)


def _as_bool(value: Any, where: str) -> bool:
    text = str(value).strip().lower()
    if text in {"true", "1"}:
        return True
    if text in {"false", "0", ""}:
        return False
    raise LaunchFileError(f'{where}: expected "true" or "false", got {value!r}')


def parse_launch_file(path: Path, overrides: Mapping[str, str] | None = None) -> LaunchDescription:
    """Parse `path`; `overrides` are `name:=value` launch arguments. Raises LaunchFileError."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LaunchFileError(f"{path}: cannot read the launch file ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise LaunchFileError(f"{path}: not valid YAML ({exc})") from None
    items = document.get("launch") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise LaunchFileError(f"{path}: expected a top-level 'launch:' list")
    overrides = dict(overrides or {})
    variables: dict[str, str] = {}
    nodes: list[NodeSpec] = []
    for index, item in enumerate(items, start=1):
        where = f"{path} item {index}"
        if not isinstance(item, dict) or len(item) != 1:
            raise LaunchFileError(f"{where}: each item must be one tag such as 'arg:' or 'node:'")
        ((tag, body),) = item.items()
        if tag not in KNOWN_TAGS or not isinstance(body, dict):
            raise LaunchFileError(f"{where}: unknown tag '{tag}' (known: {', '.join(sorted(KNOWN_TAGS))})")
        if tag == "arg":
            unknown = set(body) - KNOWN_ARG_KEYS
            if unknown or "name" not in body:
                raise LaunchFileError(f"{where}: arg needs 'name' and allows only {sorted(KNOWN_ARG_KEYS)}")
            name = str(body["name"])
            default = _substitute(str(body.get("default", "")), variables, where)
            variables[name] = overrides.pop(name, default)
            continue
        if _wanted(body, variables, where):
            nodes.append(_parse_node(body, variables, where))
    if overrides:
        unknown_args = ", ".join(sorted(overrides))
        raise LaunchFileError(f"unknown launch argument(s): {unknown_args} (known: {', '.join(variables)})")
    return LaunchDescription(args=dict(variables), nodes=tuple(nodes))


def _wanted(body: dict[str, Any], variables: Mapping[str, str], where: str) -> bool:
    """A node's `if:` / `unless:` condition, as ROS 2 launch evaluates it (true/false, 1/0)."""
    for key, wanted_when in (("if", True), ("unless", False)):
        if key in body:
            value = _substitute(str(body[key]), variables, where)
            if _as_bool(value, f"{where} ({key}: {body[key]})") != wanted_when:
                return False
    return True


def _parse_node(body: dict[str, Any], variables: Mapping[str, str], where: str) -> NodeSpec:
    unknown = set(body) - KNOWN_NODE_KEYS
    if unknown:
        raise LaunchFileError(f"{where}: unknown node key(s) {sorted(unknown)}")
    if body.get("pkg") != PACKAGE or not body.get("exec"):
        raise LaunchFileError(f"{where}: node needs pkg: {PACKAGE} and an exec")
    params_files: list[str] = []
    params: list[tuple[str, str]] = []
    for param in body.get("param", []) or []:
        if "from" in param:
            params_files.append(_substitute(str(param["from"]), variables, where))
        elif "name" in param and "value" in param:
            value = _substitute(str(param["value"]), variables, where)
            if value != "":  # an empty launch argument means "keep the params file's value"
                params.append((str(param["name"]), value))
        else:
            raise LaunchFileError(f"{where}: a param needs 'from', or 'name' and 'value'")
    remaps = tuple(
        (_substitute(str(r["from"]), variables, where), _substitute(str(r["to"]), variables, where))
        for r in body.get("remap", []) or []
    )
    delay = body.get("respawn_delay", 0.0)
    if not isinstance(delay, int | float):
        raise LaunchFileError(f"{where}: respawn_delay must be a number such as 2.0")
    return NodeSpec(
        executable=str(body["exec"]),
        name=_substitute(str(body.get("name", body["exec"])), variables, where),
        namespace=_substitute(str(body.get("namespace", "")), variables, where),
        params_files=tuple(params_files),
        params=tuple(params),
        remaps=remaps,
        respawn=_as_bool(body.get("respawn", "false"), where),
        respawn_delay=float(delay),
    )


def parse_overrides(items: list[str]) -> dict[str, str]:
    """`name:=value` words from the command line, as `ros2 launch` takes them."""
    overrides: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition(":=")
        if not sep or not name:
            raise LaunchFileError(f"launch arguments are written name:=value, got {item!r}")
        overrides[name] = value
    return overrides
