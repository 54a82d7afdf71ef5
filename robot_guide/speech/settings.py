"""Config fields that carry their own description, bounds and parameter name, for every front end to show."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

ParameterValue = bool | int | float | str


def setting(
    default: ParameterValue,
    doc: str,
    *,
    parameter: str | None = None,
    low: float | None = None,
    high: float | None = None,
) -> Any:
    """A config field with its meaning (`doc`) and optional bounds; `parameter` exposes it as a node
    parameter of that name (several fields may share one name: one value then sets them all)."""
    return dataclasses.field(
        default=default, metadata={"doc": doc, "parameter": parameter, "low": low, "high": high}
    )


def check_bounds(config: Any, what: str) -> None:
    """Raise ValueError naming the field (and its parameter) for the first value outside its bounds."""
    for field in dataclasses.fields(config):
        low, high = field.metadata.get("low"), field.metadata.get("high")
        value = getattr(config, field.name)
        if (low is None or value >= low) and (high is None or value <= high):
            continue
        parameter = field.metadata.get("parameter")
        name = field.name if parameter in (None, field.name) else f"{field.name} (parameter {parameter})"
        if low is not None and high is not None:
            rule = f"must be within {low:g}..{high:g}"
        elif high is not None:
            rule = f"must be <= {high:g}"
        elif low == 0:
            rule = "must not be negative"
        else:
            rule = f"must be at least {low:g}"
        raise ValueError(f"{what} {name} {rule}, got {value}")


@dataclass(frozen=True)
class Parameter:
    """One exposed setting: its name, default and meaning, and every config field (as a path) it sets."""

    name: str
    default: ParameterValue
    doc: str
    paths: tuple[tuple[str, ...], ...]


def parameters_of(config_type: type) -> tuple[Parameter, ...]:
    """The flat parameter view of a config and its sections (fields whose default_factory is a config
    dataclass), in field order; the first field named decides the doc. Fields sharing a parameter must
    share a default too, or the config class is wrong."""
    found: dict[str, Parameter] = {}
    for path, field in _exposed_fields(config_type, ()):
        name = str(field.metadata["parameter"])
        known = found.get(name)
        if known is None:
            found[name] = Parameter(name, field.default, str(field.metadata["doc"]), (path,))
        elif known.default != field.default:
            raise TypeError(
                f"{'.'.join(path)} and {'.'.join(known.paths[0])} share parameter {name} "
                f"but default to {field.default!r} and {known.default!r}"
            )
        else:
            found[name] = dataclasses.replace(known, paths=(*known.paths, path))
    return tuple(found.values())


def build(config_type: type, values: Mapping[str, ParameterValue]) -> Any:
    """The config with the named parameters set (the rest at their defaults); unknown names are an error."""
    known = {parameter.name: parameter for parameter in parameters_of(config_type)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValueError(f"unknown setting {', '.join(unknown)}; allowed: {', '.join(known)}")
    by_path = {path: values[name] for name in values for path in known[name].paths}
    return _build(config_type, (), by_path)


def _exposed_fields(config_type: type, prefix: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    for field in dataclasses.fields(config_type):
        path = (*prefix, field.name)
        nested = field.default_factory
        if nested is not dataclasses.MISSING and dataclasses.is_dataclass(nested):
            yield from _exposed_fields(nested, path)
        elif field.metadata.get("parameter"):
            yield path, field


def _build(config_type: type, prefix: tuple[str, ...], by_path: Mapping[tuple[str, ...], Any]) -> Any:
    kwargs: dict[str, Any] = {}
    for field in dataclasses.fields(config_type):
        path = (*prefix, field.name)
        nested = field.default_factory
        if nested is not dataclasses.MISSING and dataclasses.is_dataclass(nested):
            if any(key[: len(path)] == path for key in by_path):
                kwargs[field.name] = _build(nested, path, by_path)
        elif path in by_path:
            kwargs[field.name] = by_path[path]
    return config_type(**kwargs)
