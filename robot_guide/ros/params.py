"""Declaring node parameters with descriptors (description, range, read-only) in one line each."""

from __future__ import annotations

from typing import Any

from rcl_interfaces.msg import FloatingPointRange, IntegerRange, ParameterDescriptor
from rclpy.exceptions import InvalidParameterTypeException, InvalidParameterValueException
from rclpy.node import Node

from robot_guide.ros.runner import NodeConfigError


def declare(
    node: Node,
    name: str,
    default: Any,
    description: str,
    *,
    read_only: bool = False,
    low: float | None = None,
    high: float | None = None,
) -> Any:
    """Declare `name` with a descriptor and return its value (typed like `default`)."""
    descriptor = ParameterDescriptor(description=description, read_only=read_only)
    if low is not None and high is not None:
        if isinstance(default, bool):
            pass
        elif isinstance(default, int):
            descriptor.integer_range = [IntegerRange(from_value=int(low), to_value=int(high), step=1)]
        elif isinstance(default, float):
            descriptor.floating_point_range = [
                FloatingPointRange(from_value=float(low), to_value=float(high))
            ]
    try:
        return node.declare_parameter(name, default, descriptor).value
    except (InvalidParameterValueException, InvalidParameterTypeException) as exc:
        expected = f" between {low} and {high}" if low is not None else f" of type {type(default).__name__}"
        raise NodeConfigError(
            f"parameter '{name}' has a bad value ({exc}); give a value{expected} in the params file"
        ) from None
