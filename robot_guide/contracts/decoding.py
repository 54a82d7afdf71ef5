"""Strict JSON decoding of wire payloads: bounded size, depth and numbers; any failure is a MessageError."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

from robot_guide.contracts.errors import RobotGuideError

MAX_MESSAGE_BYTES = 64 * 1024
MAX_DEPTH = 16  # the deepest payload (the speech catalogue) nests 3 levels; anything deeper is not ours
MAX_INT_DIGITS = 20  # a stamp or a count; a longer integer is an attack or a bug, never a value we use

E = TypeVar("E", bound=StrEnum)


class MessageError(RobotGuideError, ValueError):
    """A message that cannot be used; the node logs it and keeps serving."""


class _Refused(ValueError):
    """Raised inside json.loads hooks; turned into a MessageError by decode_object."""


def _refuse_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number JSON allows")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"a {len(text)}-digit number")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"{text[:20]} is out of range")
    return value


def _check_tree(value: Any, what: str) -> None:
    """Nesting depth and text of decoded JSON, without recursion (the decoder bounded the depth by the stack).

    A lone surrogate ("\\ud800") decodes to a str no UTF-8 encoder accepts: refused here, not when a node
    republishes or logs it.
    """
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if level > MAX_DEPTH:
            raise MessageError(f"{what}: nested deeper than {MAX_DEPTH} levels")
        if isinstance(item, dict):
            stack.extend((key, level) for key in item)
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise MessageError(f"{what}: text with an unpaired surrogate (not valid Unicode)") from None


def decode_object(raw: object, what: str, max_bytes: int = MAX_MESSAGE_BYTES) -> dict[str, Any]:
    """`raw` as a JSON object, or MessageError naming `what` and the problem."""
    if not isinstance(raw, str):
        raise MessageError(f"{what}: expected JSON text, got {type(raw).__name__}")
    if len(raw.encode("utf-8", errors="replace")) > max_bytes:
        raise MessageError(f"{what}: message larger than {max_bytes} bytes")
    try:
        value = json.loads(
            raw, parse_constant=_refuse_constant, parse_int=_bounded_int, parse_float=_finite_float
        )
    except json.JSONDecodeError as exc:
        raise MessageError(f"{what}: not JSON ({exc.msg} at column {exc.colno})") from None
    except _Refused as exc:
        raise MessageError(f"{what}: {exc}") from None
    except RecursionError:
        raise MessageError(f"{what}: nested deeper than {MAX_DEPTH} levels") from None
    except (ValueError, TypeError, OverflowError, MemoryError) as exc:
        raise MessageError(f"{what}: not usable JSON ({type(exc).__name__})") from None
    if not isinstance(value, dict):
        raise MessageError(f"{what}: expected a JSON object, got {type(value).__name__}")
    _check_tree(value, what)
    return value


def encode_object(value: Mapping[str, Any]) -> str:
    """The JSON text of a payload; non-finite numbers are refused here too, so both ends agree."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:
        raise MessageError(f"cannot encode payload: {exc}") from None


def text(value: Mapping[str, Any], key: str, what: str, default: str | None = None) -> str:
    item = value.get(key, default)
    if item is None:
        raise MessageError(f"{what}: missing '{key}'")
    if not isinstance(item, str):
        raise MessageError(f"{what}: '{key}' must be a string")
    return item


def optional_text(value: Mapping[str, Any], key: str, what: str) -> str | None:
    item = value.get(key)
    if item is not None and not isinstance(item, str):
        raise MessageError(f"{what}: '{key}' must be a string or null")
    return item


def number(value: Mapping[str, Any], key: str, what: str, default: float) -> float:
    item = value.get(key)
    if item is None:
        return default
    if isinstance(item, bool) or not isinstance(item, int | float):
        raise MessageError(f"{what}: '{key}' must be a number")
    return float(item)


def optional_number(value: Mapping[str, Any], key: str, what: str) -> float | None:
    return None if value.get(key) is None else number(value, key, what, 0.0)


def whole(value: Mapping[str, Any], key: str, what: str, default: int) -> int:
    item = value.get(key, default)
    if isinstance(item, bool) or not isinstance(item, int) or item < 0:
        raise MessageError(f"{what}: '{key}' must be a whole number")
    return item


def flag(value: Mapping[str, Any], key: str, what: str, default: bool | None = None) -> bool:
    item = value.get(key, default)
    if not isinstance(item, bool):
        raise MessageError(f"{what}: '{key}' must be true or false")
    return item


def texts(value: Mapping[str, Any], key: str, what: str) -> tuple[str, ...]:
    item = value.get(key, [])
    if not isinstance(item, list) or not all(isinstance(entry, str) for entry in item):
        raise MessageError(f"{what}: '{key}' must be a list of strings")
    return tuple(item)


def objects(value: Mapping[str, Any], key: str, what: str) -> list[dict[str, Any]]:
    item = value.get(key, [])
    if not isinstance(item, list) or not all(isinstance(entry, dict) for entry in item):
        raise MessageError(f"{what}: '{key}' must be a list of objects")
    return item


def timings(value: Mapping[str, Any], what: str) -> dict[str, float]:
    raw = value.get("timings", {})
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, int | float) and not isinstance(v, bool) for k, v in raw.items()
    ):
        raise MessageError(f"{what}: 'timings' must map names to numbers")
    return {k: float(v) for k, v in raw.items()}


def member(enum: type[E], value: Mapping[str, Any], key: str, what: str, default: E | None = None) -> E:
    """The enum member named by value[key]; an unknown name is refused, listing the known ones."""
    item = value.get(key, default)
    if item is None:
        raise MessageError(f"{what}: missing '{key}'")
    try:
        return enum(item)
    except (ValueError, TypeError):
        known = ", ".join(m.value for m in enum)
        raise MessageError(f"{what}: '{key}' must be one of {known}, got {str(item)[:40]!r}") from None


def optional_member(enum: type[E], value: Mapping[str, Any], key: str, what: str) -> E | None:
    return None if value.get(key) is None else member(enum, value, key, what)
