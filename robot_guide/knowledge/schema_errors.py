"""Schema validation of one knowledge file: each error explained in plain words at its YAML position."""

from __future__ import annotations

import difflib
import json
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from robot_guide.knowledge.problems import Problem
from robot_guide.knowledge.yaml_file import JsonPath, ParsedFile


@cache
def knowledge_schema() -> dict[str, Any]:
    """The JSON Schema of one knowledge file (shipped as package data beside this module)."""
    text = resources.files("robot_guide.knowledge").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping (key: value)",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "null": "empty",
}


def _describe_path(path: JsonPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the file"


def _yaml_type(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def json_view(value: Any) -> Any:
    """Plain data the schema can check: YAML timestamps become the text the content team wrote."""
    if isinstance(value, dict):
        return {key: json_view(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_view(item) for item in value]
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M" if value.second == 0 else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return value


@cache
def _schema_validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(knowledge_schema())


def schema_problems(parsed: ParsedFile) -> tuple[list[Problem], set[JsonPath]]:
    """All schema errors of one file, each placed on its YAML line; also the paths that had errors."""
    validator = _schema_validator()
    problems: list[Problem] = []
    bad_paths: set[JsonPath] = set()
    for error in validator.iter_errors(json_view(parsed.data)):
        path: JsonPath = tuple(error.absolute_path)
        explained = _explain(parsed, error, path)
        problems.extend(explained)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            # Only the unknown keys are bad, not the whole mapping that holds them.
            known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
            bad_paths.update((*path, key) for key in error.instance if key not in known)
        else:
            bad_paths.add(path)
    return problems, bad_paths


def _explain(parsed: ParsedFile, error: Any, path: JsonPath) -> list[Problem]:
    where = _describe_path(path)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    hint = schema.get("x-hint")
    instance = error.instance
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = list(schema.get("properties", {}))
        out = []
        for key in instance:
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, allowed, n=1)
            suggestion = f"did you mean '{close[0]}'? " if close else ""
            out.append(
                parsed.problem(
                    (*path, key),
                    f"unknown key '{key}' in {where} ({suggestion}allowed: {', '.join(allowed)})",
                    at_key=True,
                )
            )
        return out
    if error.validator == "required" and isinstance(instance, dict):
        missing = [name for name in schema.get("required", []) if name not in instance]
        return [parsed.problem(path, f"{where} is missing '{name}'") for name in missing]
    if error.validator == "type":
        expected = (
            error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        )
        wanted = " or ".join(_TYPE_NAMES.get(str(name), str(name)) for name in expected)
        message = f"{where} should be {wanted}, not {_yaml_type(instance)}"
        written = parsed.scalar_text.get(path)
        if "string" in expected and written and not isinstance(instance, str):
            message += f' (YAML reads `{written}` as {_yaml_type(instance)}; put it in quotes: "{written}")'
        return [parsed.problem(path, message)]
    if error.validator == "propertyNames":
        return [parsed.problem(path, f"{where}: key {error.message}" + (f" ({hint})" if hint else ""))]
    if error.validator == "pattern" and isinstance(instance, str) and len(path) and path[-1:] != ():
        # propertyNames errors arrive as "pattern" on the key name, with the path of the mapping.
        target = (*path, instance) if (*path, instance) in parsed.key_marks else path
        label = where if target == path else f"key '{instance}' in {where}"
        text = f"{label}: '{instance}' is not valid" + (f" ({hint})" if hint else "")
        return [parsed.problem(target, text, at_key=target != path)]
    if error.validator == "minItems":
        return [parsed.problem(path, f"{where} needs at least {error.validator_value} item(s)")]
    if error.validator == "minProperties":
        return [parsed.problem(path, f"{where} needs at least {error.validator_value} key(s)")]
    if error.validator == "minLength":
        return [parsed.problem(path, f"{where} is empty")]
    return [parsed.problem(path, f"{where}: {error.message}" + (f" ({hint})" if hint else ""))]
