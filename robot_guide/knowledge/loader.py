"""Loads a knowledge folder (YAML) into the frozen model, reporting every problem as file:line:column."""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import yaml

from robot_guide.knowledge.model import (
    DEFAULT_LANGUAGE,
    FALLBACK_EXPECTATION,
    PERSONA_KINDS,
    Entry,
    KbTest,
    KnowledgeBase,
    Persona,
    ScheduleItem,
    SourceRef,
    Venue,
)
from robot_guide.knowledge.problems import KnowledgeError, Problem

MAX_FILE_BYTES = 1024 * 1024  # a hand-written knowledge file is a few KiB; 1 MiB means a mistake
MAX_YAML_VALUES = 200_000  # guards against alias bombs ("billion laughs") expanding in memory
KNOWLEDGE_SUFFIXES = (".yaml", ".yml")
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
# Only plain data: anything else (e.g. !!python/object/apply) is reported and never constructed.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"

# libyaml's parser is about 10x faster than pure Python and gives the same node marks; safe either way,
# because only composing is done here (no object construction from tags).
_YamlLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

JsonPath = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line, column
V = TypeVar("V")


@cache
def knowledge_schema() -> dict[str, Any]:
    """The JSON Schema of one knowledge file (shipped as package data beside this module)."""
    text = resources.files("robot_guide.knowledge").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@dataclass
class ParsedFile:
    """One YAML file as plain data plus the position of every key and value (by JSON path)."""

    name: str
    raw: bytes
    data: Any = None
    value_marks: dict[JsonPath, Mark] = field(default_factory=dict)
    key_marks: dict[JsonPath, Mark] = field(default_factory=dict)
    scalar_text: dict[JsonPath, str] = field(default_factory=dict)

    def mark(self, path: JsonPath) -> Mark:
        """Position of the value at `path`, else of its nearest ancestor (never fails)."""
        for end in range(len(path), -1, -1):
            found = self.value_marks.get(path[:end])
            if found:
                return found
        return (1, 1)

    def key_mark(self, path: JsonPath) -> Mark:
        return self.key_marks.get(path) or self.mark(path)

    def problem(self, path: JsonPath, message: str, *, at_key: bool = False) -> Problem:
        line, column = self.key_mark(path) if at_key else self.mark(path)
        return Problem(self.name, line, column, message)

    def source(self, path: JsonPath) -> SourceRef:
        line, column = self.mark(path)
        return SourceRef(self.name, line, column)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _mark_of(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _TreeBuilder:
    """Turns a composed YAML node tree into plain data, recording marks; never constructs objects."""

    def __init__(self, parsed: ParsedFile, loader: Any) -> None:
        self.parsed = parsed
        self.loader = loader
        self.problems: list[Problem] = []
        self.values = 0

    def build(self, node: yaml.Node, path: JsonPath) -> Any:
        self.values += 1
        if self.values > MAX_YAML_VALUES:
            raise _TooManyValues(_mark_of(node))
        self.parsed.value_marks[path] = _mark_of(node)
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag in _PLAIN_TAGS:
            self.parsed.scalar_text[path] = node.value
            return self.loader.construct_object(node)
        line, column = _mark_of(node)
        self.problems.append(
            Problem(
                self.parsed.name,
                line,
                column,
                f"YAML tag '{_short_tag(node.tag)}' is not allowed (knowledge files hold plain text, lists"
                " and mappings; remove the tag)",
            )
        )
        return None

    def _mapping(self, node: yaml.MappingNode, path: JsonPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, column = _mark_of(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.parsed.name, line, column, "a key must be plain text"))
                continue
            # Keys are taken as written: YAML 1.1 would turn a language code `no:` into False.
            key = key_node.value
            if key in result:
                first_line, _ = self.parsed.key_marks[(*path, key)]
                self.problems.append(
                    Problem(
                        self.parsed.name,
                        line,
                        column,
                        f"duplicate key '{key}' (first at line {first_line}); YAML keeps only one, "
                        "so merge them or rename one",
                    )
                )
                continue
            self.parsed.key_marks[(*path, key)] = (line, column)
            result[key] = self.build(value_node, (*path, key))
        return result


class _TooManyValues(Exception):
    def __init__(self, mark: Mark) -> None:
        super().__init__("too many values")
        self.mark = mark


def read_knowledge_file(path: Path, display_name: str | None = None) -> tuple[ParsedFile, list[Problem]]:
    """Reads one file safely: size cap, strict UTF-8, single YAML document, plain tags, no duplicate keys."""
    name = display_name or str(path)
    parsed = ParsedFile(name=name, raw=b"")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return parsed, [
                Problem(
                    name,
                    1,
                    1,
                    f"file is {size / 1024 / 1024:.1f} MiB; the limit is {MAX_FILE_BYTES // 1024 // 1024} MiB"
                    " per knowledge file (split it into several files)",
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return parsed, [Problem(name, 0, 0, f"cannot read file: {exc.strerror or exc}")]
    parsed.raw = raw
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return parsed, [
            Problem(
                name,
                line,
                column,
                f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8 in your editor",
            )
        ]
    loader = _YamlLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        context = exc.context_mark
        if context is not None and mark is not None and context.line != mark.line:
            # An unclosed bracket or quote is found lines later; the author needs the line it opened on too.
            detail += f" (the construct opened at line {context.line + 1})"
        return parsed, [Problem(name, line, column, f"invalid YAML: {detail}")]
    except yaml.YAMLError as exc:
        return parsed, [Problem(name, 1, 1, f"invalid YAML: {exc}")]
    finally:
        loader.dispose()
    if root is None:
        return parsed, [Problem(name, 1, 1, "file is empty (add entries, or delete the file)")]
    builder = _TreeBuilder(parsed, loader)
    try:
        parsed.data = builder.build(root, ())
    except _TooManyValues as exc:
        return parsed, [
            Problem(
                name, *exc.mark, f"more than {MAX_YAML_VALUES} values (YAML aliases expanding?); simplify"
            )
        ]
    return parsed, builder.problems


# ---------- schema validation ----------

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


def _json_view(value: Any) -> Any:
    """Plain data the schema can check: YAML timestamps become the text the content team wrote."""
    if isinstance(value, dict):
        return {key: _json_view(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_view(item) for item in value]
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M" if value.second == 0 else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return value


@cache
def _schema_validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(knowledge_schema())


def _schema_problems(parsed: ParsedFile) -> tuple[list[Problem], set[JsonPath]]:
    """All schema errors of one file, each placed on its YAML line; also the paths that had errors."""
    validator = _schema_validator()
    problems: list[Problem] = []
    bad_paths: set[JsonPath] = set()
    for error in validator.iter_errors(_json_view(parsed.data)):
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


# ---------- building the model ----------


def _frozen(items: Mapping[str, V]) -> Mapping[str, V]:
    return MappingProxyType(dict(items))


def _as_tuple(value: Any) -> tuple[str, ...]:
    """Lists of text may be written as one text; the schema guarantees the item types."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value)


def parse_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        for fmt in DATETIME_FORMATS:
            try:
                return datetime.strptime(value.strip(), fmt)
            except ValueError:
                continue
    return None


@dataclass
class _Defined:
    """Where each id was first defined, per kind, across all files (for duplicates and references)."""

    where: dict[str, dict[str, SourceRef]] = field(
        default_factory=lambda: {
            "entry": {},
            "venue": {},
            "schedule item": {},
            "post": {},
            "persona line": {},
        }
    )


class _FolderBuilder:
    """Merges valid files into one knowledge base and checks references between them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.defined = _Defined()
        self.entries: list[Entry] = []
        self.venues: dict[str, Venue] = {}
        self.schedule: list[ScheduleItem] = []
        self.persona: dict[str, Mapping[str, tuple[str, ...]]] = {}
        self.persona_checked = True
        self.persona_broken: set[str] = set()
        self.posts: dict[str, str] = {}
        self.synonyms: dict[str, tuple[str, ...]] = {}
        self.vocabulary: list[str] = []
        self.tests: list[KbTest] = []
        # References are checked after every file is read: (file, path, kind, id, what refers).
        self.references: list[tuple[ParsedFile, JsonPath, str, str, str]] = []

    def define(
        self, parsed: ParsedFile, path: JsonPath, kind: str, item_id: Any, *, at_key: bool = False
    ) -> bool:
        """Records an id; reports a duplicate (naming both places). False when it is a duplicate."""
        if not isinstance(item_id, str):
            return False
        known = self.defined.where[kind]
        if item_id in known:
            self.problems.append(
                parsed.problem(
                    path,
                    f"duplicate {kind} id '{item_id}' (first defined at {known[item_id]})",
                    at_key=at_key,
                )
            )
            return False
        line, column = parsed.key_mark(path) if at_key else parsed.mark(path)
        known[item_id] = SourceRef(parsed.name, line, column)
        return True

    def add_file(self, parsed: ParsedFile, bad_paths: set[JsonPath]) -> None:
        data = parsed.data
        if not isinstance(data, dict):
            return

        def usable(prefix: JsonPath) -> bool:
            return not any(bad[: len(prefix)] == prefix or prefix[: len(bad)] == bad for bad in bad_paths)

        def clean(prefix: JsonPath) -> bool:
            return not any(bad[: len(prefix)] == prefix for bad in bad_paths)

        def section_items(name: str) -> Iterable[tuple[JsonPath, Any]]:
            value = data.get(name)
            if isinstance(value, list):
                for index, item in enumerate(value):
                    yield (name, index), item

        for section in ("entries", "venues", "schedule", "tests"):
            for path, item in section_items(section):
                if isinstance(item, dict):
                    self._collect_references(parsed, path, item, section)
        for path, item in section_items("schedule"):
            # Times are checked even when another key of the item is wrong (e.g. a missing title).
            if isinstance(item, dict) and clean((*path, "start")) and clean((*path, "end")):
                self._check_times(parsed, path, item)
        for path, item in section_items("entries"):
            if isinstance(item, dict):
                fresh = self.define(parsed, (*path, "id"), "entry", item.get("id"))
                if fresh and usable(path):
                    self._add_entry(parsed, path, item)
        for path, item in section_items("venues"):
            if isinstance(item, dict):
                fresh = self.define(parsed, (*path, "id"), "venue", item.get("id"))
                if fresh and usable(path):
                    self._add_venue(parsed, path, item)
        for path, item in section_items("schedule"):
            if isinstance(item, dict):
                fresh = self.define(parsed, (*path, "id"), "schedule item", item.get("id"))
                if fresh and usable(path):
                    self._add_schedule_item(parsed, path, item)
        for path, item in section_items("tests"):
            if isinstance(item, dict) and usable(path):
                self.tests.append(
                    KbTest(
                        ask=item["ask"],
                        expect=item["expect"],
                        language=item.get("language", DEFAULT_LANGUAGE),
                        source=parsed.source(path),
                    )
                )
        self._add_mappings(parsed, data, usable)
        if isinstance(data.get("vocabulary"), list) and usable(("vocabulary",)):
            self.vocabulary.extend(data["vocabulary"])

    def _add_mappings(
        self, parsed: ParsedFile, data: dict[str, Any], usable: Callable[[JsonPath], bool]
    ) -> None:
        persona = data.get("persona")
        if isinstance(persona, dict):
            for kind, by_language in persona.items():
                path: JsonPath = ("persona", kind)
                if not self.define(parsed, path, "persona line", kind, at_key=True):
                    continue
                if usable(path):
                    self.persona[kind] = _frozen(
                        {lang: _as_tuple(lines) for lang, lines in by_language.items()}
                    )
                else:
                    self.persona_broken.add(kind)  # already reported; not "missing" as well
        elif "persona" in data:
            self.persona_checked = False  # not even a mapping: which kinds are missing is unknowable
        posts = data.get("posts")
        if isinstance(posts, dict):
            for post, description in posts.items():
                path = ("posts", post)
                if self.define(parsed, path, "post", post, at_key=True) and usable(path):
                    self.posts[post] = description
        synonyms = data.get("synonyms")
        if isinstance(synonyms, dict) and usable(("synonyms",)):
            for word, variants in synonyms.items():
                if word in self.synonyms:
                    self.problems.append(
                        parsed.problem(
                            ("synonyms", word), f"synonyms for '{word}' are listed twice", at_key=True
                        )
                    )
                    continue
                self.synonyms[word] = _as_tuple(variants)

    def _collect_references(
        self, parsed: ParsedFile, path: JsonPath, item: dict[str, Any], section: str
    ) -> None:
        """Every id an item refers to, checked once all files are read (broken items included)."""
        name = item.get("id") if isinstance(item.get("id"), str) else f"#{path[-1]}"
        refs: list[tuple[JsonPath, str, Any, str]] = []
        if section == "entries":
            refs.append(((*path, "venue"), "venue", item.get("venue"), f"entry '{name}' venue:"))
            schedule = item.get("schedule")
            for index, schedule_id in enumerate(schedule if isinstance(schedule, list) else []):
                refs.append(
                    ((*path, "schedule", index), "schedule item", schedule_id, f"entry '{name}' schedule:")
                )
        elif section == "venues":
            routes = item.get("routes")
            for post in routes if isinstance(routes, dict) else []:
                if post != "default":
                    refs.append(((*path, "routes", post), "post", post, f"venue '{name}' route from"))
        elif section == "schedule":
            refs.append(((*path, "venue"), "venue", item.get("venue"), f"schedule item '{name}' venue:"))
            refs.append(((*path, "entry"), "entry", item.get("entry"), f"schedule item '{name}' entry:"))
        elif section == "tests" and item.get("expect") != FALLBACK_EXPECTATION:
            refs.append(((*path, "expect"), "entry", item.get("expect"), "test expects"))
        for ref_path, kind, target, what in refs:
            if isinstance(target, str):
                self.references.append((parsed, ref_path, kind, target, what))

    def _check_times(
        self, parsed: ParsedFile, path: JsonPath, item: dict[str, Any]
    ) -> tuple[datetime, datetime] | None:
        """Start and end as datetimes, or None after reporting why not (bad format, end before start)."""
        name = item.get("id") if isinstance(item.get("id"), str) else f"#{path[-1]}"
        if "start" not in item or "end" not in item:
            return None
        start, end = parse_datetime(item["start"]), parse_datetime(item["end"])
        for key, value in (("start", start), ("end", end)):
            if value is None:
                self.problems.append(
                    parsed.problem(
                        (*path, key),
                        f"schedule item '{name}' {key} '{_json_view(item[key])}' is not a date and time "
                        "(write YYYY-MM-DD HH:MM, e.g. 2025-10-18 10:00)",
                    )
                )
        if start is None or end is None:
            return None
        if end <= start:
            self.problems.append(
                parsed.problem(
                    (*path, "end"),
                    f"schedule item '{name}' ends ({end:%Y-%m-%d %H:%M}) before it starts "
                    f"({start:%Y-%m-%d %H:%M})",
                )
            )
            return None
        return start, end

    def _add_entry(self, parsed: ParsedFile, path: JsonPath, item: dict[str, Any]) -> None:
        entry_id: str = item["id"]
        entry = Entry(
            id=entry_id,
            questions=_frozen({lang: _as_tuple(texts) for lang, texts in item["questions"].items()}),
            answers=_frozen(dict(item["answer"])),
            keywords=_as_tuple(item.get("keywords")),
            tags=_as_tuple(item.get("tags")),
            venue=item.get("venue"),
            schedule=_as_tuple(item.get("schedule")),
            sample_data=bool(item.get("sample_data", False)),
            source=parsed.source((*path, "id")),
        )
        self.entries.append(entry)
        for index, test in enumerate(item.get("tests") or []):
            ask, language = (
                (test, DEFAULT_LANGUAGE)
                if isinstance(test, str)
                else (test["ask"], test.get("language", DEFAULT_LANGUAGE))
            )
            self.tests.append(KbTest(ask, entry_id, language, parsed.source((*path, "tests", index))))

    def _add_venue(self, parsed: ParsedFile, path: JsonPath, item: dict[str, Any]) -> None:
        venue_id: str = item["id"]
        routes = item.get("routes") or {}
        self.venues[venue_id] = Venue(
            id=venue_id,
            names=_frozen({lang: _as_tuple(names) for lang, names in item["names"].items()}),
            routes=_frozen({post: _frozen(dict(texts)) for post, texts in routes.items()}),
            sample_data=bool(item.get("sample_data", False)),
            source=parsed.source((*path, "id")),
        )

    def _add_schedule_item(self, parsed: ParsedFile, path: JsonPath, item: dict[str, Any]) -> None:
        item_id: str = item["id"]
        start, end = parse_datetime(item["start"]), parse_datetime(item["end"])
        if start is None or end is None or end <= start:
            return  # already reported by _check_times
        self.schedule.append(
            ScheduleItem(
                id=item_id,
                titles=_frozen(dict(item["title"])),
                venue=item["venue"],
                start=start,
                end=end,
                entry=item.get("entry"),
                sample_data=bool(item.get("sample_data", False)),
                source=parsed.source((*path, "id")),
            )
        )

    def check_references(self) -> None:
        for parsed, path, kind, target, what in self.references:
            known = self.defined.where[kind]
            if target in known:
                continue
            close = difflib.get_close_matches(target, list(known), n=1)
            suggestion = f"did you mean '{close[0]}'?" if close else f"known: {_short_list(sorted(known))}"
            at_key = kind == "post"
            self.problems.append(
                parsed.problem(path, f"{what} unknown {kind} '{target}' ({suggestion})", at_key=at_key)
            )

    def check_persona(self, folder: str) -> None:
        if not self.persona_checked:
            return
        missing = [
            kind
            for kind in PERSONA_KINDS
            if DEFAULT_LANGUAGE not in self.persona.get(kind, {}) and kind not in self.persona_broken
        ]
        if not missing:
            return
        place = self.defined.where["persona line"]
        first = next(iter(place.values()), None)
        file, line, column = (first.file, first.line, first.column) if first else (folder, 0, 0)
        self.problems.append(
            Problem(
                file,
                line,
                column,
                f"persona is missing required line kind(s) in '{DEFAULT_LANGUAGE}': {', '.join(missing)}",
            )
        )

    def vocabulary_terms(self) -> tuple[str, ...]:
        seen: dict[str, str] = {}
        names = [name for venue in self.venues.values() for texts in venue.names.values() for name in texts]
        for term in [*self.vocabulary, *names]:
            seen.setdefault(term.strip().casefold(), term.strip())
        return tuple(term for term in seen.values() if term)


def _short_list(names: list[str], limit: int = 8) -> str:
    if not names:
        return "none"
    more = f", ... ({len(names) - limit} more)" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def knowledge_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in KNOWLEDGE_SUFFIXES and p.is_file())


def _folder_problem(folder: Path) -> Problem | None:
    if not folder.exists():
        return Problem(
            str(folder), 0, 0, "knowledge folder does not exist (pass the folder that holds the *.yaml)"
        )
    if folder.is_file():
        return Problem(str(folder), 0, 0, "is a file; pass the folder that holds it")
    if not folder.is_dir():
        return Problem(str(folder), 0, 0, "is not a folder; pass the knowledge folder")
    return None


def _display_name(file: Path) -> str:
    """Paths under the working directory are shown relative (short, and clickable in editors)."""
    try:
        return str(file.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(file)


def _add_to_digest(digest: Any, name: str, raw: bytes) -> None:
    digest.update(name.encode() + b"\0" + raw + b"\0")


def knowledge_version(path: str | Path) -> str:
    """The version `check_knowledge` would give this folder, cheaply (hash of names and bytes only).

    Unreadable or oversized files hash as empty, as in the loader; a folder problem gives ""."""
    folder = Path(path)
    if _folder_problem(folder):
        return ""
    digest = hashlib.sha256()
    try:
        for file in knowledge_files(folder):
            try:
                raw = file.read_bytes() if file.stat().st_size <= MAX_FILE_BYTES else b""
            except OSError:
                raw = b""
            _add_to_digest(digest, file.name, raw)
    except OSError:
        return ""
    return digest.hexdigest()[:12]


def check_knowledge(path: str | Path) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Loads and validates a folder: the knowledge base (None if any error) and every problem found."""
    folder = Path(path)
    problem = _folder_problem(folder)
    if problem:
        return None, [problem]
    try:
        files = knowledge_files(folder)
    except OSError as exc:
        return None, [Problem(str(folder), 0, 0, f"cannot list the folder: {exc.strerror or exc}")]
    if not files:
        return None, [Problem(str(folder), 0, 0, "no knowledge files (*.yaml or *.yml) in this folder")]
    problems: list[Problem] = []
    builder = _FolderBuilder()
    digest = hashlib.sha256()
    unreadable = False
    for file in files:
        parsed, file_problems = read_knowledge_file(file, _display_name(file))
        _add_to_digest(digest, file.name, parsed.raw)
        problems.extend(file_problems)
        if parsed.data is None:
            unreadable = True
            continue
        schema_problems, bad_paths = _schema_problems(parsed)
        problems.extend(schema_problems)
        builder.add_file(parsed, bad_paths)
    if not unreadable:
        # A file that could not be parsed hides its ids and persona lines: checking references now would
        # report false "unknown ..." problems, so those checks wait until every file parses.
        builder.check_references()
        builder.check_persona(str(folder))
    problems.extend(builder.problems)
    if problems:
        return None, sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.message))
    kb = KnowledgeBase(
        entries=tuple(builder.entries),
        venues=_frozen(builder.venues),
        schedule=tuple(sorted(builder.schedule, key=lambda item: (item.start, item.id))),
        persona=Persona(lines=_frozen(builder.persona)),
        posts=_frozen(builder.posts),
        synonyms=_frozen(builder.synonyms),
        vocabulary=builder.vocabulary_terms(),
        tests=tuple(builder.tests),
        root=str(folder),
        version=digest.hexdigest()[:12],
    )
    return kb, []


def load_knowledge(path: str | Path) -> KnowledgeBase:
    """The knowledge base in `path` (a folder of *.yaml); raises KnowledgeError listing every problem."""
    kb, problems = check_knowledge(path)
    if kb is None:
        raise KnowledgeError(problems)
    return kb
